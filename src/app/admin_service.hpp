// Administration of units and users. Every change is audited; every read is
// limited to the caller's units (an object outside them is kNotFound, exactly
// like a missing one). Role checks are the HTTP adapter's; this service
// checks unit scope and the rules of the data. Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.hpp"
#include "app/password_policy.hpp"
#include "app/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace guomen::app {

struct NewUserRequest {
  std::string username;
  std::string display_name;
  std::string password;
  int64_t unit_id = 0;
  std::vector<std::string> roles;
};

// A user as the API shows it (no password hash).
struct UserView {
  store::User user;
  std::string unit_name;
  std::string unit_name_en;
};

enum class UserAction { kDisable, kEnable, kUnlock };

class AdminService {
 public:
  AdminService(store::Store& store, const AuditLog& audit, const PasswordPolicy& policy,
               const core::Clock& clock)
      : store_(store), audit_(audit), policy_(policy), clock_(clock) {}

  // Units the caller may see, in id order.
  core::Result<std::vector<store::Unit>> ListUnits(const Principal& who);
  core::Result<store::Unit> GetUnit(const Principal& who, int64_t id);
  // The parent must be within the caller's units. Errors: kValidation
  // (field named), kConflict (code taken), kNotFound (parent not visible).
  core::Result<store::Unit> CreateUnit(const Principal& who, const RequestMeta& meta,
                                       store::Unit unit);

  core::Result<std::vector<UserView>> ListUsers(const Principal& who, const RequestMeta& meta);
  core::Result<UserView> GetUser(const Principal& who, const RequestMeta& meta, int64_t id);
  // Errors: kValidation (field named: username, password, roles, unit_id),
  // kConflict (username taken), kNotFound (unit not visible).
  core::Result<UserView> CreateUser(const Principal& who, const RequestMeta& meta,
                                    const NewUserRequest& req);
  // Disabling revokes the user's sessions at once.
  core::Result<UserView> ChangeUser(const Principal& who, const RequestMeta& meta, int64_t id,
                                    UserAction action);
  // Sets a new password (checked against the policy) and ends all sessions.
  core::Result<UserView> SetPassword(const Principal& who, const RequestMeta& meta, int64_t id,
                                     const std::string& password);

  // For bootstrap paths (CLI, demo data): no principal, audited as "system".
  core::Result<store::Unit> CreateUnitAsSystem(store::Unit unit);
  core::Result<UserView> CreateUserAsSystem(const NewUserRequest& req);
  core::Result<std::vector<store::Unit>> ListAllUnitsAsSystem();
  core::Result<std::vector<UserView>> ListAllUsersAsSystem();
  core::Result<std::optional<store::Unit>> FindUnitByCodeAsSystem(const std::string& code);
  core::Result<UserView> ChangeUserAsSystem(const std::string& username, UserAction action);

  // Called with the username after an unlock (the App clears the login throttle).
  void SetUnlockHook(std::function<void(const std::string&)> hook) { on_unlock_ = std::move(hook); }

 private:
  core::Status ValidateNewUser(const NewUserRequest& req) const;
  core::Result<Principal> SystemWithFullScope();
  core::Result<UserView> ViewOf(store::Tx& tx, const store::User& user);

  store::Store& store_;
  const AuditLog& audit_;
  const PasswordPolicy& policy_;
  const core::Clock& clock_;
  std::function<void(const std::string&)> on_unlock_;
};

}  // namespace guomen::app
