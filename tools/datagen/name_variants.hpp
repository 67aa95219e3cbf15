// Labelled name variants for measuring screening recall (bench/screening_eval).
//
// Given the parts of a listed person's name (lower-case ASCII, as the names
// engine normalises them), MakeNameVariant writes the name the way a traveller's
// document, a clerk or another romanisation system might: a typo, two letters
// swapped, parts reordered, a middle name dropped, an initial, parts joined,
// a hyphen or space moved, a Cyrillic rendering, an Arabic spelling variant,
// a Chinese regional romanisation. The expected answer is the person the name
// came from, so the set is labelled by construction.
//
// The tables here are the generator's own (small, written for it) and
// deliberately not the names engine's data files, so the measurement does not
// test the engine's tables against themselves. Pure; deterministic for a seed.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace guomen::datagen {

enum class NameVariantClass {
  kTypo,             // one letter of the longest part replaced
  kTransposition,    // two adjacent letters of the longest part swapped
  kReordering,       // the first part moved to the end
  kDroppedMiddle,    // a middle part left out (3+ parts; a particle goes with the part after it)
  kInitial,          // the second part written as its initial (3+ parts, counted so)
  kJoinedTokens,     // two adjacent parts written as one
  kSpacingHyphens,   // a hyphen between two parts, or a long part split by a space or hyphen
  kCyrillic,         // the name written in Cyrillic (a Russian rendering of the Latin)
  kArabicSpelling,   // a vowel / doubled-consonant variant of an Arabic name part
  kChineseRegional,  // a Pinyin surname or syllable in Wade-Giles or Cantonese form
};

inline constexpr NameVariantClass kAllNameVariantClasses[] = {
    NameVariantClass::kTypo,           NameVariantClass::kTransposition,
    NameVariantClass::kReordering,     NameVariantClass::kDroppedMiddle,
    NameVariantClass::kInitial,        NameVariantClass::kJoinedTokens,
    NameVariantClass::kSpacingHyphens, NameVariantClass::kCyrillic,
    NameVariantClass::kArabicSpelling, NameVariantClass::kChineseRegional,
};

// Stable lower-case label: "typo", "transposition", "chinese regional" ...
std::string_view NameVariantClassName(NameVariantClass c);

// The variant of `parts` (lower-case ASCII name parts, at least one), or
// nullopt when the class does not apply to this name (an Arabic spelling
// variant of a name with no Arabic part, a Chinese romanisation of a name with
// no Pinyin syllable in the generator's table, a dropped middle name of a
// two-part name): the caller picks another name. The result is one string
// (parts joined by spaces, or Cyrillic text).
std::optional<std::string> MakeNameVariant(NameVariantClass c, std::vector<std::string> parts,
                                           std::mt19937& rng);

}  // namespace guomen::datagen
