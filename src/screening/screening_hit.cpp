#include "screening/screening_hit.hpp"

namespace guomen::screening {

std::string_view FactorName(Factor factor) {
  switch (factor) {
    case Factor::kNamePart:
      return "name_part";
    case Factor::kUnmatchedQueryPart:
      return "unmatched_query_part";
    case Factor::kUnmatchedEntryPart:
      return "unmatched_entry_part";
    case Factor::kNameForm:
      return "name_form";
    case Factor::kAliasQuality:
      return "alias_quality";
    case Factor::kBirthDate:
      return "birth_date";
    case Factor::kNationality:
      return "nationality";
    case Factor::kDocument:
      return "document";
    case Factor::kGender:
      return "gender";
  }
  return "name_part";
}

}  // namespace guomen::screening
