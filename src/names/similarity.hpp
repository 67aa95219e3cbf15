// String similarity metrics for name tokens and whole names.
//
// All functions work on bytes (callers pass normalised lower-case ASCII),
// are pure and thread-safe, and allocate at most O(min(|a|,|b|)) or O(|a||b|)
// for short names. Known values (tested): JaroWinkler("martha","marhta") =
// 0.961, DamerauLevenshtein("ca","ac") = 1, ("kitten","sitting") = 3.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guomen::names {

// Jaro similarity in [0,1]; 1 for two empty strings.
double Jaro(std::string_view a, std::string_view b);

// Jaro-Winkler: Jaro plus a bonus for a common prefix of up to 4 characters
// (scale 0.1, applied whatever the Jaro value).
double JaroWinkler(std::string_view a, std::string_view b);

// Optimal-string-alignment Damerau-Levenshtein distance: insertions,
// deletions, substitutions and transpositions of adjacent characters.
int DamerauLevenshtein(std::string_view a, std::string_view b);

// 1 - DamerauLevenshtein / max length; 1 for two empty strings.
double EditSimilarity(std::string_view a, std::string_view b);

// Token-set similarity of two token lists, order-free: each token of the
// shorter list is paired with its best unused token of the other by
// JaroWinkler, and the mean over the longer list is returned (so missing
// tokens count as 0). 1 for two empty lists.
double TokenSetSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

}  // namespace guomen::names
