#include "documents/mrz_format.hpp"

namespace guomen::documents {

std::string_view MrzFormatName(MrzFormat format) {
  switch (format) {
    case MrzFormat::kTd1:
      return "TD1";
    case MrzFormat::kTd2:
      return "TD2";
    case MrzFormat::kTd3:
      return "TD3";
    case MrzFormat::kMrvA:
      return "MRVA";
    case MrzFormat::kMrvB:
      return "MRVB";
  }
  return "unknown";
}

std::optional<MrzFormat> DetectMrzFormat(int line_count, int line_length, char first_char) {
  // 9303-7 §4.2.2: a visa's document code starts with 'V'; the other layouts
  // of the same geometry never use 'V'.
  const bool visa = first_char == 'V';
  if (line_count == 3 && line_length == 30) return MrzFormat::kTd1;
  if (line_count == 2 && line_length == 36) return visa ? MrzFormat::kMrvB : MrzFormat::kTd2;
  if (line_count == 2 && line_length == 44) return visa ? MrzFormat::kMrvA : MrzFormat::kTd3;
  return std::nullopt;
}

}  // namespace guomen::documents
