// libFuzzer target for guomen's own list CSV importer: ImportGuomenCsv on
// arbitrary bytes. Checks, besides the sanitizers: success gives unique
// non-empty ids with a name each; errors name the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "screening/guomen_csv_importer.hpp"

namespace {
void Require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  guomen::screening::ImportOptions options;
  options.keep_good_records = size % 2 == 0;
  auto r = guomen::screening::ImportGuomenCsv(text, options);
  if (!r.ok()) {
    Require(r.error().message.rfind("line ", 0) == 0);
    return 0;
  }
  std::set<std::string> ids;
  for (const auto& e : r->entries) {
    Require(!e.id.empty() && ids.insert(e.id).second);
    Require(!e.names.empty() && !e.names[0].full.empty());
  }
  return 0;
}
