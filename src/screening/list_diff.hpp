// The difference between two versions of a list, by entry id.
//
// DiffEntries(before, after): ids only in `after` are added, only in `before`
// removed, in both but not equal (any name, fact or reason differs) changed.
// Each list sorted by id. Re-importing the same file gives an empty diff
// (idempotent). Pure, thread-safe. REQUIRES: ids unique within each input
// (the importers guarantee it).
#pragma once

#include <string>
#include <vector>

#include "screening/watchlist_entry.hpp"

namespace guomen::screening {

struct ListDiff {
  std::vector<std::string> added;
  std::vector<std::string> changed;
  std::vector<std::string> removed;

  bool empty() const { return added.empty() && changed.empty() && removed.empty(); }
};

ListDiff DiffEntries(const std::vector<WatchlistEntry>& before,
                     const std::vector<WatchlistEntry>& after);

}  // namespace guomen::screening
