#include "screening/watchlist_entry.hpp"

namespace guomen::screening {

std::string_view EntryTypeName(EntryType type) {
  switch (type) {
    case EntryType::kPerson:
      return "person";
    case EntryType::kEntity:
      return "entity";
    case EntryType::kVessel:
      return "vessel";
    case EntryType::kAircraft:
      return "aircraft";
  }
  return "person";
}

std::string_view NameQualityName(NameQuality quality) {
  switch (quality) {
    case NameQuality::kPrimary:
      return "primary";
    case NameQuality::kStrongAlias:
      return "strong_alias";
    case NameQuality::kWeakAlias:
      return "weak_alias";
  }
  return "primary";
}

}  // namespace guomen::screening
