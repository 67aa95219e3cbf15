// Records of port inspection: desk sessions, inspections and their hits, the
// "not the same person" memory, secondary cases, recorded crossings, the
// configurable tables and alerts. Times are microseconds since the epoch (UTC);
// *_json members hold JSON the inspection service rendered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace guomen::store {

struct DeskSession {
  int64_t id = 0;
  int64_t user_id = 0;
  int64_t unit_id = 0;     // the port
  std::string desk;        // desk or lane label, e.g. "A12"
  std::string direction;   // entry, exit
  std::string conveyance;  // air, sea, land, rail
  int64_t opened_at_us = 0;
  std::optional<int64_t> closed_at_us;
};

struct Inspection {
  int64_t id = 0;
  int64_t session_id = 0;
  int64_t unit_id = 0;
  int64_t officer_id = 0;
  int64_t traveller_id = 0;
  std::string direction;
  std::string conveyance;
  std::string desk;
  std::string carrier;
  std::string document_type;
  std::string document_number;
  std::string issuing_state;
  std::string nationality;
  std::string document_json;  // the document as read, with its checks
  std::string risk_level;     // green, yellow, red
  std::string risk_json;      // reasons, fired rules, required questions
  std::string facts_json;     // the facts the rules saw
  std::string state;          // open, referred, completed
  std::string decision;       // "" until decided; admit, refer, refuse, hand_over
  std::string refusal_code;
  std::string answers_json = "{}";
  std::string note;
  int64_t started_at_us = 0;
  std::optional<int64_t> decided_at_us;
  std::string durations_json = "{}";
  std::optional<int64_t> permitted_stay_days;
  std::optional<int64_t> overstay_days;  // at an exit: days past the matched entry's permitted stay
};

struct InspectionHit {
  int64_t id = 0;
  int64_t inspection_id = 0;
  int64_t list_id = 0;
  std::string list_code;
  std::string list_name;
  std::string list_kind;
  std::string action;
  std::string entry_id;
  std::string entry_hash;  // of the entry's content: a cleared hit returns when the entry changes
  std::string matched_name;
  double score = 0;
  std::string explanation_json;
  std::string status = "open";  // open, same_person, not_same_person, cleared_before
  std::string reason;
  std::optional<int64_t> adjudicated_by;
  std::optional<int64_t> adjudicated_at_us;
};

// "Not the same person", remembered for one document and one list entry.
struct HitClearance {
  int64_t id = 0;
  std::string document_number;
  std::string issuing_state;
  int64_t list_id = 0;
  std::string entry_id;
  std::string entry_hash;
  std::string reason;
  int64_t cleared_by = 0;
  int64_t cleared_at_us = 0;
  int64_t inspection_id = 0;  // 0 when an analyst cleared it on a manifest
  std::optional<int64_t> manifest_person_id;  // the manifest person it was cleared on
};

struct SecondaryCase {
  int64_t id = 0;
  int64_t inspection_id = 0;
  int64_t unit_id = 0;
  int64_t referred_at_us = 0;
  int64_t referred_by = 0;
  std::string reasons_json;
  std::string state = "queued";  // queued, in_progress, completed
  std::optional<int64_t> officer_id;
  std::optional<int64_t> taken_at_us;
  std::string notes;
  std::string checks_json = "[]";
  std::string findings;
  std::string outcome;  // admit, refuse, hand_over
  std::string refusal_code;
  std::optional<int64_t> completed_at_us;
};

struct Crossing {
  int64_t id = 0;
  int64_t time_us = 0;
  int64_t traveller_id = 0;
  int64_t inspection_id = 0;
  int64_t unit_id = 0;
  std::string desk;
  std::string direction;
  std::string conveyance;
  std::string carrier;
  std::string document_number;
  std::string issuing_state;
  std::string nationality;
  int64_t officer_id = 0;
  std::string decision;  // admit, refuse, hand_over
  std::string refusal_code;
  std::string risk_level;
  std::string reasons_json;
  bool referred = false;
  std::optional<int64_t> permitted_stay_days;
  std::optional<int64_t> overstay_days;
  int64_t started_at_us = 0;
  std::string durations_json = "{}";
};

// What the rules read about a traveller's past.
struct TravellerHistory {
  int64_t crossings = 0;
  int64_t refusals = 0;
  int64_t overstays = 0;
  int64_t referrals = 0;
  std::optional<int64_t> last_refusal_us;
};

struct RefusalReason {
  std::string code;
  std::string text_zh;
  std::string text_en;
  bool active = true;
};

struct ChecklistItem {
  int64_t id = 0;
  std::optional<int64_t> unit_id;  // none: every port
  std::string key;
  std::string direction;  // entry, exit, both
  std::string text_zh;
  std::string text_en;
  bool active = true;
};

// Permitted stay without a visa: by nationality ("*" any) and conveyance ("*" any).
struct StayRule {
  int64_t id = 0;
  std::string nationality;
  std::string conveyance;
  int64_t days = 0;
  std::string note;
};

struct Alert {
  int64_t id = 0;
  int64_t unit_id = 0;
  int64_t time_us = 0;
  std::string kind;      // e.g. "hand_over"
  std::string severity;  // info, warning, critical
  std::optional<int64_t> inspection_id;
  std::string summary_en;
  std::string summary_zh;
  std::string state = "new";  // new, acknowledged
  std::optional<int64_t> acknowledged_by;
  std::optional<int64_t> acknowledged_at_us;
};

}  // namespace guomen::store
