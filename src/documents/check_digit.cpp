#include "documents/check_digit.hpp"

namespace guomen::documents {
namespace {

// The weighted sum of `data`, its first character weighted as position
// `phase` (0, 1 or 2) of the repeating 7, 3, 1 cycle (9303-3 §4.9).
unsigned WeightedSum(std::string_view data, size_t phase) {
  constexpr unsigned kWeights[5] = {7, 3, 1, 7, 3};  // the cycle, from any phase
  const unsigned w0 = kWeights[phase];
  const unsigned w1 = kWeights[phase + 1];
  const unsigned w2 = kWeights[phase + 2];
  const auto value = [&](size_t i) {
    return unsigned{kCheckDigitValues[static_cast<unsigned char>(data[i])]};
  };
  unsigned sum = 0;
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) sum += value(i) * w0 + value(i + 1) * w1 + value(i + 2) * w2;
  if (i < data.size()) sum += value(i) * w0;
  if (i + 1 < data.size()) sum += value(i + 1) * w1;
  return sum;
}

}  // namespace

char ComputeCheckDigit(std::initializer_list<std::string_view> parts) {
  unsigned sum = 0;
  size_t phase = 0;  // position in the 7, 3, 1 cycle, carried across parts
  for (std::string_view part : parts) {
    sum += WeightedSum(part, phase);
    phase = (phase + part.size()) % 3;
  }
  return static_cast<char>('0' + sum % 10);
}

char ComputeCheckDigit(std::string_view data) {
  return static_cast<char>('0' + WeightedSum(data, 0) % 10);
}

}  // namespace guomen::documents
