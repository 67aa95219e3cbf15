#include "screening/list_diff.hpp"

#include <algorithm>
#include <unordered_map>

namespace guomen::screening {

ListDiff DiffEntries(const std::vector<WatchlistEntry>& before,
                     const std::vector<WatchlistEntry>& after) {
  std::unordered_map<std::string_view, const WatchlistEntry*> old_by_id;
  old_by_id.reserve(before.size());
  for (const auto& e : before) old_by_id.emplace(e.id, &e);
  ListDiff diff;
  std::unordered_map<std::string_view, bool> in_after;
  in_after.reserve(after.size());
  for (const auto& e : after) {
    in_after.emplace(e.id, true);
    auto it = old_by_id.find(e.id);
    if (it == old_by_id.end()) {
      diff.added.push_back(e.id);
    } else if (!(*it->second == e)) {
      diff.changed.push_back(e.id);
    }
  }
  for (const auto& e : before) {
    if (in_after.count(e.id) == 0) diff.removed.push_back(e.id);
  }
  // Numeric ids (OFAC) sort as numbers, others as text.
  auto by_id = [](const std::string& a, const std::string& b) {
    if (a.size() != b.size() && std::all_of(a.begin(), a.end(), ::isdigit) &&
        std::all_of(b.begin(), b.end(), ::isdigit)) {
      return a.size() < b.size();
    }
    return a < b;
  };
  std::sort(diff.added.begin(), diff.added.end(), by_id);
  std::sort(diff.changed.begin(), diff.changed.end(), by_id);
  std::sort(diff.removed.begin(), diff.removed.end(), by_id);
  return diff;
}

}  // namespace guomen::screening
