// Other readings of a name written in a script whose Latin form is not one
// obvious string (issue 4, cross-script misses).
//
// NormalizeName keeps its first reading (ICU: Mandarin for Han, Revised
// Romanization for Hangul, Hepburn for kana, letter by letter for Arabic and
// Hebrew) and adds these as NormalizedName::readings:
//   Han     the Korean reading (kHangul of data/han_readings.txt, the reading
//           used in personal names first, initial-sound rule for the
//           surname), romanised as Korean names are: 金正恩 -> gim jeongeun
//   Hangul  a Korean name romanised as passports write it (surname apart,
//           final consonants k/t/p, 이 as yi): 박지성 -> bak jiseong; and,
//           when the name looks like a rendering of a foreign name (a vowel
//           ㅡ with no final consonant: 블, 르, 스, 트 ...), that rendering
//           with the inserted vowels taken out (블라디미르 -> bladimir,
//           ㄹㄹ = l, 비치 = vich)
//   kana    a rendering of a foreign name with the vowels Japanese inserts
//           taken out (word-final ru/su/ku/to ..., long vowels single, chi =
//           ti, ji = di): ウラジーミル・プーチン -> uradimir putin
//   Arabic  letter by letter with the long vowels written as vowels (و u,
//           ي/ی i, ا a), ع read as a at the start of a word, the Urdu and
//           Persian letters (پ ٹ چ گ ک ی ے ...), تش as ch, الله as allah:
//           فلاديمير بوتين -> fladimir butin, عبد الله -> abd allah
//   Hebrew  ו as v (דוד -> dvd, which the phonetic rule reads as david)
//   Han     also, when it looks like a foreign name written in Chinese (an
//           interpunct, a conventional rendering, or three or more
//           characters one of which renders a consonant alone), read back
//           to Latin by data/han_foreign.txt: 弗拉基米尔·普京 -> vladimir putin,
//           谢尔盖·拉夫罗夫 -> sergai lavrov
//   Myanmar a name of two or more words read as Burmese writes a foreign
//           name (names/myanmar_reading.hpp): ဗလာဒီမီယာ ပူတင် -> vladimir putin
// Latin and other scripts have none. Each reading is a NormalizedName with
// the original text and script of the name and no readings of its own.
//
// JapaneseReadingAs(han, latin): whether the Latin name spells a Japanese
// reading of the Han name, character by character (kJapaneseOn/Kun with
// rendaku and long vowels written ou/o/u/oo), each Latin name part a run of
// characters in either order (山田太郎 ~ Yamada Taro, 田中花子 ~ Hanako
// Tanaka). Japanese names mix on and kun readings, so no one reading can be
// generated; this checks a given pair (ScoreName does, for Han against Latin).
//
// Pure and thread-safe (tables loaded once).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "names/normalized_name.hpp"

namespace guomen::names {

std::vector<NormalizedName> OtherReadings(std::string_view raw, Script script);

std::optional<NormalizedName> JapaneseReadingAs(const NormalizedName& han,
                                                const NormalizedName& latin);

// The Korean reading of Han text in Hangul (金正恩 -> 김정은); characters
// without one are kept. Exposed for tests.
std::string HanToHangul(std::string_view utf8);

}  // namespace guomen::names
