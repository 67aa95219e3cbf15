// libFuzzer target for the names engine: NormalizeName on arbitrary bytes
// (any script, invalid UTF-8), then the matcher's token comparison and
// alignment of the result with itself. Checks: tokens are non-empty and
// contain no separators; a name aligns with itself fully; scores are in [0,1].
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "names/name_alignment.hpp"
#include "names/name_normalizer.hpp"
#include "names/similarity.hpp"

namespace {
void Require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const auto name = guomen::names::NormalizeName(raw);
  for (const auto& t : name.tokens) {
    Require(!t.text.empty());
    Require(t.text.find(' ') == std::string::npos && t.text.find(',') == std::string::npos);
  }
  if (name.tokens.size() <= 12) {
    const auto a = guomen::names::AlignNames(name, name);
    Require(a.unmatched_a.size() == a.unmatched_b.size());
    for (const auto& p : a.pairs) Require(p.match.score >= 0 && p.match.score <= 1.0);
  }
  if (name.tokens.size() >= 2) {
    const double jw = guomen::names::JaroWinkler(name.tokens[0].text, name.tokens[1].text);
    Require(jw >= 0 && jw <= 1.0 + 1e-9);
  }
  return 0;
}
