#include "app/password_policy.hpp"

#include <cstdlib>
#include <fstream>

#include "core/strings.hpp"

namespace guomen::app {

std::string DefaultDataDir() {
  if (const char* env = std::getenv("GUOMEN_DATA_DIR"); env && *env) return env;
  return std::string(GUOMEN_SOURCE_DIR) + "/data";
}

core::Result<PasswordPolicy> PasswordPolicy::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "cannot read the password deny list " + path);
  }
  PasswordPolicy p;
  std::string line;
  while (std::getline(in, line)) {
    auto t = core::Trim(line);
    if (!t.empty()) p.deny_.insert(core::AsciiLower(t));
  }
  if (p.deny_.size() < 10000) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "the password deny list " + path + " has only " +
                          std::to_string(p.deny_.size()) + " entries (10,000 needed)");
  }
  return p;
}

core::Status PasswordPolicy::Check(std::string_view password, std::string_view username) const {
  // Length counts characters, not bytes: skip UTF-8 continuation bytes.
  size_t chars = 0;
  for (unsigned char c : password) chars += (c & 0xC0) != 0x80;
  if (chars < kMinLength) {
    return core::Fail(core::ErrorCode::kValidation,
                      "the password must have at least " + std::to_string(kMinLength) +
                          " characters",
                      "password", "password_too_short");
  }
  if (password.size() > kMaxLength) {
    return core::Fail(core::ErrorCode::kValidation, "the password is too long", "password",
                      "password_too_long");
  }
  std::string lower = core::AsciiLower(password);
  if (deny_.count(lower)) {
    return core::Fail(core::ErrorCode::kValidation,
                      "the password is on the list of common passwords; choose another",
                      "password", "password_common");
  }
  if (!username.empty() && lower.find(core::AsciiLower(username)) != std::string::npos) {
    return core::Fail(core::ErrorCode::kValidation, "the password must not contain the username",
                      "password", "password_contains_username");
  }
  return core::Status::Ok();
}

}  // namespace guomen::app
