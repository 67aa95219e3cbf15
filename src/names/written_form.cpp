#include "names/written_form.hpp"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace guomen::names {
namespace {

bool Syllabic(Script s) { return s == Script::kHan || s == Script::kHangul; }

// The name's letters of `script` (Han or Hangul), as code points.
std::vector<UChar32> Letters(const std::string& utf8, UScriptCode script) {
  std::vector<UChar32> out;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == script) out.push_back(c);
  }
  return out;
}

// Traditional Han characters folded to simplified (ICU "Traditional-Simplified").
std::string ToSimplified(const std::string& utf8) {
  thread_local std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) made.reset();
    return made;
  }();
  if (!t) return utf8;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(utf8);
  t->transliterate(text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

double Agreement(std::vector<UChar32> a, std::vector<UChar32> b) {
  if (a.empty() || b.empty()) return 0;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<UChar32> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  return static_cast<double>(common.size()) / static_cast<double>(std::max(a.size(), b.size()));
}

}  // namespace

std::optional<double> WrittenCharacterAgreement(const NormalizedName& a, const NormalizedName& b) {
  if (a.script != b.script || !Syllabic(a.script)) return std::nullopt;
  const UScriptCode script = a.script == Script::kHan ? USCRIPT_HAN : USCRIPT_HANGUL;
  double agreement = Agreement(Letters(a.original, script), Letters(b.original, script));
  if (agreement < 1 && script == USCRIPT_HAN) {
    agreement = Agreement(Letters(ToSimplified(a.original), script),
                          Letters(ToSimplified(b.original), script));
  }
  return agreement;
}

}  // namespace guomen::names
