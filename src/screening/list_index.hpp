// The searchable form of one watchlist: immutable once built.
//
// Build normalises every name of every entry once and indexes each distinct
// name token (the vocabulary) under keys that find it again despite the ways
// names vary:
//   - the token itself;
//   - every one-letter deletion of it (tokens of 4+ letters), so a query token
//     one edit away (typo, doubled or dropped letter, swapped neighbours)
//     shares a key with it (the symmetric-deletion scheme);
//   - its PhoneticKey (renderings across scripts and transcription systems);
//   - its romanisation variant groups (ZHANG ~ CHEUNG).
// A posting list maps each vocabulary token to the names holding it. Search
// compares each query token only with the vocabulary tokens its keys reach,
// sums rarity-weighted evidence per name, scores the best `max_candidates`
// names in full (hit_scorer.hpp), adds entries found by document number, and
// keeps the best name per entry. It never scans the list.
//
// Thread-safe for concurrent Search calls (each thread has its own scratch
// space); the object never changes after Build.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "names/normalized_name.hpp"
#include "names/token_comparer.hpp"
#include "screening/hit_scorer.hpp"
#include "screening/screening_hit.hpp"
#include "screening/screening_query.hpp"
#include "screening/watchlist.hpp"
#include "screening/watchlist_entry.hpp"

namespace guomen::screening {

class ListIndex {
 public:
  // Builds the index of `entries` (ids unique; the importers guarantee it).
  static std::shared_ptr<const ListIndex> Build(Watchlist list,
                                                std::vector<WatchlistEntry> entries);

  // Hits on this list with score >= threshold (options.threshold, else the
  // list's), best first, at most options.top.
  std::vector<ScreeningHit> Search(const PreparedQuery& query,
                                   const ScreeningOptions& options) const;

  // The names Search scores in full for `query` (before the name score
  // bound; ascending). With prune false, every pass that may add names
  // (by the query positions the remaining passes cover) adds every name it
  // reaches: no top-max_candidates bound, no admission by similarity. The
  // pruned search must choose the same names (tests).
  std::vector<uint32_t> CandidateNames(const PreparedQuery& query, const ScreeningOptions& options,
                                       bool prune) const;

  const Watchlist& list() const { return list_; }
  const std::vector<WatchlistEntry>& entries() const { return entries_; }
  const WatchlistEntry* FindEntry(std::string_view id) const;
  size_t name_count() const { return names_.size(); }
  size_t vocabulary_size() const { return vocabulary_.size(); }
  size_t key_count() const { return key_tokens_.size(); }  // (key, token) pairs

  // The rarity weight of a token in this list, in [0.15, 1].
  double Weight(const names::NameToken& token) const;

  // What the search needs about a query token: see InfoOf.
  struct TokenInfo {
    std::vector<std::pair<uint32_t, float>> matches;  // (vocabulary token, similarity)
    // The names the matches reach, laid out for the evidence passes: the
    // names of the matches with short postings copied here (ascending, each
    // once with its best similarity; they are most of the matches, and each
    // would cost the pass two cache misses), the long postings referenced.
    std::vector<std::pair<uint32_t, float>> few;  // (name, similarity)
    struct Run {
      const uint32_t* names;
      uint32_t size;
      float score;
      bool few_parts;  // some of the names have at most one ordinary part
    };
    std::vector<Run> runs;
    size_t postings = 0;        // summed over the matches
    size_t exact_postings = 0;  // of the matches of similarity 1 (the token itself)
    float least_score = 1;      // the lowest similarity of the matches
    double weight = 1;
    std::vector<uint32_t> cuts;  // text[0, cut) and text[cut, end) both vocabulary tokens
  };
  struct Scratch;     // per-thread search space (list_index.cpp)
  struct MatchCache;  // query token -> the vocabulary tokens it matches (list_index.cpp)

  ~ListIndex();
  ListIndex(const ListIndex&) = delete;
  ListIndex& operator=(const ListIndex&) = delete;

 private:
  // The evidence passes and the candidate bound: leaves in s.candidates the
  // names with the most evidence that the bound lets in (at most
  // options.max_candidates), and in s what the scoring reads.
  void ChooseCandidates(const PreparedQuery& query, const ScreeningOptions& options, bool prune,
                        Scratch& s) const;
  // Adds to the evidence of each name (s.slots), `weight` (Weight(qt) / W of
  // its query name) x the best similarity of qt to
  // a token of the name, over the vocabulary tokens qt's keys reach.
  void EvidencePass(const TokenInfo& info, double weight, Scratch& s) const;
  // The same for a pass that may only add to names an earlier pass touched
  // (a name it alone would touch cannot reach the threshold): walks those
  // names' tokens instead of the token's postings when that is cheaper.
  void EvidenceUpdatePass(const TokenInfo& info, double weight, Scratch& s) const;
  // Which names a pass adds when a name it alone touched could not become
  // a candidate at every similarity: one reached with at least `any`, or
  // with at least `few_parts` if it has at most one ordinary part (a name
  // one pass touches has one pass, so the candidate bound's lower cost is
  // for those alone). With `marked`, also the names a later pass reaches
  // (only pass `partner`'s, when set).
  struct Admission {
    double any = 0;
    double few_parts = 0;
    bool marked = false;
    size_t partner = kNoPartner;
  };
  static constexpr size_t kNoPartner = SIZE_MAX;
  // EvidencePass for s.passes[at], adding only the names `admit` lets in;
  // the names already touched take its evidence as ever.
  void EvidencePassAdmitting(size_t at, double weight, const Admission& admit, Scratch& s) const;
  // Adds each slot in s.pass_touched its best score of the pass, times the weight.
  void AddPass(double weight, Scratch& s) const;
  // ScoreNameBound of query name q against indexed name `name`, with the
  // token pairs' scores from the search's pair cache.
  double NameBound(const PreparedQuery& query, size_t q, uint32_t name, Scratch& s) const;
  // The vocabulary tokens indexed under a key (empty when none).
  std::pair<const uint32_t*, const uint32_t*> TokensUnder(uint64_t key) const;

  ListIndex();
  void Index();
  // What the search needs about a query token: the vocabulary tokens it
  // matches by a rule with at least the evidence score (with the score), its
  // weight, and where it splits into two vocabulary tokens. Computed once per
  // distinct token text and kept (the index never changes), so a name part
  // seen before costs one lookup. Valid as long as the index (or, when the
  // cache is full, until the thread's next search).
  const TokenInfo& InfoOf(std::string_view text, Scratch& s) const;

  struct IndexedName {
    uint32_t entry = 0;
    uint32_t name = 0;  // index into the entry's names
    names::NormalizedName normalized;
    std::vector<double> weights;  // Weight() of each token
    uint32_t ordinary_parts = 0;  // tokens of kind kName
  };

  Watchlist list_;
  std::vector<WatchlistEntry> entries_;
  std::unordered_map<std::string, uint32_t> entry_by_id_;
  std::vector<IndexedName> names_;
  std::vector<uint32_t> entry_names_;  // entry -> its first name in names_; one past the end last
  std::vector<names::NameToken> vocabulary_;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> token_ids_;
  std::vector<double> token_weights_;  // token -> Weight()
  // Token -> the names holding it (ascending): posting_names_[posting_begin_[t],
  // posting_begin_[t + 1]). One array rather than a vector per token: most
  // tokens are held by one or two names, and a search reads dozens of them.
  std::vector<uint32_t> posting_begin_;
  std::vector<uint32_t> posting_names_;
  uint32_t PostingSize(uint32_t token) const {
    return posting_begin_[token + 1] - posting_begin_[token];
  }
  // What the search's hot loops read per touched name, kept apart from
  // IndexedName (whose size would cost a cache miss per name): a name's
  // tokens' vocabulary ids are name_tokens_[token_begin_[i], token_begin_[i + 1]),
  // its count of ordinary parts ordinary_parts_[i].
  std::vector<uint32_t> name_tokens_;
  std::vector<uint32_t> token_begin_;
  std::vector<uint8_t> ordinary_parts_;
  std::vector<uint8_t> token_few_parts_;  // token -> held by a name of at most one ordinary part
  // For the candidates' score bound (ScoreNameBound), beside name_tokens_:
  // each name token's kind, and each vocabulary token's letters (to rule
  // out a pair the keys did not reach without reading the token).
  std::vector<names::TokenKind> name_token_kinds_;
  std::vector<names::LetterSignature> token_letters_;
  // Each vocabulary token's names::VowelPoor (InfoOf rules a token out by
  // its letters and this alone).
  std::vector<uint8_t> token_vowel_poor_;
  // Per name, so that a candidate the name score rules out costs no visit to
  // its entry: whether the entry is a person, and the name's NameQuality.
  struct NameTraits {
    bool person = true;
    NameQuality quality = NameQuality::kPrimary;
  };
  std::vector<NameTraits> name_traits_;
  // Key -> tokens: an open-addressing table (one probe sequence, usually one
  // cache line, per lookup) over ranges of key_tokens_.
  struct KeySlot {
    uint64_t key = 0;
    uint32_t begin = 0;
    uint32_t end = 0;  // begin == end: empty slot
  };
  std::vector<KeySlot> key_slots_;
  std::vector<uint32_t> key_tokens_;
  size_t key_count_ = 0;
  std::unique_ptr<MatchCache> match_cache_;
  std::unordered_map<std::string, std::vector<uint32_t>> documents_;  // DocumentKey -> entries
  double log_names_ = 1;
};

}  // namespace guomen::screening
