// Turns MRZ text as it comes from document readers and keyboards into the
// exact lines of one layout, and says what it changed.
//
// Accepted and normalised (each one reported as a note):
//   - CR, LF or CRLF line ends ("carriage_return"); blank lines before, after
//     or between the lines ("blank_line");
//   - whitespace around a line ("whitespace");
//   - lower-case letters ("lower_case");
//   - all lines on one line, separated by whitespace or not separated at all,
//     split by the layouts' lengths ("single_line");
//   - a line short of its trailing fillers, padded with '<' ("filler_added").
//     Only the tail of a line may be missing: at least the fields up to the
//     last check digit before the optional data must be present.
// Characters outside the MRZ alphabet are kept as they are; the parser
// reports them with their field.
//
// Pure and thread-safe.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "documents/mrz_format.hpp"
#include "documents/mrz_issue.hpp"

namespace guomen::documents {

// Longest accepted input, in bytes; longer input is kTooLarge.
inline constexpr size_t kMaxMrzInputBytes = 4096;

struct NormalizedMrz {
  MrzFormat format = MrzFormat::kTd3;
  int line_count = 0;
  int line_length = 0;
  // The lines back to back, line_count * line_length characters.
  std::array<char, 3 * 44> chars{};
  // What was changed, in the order it was found (code and message; line is
  // set when the change concerns one line). Empty for clean input.
  std::vector<MrzIssue> notes;

  // Line `index` (0-based). REQUIRES: index < line_count. The view points
  // into this object.
  std::string_view Line(int index) const {
    return std::string_view(chars.data() + index * line_length,
                            static_cast<size_t>(line_length));
  }
};

// Returns the normalised lines, or kInvalidArgument (field "mrz") when the
// text cannot be an MRZ of any layout: empty, more than three lines, or line
// lengths that match no layout even after padding; kTooLarge above
// kMaxMrzInputBytes.
core::Result<NormalizedMrz> NormalizeMrz(std::string_view text);

}  // namespace guomen::documents
