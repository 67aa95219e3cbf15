// RFC 4180 CSV records with their line numbers, for the importers.
//
// Reads comma-separated (or `separator`-separated) records with "" quoting,
// quoted newlines, CR LF or LF line ends; skips a trailing Ctrl-Z (0x1A) line
// (OFAC files end with one) and blank lines. Errors name the line:
// an unterminated quote, or a quote inside an unquoted field.
// Not thread-safe per instance; holds a view of the text (the caller keeps it alive).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace guomen::screening {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text, char separator = ',');

  // Reads the next record into `fields`. Returns false at the end of input.
  // Errors: kInvalidArgument "line N: ..." for malformed quoting.
  core::Result<bool> Next(std::vector<std::string>& fields);

  // The line the last record returned by Next started on (1-based).
  int line() const { return record_line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int current_line_ = 1;
  int record_line_ = 0;
  char separator_;
};

}  // namespace guomen::screening
