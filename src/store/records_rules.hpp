// The records of risk-rule management: rules and every version of them,
// analysts' reference sets, and the fact snapshots that evaluations leave
// behind for backtesting. Plain values; app/rule_service gives them meaning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guomen::store {

// A rule: its identity, owner and where it stands. The content lives in
// RuleVersion rows; `state` is the state of the newest version (draft,
// pending_approval, active, retired), `active_version` the version in force
// (absent when none is).
struct Rule {
  int64_t id = 0;
  std::string code;  // stable short code, e.g. "DOC-EXPIRY-30D"
  int64_t owner_unit_id = 0;  // the author's unit: who may see and manage the rule
  std::string state;
  int current_version = 0;
  std::optional<int> active_version;
  int64_t created_by = 0;
  int64_t created_at_us = 0;
  int64_t updated_at_us = 0;
};

// One version of a rule, kept forever. state: draft, pending_approval,
// active, retired, rejected (a rejected version stays; the next edit makes a
// new draft), superseded (an active version replaced by a newer approved one).
struct RuleVersion {
  int64_t id = 0;
  int64_t rule_id = 0;
  int version = 0;
  std::string name;
  std::string description;
  std::string expression;
  std::string level;  // low, medium, high, critical; empty when the outcome is points
  int points = 0;     // the outcome in points when level is empty
  bool refer_secondary = false;
  bool notify_customs = false;
  bool notify_health = false;
  std::string questions;            // JSON array of {key, text_zh, text_en}
  std::vector<int64_t> unit_scope;  // units (and everything below them) the rule applies to
  std::optional<int64_t> valid_from_us;
  std::optional<int64_t> valid_to_us;
  std::string state;
  int64_t editor_id = 0;  // who wrote this version
  std::string editor_name;
  int64_t created_at_us = 0;
  std::optional<int64_t> submitted_by;
  std::string submitted_by_name;
  std::optional<int64_t> submitted_at_us;
  std::optional<int64_t> decided_by;  // approver or rejecter
  std::string decided_by_name;
  std::optional<int64_t> decided_at_us;
  std::string reject_reason;
  std::optional<int64_t> retired_by;
  std::string retired_by_name;
  std::optional<int64_t> retired_at_us;
};

struct RuleFilter {
  std::optional<std::string> state;  // only rules in this state
};

// A named set of strings rules read as ref.<name>, e.g. alert_ports.
struct ReferenceSet {
  int64_t id = 0;
  std::string name;
  std::string description;
  std::vector<std::string> items;  // no newlines in items
  int64_t updated_by = 0;
  int64_t updated_at_us = 0;
};

// The facts one evaluation saw, as the evaluating workflow bound them.
struct FactSnapshot {
  int64_t id = 0;
  int64_t unit_id = 0;  // the port
  int64_t time_us = 0;
  std::string subject_kind;  // "crossing" or "manifest_person"
  int64_t subject_id = 0;
  std::string facts_json;  // an object keyed as the fact schema's paths (app/fact_binding.hpp)
};

}  // namespace guomen::store
