// ICAO 9303-3 §4.9 check digits.
//
// Pure and thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "documents/mrz_field.hpp"

namespace guomen::documents {

// Value of each byte under 9303-3 §4.9 (in the header so that the parser can
// inline its fixed-length sums): '0'..'9' -> 0..9, 'A'..'Z' -> 10..35,
// everything else (the filler '<' and invalid characters) -> 0.
inline constexpr std::array<uint8_t, 256> kCheckDigitValues = [] {
  std::array<uint8_t, 256> v{};
  for (int c = '0'; c <= '9'; ++c) v[static_cast<size_t>(c)] = static_cast<uint8_t>(c - '0');
  for (int c = 'A'; c <= 'Z'; ++c) v[static_cast<size_t>(c)] = static_cast<uint8_t>(c - 'A' + 10);
  return v;
}();

// The check digit of `data` as a character '0'..'9'. Digits count as their
// value, A..Z as 10..35, the filler '<' as 0 (9303-3 §4.9). Characters outside
// the MRZ alphabet also count as 0; the parser reports them separately.
char ComputeCheckDigit(std::string_view data);

// ComputeCheckDigit over the concatenation of `parts` (the composite digit
// spans several fields), without building the concatenated string.
char ComputeCheckDigit(std::initializer_list<std::string_view> parts);

// One verified check digit of a document, as reported to the officer.
struct CheckDigit {
  MrzField field = MrzField::kMrz;  // the field (or kComposite) it protects
  char expected = '0';              // computed from the data
  char found = '0';                 // printed in the MRZ
  bool ok = false;
  int line = 0;  // 1-based position of `found`
  int column = 0;
};

}  // namespace guomen::documents
