#include "app/auth_service.hpp"

#include <algorithm>

#include "app/crypto.hpp"
#include "app/roles.hpp"
#include "core/strings.hpp"

namespace guomen::app {

using core::ErrorCode;
using core::Result;
using core::Status;

namespace {

core::Error InvalidCredentials() {
  return core::MakeError(ErrorCode::kUnauthenticated, "invalid username or password", "",
                         "invalid_credentials");
}

constexpr const char* kApiTokenPrefix = "gmt_";

}  // namespace

AuthService::AuthService(store::Store& store, const AuditLog& audit, const core::Clock& clock,
                         std::string secret)
    : store_(store),
      audit_(audit),
      clock_(clock),
      // Per account: 5 free failures, then 1 s, 2 s, 4 s ... up to 15 minutes.
      account_throttle_({5, 1000000, 15LL * 60 * 1000000}, clock),
      // Per address: more room (a port's desks share a NAT), then the same curve.
      address_throttle_({30, 1000000, 15LL * 60 * 1000000}, clock),
      secret_(std::move(secret)) {
  auto h = HashPassword(RandomHex(16));
  dummy_hash_ = h ? *h : std::string();
}

Result<Principal> AuthService::PrincipalOf(store::Tx& tx, const store::User& user) {
  GUOMEN_ASSIGN_OR_RETURN(auto scope, tx.ListUnitSubtree(user.unit_id));
  Principal p;
  p.user_id = user.id;
  p.username = user.username;
  p.display_name = user.display_name;
  p.unit_id = user.unit_id;
  p.roles = user.roles;
  p.scope = scope.empty() ? std::vector<int64_t>{user.unit_id} : std::move(scope);
  return p;
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const RequestMeta& meta) {
  const std::string account_key = "user:" + core::AsciiLower(username);
  const std::string address_key = "addr:" + meta.source;
  int wait = std::max(account_throttle_.RetryAfterSeconds(account_key),
                      address_throttle_.RetryAfterSeconds(address_key));
  if (wait > 0) {
    // Record the throttled attempt too; a failure to audit fails the request.
    GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) {
      return audit_.Append(tx, nullptr, meta, {"auth.login", "user", "", "throttled"}, username);
    }));
    core::Error e = core::MakeError(ErrorCode::kThrottled,
                                    "too many failed logins; try again in " +
                                        std::to_string(wait) + " seconds",
                                    "", "throttled");
    e.retry_after_seconds = wait;
    return core::Fail(std::move(e));
  }

  std::optional<store::User> user;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(user, tx.FindUserByName(username));
    return Status::Ok();
  }));
  // Always run one argon2id verification so that every failure costs the same.
  bool password_ok = VerifyPassword(user ? user->password_hash : dummy_hash_, password);
  bool ok = user && password_ok && !user->disabled && !user->locked;

  if (!ok) {
    account_throttle_.RecordFailure(account_key);
    address_throttle_.RecordFailure(address_key);
    GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
      std::string object_id;
      if (user) {
        GUOMEN_ASSIGN_OR_RETURN(auto fresh, tx.GetUser(user->id));
        if (fresh && !password_ok) {
          ++fresh->failed_logins;
          if (fresh->failed_logins >= kLockoutFailures) fresh->locked = true;
          GUOMEN_RETURN_IF_ERROR(tx.UpdateUser(*fresh));
        }
        object_id = std::to_string(user->id);
      }
      return audit_.Append(tx, nullptr, meta, {"auth.login", "user", object_id, "failed"},
                           username);
    }));
    return core::Fail(InvalidCredentials());
  }

  account_throttle_.RecordSuccess(account_key);
  LoginResult out;
  out.session_token = RandomHex(32);
  out.csrf_token = CsrfTokenFor(out.session_token);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto fresh, tx.GetUser(user->id));
    if (!fresh) return core::Fail(InvalidCredentials());
    if (fresh->failed_logins != 0) {
      fresh->failed_logins = 0;
      GUOMEN_RETURN_IF_ERROR(tx.UpdateUser(*fresh));
    }
    int64_t now = core::ToMicros(clock_.Now());
    store::Session s{0, HashToken(out.session_token), HashToken(out.csrf_token), fresh->id, now,
                     now, meta.source};
    GUOMEN_ASSIGN_OR_RETURN(int64_t sid, tx.InsertSession(s));
    GUOMEN_ASSIGN_OR_RETURN(out.principal, PrincipalOf(tx, *fresh));
    out.principal.session_id = sid;
    out.principal.csrf_hash = s.csrf_hash;
    return audit_.Append(tx, &out.principal, meta,
                         {"auth.login", "user", std::to_string(fresh->id), "ok"});
  }));
  return out;
}

void AuthService::ClearThrottle(const std::string& username) {
  account_throttle_.RecordSuccess("user:" + core::AsciiLower(username));
}

Status AuthService::Logout(const Principal& who, const RequestMeta& meta) {
  return store_.Transact([&](store::Tx& tx) -> Status {
    if (who.session_id) GUOMEN_RETURN_IF_ERROR(tx.DeleteSession(*who.session_id));
    return audit_.Append(tx, &who, meta,
                         {"auth.logout", "session",
                          who.session_id ? std::to_string(*who.session_id) : "", "ok"});
  });
}

Result<Principal> AuthService::AuthenticateSession(const std::string& token) {
  if (token.empty()) {
    return core::Fail(ErrorCode::kUnauthenticated, "log in first", "", "no_session");
  }
  // Most requests only read (a read transaction waits for no writer); the
  // few that must write (an expired session, an inactive account, a touch)
  // write afterwards in a transaction of their own.
  enum class Then { kNothing, kTouch, kDeleteSession, kDeleteUserSessions };
  Then then = Then::kNothing;
  int64_t session_id = 0, user_id = 0;
  const int64_t now = core::ToMicros(clock_.Now());
  Principal p;
  Status outcome = store_.Read([&](store::Tx& tx) -> Status {
    then = Then::kNothing;
    GUOMEN_ASSIGN_OR_RETURN(auto s, tx.FindSession(HashToken(token)));
    if (!s) return core::Fail(ErrorCode::kUnauthenticated, "log in first", "", "no_session");
    session_id = s->id;
    user_id = s->user_id;
    int64_t idle = std::chrono::duration_cast<std::chrono::microseconds>(kIdleTimeout).count();
    int64_t absolute =
        std::chrono::duration_cast<std::chrono::microseconds>(kAbsoluteTimeout).count();
    if (now - s->last_seen_us > idle || now - s->created_at_us > absolute) {
      then = Then::kDeleteSession;
      return core::Status(core::Fail(ErrorCode::kUnauthenticated,
                                     "the session has expired; log in again", "",
                                     "session_expired"));
    }
    GUOMEN_ASSIGN_OR_RETURN(auto user, tx.GetUser(s->user_id));
    if (!user || user->disabled || user->locked) {
      then = Then::kDeleteUserSessions;
      return core::Status(core::Fail(ErrorCode::kUnauthenticated,
                                     "the account is no longer active", "", "no_session"));
    }
    // Touch at most every 10 s to spare the disk.
    if (now - s->last_seen_us > 10 * 1000000) then = Then::kTouch;
    GUOMEN_ASSIGN_OR_RETURN(p, PrincipalOf(tx, *user));
    p.session_id = s->id;
    p.csrf_hash = s->csrf_hash;
    return Status::Ok();
  });
  if (then != Then::kNothing) {
    GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
      switch (then) {
        case Then::kTouch:
          return tx.TouchSession(session_id, now);
        case Then::kDeleteSession:
          return tx.DeleteSession(session_id);
        case Then::kDeleteUserSessions:
          return tx.DeleteSessionsOfUser(user_id);
        case Then::kNothing:
          break;
      }
      return Status::Ok();
    }));
  }
  GUOMEN_RETURN_IF_ERROR(outcome);
  return p;
}

bool AuthService::CheckCsrf(const Principal& who, const std::string& csrf_token) const {
  if (who.csrf_hash.empty() || csrf_token.empty()) return false;
  return ConstantTimeEquals(HashToken(csrf_token), who.csrf_hash);
}

std::string AuthService::CsrfTokenFor(const std::string& session_token) const {
  return KeyedHash(secret_, "csrf\n" + session_token);
}

Result<Principal> AuthService::AuthenticateApiToken(const std::string& token) {
  if (!core::StartsWith(token, kApiTokenPrefix)) {
    return core::Fail(ErrorCode::kUnauthenticated, "malformed API token", "", "invalid_token");
  }
  Principal p;
  GUOMEN_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto t, tx.FindApiToken(HashToken(token)));
    int64_t now = core::ToMicros(clock_.Now());
    if (!t || t->revoked || (t->expires_at_us && *t->expires_at_us < now)) {
      return core::Fail(ErrorCode::kUnauthenticated, "the API token is unknown, revoked or expired",
                        "", "invalid_token");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto user, tx.GetUser(t->user_id));
    if (!user || user->disabled || user->locked) {
      return core::Fail(ErrorCode::kUnauthenticated, "the API token's account is not active", "",
                        "invalid_token");
    }
    GUOMEN_ASSIGN_OR_RETURN(p, PrincipalOf(tx, *user));
    std::vector<std::string> narrowed;
    for (const auto& r : t->roles) {
      if (user->roles.end() != std::find(user->roles.begin(), user->roles.end(), r)) {
        narrowed.push_back(r);
      }
    }
    p.roles = std::move(narrowed);
    p.api_token_id = t->id;
    return Status::Ok();
  }));
  return p;
}

Result<NewApiToken> AuthService::CreateApiToken(const Principal& admin, const RequestMeta& meta,
                                                int64_t user_id, const std::string& name,
                                                const std::vector<std::string>& roles,
                                                std::optional<int> expires_in_days) {
  if (name.empty() || name.size() > 200) {
    return core::Fail(ErrorCode::kValidation, "a token needs a name of 1 to 200 characters",
                      "name");
  }
  if (auto bad = FirstUnknownRole(roles); !bad.empty()) {
    return core::Fail(ErrorCode::kValidation, "unknown role " + bad, "roles");
  }
  if (roles.empty()) return core::Fail(ErrorCode::kValidation, "a token needs roles", "roles");
  if (expires_in_days && (*expires_in_days < 1 || *expires_in_days > 3650)) {
    return core::Fail(ErrorCode::kValidation, "expires_in_days must be 1 to 3650",
                      "expires_in_days");
  }
  NewApiToken out;
  out.token = kApiTokenPrefix + RandomHex(32);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto user, tx.GetUser(user_id));
    if (!user || !admin.CanSeeUnit(user->unit_id)) {
      return core::Fail(ErrorCode::kNotFound, "no user " + std::to_string(user_id), "user_id");
    }
    for (const auto& r : roles) {
      if (std::find(user->roles.begin(), user->roles.end(), r) == user->roles.end()) {
        return core::Fail(ErrorCode::kValidation,
                          "the user does not hold the role " + r + " to give to a token", "roles");
      }
    }
    int64_t now = core::ToMicros(clock_.Now());
    store::ApiToken t;
    t.user_id = user_id;
    t.name = name;
    t.token_hash = HashToken(out.token);
    t.roles = roles;
    t.created_at_us = now;
    if (expires_in_days) t.expires_at_us = now + int64_t{*expires_in_days} * 86400 * 1000000;
    GUOMEN_ASSIGN_OR_RETURN(out.id, tx.InsertApiToken(t));
    return audit_.Append(tx, &admin, meta,
                         {"api_token.create", "api_token", std::to_string(out.id), "ok"});
  }));
  return out;
}

Result<std::vector<store::ApiToken>> AuthService::ListApiTokens(const Principal& admin,
                                                                int64_t user_id) {
  std::vector<store::ApiToken> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto user, tx.GetUser(user_id));
    if (!user || !admin.CanSeeUnit(user->unit_id)) {
      return core::Fail(ErrorCode::kNotFound, "no user " + std::to_string(user_id), "user_id");
    }
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListApiTokens(user_id));
    return Status::Ok();
  }));
  return out;
}

Status AuthService::RevokeApiToken(const Principal& admin, const RequestMeta& meta,
                                   int64_t token_id) {
  return store_.Transact([&](store::Tx& tx) -> Status {
    // Tokens are found through their owner so that unit scoping applies.
    GUOMEN_ASSIGN_OR_RETURN(auto users, tx.ListUsers(admin.scope));
    for (const auto& u : users) {
      GUOMEN_ASSIGN_OR_RETURN(auto tokens, tx.ListApiTokens(u.id));
      for (const auto& t : tokens) {
        if (t.id == token_id) {
          GUOMEN_RETURN_IF_ERROR(tx.RevokeApiToken(token_id));
          return audit_.Append(tx, &admin, meta,
                               {"api_token.revoke", "api_token", std::to_string(token_id), "ok"});
        }
      }
    }
    return core::Fail(ErrorCode::kNotFound, "no API token " + std::to_string(token_id));
  });
}

}  // namespace guomen::app
