// The machine readable zone layouts of ICAO Doc 9303 and their geometry.
//
// Any code may call these; they are pure and thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace guomen::documents {

// ICAO 9303 parts 4 to 7: the five MRZ layouts.
enum class MrzFormat {
  kTd1,   // 3 lines of 30: identity cards (9303-5)
  kTd2,   // 2 lines of 36: official travel documents (9303-6)
  kTd3,   // 2 lines of 44: passports (9303-4)
  kMrvA,  // 2 lines of 44: visa, format A (9303-7)
  kMrvB,  // 2 lines of 36: visa, format B (9303-7)
};

// "TD1", "TD2", "TD3", "MRVA" or "MRVB": the names used in the API.
std::string_view MrzFormatName(MrzFormat format);

// Number of lines (2 or 3) and characters per line of `format`. Constant
// expressions, so that code specialised per layout can use them.
constexpr int MrzLineCount(MrzFormat format) { return format == MrzFormat::kTd1 ? 3 : 2; }
constexpr int MrzLineLength(MrzFormat format) {
  switch (format) {
    case MrzFormat::kTd1:
      return 30;
    case MrzFormat::kTd2:
    case MrzFormat::kMrvB:
      return 36;
    case MrzFormat::kTd3:
    case MrzFormat::kMrvA:
      return 44;
  }
  return 0;
}

// The layout for `line_count` lines of `line_length` characters whose first
// character is `first_char` ('V' selects the visa layouts). Returns nullopt
// when no layout has that geometry.
std::optional<MrzFormat> DetectMrzFormat(int line_count, int line_length, char first_char);

}  // namespace guomen::documents
