// Which units a user may see: their own and every unit below it.
#pragma once

#include <cstdint>
#include <vector>

#include "store/records.hpp"

namespace guomen::app {

// `root` and all its descendants in `units`, root first.
std::vector<int64_t> SubtreeOf(const std::vector<store::Unit>& units, int64_t root);

}  // namespace guomen::app
