#include "screening/screening_index.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "screening/hit_scorer.hpp"

namespace guomen::screening {
namespace {

core::Status CheckIds(const std::vector<WatchlistEntry>& entries) {
  std::unordered_set<std::string_view> ids;
  for (const auto& e : entries) {
    if (e.id.empty()) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "a list entry has an empty id",
                        "entries");
    }
    if (!ids.insert(e.id).second) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "duplicate entry id " + e.id, "entries");
    }
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<ListDiff> ScreeningIndex::PutList(Watchlist list,
                                               std::vector<WatchlistEntry> entries) {
  if (list.id.empty())
    return core::Fail(core::ErrorCode::kInvalidArgument, "list id is empty", "list.id");
  GUOMEN_RETURN_IF_ERROR(CheckIds(entries));
  const std::shared_ptr<const ListIndex> previous = GetList(list.id);
  ListDiff diff =
      DiffEntries(previous ? previous->entries() : std::vector<WatchlistEntry>{}, entries);
  std::string id = list.id;
  std::shared_ptr<const ListIndex> built = ListIndex::Build(std::move(list), std::move(entries));
  std::unique_lock lock(mutex_);
  lists_[id] = std::move(built);
  return diff;
}

core::Result<ListDiff> ScreeningIndex::UpdateList(std::string_view list_id,
                                                  std::vector<WatchlistEntry> upserts,
                                                  const std::vector<std::string>& removed_ids) {
  const std::shared_ptr<const ListIndex> previous = GetList(list_id);
  if (!previous) {
    return core::Fail(core::ErrorCode::kNotFound, "list " + std::string(list_id) + " is not loaded",
                      "list_id");
  }
  GUOMEN_RETURN_IF_ERROR(CheckIds(upserts));
  std::unordered_map<std::string, size_t> position;
  std::vector<WatchlistEntry> entries;
  entries.reserve(previous->entries().size() + upserts.size());
  const std::unordered_set<std::string> removed(removed_ids.begin(), removed_ids.end());
  for (const auto& e : previous->entries()) {
    if (removed.count(e.id) != 0) continue;
    position[e.id] = entries.size();
    entries.push_back(e);
  }
  for (auto& e : upserts) {
    auto it = position.find(e.id);
    if (it != position.end()) {
      entries[it->second] = std::move(e);
    } else {
      position[e.id] = entries.size();
      entries.push_back(std::move(e));
    }
  }
  return PutList(previous->list(), std::move(entries));
}

bool ScreeningIndex::RemoveList(std::string_view list_id) {
  std::unique_lock lock(mutex_);
  return lists_.erase(std::string(list_id)) > 0;
}

std::shared_ptr<const ListIndex> ScreeningIndex::GetList(std::string_view list_id) const {
  std::shared_lock lock(mutex_);
  auto it = lists_.find(std::string(list_id));
  return it == lists_.end() ? nullptr : it->second;
}

std::vector<Watchlist> ScreeningIndex::Lists() const {
  std::shared_lock lock(mutex_);
  std::vector<Watchlist> out;
  for (const auto& [id, index] : lists_) out.push_back(index->list());
  std::sort(out.begin(), out.end(),
            [](const Watchlist& a, const Watchlist& b) { return a.id < b.id; });
  return out;
}

IndexStats ScreeningIndex::Stats() const {
  std::shared_lock lock(mutex_);
  IndexStats s;
  for (const auto& [id, index] : lists_) {
    ++s.lists;
    s.entries += index->entries().size();
    s.names += index->name_count();
    s.vocabulary += index->vocabulary_size();
    s.keys += index->key_count();
  }
  return s;
}

ScreeningIndex::Snapshot ScreeningIndex::TakeSnapshot(const ScreeningOptions& options) const {
  std::shared_lock lock(mutex_);
  Snapshot snapshot;
  if (options.lists.empty()) {
    for (const auto& [id, index] : lists_) snapshot.push_back(index);
  } else {
    for (const std::string& id : options.lists) {
      auto it = lists_.find(id);
      if (it != lists_.end()) snapshot.push_back(it->second);
    }
  }
  return snapshot;
}

std::vector<ScreeningHit> ScreeningIndex::ScreenSnapshot(const Snapshot& lists,
                                                         const ScreeningQuery& query,
                                                         const ScreeningOptions& options) {
  const PreparedQuery prepared = PrepareQuery(query);
  bool any_name = false;
  for (const auto& n : prepared.names) any_name = any_name || !n.empty();
  if (!any_name && prepared.document_key.empty()) return {};
  std::vector<ScreeningHit> hits;
  for (const auto& list : lists) {
    std::vector<ScreeningHit> h = list->Search(prepared, options);
    hits.insert(hits.end(), std::make_move_iterator(h.begin()), std::make_move_iterator(h.end()));
  }
  std::sort(hits.begin(), hits.end(), [](const ScreeningHit& a, const ScreeningHit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.list_id != b.list_id) return a.list_id < b.list_id;
    return a.entry_id < b.entry_id;
  });
  if (hits.size() > options.top) hits.resize(options.top);
  return hits;
}

std::vector<ScreeningHit> ScreeningIndex::Screen(const ScreeningQuery& query,
                                                 const ScreeningOptions& options) const {
  return ScreenSnapshot(TakeSnapshot(options), query, options);
}

std::vector<std::vector<ScreeningHit>> ScreeningIndex::ScreenBatch(
    const std::vector<ScreeningQuery>& queries, const ScreeningOptions& options,
    int threads) const {
  const Snapshot snapshot = TakeSnapshot(options);
  std::vector<std::vector<ScreeningHit>> results(queries.size());
  const size_t n = std::max(1, threads);
  if (n == 1 || queries.size() < 2) {
    for (size_t i = 0; i < queries.size(); ++i)
      results[i] = ScreenSnapshot(snapshot, queries[i], options);
    return results;
  }
  std::vector<std::thread> workers;
  for (size_t t = 0; t < n; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = t; i < queries.size(); i += n)
        results[i] = ScreenSnapshot(snapshot, queries[i], options);
    });
  }
  for (auto& w : workers) w.join();
  return results;
}

core::Result<std::unique_ptr<ScreeningIndex>> ScreeningIndex::Subset(
    std::string_view list_id, const std::vector<std::string>& entry_ids) const {
  const std::shared_ptr<const ListIndex> list = GetList(list_id);
  if (!list) {
    return core::Fail(core::ErrorCode::kNotFound, "list " + std::string(list_id) + " is not loaded",
                      "list_id");
  }
  std::vector<WatchlistEntry> entries;
  for (const std::string& id : entry_ids) {
    if (const WatchlistEntry* e = list->FindEntry(id)) entries.push_back(*e);
  }
  auto subset = std::make_unique<ScreeningIndex>();
  GUOMEN_RETURN_IF_ERROR(subset->PutList(list->list(), std::move(entries)));
  return subset;
}

}  // namespace guomen::screening
