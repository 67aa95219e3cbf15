// What a password must be: at least 12 characters, not on the deny list of
// common passwords (data/common-passwords.txt, compared case-insensitively),
// and not the username. Immutable after load; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.hpp"

namespace guomen::app {

class PasswordPolicy {
 public:
  static constexpr size_t kMinLength = 12;
  static constexpr size_t kMaxLength = 1024;

  // Reads one password per line. Errors: kFailedPrecondition if the file
  // cannot be read or holds fewer than 10,000 entries.
  static core::Result<PasswordPolicy> Load(const std::string& path);

  // kValidation (field "password") saying what is wrong.
  core::Status Check(std::string_view password, std::string_view username) const;
  size_t deny_list_size() const { return deny_.size(); }

 private:
  std::unordered_set<std::string> deny_;
};

// The default location of the deny list: $GUOMEN_DATA_DIR, else the data/
// folder of the source tree the binary was built from.
std::string DefaultDataDir();

}  // namespace guomen::app
