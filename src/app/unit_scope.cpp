#include "app/unit_scope.hpp"

#include <unordered_map>

namespace guomen::app {

std::vector<int64_t> SubtreeOf(const std::vector<store::Unit>& units, int64_t root) {
  std::unordered_multimap<int64_t, int64_t> children;
  for (const auto& u : units) {
    if (u.parent_id) children.emplace(*u.parent_id, u.id);
  }
  std::vector<int64_t> out{root};
  for (size_t i = 0; i < out.size(); ++i) {
    auto [b, e] = children.equal_range(out[i]);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
  }
  return out;
}

}  // namespace guomen::app
