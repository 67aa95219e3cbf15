#include "names/script.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

namespace guomen::names {

std::string_view ScriptName(Script script) {
  switch (script) {
    case Script::kUnknown:
      return "unknown";
    case Script::kLatin:
      return "latin";
    case Script::kCyrillic:
      return "cyrillic";
    case Script::kGreek:
      return "greek";
    case Script::kArabic:
      return "arabic";
    case Script::kHebrew:
      return "hebrew";
    case Script::kHan:
      return "han";
    case Script::kHangul:
      return "hangul";
    case Script::kKana:
      return "kana";
    case Script::kThai:
      return "thai";
    case Script::kLao:
      return "lao";
    case Script::kKhmer:
      return "khmer";
    case Script::kMyanmar:
      return "myanmar";
    case Script::kArmenian:
      return "armenian";
    case Script::kGeorgian:
      return "georgian";
    case Script::kDevanagari:
      return "devanagari";
    case Script::kOther:
      return "other";
  }
  return "unknown";
}

namespace {

Script FromIcu(UScriptCode code) {
  switch (code) {
    case USCRIPT_LATIN:
      return Script::kLatin;
    case USCRIPT_CYRILLIC:
      return Script::kCyrillic;
    case USCRIPT_GREEK:
      return Script::kGreek;
    case USCRIPT_ARABIC:
      return Script::kArabic;
    case USCRIPT_HEBREW:
      return Script::kHebrew;
    case USCRIPT_HAN:
      return Script::kHan;
    case USCRIPT_HANGUL:
      return Script::kHangul;
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
      return Script::kKana;
    case USCRIPT_THAI:
      return Script::kThai;
    case USCRIPT_LAO:
      return Script::kLao;
    case USCRIPT_KHMER:
      return Script::kKhmer;
    case USCRIPT_MYANMAR:
      return Script::kMyanmar;
    case USCRIPT_ARMENIAN:
      return Script::kArmenian;
    case USCRIPT_GEORGIAN:
      return Script::kGeorgian;
    case USCRIPT_DEVANAGARI:
      return Script::kDevanagari;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
    case USCRIPT_INVALID_CODE:
      return Script::kUnknown;
    default:
      return Script::kOther;
  }
}

}  // namespace

Script DetectScript(std::string_view utf8) {
  std::array<int, static_cast<int>(Script::kOther) + 1> counts{};
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode code = uscript_getScript(c, &status);
    if (U_FAILURE(status)) continue;
    ++counts[static_cast<int>(FromIcu(code))];
  }
  if (counts[static_cast<int>(Script::kKana)] > 0) return Script::kKana;
  Script best = Script::kUnknown;
  int best_count = 0;
  for (int k = 1; k < static_cast<int>(counts.size()); ++k) {
    if (counts[k] > best_count) {
      best_count = counts[k];
      best = static_cast<Script>(k);
    }
  }
  return best;
}

}  // namespace guomen::names
