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

}  // namespace

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
