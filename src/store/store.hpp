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
  // The ids of the unit and of every unit under it, the unit first (none if
  // there is no such unit): a principal's scope, read by the index on
  // units' parents instead of the whole table.
  virtual core::Result<std::vector<int64_t>> ListUnitSubtree(int64_t root) = 0;
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

  // Audit trail; callers (app/audit_log) compute the chain. ClaimAuditLane
  // locks a lane of the trail for this transaction (the same one on every
  // call in it) and returns its head with the id the next event takes.
  // AppendAuditEvent inserts the event with its id and moves its lane's head.
  // GetAuditLanes returns every lane's head, by lane, without locking.
  virtual core::Result<AuditHead> ClaimAuditLane() = 0;
  virtual core::Status AppendAuditEvent(const AuditEvent& event) = 0;
  virtual core::Result<std::vector<AuditHead>> GetAuditLanes() = 0;
  virtual core::Result<std::vector<AuditEvent>> ListAuditEvents(const AuditFilter& filter) = 0;
  // Calls `fn` for every event in id order, in pages; stops early if fn
  // returns false. Appenders wait until this transaction ends, so a later
  // GetAuditLanes in it sees the heads of the events scanned.
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

  // --- Port inspection (records_inspection.hpp) ---
  virtual core::Result<int64_t> InsertDeskSession(const DeskSession& session) = 0;
  virtual core::Result<std::optional<DeskSession>> GetDeskSession(int64_t id) = 0;
  virtual core::Status CloseDeskSession(int64_t id, int64_t at_us) = 0;
  // Travellers by document (any unit: a document is one person's wherever it was seen).
  virtual core::Result<std::optional<Traveller>> FindTravellerByDocument(
      const std::string& document_number, const std::string& issuing_state) = 0;
  // Records with the same name and date of birth (possible same person).
  virtual core::Result<std::vector<Traveller>> FindTravellersByNameAndBirth(
      const std::string& surname, const std::string& given_names, const std::string& birth_date,
      int limit) = 0;
  virtual core::Result<int64_t> InsertInspection(const Inspection& inspection) = 0;
  virtual core::Result<std::optional<Inspection>> GetInspection(int64_t id) = 0;
  // Writes state, decision, refusal_code, answers_json, note, decided_at,
  // durations_json, permitted_stay_days and overstay_days.
  virtual core::Status UpdateInspection(const Inspection& inspection) = 0;
  virtual core::Result<int64_t> InsertInspectionHit(const InspectionHit& hit) = 0;
  virtual core::Result<std::vector<InspectionHit>> ListInspectionHits(int64_t inspection_id) = 0;
  // Writes status, reason, adjudicated_by and adjudicated_at.
  virtual core::Status UpdateInspectionHit(const InspectionHit& hit) = 0;
  virtual core::Result<std::optional<HitClearance>> FindHitClearance(
      const std::string& document_number, const std::string& issuing_state, int64_t list_id,
      const std::string& entry_id, const std::string& entry_hash) = 0;
  virtual core::Result<int64_t> InsertHitClearance(const HitClearance& clearance) = 0;
  virtual core::Result<int64_t> InsertSecondaryCase(const SecondaryCase& c) = 0;
  virtual core::Result<std::optional<SecondaryCase>> GetSecondaryCase(int64_t id) = 0;
  // Cases of the units in `scope` in one of `states`, oldest referral first.
  virtual core::Result<std::vector<SecondaryCase>> ListSecondaryCases(
      const UnitScope& scope, const std::vector<std::string>& states, int limit) = 0;
  // Writes state, officer_id, taken_at, notes, checks_json, findings, outcome,
  // refusal_code and completed_at.
  virtual core::Status UpdateSecondaryCase(const SecondaryCase& c) = 0;
  virtual core::Result<int64_t> InsertCrossing(const Crossing& crossing) = 0;
  // Newest first.
  virtual core::Result<std::vector<Crossing>> ListCrossingsOfTraveller(int64_t traveller_id,
                                                                       int limit) = 0;
  virtual core::Result<TravellerHistory> GetTravellerHistory(int64_t traveller_id) = 0;
  // The traveller's newest crossing with decision admit, if any.
  virtual core::Result<std::optional<Crossing>> LastAdmittedCrossing(int64_t traveller_id) = 0;
  // Crossings of the units in `scope` in [from, to), oldest first.
  virtual core::Result<std::vector<Crossing>> ListCrossings(const UnitScope& scope, int64_t from_us,
                                                            int64_t to_us, int limit) = 0;
  // Admitted entries of foreign nationals (nationality != home) with a
  // permitted stay that ended before `now`, with no later admitted crossing.
  virtual core::Result<std::vector<Crossing>> ListOverstayingEntries(const UnitScope& scope,
                                                                     const std::string& home,
                                                                     int64_t now_us, int limit) = 0;
  // Admitted exits that were recorded with an overstay, newest first.
  virtual core::Result<std::vector<Crossing>> ListExitsAfterOverstay(const UnitScope& scope,
                                                                     int64_t from_us, int limit) = 0;
  virtual core::Result<std::vector<RefusalReason>> ListRefusalReasons() = 0;
  virtual core::Status PutRefusalReason(const RefusalReason& reason) = 0;
  // Active items for every port and for `unit_id`, for the direction (and "both").
  virtual core::Result<std::vector<ChecklistItem>> ListChecklist(int64_t unit_id,
                                                                 const std::string& direction) = 0;
  virtual core::Result<std::vector<ChecklistItem>> ListAllChecklistItems() = 0;
  virtual core::Result<int64_t> InsertChecklistItem(const ChecklistItem& item) = 0;
  virtual core::Status SetChecklistItemActive(int64_t id, bool active) = 0;
  virtual core::Result<std::vector<StayRule>> ListStayRules() = 0;
  // Inserts or replaces the rule for (nationality, conveyance).
  virtual core::Status PutStayRule(const StayRule& rule) = 0;
  virtual core::Result<int64_t> InsertAlert(const Alert& alert) = 0;
  virtual core::Result<std::vector<Alert>> ListAlerts(const UnitScope& scope,
                                                      const std::optional<std::string>& state,
                                                      int limit) = 0;
  virtual core::Result<std::optional<Alert>> GetAlert(int64_t id) = 0;
  virtual core::Status AcknowledgeAlert(int64_t id, int64_t user_id, int64_t at_us) = 0;
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

  // --- Advance information: manifests (migration 6; app/manifest_service) ---
  virtual core::Result<int64_t> InsertManifest(const Manifest& m) = 0;
  // Writes every field but id, unit_id and received_at.
  virtual core::Status UpdateManifest(const Manifest& m) = 0;
  virtual core::Result<std::optional<Manifest>> GetManifest(int64_t id) = 0;
  // The manifest of the same conveyance at the same port: same transport id
  // and list type, scheduled arrival in [from, to) (or both without one).
  virtual core::Result<std::optional<Manifest>> FindManifestByConveyance(
      int64_t unit_id, const std::string& transport_id, const std::string& list_type,
      std::optional<int64_t> from_us, std::optional<int64_t> to_us) = 0;
  // Manifests of the units in `scope` (or filter.unit_id) arriving in
  // [from, to), by scheduled arrival, with their person counts.
  virtual core::Result<std::vector<ManifestSummary>> ListManifests(const UnitScope& scope,
                                                                   const ManifestFilter& f) = 0;
  // Ids of every manifest (any unit) scheduled to arrive at or after `from_us`
  // (system jobs only: re-screening).
  virtual core::Result<std::vector<int64_t>> ListManifestIdsArrivingAfter(int64_t from_us) = 0;
  virtual core::Result<int64_t> InsertManifestVersion(const ManifestVersion& v) = 0;
  // The version received under these references, if any (newest first).
  virtual core::Result<std::optional<ManifestVersion>> FindManifestVersionByRefs(
      const std::string& sender, const std::string& interchange_ref,
      const std::string& message_ref) = 0;
  // Newest first.
  virtual core::Result<std::vector<ManifestVersion>> ListManifestVersions(int64_t manifest_id) = 0;
  virtual core::Status DeleteManifestPersons(int64_t manifest_id) = 0;
  virtual core::Result<int64_t> InsertManifestPerson(const ManifestPerson& p) = 0;
  // In message order.
  virtual core::Result<std::vector<ManifestPerson>> ListManifestPersons(int64_t manifest_id) = 0;
  virtual core::Result<std::optional<ManifestPerson>> GetManifestPerson(int64_t id) = 0;
  // Writes risk_level, points, reasons_json, hits_json and screened_at.
  virtual core::Status UpdateManifestPersonRisk(const ManifestPerson& p) = 0;
  virtual core::Status UpdateManifestPersonMarks(int64_t id, const std::string& marks_json) = 0;
  // Persons with this document on a manifest of `unit_id` scheduled to
  // arrive in [from, to), nearest arrival first.
  virtual core::Result<std::vector<ManifestPersonMatch>> FindManifestPersonsByDocument(
      int64_t unit_id, const std::string& document_number, const std::string& issuing_state,
      int64_t from_us, int64_t to_us) = 0;
  // --- Partner agencies, the notification outbox and the delivery log
  // (migration 7; app/partner_service, records_partners.hpp) ---
  // InsertPartnerAgency: kConflict (field "code") if the code is taken.
  virtual core::Result<int64_t> InsertPartnerAgency(const PartnerAgency& agency) = 0;
  // Writes name, name_en, kind, system_user_id, active and updated_at.
  virtual core::Status UpdatePartnerAgency(const PartnerAgency& agency) = 0;
  virtual core::Result<std::optional<PartnerAgency>> GetPartnerAgency(int64_t id) = 0;
  // By code.
  virtual core::Result<std::vector<PartnerAgency>> ListPartnerAgencies() = 0;
  virtual core::Result<std::optional<PartnerAgency>> FindPartnerAgencyByUser(int64_t user_id) = 0;
  virtual core::Result<int64_t> InsertPartnerEndpoint(const PartnerEndpoint& endpoint) = 0;
  // Writes url, active and (when not empty) secret_box and secret_hint.
  virtual core::Status UpdatePartnerEndpoint(const PartnerEndpoint& endpoint) = 0;
  virtual core::Result<std::optional<PartnerEndpoint>> GetPartnerEndpoint(int64_t id) = 0;
  // Of one agency (every agency when unset), by id.
  virtual core::Result<std::vector<PartnerEndpoint>> ListPartnerEndpoints(
      std::optional<int64_t> agency_id) = 0;
  virtual core::Result<int64_t> InsertPartnerSubscription(const PartnerSubscription& s) = 0;
  virtual core::Status DeletePartnerSubscription(int64_t id) = 0;
  virtual core::Result<std::optional<PartnerSubscription>> GetPartnerSubscription(int64_t id) = 0;
  virtual core::Result<std::vector<PartnerSubscription>> ListPartnerSubscriptions(
      std::optional<int64_t> agency_id) = 0;
  // Active agencies with a subscription to `kind` for `port_unit_id` or for
  // every port, by id.
  virtual core::Result<std::vector<PartnerAgency>> ListSubscribedAgencies(const std::string& kind,
                                                                          int64_t port_unit_id) = 0;
  virtual core::Result<int64_t> InsertPartnerNotification(const PartnerNotification& n) = 0;
  virtual core::Result<std::optional<PartnerNotification>> GetPartnerNotification(int64_t id) = 0;
  // Whether the agency already has a notification with this idempotency key.
  virtual core::Result<bool> HasPartnerNotification(int64_t agency_id,
                                                    const std::string& idempotency_key) = 0;
  // Notifications of the ports in `scope` (every port when nullopt: system
  // jobs and the agencies' own pull).
  virtual core::Result<std::vector<PartnerNotification>> ListPartnerNotifications(
      const PartnerNotificationFilter& filter, const std::optional<UnitScope>& scope) = 0;
  // Pending notifications with an endpoint due at `now_us` (oldest due first):
  // each is claimed by moving its next_attempt_at to `lease_until_us`, so
  // that another worker does not take it meanwhile. Returns the claimed rows
  // as they were before the claim.
  virtual core::Result<std::vector<PartnerNotification>> ClaimDuePartnerNotifications(
      int64_t now_us, int64_t lease_until_us, int limit) = 0;
  // Writes state, attempts, next_attempt_at, last_error, delivered_at and acked_at.
  virtual core::Status UpdatePartnerNotification(const PartnerNotification& n) = 0;
  virtual core::Result<int64_t> InsertPartnerDelivery(const PartnerDelivery& d) = 0;
  // Newest first, of the ports in `scope`.
  virtual core::Result<std::vector<PartnerDelivery>> ListPartnerDeliveries(
      const PartnerDeliveryFilter& filter, const UnitScope& scope) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  // Runs fn in one transaction. Returns fn's error (after rollback), or the
  // commit's error.
  virtual core::Status Transact(const std::function<core::Status(Tx&)>& fn) = 0;
  // Like Transact, but a transaction that loses a conflict with a concurrent
  // one (PostgreSQL: deadlock 40P01, serialization failure 40001) is rolled
  // back and run again, up to kConflictAttempts times in all. Only for a
  // function that may run more than once: it must assign (not append to)
  // whatever it leaves outside the transaction. SQLite serialises writers
  // and never loses a conflict, so there it is Transact.
  static constexpr int kConflictAttempts = 4;
  virtual core::Status TransactRetrying(const std::function<core::Status(Tx&)>& fn) {
    return Transact(fn);
  }
  // Runs fn in a read-only transaction: it sees one consistent state of the
  // database, and any write it tries fails (kInternal) without touching the
  // data. It does not wait for writers: on SQLite it runs on a reading
  // connection beside the group commit, not in it. Not to be called from
  // inside a transaction of the same store.
  virtual core::Status Read(const std::function<core::Status(Tx&)>& fn) { return Transact(fn); }
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
