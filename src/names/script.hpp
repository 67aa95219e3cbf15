// Writing systems of names, as screening needs to tell them apart.
//
// DetectScript says which script a name is written in, so the matcher can say
// "matched by transliteration from Cyrillic" and so callers can report figures
// per script. Pure function, thread-safe.
#pragma once

#include <string_view>

namespace guomen::names {

enum class Script {
  kUnknown,  // no letters (digits, punctuation only, or empty)
  kLatin,
  kCyrillic,
  kGreek,
  kArabic,
  kHebrew,
  kHan,
  kHangul,
  kKana,  // Japanese hiragana / katakana (kanji count as Han)
  kThai,
  kLao,
  kKhmer,
  kMyanmar,
  kArmenian,
  kGeorgian,
  kDevanagari,
  kOther,  // any other script ICU knows
};

// Stable lower-case name: "latin", "cyrillic", "han", ...
std::string_view ScriptName(Script script);

// The script of the most letters in `utf8`; Kana wins over Han when a name
// has any kana (a Japanese name). Invalid UTF-8 bytes are ignored.
Script DetectScript(std::string_view utf8);

}  // namespace guomen::names
