// libFuzzer target for the OFAC importer: ImportOfac on arbitrary bytes.
//
// The input is split at the first 0x00 byte into the primary file and the
// alias file (so both parsers and the id cross-check are explored). Besides
// the sanitizers it checks what callers rely on: a success has unique,
// non-empty entry ids, each with a name; an error names where it happened.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "screening/ofac_importer.hpp"

namespace {
void Require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const size_t cut = all.find('\0');
  const std::string_view primary = all.substr(0, cut);
  const std::string_view aliases =
      cut == std::string_view::npos ? std::string_view() : all.substr(cut + 1);
  for (bool keep : {false, true}) {
    guomen::screening::ImportOptions options;
    options.keep_good_records = keep;
    auto r = guomen::screening::ImportOfac({primary, aliases, {}}, options);
    if (!r.ok()) {
      Require(!keep || !r.error().message.empty());
      Require(!r.error().message.empty() && !r.error().field.empty());
      continue;
    }
    std::set<std::string> ids;
    for (const auto& e : r->entries) {
      Require(!e.id.empty() && ids.insert(e.id).second);
      Require(!e.names.empty());
    }
  }
  return 0;
}
