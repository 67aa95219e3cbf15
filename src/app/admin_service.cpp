#include "app/admin_service.hpp"

#include <algorithm>

#include "app/crypto.hpp"
#include "app/roles.hpp"
#include "app/unit_scope.hpp"

namespace guomen::app {

using core::ErrorCode;
using core::Result;
using core::Status;

namespace {

const std::vector<std::string>& UnitKinds() {
  static const std::vector<std::string> kinds = {"ministry", "province", "prefecture",
                                                 "county",   "port",     "station"};
  return kinds;
}

core::Error NoSuch(const std::string& what, int64_t id, const std::string& field = {}) {
  return core::MakeError(ErrorCode::kNotFound, "no " + what + " " + std::to_string(id), field);
}

bool ValidUsername(const std::string& u) {
  if (u.size() < 2 || u.size() > 64) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

// The principal used for bootstrap actions from the CLI or demo data.
Principal SystemPrincipal() {
  Principal p;
  p.username = "system";
  return p;
}

}  // namespace

Result<std::vector<store::Unit>> AdminService::ListUnits(const Principal& who) {
  std::vector<store::Unit> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto all, tx.ListUnits());
    for (auto& u : all) {
      if (who.CanSeeUnit(u.id)) out.push_back(std::move(u));
    }
    return Status::Ok();
  }));
  return out;
}

Result<store::Unit> AdminService::GetUnit(const Principal& who, int64_t id) {
  store::Unit out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto u, tx.GetUnit(id));
    if (!u || !who.CanSeeUnit(u->id)) return core::Fail(NoSuch("unit", id));
    out = *u;
    return Status::Ok();
  }));
  return out;
}

Result<store::Unit> AdminService::CreateUnit(const Principal& who, const RequestMeta& meta,
                                             store::Unit unit) {
  if (unit.code.empty() || unit.code.size() > 64) {
    return core::Fail(ErrorCode::kValidation, "a unit code of 1 to 64 characters is required",
                      "code");
  }
  if (unit.name.empty()) return core::Fail(ErrorCode::kValidation, "a name is required", "name");
  if (unit.name_en.empty()) {
    return core::Fail(ErrorCode::kValidation, "an English name is required", "name_en");
  }
  if (std::find(UnitKinds().begin(), UnitKinds().end(), unit.kind) == UnitKinds().end()) {
    return core::Fail(ErrorCode::kValidation,
                      "kind must be one of ministry, province, prefecture, county, port, station",
                      "kind");
  }
  bool system = who.username == "system" && who.user_id == 0;
  if (!unit.parent_id && !system) {
    return core::Fail(ErrorCode::kValidation, "a parent unit is required", "parent_id");
  }
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    if (unit.parent_id) {
      GUOMEN_ASSIGN_OR_RETURN(auto parent, tx.GetUnit(*unit.parent_id));
      if (!parent || (!system && !who.CanSeeUnit(parent->id))) {
        return core::Fail(NoSuch("parent unit", *unit.parent_id, "parent_id"));
      }
    }
    GUOMEN_ASSIGN_OR_RETURN(unit.id, tx.InsertUnit(unit));
    return audit_.Append(tx, system ? nullptr : &who, meta,
                         {"unit.create", "unit", std::to_string(unit.id), "ok"}, "system");
  }));
  return unit;
}

Result<UserView> AdminService::ViewOf(store::Tx& tx, const store::User& user) {
  GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.GetUnit(user.unit_id));
  UserView v{user, unit ? unit->name : "", unit ? unit->name_en : ""};
  v.user.password_hash.clear();
  return v;
}

Result<std::vector<UserView>> AdminService::ListUsers(const Principal& who,
                                                      const RequestMeta& meta) {
  std::vector<UserView> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto users, tx.ListUsers(who.scope));
    for (const auto& u : users) {
      GUOMEN_ASSIGN_OR_RETURN(auto v, ViewOf(tx, u));
      out.push_back(std::move(v));
    }
    bool system = who.username == "system" && who.user_id == 0;
    return audit_.Append(tx, system ? nullptr : &who, meta, {"user.list", "user", "", "ok"},
                         "system");
  }));
  return out;
}

Result<UserView> AdminService::GetUser(const Principal& who, const RequestMeta& meta, int64_t id) {
  UserView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto u, tx.GetUser(id));
    if (!u || !who.CanSeeUnit(u->unit_id)) return core::Fail(NoSuch("user", id));
    GUOMEN_ASSIGN_OR_RETURN(out, ViewOf(tx, *u));
    return audit_.Append(tx, &who, meta, {"user.read", "user", std::to_string(id), "ok"});
  }));
  return out;
}

Status AdminService::ValidateNewUser(const NewUserRequest& req) const {
  if (!ValidUsername(req.username)) {
    return core::Fail(ErrorCode::kValidation,
                      "a username has 2 to 64 characters: lower-case letters, digits, '.', '_', '-'",
                      "username");
  }
  if (req.display_name.empty() || req.display_name.size() > 200) {
    return core::Fail(ErrorCode::kValidation, "a display name of 1 to 200 characters is required",
                      "display_name");
  }
  if (req.roles.empty()) {
    return core::Fail(ErrorCode::kValidation, "a user needs at least one role", "roles");
  }
  if (auto bad = FirstUnknownRole(req.roles); !bad.empty()) {
    return core::Fail(ErrorCode::kValidation, "unknown role " + bad, "roles");
  }
  return policy_.Check(req.password, req.username);
}

Result<UserView> AdminService::CreateUser(const Principal& who, const RequestMeta& meta,
                                          const NewUserRequest& req) {
  GUOMEN_RETURN_IF_ERROR(ValidateNewUser(req));
  bool system = who.username == "system" && who.user_id == 0;
  GUOMEN_ASSIGN_OR_RETURN(std::string hash, HashPassword(req.password));
  UserView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.GetUnit(req.unit_id));
    if (!unit || (!system && !who.CanSeeUnit(unit->id))) {
      return core::Fail(NoSuch("unit", req.unit_id, "unit_id"));
    }
    store::User u;
    u.username = req.username;
    u.display_name = req.display_name;
    u.unit_id = req.unit_id;
    u.roles = req.roles;
    u.password_hash = hash;
    u.created_at_us = core::ToMicros(clock_.Now());
    GUOMEN_ASSIGN_OR_RETURN(u.id, tx.InsertUser(u));
    GUOMEN_ASSIGN_OR_RETURN(out, ViewOf(tx, u));
    return audit_.Append(tx, system ? nullptr : &who, meta,
                         {"user.create", "user", std::to_string(u.id), "ok"}, "system");
  }));
  return out;
}

Result<UserView> AdminService::ChangeUser(const Principal& who, const RequestMeta& meta,
                                          int64_t id, UserAction action) {
  UserView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto u, tx.GetUser(id));
    if (!u || !who.CanSeeUnit(u->unit_id)) return core::Fail(NoSuch("user", id));
    std::string what;
    switch (action) {
      case UserAction::kDisable:
        if (u->id == who.user_id) {
          return core::Fail(ErrorCode::kValidation, "you cannot disable your own account");
        }
        u->disabled = true;
        GUOMEN_RETURN_IF_ERROR(tx.DeleteSessionsOfUser(u->id));
        what = "user.disable";
        break;
      case UserAction::kEnable:
        u->disabled = false;
        what = "user.enable";
        break;
      case UserAction::kUnlock:
        u->locked = false;
        u->failed_logins = 0;
        what = "user.unlock";
        break;
    }
    GUOMEN_RETURN_IF_ERROR(tx.UpdateUser(*u));
    GUOMEN_ASSIGN_OR_RETURN(out, ViewOf(tx, *u));
    bool system = who.username == "system" && who.user_id == 0;
    return audit_.Append(tx, system ? nullptr : &who, meta, {what, "user", std::to_string(id), "ok"},
                         "system");
  }));
  if (action == UserAction::kUnlock && on_unlock_) on_unlock_(out.user.username);
  return out;
}

Result<UserView> AdminService::SetPassword(const Principal& who, const RequestMeta& meta,
                                           int64_t id, const std::string& password) {
  UserView out;
  std::optional<store::User> target;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(target, tx.GetUser(id));
    if (!target || !who.CanSeeUnit(target->unit_id)) return core::Fail(NoSuch("user", id));
    return Status::Ok();
  }));
  GUOMEN_RETURN_IF_ERROR(policy_.Check(password, target->username));
  GUOMEN_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto u, tx.GetUser(id));
    if (!u) return core::Fail(NoSuch("user", id));
    u->password_hash = hash;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateUser(*u));
    GUOMEN_RETURN_IF_ERROR(tx.DeleteSessionsOfUser(id));
    GUOMEN_ASSIGN_OR_RETURN(out, ViewOf(tx, *u));
    return audit_.Append(tx, &who, meta, {"user.password", "user", std::to_string(id), "ok"});
  }));
  return out;
}

Result<store::Unit> AdminService::CreateUnitAsSystem(store::Unit unit) {
  return CreateUnit(SystemPrincipal(), RequestMeta{"cli", ""}, std::move(unit));
}

Result<UserView> AdminService::CreateUserAsSystem(const NewUserRequest& req) {
  return CreateUser(SystemPrincipal(), RequestMeta{"cli", ""}, req);
}

Result<Principal> AdminService::SystemWithFullScope() {
  Principal p = SystemPrincipal();
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto units, tx.ListUnits());
    for (const auto& u : units) p.scope.push_back(u.id);
    return Status::Ok();
  }));
  return p;
}

Result<std::vector<store::Unit>> AdminService::ListAllUnitsAsSystem() {
  GUOMEN_ASSIGN_OR_RETURN(auto p, SystemWithFullScope());
  return ListUnits(p);
}

Result<std::vector<UserView>> AdminService::ListAllUsersAsSystem() {
  GUOMEN_ASSIGN_OR_RETURN(auto p, SystemWithFullScope());
  return ListUsers(p, RequestMeta{"cli", ""});
}

Result<std::optional<store::Unit>> AdminService::FindUnitByCodeAsSystem(const std::string& code) {
  std::optional<store::Unit> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.FindUnitByCode(code));
    return Status::Ok();
  }));
  return out;
}

Result<UserView> AdminService::ChangeUserAsSystem(const std::string& username, UserAction action) {
  GUOMEN_ASSIGN_OR_RETURN(auto p, SystemWithFullScope());
  std::optional<store::User> u;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(u, tx.FindUserByName(username));
    return Status::Ok();
  }));
  if (!u) return core::Fail(ErrorCode::kNotFound, "no user " + username, "username");
  return ChangeUser(p, RequestMeta{"cli", ""}, u->id, action);
}

}  // namespace guomen::app
