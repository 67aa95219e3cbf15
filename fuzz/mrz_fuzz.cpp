// libFuzzer target for the documents engine: ParseMrz on arbitrary bytes.
//
// The first two bytes pick "today" (so the century rules and the checks are
// explored too); the rest is the MRZ text. Besides the sanitizers, it checks
// the invariants callers rely on: valid == errors.empty(), every position
// is inside the zone, the lines have the layout's geometry.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "documents/mrz_parser.hpp"

namespace {

using namespace guomen::documents;

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckIssues(const MrzDocument& d, const std::vector<MrzIssue>& issues) {
  for (const MrzIssue& i : issues) {
    Require(i.line >= 0 && i.line <= d.line_count);
    Require(i.column >= 0 && i.column <= d.line_length);
    Require(!i.code.empty());
    Require(!i.message.empty());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // Today between 1970 and 2149.
  const int offset = (data[0] << 8 | data[1]) % (180 * 366);
  MrzOptions options;
  options.today = std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{offset}}};
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

  const auto result = ParseMrz(text, options);
  if (!result) {
    Require(!result.error().message.empty());
    return 0;
  }
  const MrzDocument& d = *result;
  Require(d.valid == d.errors.empty());
  Require(MrzLineCount(d.format) == d.line_count);
  Require(MrzLineLength(d.format) == d.line_length);
  Require(d.text.size() == static_cast<size_t>(d.line_count * (d.line_length + 1) - 1));
  for (int k = 0; k < d.line_count; ++k) Require(d.Line(k).size() == static_cast<size_t>(d.line_length));
  CheckIssues(d, d.errors);
  CheckIssues(d, d.warnings);
  for (const CheckDigit& c : d.check_digits) {
    Require(c.expected >= '0' && c.expected <= '9');
    Require(c.line >= 1 && c.line <= d.line_count && c.column >= 1 && c.column <= d.line_length);
    Require(d.Line(c.line - 1)[static_cast<size_t>(c.column - 1)] == c.found);
  }
  // Dates render, and a complete date is a calendar date.
  for (const MrzDate* date : {&d.birth_date, &d.expiry_date}) {
    const auto iso = date->Iso();
    if (date->complete()) Require(date->ToYmd().ok() && iso.size() == 10);
  }
  if (d.birth_date.complete()) {
    // Birth dates are never after today.
    Require(std::chrono::sys_days(d.birth_date.ToYmd()) <= std::chrono::sys_days(options.today));
  }
  return 0;
}
