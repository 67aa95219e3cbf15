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

  const Watchlist& list() const { return list_; }
  const std::vector<WatchlistEntry>& entries() const { return entries_; }
  const WatchlistEntry* FindEntry(std::string_view id) const;
  size_t name_count() const { return names_.size(); }
  size_t vocabulary_size() const { return vocabulary_.size(); }
  size_t key_count() const { return keys_.size(); }

  // The rarity weight of a token in this list, in [0.15, 1].
  double Weight(const names::NameToken& token) const;

  struct Scratch;  // per-thread search space (list_index.cpp)

 private:
  // Adds to s.evidence, per name, Weight(qt) x the best similarity of qt to
  // a token of the name, over the vocabulary tokens qt's keys reach.
  void EvidencePass(const names::NameToken& qt, Scratch& s, std::vector<uint64_t>& keys,
                    std::vector<uint32_t>& tokens) const;

  ListIndex() = default;
  void Index();

  struct IndexedName {
    uint32_t entry = 0;
    uint32_t name = 0;  // index into the entry's names
    names::NormalizedName normalized;
  };

  Watchlist list_;
  std::vector<WatchlistEntry> entries_;
  std::unordered_map<std::string, uint32_t> entry_by_id_;
  std::vector<IndexedName> names_;
  std::vector<uint32_t> entry_names_;  // entry -> its first name in names_; one past the end last
  std::vector<names::NameToken> vocabulary_;
  std::unordered_map<std::string, uint32_t> token_ids_;
  std::vector<std::vector<uint32_t>> postings_;      // token -> names holding it (ascending)
  std::vector<std::pair<uint64_t, uint32_t>> keys_;  // (hashed key, token), sorted
  std::unordered_map<std::string, std::vector<uint32_t>> documents_;  // DocumentKey -> entries
  double log_names_ = 1;
};

}  // namespace guomen::screening
