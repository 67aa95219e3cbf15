#include "names/romanization_variants.hpp"

#include <algorithm>

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
}

const RomanizationVariants& RomanizationVariants::Default() {
  static const RomanizationVariants instance = [] {
    std::vector<std::string_view> lines;
    for (const char* table : {"chinese_romanization", "korean_romanization", "arabic_romanization",
                              "given_name_variants"}) {
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

}  // namespace guomen::names
