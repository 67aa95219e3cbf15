// The Store: the only door to persistent data. Services call it; only store/
// speaks SQL.
//
// Work happens in explicit transactions: Store::Transact runs a function with
// a Tx, commits when it returns Ok and rolls back otherwise. A Tx must not be
// used after its function returns. Store is thread-safe; a Tx is not.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/records.hpp"

namespace guomen::store {

// Unit ids a caller may see; services pass it to every scoped query.
using UnitScope = std::vector<int64_t>;

class Tx {
 public:
  virtual ~Tx() = default;

  // Units. InsertUnit: kConflict if the code exists, kValidation if the parent does not.
  virtual core::Result<int64_t> InsertUnit(const Unit& unit) = 0;
  virtual core::Result<std::vector<Unit>> ListUnits() = 0;
  virtual core::Result<std::optional<Unit>> GetUnit(int64_t id) = 0;
  virtual core::Result<std::optional<Unit>> FindUnitByCode(const std::string& code) = 0;

  // Users. InsertUser: kConflict if the username is taken.
  virtual core::Result<int64_t> InsertUser(const User& user) = 0;
  virtual core::Result<std::optional<User>> GetUser(int64_t id) = 0;
  virtual core::Result<std::optional<User>> FindUserByName(const std::string& username) = 0;
  virtual core::Result<std::vector<User>> ListUsers(const UnitScope& scope) = 0;
  // Writes disabled, locked, failed_logins, display_name, roles and password_hash.
  virtual core::Status UpdateUser(const User& user) = 0;

  // Sessions.
  virtual core::Result<int64_t> InsertSession(const Session& session) = 0;
  virtual core::Result<std::optional<Session>> FindSession(const std::string& token_hash) = 0;
  virtual core::Status TouchSession(int64_t id, int64_t last_seen_us) = 0;
  virtual core::Status DeleteSession(int64_t id) = 0;
  virtual core::Status DeleteSessionsOfUser(int64_t user_id) = 0;
  virtual core::Status DeleteSessionsIdleSince(int64_t before_us) = 0;

  // API tokens for machine clients.
  virtual core::Result<int64_t> InsertApiToken(const ApiToken& token) = 0;
  virtual core::Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) = 0;
  virtual core::Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) = 0;
  virtual core::Status RevokeApiToken(int64_t id) = 0;

  // Audit trail. AppendAuditEvent inserts with the given id and moves the head;
  // callers (app/audit_log) compute the chain.
  virtual core::Result<AuditHead> GetAuditHead() = 0;
  virtual core::Status AppendAuditEvent(const AuditEvent& event) = 0;
  virtual core::Result<std::vector<AuditEvent>> ListAuditEvents(const AuditFilter& filter) = 0;
  // Calls `fn` for every event in id order, in pages; stops early if fn returns false.
  virtual core::Status ScanAuditEvents(const std::function<bool(const AuditEvent&)>& fn) = 0;

  // Travellers.
  virtual core::Result<int64_t> InsertTraveller(const Traveller& traveller) = 0;
  virtual core::Result<std::optional<Traveller>> GetTraveller(int64_t id) = 0;
  // Matches `query` against names (prefix, case-insensitive) and document numbers.
  virtual core::Result<std::vector<Traveller>> SearchTravellers(const std::string& query,
                                                                const UnitScope& scope,
                                                                int limit) = 0;

  // Key/value settings (e.g. the instance id).
  virtual core::Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual core::Status PutSetting(const std::string& key, const std::string& value) = 0;

  // --- Risk rules (app/rule_service), reference sets and fact snapshots ---
  // InsertRule: kConflict if the code exists. UpdateRule writes state,
  // current_version, active_version and updated_at.
  virtual core::Result<int64_t> InsertRule(const Rule& rule) = 0;
  virtual core::Status UpdateRule(const Rule& rule) = 0;
  virtual core::Result<std::optional<Rule>> GetRule(int64_t id) = 0;
  // Rules owned by a unit in `scope`, by code.
  virtual core::Result<std::vector<Rule>> ListRules(const UnitScope& scope,
                                                    const RuleFilter& filter) = 0;
  // Every rule with a version in force, whatever its owner (for evaluation).
  virtual core::Result<std::vector<Rule>> ListRulesInForce() = 0;
  // InsertRuleVersion: kConflict if (rule_id, version) exists.
  virtual core::Result<int64_t> InsertRuleVersion(const RuleVersion& version) = 0;
  // Writes state and the submitted/decided/retired fields.
  virtual core::Status UpdateRuleVersion(const RuleVersion& version) = 0;
  virtual core::Result<std::optional<RuleVersion>> GetRuleVersion(int64_t rule_id, int version) = 0;
  // Newest first.
  virtual core::Result<std::vector<RuleVersion>> ListRuleVersions(int64_t rule_id) = 0;

  // Reference sets, by name. PutReferenceSet inserts or replaces.
  virtual core::Status PutReferenceSet(const ReferenceSet& set) = 0;
  virtual core::Result<std::optional<ReferenceSet>> GetReferenceSet(const std::string& name) = 0;
  virtual core::Result<std::vector<ReferenceSet>> ListReferenceSets() = 0;
  virtual core::Status DeleteReferenceSet(const std::string& name) = 0;

  // Fact snapshots. Scan calls `fn` for each snapshot with from_us <= time <
  // to_us whose unit is in `scope`, in time order, in pages; stops early when
  // fn returns false.
  virtual core::Result<int64_t> InsertFactSnapshot(const FactSnapshot& snapshot) = 0;
  virtual core::Status ScanFactSnapshots(int64_t from_us, int64_t to_us, const UnitScope& scope,
                                         const std::function<bool(const FactSnapshot&)>& fn) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs fn in one transaction. Returns fn's error (after rollback), or the
  // commit's error.
  virtual core::Status Transact(const std::function<core::Status(Tx&)>& fn) = 0;
  // The schema version the database is at.
  virtual int SchemaVersion() const = 0;
  // "sqlite:PATH" or "postgresql://..." with any password removed.
  virtual std::string Describe() const = 0;
};

// Opens a store and brings its schema up to date.
// `location` is a SQLite file path, "sqlite:PATH", or a postgresql:// URL.
// Errors: kFailedPrecondition if the database is newer than this binary,
// kUnavailable if it cannot be opened.
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

// The newest schema version this binary knows.
int LatestSchemaVersion();

}  // namespace guomen::store
