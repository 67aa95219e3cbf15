// Authentication: password logins that open sessions, session and API-token
// checks, CSRF checks, logout, and API tokens for machine clients.
//
// Login gives the same answer, in about the same time, for an unknown user, a
// wrong password, a disabled and a locked account. Failures are throttled
// per account name and per source address with exponential back-off; an
// account is locked after kLockoutFailures consecutive failures until an
// admin unlocks it. Sessions expire after 15 minutes idle and 12 hours in
// all. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.hpp"
#include "app/login_throttle.hpp"
#include "app/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace guomen::app {

struct LoginResult {
  std::string session_token;  // goes to the HttpOnly cookie; never stored
  std::string csrf_token;     // the client echoes it in X-CSRF-Token
  Principal principal;
};

struct NewApiToken {
  int64_t id = 0;
  std::string token;  // shown once
};

class AuthService {
 public:
  static constexpr int kLockoutFailures = 50;
  static constexpr auto kIdleTimeout = std::chrono::minutes(15);
  static constexpr auto kAbsoluteTimeout = std::chrono::hours(12);

  // `secret` (32 bytes) derives CSRF tokens.
  AuthService(store::Store& store, const AuditLog& audit, const core::Clock& clock,
              std::string secret);

  // Errors: kUnauthenticated (reason invalid_credentials) for any bad login;
  // kThrottled with retry_after_seconds while backing off.
  core::Result<LoginResult> Login(const std::string& username, const std::string& password,
                                  const RequestMeta& meta);
  // Ends the session (idempotent).
  core::Status Logout(const Principal& who, const RequestMeta& meta);

  // The principal of a session token. Errors: kUnauthenticated (reason
  // session_expired or no_session).
  core::Result<Principal> AuthenticateSession(const std::string& token);
  // Checks a CSRF token against the session's.
  bool CheckCsrf(const Principal& who, const std::string& csrf_token) const;
  // The CSRF token of a session: derived from its token with a server key, so
  // /auth/me can hand it out again after a page reload without storing it.
  std::string CsrfTokenFor(const std::string& session_token) const;
  // The principal of a bearer API token (roles narrowed to the token's).
  core::Result<Principal> AuthenticateApiToken(const std::string& token);

  // Creates an API token for `user_id` with `roles` (a subset of the user's).
  core::Result<NewApiToken> CreateApiToken(const Principal& admin, const RequestMeta& meta,
                                           int64_t user_id, const std::string& name,
                                           const std::vector<std::string>& roles,
                                           std::optional<int> expires_in_days);
  core::Result<std::vector<store::ApiToken>> ListApiTokens(const Principal& admin, int64_t user_id);
  core::Status RevokeApiToken(const Principal& admin, const RequestMeta& meta, int64_t token_id);

  // Forgets the failed logins of `username` (after an admin unlocks it).
  void ClearThrottle(const std::string& username);

 private:
  core::Result<Principal> PrincipalOf(store::Tx& tx, const store::User& user);

  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
  LoginThrottle account_throttle_;
  LoginThrottle address_throttle_;
  std::string secret_;
  std::string dummy_hash_;  // verified against for unknown users, to equalise timing
};

}  // namespace guomen::app
