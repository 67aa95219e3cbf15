// Own readings of Cyrillic, Greek and Indic scripts, applied before ICU.
//
// ReadOwnScripts(utf8) rewrites, and leaves everything else as it is:
//   - Cyrillic letters by ICAO Doc 9303 Part 3 (data/cyrillic_latin.txt):
//     х -> kh, ж -> zh, ц -> ts, ю -> iu, я -> ia (ICU's ISO 9 reading
//     folds to h, z, c, u, a and loses the difference); in a name written
//     with a letter only Ukrainian or Belarusian has (і ї є ґ ў) Г is H and
//     И is Y (Путін Володимир -> putin volodymyr);
//   - Greek letters by ELOT 743 with the modern readings of ντ/μπ/γκ
//     (data/greek_latin.txt): Βλαντίμιρ -> vlandimir (ICU: blantimir);
//   - Myanmar (Burmese) syllable by syllable, each a name part
//     (names/myanmar_reading.hpp): အောင်ဆန်းစုကြည် -> aung san su kyi;
//   - Devanagari, Bengali, Gurmukhi and Gujarati: a word ending in a
//     consonant gets a virama, so ICU writes no final inherent vowel
//     (पुटिन -> putin, not putina), as the names are pronounced.
// Output letters are lower case. Combining accents on a rewritten letter
// (Влади́мир) are dropped. Pure and thread-safe (tables built once).
#pragma once

#include <string>
#include <string_view>

namespace guomen::names {

std::string ReadOwnScripts(std::string_view utf8);

}  // namespace guomen::names
