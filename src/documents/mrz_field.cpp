#include "documents/mrz_field.hpp"

namespace guomen::documents {

std::string_view MrzFieldName(MrzField field) {
  switch (field) {
    case MrzField::kMrz:
      return "mrz";
    case MrzField::kDocumentCode:
      return "document_code";
    case MrzField::kIssuingState:
      return "issuing_state";
    case MrzField::kName:
      return "name";
    case MrzField::kDocumentNumber:
      return "document_number";
    case MrzField::kNationality:
      return "nationality";
    case MrzField::kBirthDate:
      return "birth_date";
    case MrzField::kSex:
      return "sex";
    case MrzField::kExpiryDate:
      return "expiry_date";
    case MrzField::kOptionalData:
      return "optional_data";
    case MrzField::kComposite:
      return "composite";
  }
  return "unknown";
}

}  // namespace guomen::documents
