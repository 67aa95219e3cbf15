// Scores one query against one list entry and explains the score.
//
// Name score (ScoreName): the query's and the entry name's tokens are aligned
// order-free (names::AlignNames). Each token has a weight: its rarity in the
// list (1 for a name part found once, down to 0.15 for the most common),
// times 0.15 for particles and honorifics and 0.4 for initials. With pair
// weight w = mean of both sides' weights and token similarity s,
//   name score = sum(w*s) / (sum(w) + q * unmatched query weight
//                                    + 0.2 * unmatched entry weight)
// with q = 0.3 when every ordinary part of the entry name was found (the
// query is a fuller form of it), 0.8 when the entry name has ordinary parts
// of its own left over too (another part in the place of one: a different
// name), else 0.5; so missing middle names cost little, extra unknown names
// more, a part replaced by another most, and a match
// on common name parts alone counts for less than one on rare parts. At least
// one ordinary name part must match, otherwise the score is 0.
// A title of office and one name part ("Presidente Putin", "Putyin elnök";
// names::IsTitleOfOffice): when the part matches (>= 0.9) a listed part that
// is rare in the list (weight >= 0.85), the listed name's other parts are
// not counted missing, the score at most 0.9 (factor name_form, rule
// title_and_surname). A common part ("President Ivanov"), a part without a
// title, or a title alone stay what they are.
//
// Person facts (ScoreFacts), added to the name score, result clamped to [0,1]:
//   date of birth   exact +0.06, same year and month +0.04, same year (the
//                   finest both know) +0.03, day/month transposed +0.03,
//                   same year and day but another month 0, one year
//                   apart 0, conflict -0.20
//   nationality     shared +0.03, none shared -0.05
//   gender          different -0.15
//   document number the same (letters and digits compared, case-free):
//                   the score becomes at least 0.95, whatever the name
//   weak alias      the name score x 0.9
// Pure, thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "names/normalized_name.hpp"
#include "names/token_comparer.hpp"
#include "screening/screening_hit.hpp"
#include "screening/screening_query.hpp"
#include "screening/watchlist_entry.hpp"

namespace guomen::screening {

// A query ready to match: names normalised, codes resolved.
struct PreparedQuery {
  ScreeningQuery raw;
  std::vector<names::NormalizedName> names;  // name first, then other_names, then other readings
  // names[first_reading..] are other readings of the names before them (names/readings.hpp).
  size_t first_reading = 0;
  std::string nationality;   // ISO alpha-2, or as given when unresolved
  std::string document_key;  // DocumentKey(document_number)
};

PreparedQuery PrepareQuery(const ScreeningQuery& query);

// Upper-case letters and digits of a document number ("ob 024-3318" -> "OB0243318").
std::string DocumentKey(std::string_view number);

using TokenWeight = std::function<double(const names::NameToken&)>;

// The least an unmatched query name part costs (x its weight) in ScoreName:
// the index's bound on what a candidate can score uses it.
inline constexpr double kMinUnmatchedQueryCost = 0.3;

// The most the person facts can add to a score without a document match
// (exact date of birth +0.06, shared nationality +0.03): a candidate whose
// name score plus this stays under the threshold need not have its facts scored.
inline constexpr double kMaxFactsBonus = 0.09;

struct NameScore {
  double score = 0;
  std::vector<Explanation> parts;
};

// With explain = false only the score is computed (no explanation strings):
// the index scores candidates that way and explains only the hits.
NameScore ScoreName(const names::NormalizedName& query, const names::NormalizedName& entry,
                    const TokenWeight& weight, bool explain = true);

// The same with each token's weight given (query_weights[i] for query.tokens[i],
// entry_weights[j] for entry.tokens[j]): the index keeps them precomputed.
NameScore ScoreName(const names::NormalizedName& query, const names::NormalizedName& entry,
                    std::span<const double> query_weights, std::span<const double> entry_weights,
                    bool explain);

// What ScoreNameBound needs of one token of the listed name.
struct BoundToken {
  double weight = 1;  // the rarity weight (as in entry_weights)
  names::TokenKind kind = names::TokenKind::kName;
  uint32_t id = 0;  // equal ids: equal texts (a part written twice)
  names::LetterSignature letters;
};

// An upper bound on ScoreName(query, entry, query_weights, entry weights).score
// from the token pairs' match scores alone, without aligning the names:
// pair_scores[i * entry.size() + j] is MatchTokens(query.tokens[i], entry
// token j).score when that pair matches (a rule other than kNone, score >=
// 0.75), else 0 (a score kept as float will do). Each part counts with its best pair (a part
// against two joined neighbours by what their letters allow), a part with no pair at all costs what
// it must, and the matched weight is taken as the whole weight of the pairs. The index skips a
// candidate whose bound the facts cannot lift to the threshold. 1 (no bound) for a title of office
// with one name part, whose score a rare listed part may raise.
double ScoreNameBound(const names::NormalizedName& query, std::span<const double> query_weights,
                      std::span<const names::LetterSignature> query_letters,
                      std::span<const BoundToken> entry, std::span<const double> pair_scores);

struct FactsScore {
  double delta = 0;
  bool document_match = false;
  std::vector<Explanation> parts;
};

FactsScore ScoreFacts(const PreparedQuery& query, const WatchlistEntry& entry, bool explain = true);

// Name score, weak-alias factor and facts together into the final score.
double CombineScore(double name_score, NameQuality quality, const FactsScore& facts);

}  // namespace guomen::screening
