// Name normalisation: any script and any spelling of punctuation to tokens.
//
// NormalizeName(raw):
//   1. transliterates to lower-case ASCII Latin (Transliterator: NFKC, case
//      folding, diacritics off; Han through Han-Latin/Names to Pinyin);
//   2. splits on spaces, commas, dots, hyphens, slashes, brackets and other
//      punctuation; apostrophes and quotes join ("O'Brien" -> "obrien",
//      "Ja'far" -> "jafar"); "LAST, First" needs no reordering because the
//      matcher aligns tokens order-free;
//   3. marks single letters as initials and known honorifics and particles
//      (data/honorifics.txt, data/titles_of_office.txt, data/particles.txt) so
//      the matcher weights them low.
// "Mc"/"Mac" prefixes and split or joined particles ("al-Baghdadi",
// "Albaghdadi") are left to the matcher's concatenation rule.
//
// Pure and thread-safe. Never fails: text without letters gives no tokens.
#pragma once

#include <string_view>

#include "names/normalized_name.hpp"

namespace guomen::names {

// `readings`: whether a name in a script with other readings (readings.hpp)
// gets them; kNo normalises a reading itself, which has none of its own.
enum class WithReadings { kYes, kNo };
NormalizedName NormalizeName(std::string_view raw, WithReadings readings = WithReadings::kYes);

// The kind a lower-case ASCII token would get (initial, particle, honorific, name).
TokenKind ClassifyToken(std::string_view token);

// True for a title of office ("president", "prezident", "elnok", "minister",
// "general" ...: data/titles_of_office.txt). Such tokens are honorifics.
bool IsTitleOfOffice(std::string_view token);

// True for a token NormalizeName writes for an organisation's legal form
// ("ag", "gmbh", "llc", "jsc" ...: the first column of data/legal_forms.txt).
bool IsLegalForm(std::string_view token);

}  // namespace guomen::names
