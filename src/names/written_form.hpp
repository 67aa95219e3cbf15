// Compares two names as written, for scripts where the written form says more
// than its romanisation.
//
// Han characters and Hangul syllables are whole name parts: 习近平 and 习近朋,
// 김정은 and 김종은, 高市早苗 and 高石早苗 are different people whose names
// romanise the same or nearly the same (xi jin ping / xi jin peng; one
// syllable, one homophone). When both names are written in one of these
// scripts, the matcher therefore also compares the characters themselves.
// Pure and thread-safe (ICU is used for the traditional -> simplified fold,
// one transliterator clone per thread).
#pragma once

#include <optional>

#include "names/normalized_name.hpp"

namespace guomen::names {

// For two names both written in Han or both in Hangul: the share of written
// characters they have in common, order-free, as |common| / max(|a|, |b|),
// in [0,1]. Traditional Han characters are folded to simplified first (習 =
// 习), and spaces, punctuation and Latin letters are ignored. nullopt when the
// names are not both in one of these scripts (then romanisation decides).
std::optional<double> WrittenCharacterAgreement(const NormalizedName& a, const NormalizedName& b);

}  // namespace guomen::names
