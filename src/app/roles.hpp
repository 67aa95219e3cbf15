// The roles a user can hold, and the small checks around them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace guomen::app {

// Every role, in the order the UI lists them.
const std::vector<std::string>& AllRoles();
bool IsRole(std::string_view role);
// Returns the first name in `roles` that is not a role, or "" if all are.
std::string FirstUnknownRole(const std::vector<std::string>& roles);

}  // namespace guomen::app
