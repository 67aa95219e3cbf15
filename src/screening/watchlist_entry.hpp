// One entry of a watchlist: a person (or organisation, vessel, aircraft) with
// all the names and facts the list gives.
//
// Plain values with == so that re-imports can be diffed (list_diff.hpp).
// Names are kept as published (UTF-8); the index normalises them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "screening/birth_date.hpp"
#include "screening/watchlist.hpp"

namespace guomen::screening {

enum class EntryType { kPerson, kEntity, kVessel, kAircraft };
std::string_view EntryTypeName(EntryType type);

enum class NameQuality {
  kPrimary,      // the list's main name for the entry
  kStrongAlias,  // a.k.a. / f.k.a. / n.k.a. / "good quality" alias / original script
  kWeakAlias,    // nickname or low-quality alias: scored lower
};
std::string_view NameQualityName(NameQuality quality);

struct EntryName {
  std::string full;   // as published: "PUTIN, Vladimir Vladimirovich"
  std::string given;  // where the list splits the name ("" otherwise)
  std::string family;
  NameQuality quality = NameQuality::kPrimary;

  bool operator==(const EntryName&) const = default;
};

struct IdentityDocument {
  std::string type;           // "passport", "national_id", or the list's words
  std::string number;         // as published
  std::string issuing_state;  // ISO 3166-1 alpha-2 where resolved, else as published

  bool operator==(const IdentityDocument&) const = default;
};

struct WatchlistEntry {
  std::string id;  // unique in its list (OFAC: the SDN entity number; UN: DATAID)
  EntryType type = EntryType::kPerson;
  std::vector<EntryName> names;  // names[0] is the primary name
  std::vector<BirthDate> birth_dates;
  std::vector<std::string> places_of_birth;
  std::vector<std::string> nationalities;  // ISO alpha-2 where resolved, else as published
  std::string gender;                      // "M", "F" or ""
  std::vector<IdentityDocument> documents;
  std::optional<ListAction> action;  // unset: the list's action
  std::string reason;                // programme, listing reason, as published
  std::string valid_until;           // ISO date or ""
  std::string source_ref;            // the publisher's reference (UN: QDi.012)
  std::string remarks;               // the publisher's other text, as published (so a
                                     // change there shows in a diff)

  bool operator==(const WatchlistEntry&) const = default;
};

}  // namespace guomen::screening
