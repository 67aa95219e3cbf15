// Advance passenger and crew information (issue 7): carriers' lists are
// received (UN/EDIFACT PAXLST, IMO FAL CSV or JSON; from the API or the inbox
// directory), stored with their verdict and every version, screened whole
// (watchlists + risk rules with the manifest facts) and shown to analysts as
// a pre-arrival risk list they mark; after arrival the list is reconciled
// with the crossings recorded at the desk.
//
// Intake is idempotent: a resend (same sender, interchange and message
// reference and the same content) returns the stored manifest; a change
// message, or new content for the same conveyance, updates it and keeps the
// previous version. An invalid message is stored too, its persons marked as
// coming from a defective message, and the carrier gets a CONTRL rejection.
//
// Screening runs outside the write transactions (the index and the rules are
// in memory); its results are written afterwards, unless the manifest changed
// in between (then the newer intake screens again). The persons of one
// manifest are screened and assessed on a few threads at once (AssessPersons),
// so that a 500-person list is ready in tens of milliseconds.
//
// Thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.hpp"
#include "app/partner_notice.hpp"
#include "app/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "edifact/paxlst_message.hpp"
#include "screening/screening_query.hpp"
#include "store/store.hpp"

namespace guomen::app {

class ScreeningService;
struct WorkflowHit;
class RuleService;

// A notification for a partner agency, raised by an analyst's mark. The
// partner-agency push (outbox, webhooks) delivers it; it is written in the
// same transaction as the mark.
using PartnerNotifyFn = std::function<core::Status(store::Tx&, const PartnerNotice&)>;

struct ManifestIntakeRequest {
  // "edifact" (text/plain), "csv" (IMO FAL Form 5/6) or "json".
  std::string format;
  std::string body;
  // The port of arrival. Unset: the caller's unit when it is a port or station.
  std::optional<int64_t> port_unit_id;
  std::string source = "api";  // api | inbox
  // For CSV, which carries no conveyance: the transport id (required), the
  // carrier, the scheduled arrival (ISO 8601), places and a reference.
  std::string transport_id;
  std::string carrier;
  std::string arrival;
  std::string departure_location;
  std::string arrival_location;
  std::string reference;
  std::string conveyance;  // air, sea, rail, land; default: air for PAXLST, sea for CSV
};

struct IntakeItem {
  store::Manifest manifest;  // raw_text cleared
  bool resend = false;       // nothing written: the same message was received before
  bool updated = false;      // a new version of an existing manifest
  int64_t persons = 0;
  int64_t red = 0;
  int64_t yellow = 0;
};

struct IntakeResult {
  std::string verdict;  // valid | valid_with_warnings | invalid
  std::string
      issues_json;  // every finding, [{severity, segment, tag, element, component, code, message}]
  std::vector<IntakeItem> manifests;
  // For EDIFACT: the CONTRL message for the carrier (acknowledgement, or
  // rejection naming the segments and elements in error). Empty otherwise.
  std::string acknowledgement;
  std::string acknowledgement_action;  // 0083: 7 accepted, 8 partly, 4 rejected
};

struct ManifestView {
  store::Manifest manifest;  // raw_text kept
  // The risk list: red first, then yellow, then by points, then message order.
  std::vector<store::ManifestPerson> persons;
  std::vector<store::ManifestVersion> versions;  // newest first, raw_text cleared
};

struct ArrivalsQuery {
  std::optional<int64_t> port_unit_id;
  int64_t from_us = 0;  // scheduled arrival in [from, to)
  int64_t to_us = 0;
};

struct Reconciliation {
  bool arrived = false;  // the scheduled arrival has passed
  int64_t window_from_us = 0, window_to_us = 0;
  struct Crossed {
    store::ManifestPerson person;
    store::Crossing crossing;
  };
  std::vector<Crossed> crossed;
  std::vector<store::ManifestPerson> no_shows;
  std::vector<store::Crossing> not_on_list;  // crossed with this conveyance, not on the list
};

// One person's screening and risk assessment, as Screen writes it.
struct PersonRisk {
  int64_t person_id = 0;
  std::string level;  // green | yellow | red
  int64_t points = 0;
  std::string reasons_json;  // [{en, zh}]
  std::string hits_json;     // [{list_id, list_code, ..., explanation_en, explanation_zh}]
  std::string facts_json;    // the facts the rules read (kept as a snapshot for backtests)
};

struct RescreenReport {
  int64_t manifests = 0;
  int64_t persons = 0;
};

class ManifestService {
 public:
  static constexpr size_t kMaxPersons = 5000;
  // Crossings count for a manifest from 6 h before to 24 h after its scheduled arrival.
  static constexpr int64_t kWindowBeforeUs = int64_t{6} * 3600 * 1000000;
  static constexpr int64_t kWindowAfterUs = int64_t{24} * 3600 * 1000000;

  // `screening` and `rules` may be null (then persons stay unscreened).
  ManifestService(store::Store& store, const AuditLog& audit, const core::Clock& clock,
                  const ScreeningService* screening, const RuleService* rules,
                  PartnerNotifyFn notify);

  // Receives one interchange, CSV list or JSON list. `who` is null for the
  // inbox (audited as the system user "inbox"). Requires the analyst or
  // carrier role for a person. Errors: kValidation naming the field (port,
  // format, CSV conveyance, JSON fields); kInvalidArgument for input that is
  // not EDIFACT at all or has no PAXLST message; kNotFound for a port
  // outside the caller's units; kTooLarge above kMaxPersons.
  core::Result<IntakeResult> Intake(const Principal* who, const RequestMeta& meta,
                                    const ManifestIntakeRequest& req);

  // Conveyances arriving in the window at the ports the caller sees, with
  // counts (no personal data: not audited).
  core::Result<std::vector<store::ManifestSummary>> Arrivals(const Principal& who,
                                                             const ArrivalsQuery& q);

  // The manifest with its risk list (audited "manifest.read"). Errors:
  // kNotFound if missing or outside the caller's units.
  core::Result<ManifestView> Get(const Principal& who, const RequestMeta& meta, int64_t id);

  // Sets (or with set=false clears) an analyst's mark on a person:
  // meet_at_gate, refer, notify_customs, notify_health. The notify marks
  // raise a PartnerNotice in the same transaction. Audited. Errors:
  // kValidation for an unknown mark; kNotFound.
  core::Result<store::ManifestPerson> Mark(const Principal& who, const RequestMeta& meta,
                                           int64_t manifest_id, int64_t person_id,
                                           const std::string& mark, bool set);

  // Clears a person's watchlist hit as "not the same person" and remembers it
  // like the desk does (store hit_clearances, keyed by the person's document,
  // the list entry and the entry's content hash), so that a resend, a
  // re-screening or the desk does not raise it again until the entry or the
  // document changes. The person's manifest is screened again. Requires the
  // analyst role; audited "hit.not_same_person". Errors: kValidation for a
  // reason shorter than 4 characters; kNotFound for a person or hit that is
  // not there (or outside the caller's units); kFailedPrecondition when the
  // person has no travel document on the list (nothing to key the memory).
  core::Result<store::ManifestPerson> ClearHit(const Principal& who, const RequestMeta& meta,
                                               int64_t manifest_id, int64_t person_id,
                                               int64_t list_id, const std::string& entry_id,
                                               const std::string& reason);

  // Who crossed, who did not, and who crossed with this conveyance without
  // being on the list: entry crossings at the port in the window, matched by
  // document number and issuing state. Audited. Errors: kNotFound.
  core::Result<Reconciliation> Reconcile(const Principal& who, const RequestMeta& meta, int64_t id);

  // Screens again every manifest whose conveyance has not arrived yet (after
  // a list import or a rule change). Not audited (a system job).
  core::Result<RescreenReport> RescreenPending();

  // Screens one manifest's persons and writes the results.
  core::Status Screen(int64_t manifest_id);

  // Screens every person of `mf` against the active lists and evaluates the
  // risk rules in force at its port with the manifest facts (docs/rules.md),
  // at `now_us`. Pure with respect to the store: reads only the in-memory
  // index and compiled rules; `port_code` is the code of mf.unit_id. The
  // persons are split over up to screen_threads() threads (the caller's
  // included); the result is in the order of `persons` and does not depend on
  // the thread count. Errors: the screening service's (the first one met).
  core::Result<std::vector<PersonRisk>> AssessPersons(
      const store::Manifest& mf, const std::string& port_code,
      const std::vector<store::ManifestPerson>& persons, int64_t now_us) const;

  // Threads that AssessPersons uses per manifest. Default: the hardware's
  // concurrency, at most kMaxScreenThreads. Set before use (not synchronised).
  static constexpr int kMaxScreenThreads = 8;
  void set_screen_threads(int n) { screen_threads_ = std::clamp(n, 1, kMaxScreenThreads); }
  int screen_threads() const { return screen_threads_; }

 private:
  // The watchlist hits of every person, on up to screen_threads() threads.
  core::Result<std::vector<std::vector<WorkflowHit>>> ScreenPersons(
      const std::vector<store::ManifestPerson>& persons) const;
  // Facts, rules and risk list entry of every person from its hits;
  // cleared[i][k] is an earlier "not the same person" clearance of hits[i][k]
  // (cleared may be empty: none).
  core::Result<std::vector<PersonRisk>> RiskOf(
      const store::Manifest& mf, const std::string& port_code,
      const std::vector<store::ManifestPerson>& persons,
      const std::vector<std::vector<WorkflowHit>>& hits,
      const std::vector<std::vector<std::optional<store::HitClearance>>>& cleared,
      int64_t now_us) const;

  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
  const ScreeningService* screening_;
  const RuleService* rules_;
  PartnerNotifyFn notify_;
  int screen_threads_ = 1;
};

// The persons of a received message as stored (message order, seq from 1),
// `defective` marking those of an invalid message. Pure.
std::vector<store::ManifestPerson> ManifestPersonsOf(const edifact::PaxlstMessage& m,
                                                     bool defective);

// What a listed person is screened with: the name as the document writes it
// (surname first), the birth date where it parses, nationality, document
// number, and the sex when it is M or F. Pure.
screening::ScreeningQuery ScreeningQueryOf(const store::ManifestPerson& p);

// The marks an analyst can set, in the UI's order.
const std::vector<std::string>& ManifestMarks();

}  // namespace guomen::app
