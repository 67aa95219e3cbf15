// Country names and codes to ISO 3166-1 alpha-2, for nationality matching.
//
// Lists write nationality as names ("Afghanistan", "Russian Federation"),
// alpha-2 ("af") or alpha-3 ("AFG", also the ICAO 9303 codes on passports);
// ResolveCountry maps all of them to the upper-case alpha-2 code using ICU's
// region data (English names; also the country's name in its own main
// language where ICU has it), plus a few names lists use that ICU does not
// ("Russia", "Iran", "Syria", "North Korea" ...). Returns "" when unknown.
// Thread-safe (tables built once).
#pragma once

#include <string>
#include <string_view>

namespace guomen::names {

std::string ResolveCountry(std::string_view name_or_code);

// The ISO 3166-1 alpha-3 code of what ResolveCountry resolves ("SG", "SGP",
// "Singapore" -> "SGP"); "" when unknown.
std::string CountryAlpha3(std::string_view name_or_code);

}  // namespace guomen::names
