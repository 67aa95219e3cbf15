// The ICAO Doc 9303-3 §5 code list for issuing states, organisations and
// nationalities: ISO 3166-1 alpha-3 plus the codes ICAO adds (D for Germany,
// the British GBD/GBN/GBO/GBP/GBS, the United Nations UNO/UNA/UNK, stateless
// and refugee XXA/XXB/XXC/XXX, organisations such as EUE, XPO, XOM ...).
//
// Pure and thread-safe (the table is a compile-time constant).
#pragma once

#include <span>
#include <string_view>

namespace guomen::documents {

// True when `code` is on the list. `code` is as printed in the MRZ, with or
// without trailing fillers: "UTO" is false (Utopia is the specimen state, not
// a real one), "D<<" and "D" are true, "GBR" is true.
bool IsIcaoCode(std::string_view code);

// The whole list, three characters each, fillers included ("D<<").
std::span<const std::string_view> IcaoCodes();

}  // namespace guomen::documents
