// Port inspection: the officer's desk, the secondary inspection queue and
// entry/exit matching.
//
// The desk flow: an officer opens a desk session (port, desk, direction,
// conveyance); each traveller is one inspection: the document is read (MRZ or
// typed fields) and checked, the traveller found or recorded (possible same
// persons shown, never merged), screened against every active list, the
// rules evaluated on facts assembled from the document, the history, the
// journey and the health declaration; the officer adjudicates each hit,
// answers every required question and decides. A decision is refused while a
// hit is unadjudicated or a required question unanswered. Admit, refuse and
// hand-over record the crossing; a referral puts the inspection in the port's
// secondary queue, whose outcome records it. Every read of personal data is in
// the audit trail. guomen never decides: it explains, the officer decides.
//
// Screening and risk assessment come in through two functions the App wires
// to the screening and rule services, so this service depends on their
// results only. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.hpp"
#include "app/principal.hpp"
#include "app/rule_service.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "documents/mrz_document.hpp"
#include "screening/screening_hit.hpp"
#include "screening/screening_query.hpp"
#include "store/store.hpp"

namespace guomen::app {

// A screening hit with the list it came from.
struct DeskHit {
  int64_t list_id = 0;
  std::string list_code;
  std::string list_name;
  std::string list_kind;  // wanted, entry_ban, exit_ban, sanctions, lost_stolen_document, custom
  std::string action;     // arrest, deny_entry, deny_exit, notify, monitor
  std::string entry_hash;  // of the entry's content
  screening::ScreeningHit hit;
};

struct DeskQuestion {
  std::string key;
  std::string text_zh;
  std::string text_en;
  std::string source;  // "checklist", "document", "rule:<code>"
};

// The risk level and why.
struct DeskRisk {
  std::string level = "green";  // green, yellow, red
  int points = 0;
  std::vector<std::string> reasons_en;
  std::vector<std::string> reasons_zh;
  std::string fired_json = "[]";  // the rules that fired, with the facts they read
  std::vector<DeskQuestion> questions;
  std::vector<std::string> actions;  // refer_secondary, notify_customs, notify_health
};

using DeskScreenFn =
    std::function<core::Result<std::vector<DeskHit>>(const screening::ScreeningQuery&)>;
using DeskAssessFn = std::function<core::Result<DeskRisk>(
    int64_t port_unit_id, const std::string& facts_json, const std::vector<DeskHit>& hits,
    int64_t now_us)>;

// The desk's view of a rule service assessment (fired rules as JSON, with
// the facts each read).
DeskRisk DeskRiskOf(const RiskAssessment& assessment);
// The rule service's view of desk hits.
std::vector<HitSignal> HitSignalsOf(const std::vector<DeskHit>& hits);

struct OpenDeskRequest {
  int64_t port_unit_id = 0;
  std::string desk;
  std::string direction;   // entry, exit
  std::string conveyance;  // air, sea, land, rail
};

// A document typed field by field (no MRZ).
struct ManualDocument {
  std::string document_type;  // P, ID, V ...
  std::string issuing_state;
  std::string document_number;
  std::string surname;
  std::string given_names;
  std::string nationality;
  std::string birth_date;   // YYYY-MM-DD (YYYY-MM or YYYY when parts are unknown)
  std::string sex;          // M, F, X or ""
  std::string expiry_date;  // YYYY-MM-DD
};

struct HealthDeclaration {
  std::vector<std::string> symptoms;
  std::optional<double> temperature;
  bool contact_with_case = false;
};

struct InspectRequest {
  int64_t session_id = 0;
  std::string mrz;  // MRZ text as read, or empty with `manual`
  std::optional<ManualDocument> manual;
  std::string carrier;  // flight, voyage, train or vehicle
  std::string embarkation_port;
  std::string embarkation_country;
  std::optional<HealthDeclaration> health;
  std::optional<int> visa_stay_days;    // permitted stay from the visa, if one was read
  std::optional<int> planned_stay_days;  // declared
  std::optional<int64_t> read_ms;        // how long the document reading took at the desk
};

// What the desk shows for one inspection.
struct InspectionView {
  store::Inspection inspection;
  store::Traveller traveller;
  std::optional<documents::MrzDocument> mrz;  // when read from an MRZ (only on create)
  std::vector<store::InspectionHit> hits;
  std::vector<store::Traveller> possible_same_persons;
  std::vector<store::Crossing> previous_crossings;  // newest first, at most 20
  std::vector<DeskQuestion> questions;
  std::optional<store::SecondaryCase> secondary;
};

struct DecisionRequest {
  std::string decision;  // admit, refer, refuse, hand_over
  std::map<std::string, std::string> answers;  // question key -> answer
  std::string refusal_code;
  std::string note;
};

struct SecondaryItem {
  store::SecondaryCase secondary;
  store::Inspection inspection;
  std::string traveller_name;
  int64_t waiting_seconds = 0;
};

struct CompleteSecondaryRequest {
  std::string notes;
  std::vector<std::string> checks;
  std::string findings;
  std::string outcome;  // admit, refuse, hand_over
  std::string refusal_code;
};

struct OverstayItem {
  store::Crossing entry;
  store::Traveller traveller;
  int64_t permitted_until_us = 0;
  int64_t days_over = 0;
};

struct OverstayReport {
  std::vector<OverstayItem> current;           // still in the country past their stay
  std::vector<store::Crossing> exits_after_overstay;  // left late (last 365 days)
  std::map<std::string, int64_t> by_nationality;  // current overstayers
  std::map<int64_t, int64_t> by_port;             // unit id -> current overstayers
};

// Per desk and hour of a port's day.
struct PortOverviewRow {
  std::string desk;
  int64_t hour_start_us = 0;
  int64_t crossings = 0;
  int64_t referrals = 0;
  int64_t refusals = 0;
  double mean_processing_seconds = 0;  // inspection start to decision
};

struct PortOverview {
  int64_t unit_id = 0;
  int64_t from_us = 0;
  int64_t to_us = 0;
  int64_t crossings = 0;
  double referral_rate = 0;
  double refusal_rate = 0;
  double mean_processing_seconds = 0;
  double mean_secondary_wait_seconds = 0;  // referral to being taken
  int64_t secondary_waiting_now = 0;
  std::vector<PortOverviewRow> rows;
};

struct TravellerRecord {
  store::Traveller traveller;
  std::vector<store::Crossing> crossings;
  std::vector<store::InspectionHit> hits;  // from every inspection of the traveller
};

class InspectionService {
 public:
  InspectionService(store::Store& store, const AuditLog& audit, const core::Clock& clock,
                    DeskScreenFn screen, DeskAssessFn assess);

  // The nationality whose citizens have no permitted-stay limit.
  static constexpr const char* kHomeNationality = "CHN";

  core::Result<store::DeskSession> OpenDesk(const Principal& who, const RequestMeta& meta,
                                            const OpenDeskRequest& req);
  core::Status CloseDesk(const Principal& who, const RequestMeta& meta, int64_t session_id);

  // Reads, checks, finds, screens and assesses. Errors: kValidation naming the
  // field (mrz, manual.*, session_id), kInvalidArgument when the MRZ fits no
  // layout, kFailedPrecondition when the session is closed or not the caller's.
  core::Result<InspectionView> Inspect(const Principal& who, const RequestMeta& meta,
                                       const InspectRequest& req);
  core::Result<InspectionView> Get(const Principal& who, const RequestMeta& meta,
                                   int64_t inspection_id);
  // "same person" or "not the same person", with a reason. A "not the same
  // person" is remembered for the document and the entry.
  core::Result<store::InspectionHit> Adjudicate(const Principal& who, const RequestMeta& meta,
                                                int64_t inspection_id, int64_t hit_id,
                                                bool same_person, const std::string& reason);
  core::Result<InspectionView> Decide(const Principal& who, const RequestMeta& meta,
                                      int64_t inspection_id, const DecisionRequest& req);

  // Secondary inspection.
  core::Result<std::vector<SecondaryItem>> SecondaryQueue(const Principal& who,
                                                          const RequestMeta& meta,
                                                          std::optional<int64_t> port_unit_id);
  core::Result<InspectionView> TakeSecondary(const Principal& who, const RequestMeta& meta,
                                             int64_t case_id);
  core::Result<InspectionView> CompleteSecondary(const Principal& who, const RequestMeta& meta,
                                                 int64_t case_id,
                                                 const CompleteSecondaryRequest& req);

  // A traveller's crossings, decisions and hits (purpose required, audited).
  core::Result<TravellerRecord> TravellerHistory(const Principal& who, const RequestMeta& meta,
                                                 int64_t traveller_id);
  core::Result<OverstayReport> Overstays(const Principal& who, const RequestMeta& meta);
  core::Result<PortOverview> Overview(const Principal& who, int64_t port_unit_id, int64_t from_us,
                                      int64_t to_us);

  // Configuration tables.
  core::Result<std::vector<store::RefusalReason>> RefusalReasons();
  core::Status PutRefusalReason(const Principal& who, const RequestMeta& meta,
                                const store::RefusalReason& reason);
  core::Result<std::vector<store::ChecklistItem>> Checklist();
  core::Result<store::ChecklistItem> AddChecklistItem(const Principal& who, const RequestMeta& meta,
                                                      store::ChecklistItem item);
  core::Status SetChecklistItemActive(const Principal& who, const RequestMeta& meta, int64_t id,
                                      bool active);
  core::Result<std::vector<store::StayRule>> StayRules();
  core::Status PutStayRule(const Principal& who, const RequestMeta& meta,
                           const store::StayRule& rule);

  // Alerts to the command centre (raised by hand-overs).
  core::Result<std::vector<store::Alert>> Alerts(const Principal& who,
                                                 const std::optional<std::string>& state);
  core::Status AcknowledgeAlert(const Principal& who, const RequestMeta& meta, int64_t alert_id);

 private:
  struct Impl;
  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
  DeskScreenFn screen_;
  DeskAssessFn assess_;
};

}  // namespace guomen::app
