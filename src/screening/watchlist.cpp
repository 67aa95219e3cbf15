#include "screening/watchlist.hpp"

#include <array>
#include <utility>

namespace guomen::screening {
namespace {

constexpr std::array<std::pair<ListKind, std::string_view>, 6> kKinds{{
    {ListKind::kWanted, "wanted"},
    {ListKind::kEntryBan, "entry_ban"},
    {ListKind::kExitBan, "exit_ban"},
    {ListKind::kSanctions, "sanctions"},
    {ListKind::kLostStolenDocuments, "lost_stolen_documents"},
    {ListKind::kCustom, "custom"},
}};

constexpr std::array<std::pair<ListAction, std::string_view>, 5> kActions{{
    {ListAction::kArrest, "arrest"},
    {ListAction::kDenyEntry, "deny_entry"},
    {ListAction::kDenyExit, "deny_exit"},
    {ListAction::kNotify, "notify"},
    {ListAction::kMonitor, "monitor"},
}};

struct Label {
  std::string_view name, en, zh;
};

constexpr std::array<Label, 6> kKindLabels{{
    {"wanted", "wanted", "通缉名单"},
    {"entry_ban", "entry ban", "禁止入境名单"},
    {"exit_ban", "exit ban", "限制出境名单"},
    {"sanctions", "sanctions", "制裁名单"},
    {"lost_stolen_documents", "lost or stolen documents", "遗失被盗证件名单"},
    {"custom", "custom", "自定义名单"},
}};

constexpr std::array<Label, 7> kActionLabels{{
    {"arrest", "arrest", "抓捕"},
    {"deny_entry", "deny entry", "拒绝入境"},
    {"deny_exit", "deny exit", "阻止出境"},
    {"deny", "deny", "拒绝通关"},
    {"notify", "notify", "通报"},
    {"monitor", "monitor", "关注"},
    {"refer", "refer", "移交审查"},
}};

template <size_t N>
std::string LabelOf(const std::array<Label, N>& table, std::string_view name, bool zh) {
  std::string lower(name);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const auto& l : table) {
    if (l.name == lower) return std::string(zh ? l.zh : l.en);
  }
  if (zh) return std::string(name);
  for (char& c : lower) c = c == '_' ? ' ' : c;
  return lower;
}

}  // namespace

std::string ListKindLabel(std::string_view name, bool zh) { return LabelOf(kKindLabels, name, zh); }

std::string ListActionLabel(std::string_view name, bool zh) {
  return LabelOf(kActionLabels, name, zh);
}

std::string_view ListKindName(ListKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "custom";
}

std::string_view ListActionName(ListAction action) {
  for (const auto& [a, name] : kActions) {
    if (a == action) return name;
  }
  return "notify";
}

bool ParseListKind(std::string_view name, ListKind& out) {
  for (const auto& [k, n] : kKinds) {
    if (n == name) {
      out = k;
      return true;
    }
  }
  return false;
}

bool ParseListAction(std::string_view name, ListAction& out) {
  for (const auto& [a, n] : kActions) {
    if (n == name) {
      out = a;
      return true;
    }
  }
  return false;
}

}  // namespace guomen::screening
