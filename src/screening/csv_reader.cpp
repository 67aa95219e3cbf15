#include "screening/csv_reader.hpp"

namespace guomen::screening {

CsvReader::CsvReader(std::string_view text, char separator) : text_(text), separator_(separator) {
  // A UTF-8 byte-order mark is not part of the first field.
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

core::Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  // Skip blank lines and the Ctrl-Z end-of-file marker.
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == '\n') {
      ++current_line_;
      ++pos_;
    } else if (c == '\r' || c == '\x1A') {
      ++pos_;
    } else {
      break;
    }
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = current_line_;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (quoted) {
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field.push_back('"');
          pos_ += 2;
          continue;
        }
        quoted = false;
        ++pos_;
        continue;
      }
      if (c == '\n') ++current_line_;
      field.push_back(c);
      ++pos_;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) {
        return core::Fail(
            core::ErrorCode::kInvalidArgument,
            "line " + std::to_string(current_line_) +
                ": a quote inside an unquoted field (quote the field and double the quote)",
            "line " + std::to_string(current_line_));
      }
      quoted = true;
      was_quoted = true;
      ++pos_;
      continue;
    }
    if (c == separator_) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      ++pos_;
      continue;
    }
    if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      ++pos_;
      continue;
    }
    if (c == '\n') {
      ++pos_;
      ++current_line_;
      break;
    }
    field.push_back(c);
    ++pos_;
  }
  if (quoted) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "line " + std::to_string(record_line_) + ": a quoted field is not closed",
                      "line " + std::to_string(record_line_));
  }
  fields.push_back(std::move(field));
  return true;
}

}  // namespace guomen::screening
