// A watchlist: who publishes it, what it is for and which version is loaded.
//
// Plain value; the entries live beside it (see watchlist_entry.hpp) and the
// Store persists both. `imported_at` is set by the caller (the service reads
// the clock; engines do not).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace guomen::screening {

enum class ListKind { kWanted, kEntryBan, kExitBan, kSanctions, kLostStolenDocuments, kCustom };

// What the list asks an officer to do on a confirmed hit.
enum class ListAction { kArrest, kDenyEntry, kDenyExit, kNotify, kMonitor };

// Stable lower-case names ("entry_ban", "deny_entry") and their inverse.
std::string_view ListKindName(ListKind kind);
std::string_view ListActionName(ListAction action);
bool ParseListKind(std::string_view name, ListKind& out);
bool ParseListAction(std::string_view name, ListAction& out);

// Words an officer reads for a kind or action given by its stable name
// ("entry_ban" -> "entry ban" / "禁止入境名单"; "deny_entry" -> "deny entry" /
// "拒绝入境"). An unknown name comes back with underscores as spaces (en) or
// as given (zh), so a custom code is still shown rather than lost.
std::string ListKindLabel(std::string_view name, bool zh);
std::string ListActionLabel(std::string_view name, bool zh);

struct Watchlist {
  std::string id;         // stable, e.g. "ofac-sdn", "un-sc", "cn-entry-ban"
  std::string name;       // for people: "OFAC Specially Designated Nationals"
  std::string authority;  // "US Treasury OFAC", "UN Security Council"
  ListKind kind = ListKind::kCustom;
  ListAction action = ListAction::kNotify;  // default for entries that name none
  std::string version;                      // the publisher's version or date, as published
  std::chrono::sys_seconds imported_at{};
  double threshold = 0.85;  // a hit needs at least this score on this list
};

}  // namespace guomen::screening
