// Who is calling, and from where and why: what every service call receives.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guomen::app {

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  int64_t unit_id = 0;
  std::vector<std::string> roles;
  // The user's unit and every unit below it: what the user may see.
  std::vector<int64_t> scope;
  std::optional<int64_t> session_id;
  std::optional<int64_t> api_token_id;
  std::string csrf_hash;  // of the session's CSRF token; empty for API tokens

  bool HasRole(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  bool HasAnyRole(std::initializer_list<std::string_view> any) const {
    for (auto r : any) {
      if (HasRole(r)) return true;
    }
    return false;
  }
  bool CanSeeUnit(int64_t unit) const {
    return std::find(scope.begin(), scope.end(), unit) != scope.end();
  }
};

// Facts about the request that go into the audit trail.
struct RequestMeta {
  std::string source;   // client address
  std::string purpose;  // why a person is looked up outside a workflow
};

}  // namespace guomen::app
