#include "names/romanization_variants.hpp"

#include <algorithm>
#include <map>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"

namespace guomen::names {

RomanizationVariants::RomanizationVariants(const std::vector<std::string_view>& lines) {
  for (std::string_view raw : lines) {
    std::string_view line = core::Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> spellings;
    for (std::string& part : core::Split(line, ' ')) {
      if (!part.empty()) spellings.push_back(core::AsciiLower(part));
    }
    if (spellings.size() < 2) continue;
    ++group_count_;
    const std::string canonical = spellings.front();
    for (const std::string& spelling : spellings) {
      auto& groups = groups_[spelling];
      if (std::find(groups.begin(), groups.end(), canonical) == groups.end()) {
        groups.push_back(canonical);
      }
    }
  }
  // Number the groups (by canonical spelling) and intern each token's set of them.
  std::unordered_map<std::string, uint32_t> group_number;
  std::map<std::vector<uint32_t>, uint32_t> set_number;
  sets_.emplace_back();
  for (const auto& [spelling, groups] : groups_) {
    std::vector<uint32_t> set;
    for (const std::string& g : groups) {
      set.push_back(
          group_number.emplace(g, static_cast<uint32_t>(group_number.size())).first->second);
    }
    std::sort(set.begin(), set.end());
    auto [it, inserted] = set_number.emplace(set, static_cast<uint32_t>(sets_.size()));
    if (inserted) sets_.push_back(std::move(set));
    set_of_.emplace(spelling, it->second);
  }
}

const RomanizationVariants& RomanizationVariants::Default() {
  static const RomanizationVariants instance = [] {
    std::vector<std::string_view> lines;
    for (const char* table : {"chinese_romanization", "korean_romanization", "arabic_romanization",
                              "burmese_romanization", "given_name_variants"}) {
      for (const char* line : EmbeddedTable(table)) lines.emplace_back(line);
    }
    return RomanizationVariants(lines);
  }();
  return instance;
}

const std::vector<std::string>& RomanizationVariants::Groups(std::string_view token) const {
  static const std::vector<std::string> kNone;
  auto it = groups_.find(token);
  return it == groups_.end() ? kNone : it->second;
}

bool RomanizationVariants::AreVariants(std::string_view a, std::string_view b) const {
  if (a == b) return false;
  const auto& ga = Groups(a);
  if (ga.empty()) return false;
  const auto& gb = Groups(b);
  for (const std::string& g : ga) {
    if (std::find(gb.begin(), gb.end(), g) != gb.end()) return true;
  }
  return false;
}

uint32_t RomanizationVariants::SetOf(std::string_view token) const {
  auto it = set_of_.find(token);
  return it == set_of_.end() ? 0 : it->second;
}

bool RomanizationVariants::SetsShare(uint32_t a, uint32_t b) const {
  if (a == 0 || b == 0 || a >= sets_.size() || b >= sets_.size()) return false;
  if (a == b) return true;
  const std::vector<uint32_t>& x = sets_[a];
  const std::vector<uint32_t>& y = sets_[b];
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) return true;
    if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

}  // namespace guomen::names
