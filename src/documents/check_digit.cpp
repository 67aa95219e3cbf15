#include "documents/check_digit.hpp"

#include <array>
#include <cstdint>

namespace guomen::documents {
namespace {

// Value of each byte under 9303-3 §4.9: '0'..'9' -> 0..9, 'A'..'Z' -> 10..35,
// everything else (the filler '<' and invalid characters) -> 0.
constexpr std::array<uint8_t, 256> MakeValues() {
  std::array<uint8_t, 256> v{};
  for (int c = '0'; c <= '9'; ++c) v[c] = static_cast<uint8_t>(c - '0');
  for (int c = 'A'; c <= 'Z'; ++c) v[c] = static_cast<uint8_t>(c - 'A' + 10);
  return v;
}
constexpr std::array<uint8_t, 256> kValues = MakeValues();
// The repeating weights 7, 3, 1 (9303-3 §4.9).
constexpr std::array<uint8_t, 3> kWeights = {7, 3, 1};

}  // namespace

char ComputeCheckDigit(std::initializer_list<std::string_view> parts) {
  unsigned sum = 0;
  unsigned w = 0;  // position in the 7, 3, 1 cycle, carried across parts
  for (std::string_view part : parts) {
    const auto* p = reinterpret_cast<const unsigned char*>(part.data());
    size_t n = part.size();
    // Align to the cycle, then take whole 7-3-1 triples.
    while (n > 0 && w != 0) {
      sum += kValues[*p++] * kWeights[w];
      w = w == 2 ? 0 : w + 1;
      --n;
    }
    for (; n >= 3; n -= 3, p += 3) sum += kValues[p[0]] * 7U + kValues[p[1]] * 3U + kValues[p[2]];
    for (; n > 0; --n) {
      sum += kValues[*p++] * kWeights[w];
      w = w == 2 ? 0 : w + 1;
    }
  }
  return static_cast<char>('0' + sum % 10);
}

char ComputeCheckDigit(std::string_view data) { return ComputeCheckDigit({data}); }

}  // namespace guomen::documents
