// libFuzzer target for the FollowTheMoney JSON-lines importer: ImportFtm on
// arbitrary bytes. Checks, besides the sanitizers: success gives unique
// non-empty ids with a name each; errors name the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "screening/ftm_importer.hpp"

namespace {
void Require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  guomen::screening::ImportOptions options;
  options.keep_good_records = size % 2 == 0;
  auto r = guomen::screening::ImportFtm(text, options);
  if (!r.ok()) {
    Require(r.error().field.rfind("line ", 0) == 0);
    return 0;
  }
  std::set<std::string> ids;
  for (const auto& e : r->entries) {
    Require(!e.id.empty() && ids.insert(e.id).second);
    Require(!e.names.empty());
  }
  return 0;
}
