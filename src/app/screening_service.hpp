// Watchlists and name screening as a workflow: lists kept in the Store, the
// in-memory ScreeningIndex built from them at start and changed in place when
// a list is imported, changed or deactivated, ad-hoc screening (audited), the
// unaudited ScreenForWorkflow the inspection desk calls (the desk audits its
// own workflow), and delta re-screening of the stored travellers after an
// import (docs/screening.md, "List storage and the service").
//
// Thread-safe. Screens run concurrently with each other and with imports: the
// index swaps each list's new version in under its own lock, so a screen sees
// the old or the new version of a list, never a mix. Imports of lists are
// serialised (one at a time).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/audit_log.hpp"
#include "app/principal.hpp"
#include "core/cpu_gate.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "screening/import_result.hpp"
#include "screening/screening_hit.hpp"
#include "screening/screening_index.hpp"
#include "screening/screening_query.hpp"
#include "screening/watchlist_entry.hpp"
#include "store/store.hpp"

namespace guomen::app {

// A hit as a workflow shows it: which list (and what it asks) and the hit.
struct WorkflowHit {
  int64_t list_id;
  std::string list_code, list_name, list_kind, action;
  screening::ScreeningHit hit;
  // The content hash of the entry as loaded (as stored): it changes when the
  // entry changes, so a "not the same person" decision can be tied to it.
  std::string entry_hash;
};

struct NewWatchlist {
  std::string code;  // 2-64 characters of a-z, 0-9, '-', '_'
  std::string name;
  std::string authority;
  std::string kind;    // screening::ListKindName: wanted, entry_ban, exit_ban, sanctions ...
  std::string action;  // screening::ListActionName: arrest, deny_entry, deny_exit, notify, monitor
  double threshold = 0.85;
};

// What may change on a list without an import. Unset: unchanged.
struct WatchlistUpdate {
  std::optional<std::string> name;
  std::optional<std::string> authority;
  std::optional<std::string> action;
  std::optional<double> threshold;
  std::optional<bool> active;
};

// A list file (or files) to import.
struct ImportRequest {
  std::string format;  // ofac, ftm, un, csv
  // csv, ftm, un: the file's content.
  std::string content;
  // ofac: sdn.csv (required), alt.csv and sdn_comments.csv (optional); add.csv
  // (addresses) is accepted by the API but not screened against.
  std::string ofac_sdn, ofac_alt, ofac_comments;
  bool keep_good_records = false;  // skip bad records (reported) instead of failing
};

struct RescreenSummary {
  int64_t travellers_screened = 0;
  int64_t entries_screened = 0;  // the added and changed entries
  int64_t new_results = 0;
  int64_t withdrawn_entries = 0;  // removed entries whose open results were withdrawn
  bool truncated = false;         // stopped at kMaxRescreenResults
};

struct ImportOutcome {
  store::WatchlistRecord list;
  // The new version, or when `unchanged` the current one (no version is
  // written for an import that changes nothing: re-importing is idempotent).
  store::WatchlistVersionRecord version;
  bool unchanged = false;
  std::vector<screening::ImportIssue> issues;  // at most kMaxIssues
  RescreenSummary rescreen;
};

struct WatchlistDiff {
  store::WatchlistVersionRecord version;
  std::vector<store::WatchlistChangeRecord> changes;
};

struct EntryView {
  int64_t list_id = 0;
  screening::WatchlistEntry entry;
};

// A re-screening result with what an analyst needs to judge it.
struct ScreeningResultView {
  store::ScreeningResultRecord result;
  store::Traveller traveller;
  std::string list_code, list_name;
};

class ScreeningService {
 public:
  static constexpr size_t kMaxIssues = 100;
  static constexpr int kMaxPage = 500;
  static constexpr int64_t kMaxRescreenResults = 10000;
  static constexpr size_t kMaxTop = 50;

  ScreeningService(store::Store& store, const AuditLog& audit, const core::Clock& clock)
      : store_(store), audit_(audit), clock_(clock) {}

  // Builds the index from every active stored list. Called once by App::Open.
  // Errors: the store's, or kInternal naming a stored entry that cannot be read.
  core::Status LoadIndex();

  // Errors: kValidation naming the field; kConflict (field "code") if taken.
  core::Result<store::WatchlistRecord> CreateList(const Principal& who, const RequestMeta& meta,
                                                  const NewWatchlist& list);
  // Applies `update`; the index follows at once (deactivation unloads the
  // list, activation loads it, a new threshold or action applies to the next
  // screen). Errors: kNotFound, kValidation.
  core::Result<store::WatchlistRecord> UpdateList(const Principal& who, const RequestMeta& meta,
                                                  int64_t list_id, const WatchlistUpdate& update);
  core::Result<std::vector<store::WatchlistRecord>> Lists() const;
  core::Result<store::WatchlistRecord> GetList(int64_t list_id) const;

  // Imports a version: parses with the format's importer, diffs against the
  // stored entries by content hash, writes entries, version and diff in one
  // transaction (audited), updates the index in place, then re-screens the
  // stored travellers against the added and changed entries only.
  // An import equal to the current version writes nothing and returns
  // unchanged = true. Errors: kNotFound, kValidation (format), kInvalidArgument
  // (the importer's message, naming the file and line).
  core::Result<ImportOutcome> Import(const Principal& who, const RequestMeta& meta,
                                     int64_t list_id, const ImportRequest& request);
  // The same for demo data and tools: recorded as imported by `imported_by`, not audited.
  core::Result<ImportOutcome> ImportAsSystem(int64_t list_id, const ImportRequest& request,
                                             const std::string& imported_by);
  core::Result<store::WatchlistRecord> CreateListAsSystem(const NewWatchlist& list);

  core::Result<std::vector<store::WatchlistVersionRecord>> Versions(int64_t list_id) const;
  // Errors: kNotFound for an unknown list or version.
  core::Result<WatchlistDiff> Diff(int64_t list_id, int64_t version, int offset, int limit) const;
  // Entries of the current version whose names or document numbers contain
  // `query` (all when empty). Audited (list entries are personal data).
  core::Result<std::vector<EntryView>> Entries(const Principal& who, const RequestMeta& meta,
                                               int64_t list_id, const std::string& query,
                                               int offset, int limit);

  // Screens one person against every active list (or `options.lists`, by
  // index list id), audited as "screening.screen" with the hits' list and
  // entry ids and never the query. Errors: kValidation (field "name") when
  // there is neither a name nor a document number, or for a bad threshold/top.
  core::Result<std::vector<WorkflowHit>> Screen(const Principal& who, const RequestMeta& meta,
                                                const screening::ScreeningQuery& query,
                                                std::optional<double> threshold, size_t top);

  // For the inspection desk: every active list at its own threshold, best
  // first. NOT audited (the caller's workflow audits). Never fails today;
  // Result for the contract.
  core::Result<std::vector<WorkflowHit>> ScreenForWorkflow(
      const screening::ScreeningQuery& q) const;

  // Re-screening results in the caller's units, newest first (audited: they
  // name travellers). Errors: kValidation for an unknown status.
  core::Result<std::vector<ScreeningResultView>> Results(const Principal& who,
                                                         const RequestMeta& meta,
                                                         const store::ScreeningResultFilter& f);
  // Marks a result reviewed. Errors: kNotFound if missing or outside the caller's units.
  core::Result<ScreeningResultView> Review(const Principal& who, const RequestMeta& meta,
                                           int64_t result_id);

  screening::IndexStats Stats() const { return index_.Stats(); }
  // Called after an import changed a list (e.g. to re-screen pending
  // manifests). Set once by App::Open, before any import.
  void SetImportHook(std::function<void()> hook) { import_hook_ = std::move(hook); }

 private:
  core::Result<store::WatchlistRecord> DoCreate(const Principal* who, const RequestMeta& meta,
                                                const NewWatchlist& list);
  core::Result<ImportOutcome> DoImport(const Principal* who, const RequestMeta& meta,
                                       int64_t list_id, const ImportRequest& request,
                                       const std::string& imported_by);
  core::Status LoadList(const store::WatchlistRecord& list);
  void SetMeta(const store::WatchlistRecord& list);
  std::vector<WorkflowHit> ToWorkflowHits(std::vector<screening::ScreeningHit> hits) const;
  RescreenSummary Rescreen(const store::WatchlistRecord& list,
                           const std::vector<std::string>& entry_ids,
                           const std::vector<std::string>& removed_ids);

  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
  screening::ScreeningIndex index_;
  // Screening is the server's heaviest CPU work: as many at once as there
  // are cores (core/cpu_gate.hpp).
  mutable core::CpuGate cpu_gate_{core::CpuGate::DefaultSlots()};
  mutable std::shared_mutex meta_mu_;
  std::unordered_map<int64_t, store::WatchlistRecord> meta_;  // the loaded (active) lists
  std::mutex import_mu_;
  std::function<void()> import_hook_;
};

// The hit's explanation as sentences an officer reads, in `lang` ("zh-CN" or
// "en"; anything else: English): first a summary line (score, matched name,
// alias quality), then one sentence per factor with its effect.
std::vector<std::string> ExplainHit(const screening::ScreeningHit& hit, std::string_view lang);

// "wl-<id>": the index's list id for a stored list.
std::string IndexListId(int64_t list_id);

}  // namespace guomen::app
