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
#include <utility>
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

  // --- Watchlists and screening results (migration 3; app/screening_service) ---
  // InsertWatchlist: kConflict (field "code") if the code is taken.
  virtual core::Result<int64_t> InsertWatchlist(const WatchlistRecord& list) = 0;
  virtual core::Result<std::vector<WatchlistRecord>> ListWatchlists() = 0;
  virtual core::Result<std::optional<WatchlistRecord>> GetWatchlist(int64_t id) = 0;
  // Writes name, authority, kind, action, threshold, active, current_version,
  // entry_count and updated_at.
  virtual core::Status UpdateWatchlist(const WatchlistRecord& list) = 0;
  virtual core::Result<int64_t> InsertWatchlistVersion(const WatchlistVersionRecord& version) = 0;
  // Newest first.
  virtual core::Result<std::vector<WatchlistVersionRecord>> ListWatchlistVersions(
      int64_t list_id) = 0;
  virtual core::Result<std::optional<WatchlistVersionRecord>> GetWatchlistVersion(
      int64_t list_id, int64_t version) = 0;
  // Entries of a list's current version: (entry id, content hash) of all.
  virtual core::Result<std::vector<std::pair<std::string, std::string>>> ListWatchlistEntryHashes(
      int64_t list_id) = 0;
  // Inserts or replaces the entry with the same (list_id, entry_id).
  virtual core::Status PutWatchlistEntry(const WatchlistEntryRow& entry) = 0;
  virtual core::Status DeleteWatchlistEntry(int64_t list_id, const std::string& entry_id) = 0;
  // Calls fn for every entry of the list in entry id order, in pages; stops if fn returns false.
  virtual core::Status ScanWatchlistEntries(
      int64_t list_id, const std::function<bool(const WatchlistEntryRow&)>& fn) = 0;
  // Entries whose names or document numbers contain `query` (case-insensitive
  // for ASCII; every entry when empty), by primary name.
  virtual core::Result<std::vector<WatchlistEntryRow>> SearchWatchlistEntries(
      int64_t list_id, const std::string& query, int offset, int limit) = 0;
  virtual core::Result<std::optional<WatchlistEntryRow>> GetWatchlistEntry(
      int64_t list_id, const std::string& entry_id) = 0;
  virtual core::Status InsertWatchlistChange(const WatchlistChangeRecord& change) = 0;
  // A version's diff by change then entry id.
  virtual core::Result<std::vector<WatchlistChangeRecord>> ListWatchlistChanges(
      int64_t list_id, int64_t version, int offset, int limit) = 0;
  // Every traveller of every unit with id > after_id, by id (system jobs only).
  virtual core::Result<std::vector<Traveller>> ListTravellersAfter(int64_t after_id, int limit) = 0;
  // Returns false (and writes nothing) when the same traveller, list, entry
  // and list version already has a result.
  virtual core::Result<bool> InsertScreeningResult(const ScreeningResultRecord& result) = 0;
  // Newest first, in the units of `scope`.
  virtual core::Result<std::vector<ScreeningResultRecord>> ListScreeningResults(
      const ScreeningResultFilter& filter, const UnitScope& scope) = 0;
  virtual core::Result<std::optional<ScreeningResultRecord>> GetScreeningResult(int64_t id) = 0;
  virtual core::Status ReviewScreeningResult(int64_t id, int64_t user_id, int64_t at_us) = 0;
  // Marks the list entry's 'new' results withdrawn (the entry left the list).
  virtual core::Status WithdrawScreeningResults(int64_t list_id, const std::string& entry_id) = 0;
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
