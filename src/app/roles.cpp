#include "app/roles.hpp"

#include <algorithm>

namespace guomen::app {

const std::vector<std::string>& AllRoles() {
  static const std::vector<std::string> roles = {
      "officer", "secondary_officer", "analyst", "investigator",
      "command", "supervisor",        "auditor", "admin",
      // A carrier's or ship agent's system: sends passenger and crew lists
      // (POST /api/v1/manifests), through an API token; nothing else.
      "carrier",
      // Partner agencies' systems (customs, health) that pull notifications.
      "partner"};
  return roles;
}

bool IsRole(std::string_view role) {
  const auto& all = AllRoles();
  return std::find(all.begin(), all.end(), role) != all.end();
}

std::string FirstUnknownRole(const std::vector<std::string>& roles) {
  for (const auto& r : roles) {
    if (!IsRole(r)) return r;
  }
  return "";
}

}  // namespace guomen::app
