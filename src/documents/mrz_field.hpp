// The fields of a machine readable zone, named as in the API.
#pragma once

#include <string_view>

namespace guomen::documents {

enum class MrzField {
  kMrz,             // the zone as a whole (layout, characters)
  kDocumentCode,
  kIssuingState,
  kName,
  kDocumentNumber,
  kNationality,
  kBirthDate,
  kSex,
  kExpiryDate,
  kOptionalData,    // TD3: the personal number; TD1: either optional data field
  kComposite,       // the composite check digit
};

// Stable snake_case name: "document_number", "birth_date", "composite" ...
std::string_view MrzFieldName(MrzField field);

}  // namespace guomen::documents
