// UTF-8 <-> code points for the names engine's own readings (ICU's macros).
// Internal to names/.
#pragma once

#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guomen::names {

// The code points of `utf8`; malformed bytes are skipped.
inline std::vector<UChar32> CodePoints(std::string_view utf8) {
  std::vector<UChar32> out;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c >= 0) out.push_back(c);
  }
  return out;
}

// Appends `c` as UTF-8 (nothing for an invalid code point).
inline void AppendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, error);
  if (!error) out.append(buf, static_cast<size_t>(n));
}

}  // namespace guomen::names
