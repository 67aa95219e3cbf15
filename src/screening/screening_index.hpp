// The in-memory screening index over all loaded watchlists: the engine the
// service, the API, the CLI and the batch jobs call.
//
// Each list is an immutable ListIndex snapshot held by shared_ptr. Queries
// take a snapshot of the list set under a shared lock (a few pointer copies)
// and search without any lock, so they run concurrently with each other and
// with updates. Updates build the new list index off-lock and swap it in under
// the exclusive lock: a query sees the old or the new version of a list,
// never a mix. No restart is needed when a list changes.
//
// Typical use by the service:
//   at start:        for each stored list: index.PutList(list, entries);
//   on re-import:    auto diff = index.PutList(list, new_entries);   // returns the diff
//                    (store the new version and the diff; then re-screen stored
//                     persons against diff.added + diff.changed only, with
//                     ScreeningIndex::Subset, and withdraw hits on diff.removed)
//   at the desk:     auto hits = index.Screen(query, options);
//   for a manifest:  auto all = index.ScreenBatch(queries, options, threads);
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "screening/list_diff.hpp"
#include "screening/list_index.hpp"
#include "screening/screening_hit.hpp"
#include "screening/screening_query.hpp"
#include "screening/watchlist.hpp"
#include "screening/watchlist_entry.hpp"

namespace guomen::screening {

struct IndexStats {
  size_t lists = 0;
  size_t entries = 0;
  size_t names = 0;
  size_t vocabulary = 0;
  size_t keys = 0;
};

class ScreeningIndex {
 public:
  ScreeningIndex() = default;
  ScreeningIndex(const ScreeningIndex&) = delete;
  ScreeningIndex& operator=(const ScreeningIndex&) = delete;

  // Adds the list, or replaces the loaded version of the list with the same
  // id. Returns the diff from the loaded version (all entries added when the
  // list was not loaded). Thread-safe; concurrent queries are not blocked
  // while the new version is built. Errors: kInvalidArgument for an empty
  // list id or duplicate entry ids.
  core::Result<ListDiff> PutList(Watchlist list, std::vector<WatchlistEntry> entries);

  // Applies a change in place: `upserts` replace entries with the same id or
  // are added, `removed_ids` are dropped. Returns the resulting diff.
  // Errors: kNotFound if the list is not loaded.
  core::Result<ListDiff> UpdateList(std::string_view list_id, std::vector<WatchlistEntry> upserts,
                                    const std::vector<std::string>& removed_ids);

  // Unloads a list. Returns false if it was not loaded.
  bool RemoveList(std::string_view list_id);

  // Hits for one person over the loaded lists (or options.lists), best first,
  // at most options.top. An empty name with no document number gives no hits.
  std::vector<ScreeningHit> Screen(const ScreeningQuery& query,
                                   const ScreeningOptions& options = {}) const;

  // Screens many persons (a manifest) on up to `threads` threads (>= 1);
  // result[i] belongs to queries[i]. All queries see the same list versions.
  std::vector<std::vector<ScreeningHit>> ScreenBatch(const std::vector<ScreeningQuery>& queries,
                                                     const ScreeningOptions& options = {},
                                                     int threads = 1) const;

  // A new index holding only the given entries of one loaded list (for delta
  // re-screening after a list change). Errors: kNotFound for an unknown list.
  core::Result<std::unique_ptr<ScreeningIndex>> Subset(
      std::string_view list_id, const std::vector<std::string>& entry_ids) const;

  // The loaded version of a list, or nullptr.
  std::shared_ptr<const ListIndex> GetList(std::string_view list_id) const;
  std::vector<Watchlist> Lists() const;
  IndexStats Stats() const;

 private:
  using Snapshot = std::vector<std::shared_ptr<const ListIndex>>;
  Snapshot TakeSnapshot(const ScreeningOptions& options) const;
  static std::vector<ScreeningHit> ScreenSnapshot(const Snapshot& lists,
                                                  const ScreeningQuery& query,
                                                  const ScreeningOptions& options);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const ListIndex>> lists_;
};

}  // namespace guomen::screening
