// Burmese (Myanmar script) names to Latin, syllable by syllable (issue 4).
//
// ICU 72's Any-Latin reads Myanmar letter by letter and keeps a name's
// syllables together in one word (အောင် alone reads "aaung"),
// while Myanmar passports and lists write each syllable as a name part in
// the conventional romanisation (AUNG SAN SUU KYI). ReadMyanmar splits
// Myanmar text into syllables (a consonant or independent vowel with its
// medials, vowel signs, tone marks and final consonant; a consonant stacked
// under a virama closes the syllable before it) and writes each from
// data/myanmar_latin.txt as onset + rhyme, separated by spaces. Text in
// other scripts is kept as it is. Output letters are lower case.
// MyanmarReading::kForeign reads a foreign name written in Burmese.
//
// Pure and thread-safe (table loaded once).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace guomen::names {

// How a name is read: as a Burmese name (each syllable a name part), or as
// Burmese writes a foreign name (ဗလာဒီမီယာ ပူတင်, Vladimir Putin): the
// syllables of a word joined, ဗ as v, a bare consonant before another
// syllable of the word as one of a cluster (ဗလာ vla), and a word-final ယာ
// after i as r -> vladimir putin.
enum class MyanmarReading { kNative, kForeign };

// `utf8` with every run of Myanmar letters read as Latin syllables; the
// input unchanged when it holds none.
std::string ReadMyanmar(std::string_view utf8, MyanmarReading reading = MyanmarReading::kNative);

// The number of words (runs of Myanmar letters) in `utf8`.
size_t MyanmarWords(std::string_view utf8);

}  // namespace guomen::names
