// Risk-rule management and evaluation (issue 5): analysts write rules, a
// different supervisor approves them (four eyes), every version is kept and
// every change audited; the active rules are compiled once and cached for
// the desk and the manifest screening, which call Assess per traveller.
//
// Life-cycle of a version: draft -> pending_approval -> active -> retired;
// pending_approval -> rejected (the next edit starts a new draft version).
// An edit always writes a new version; only a rule whose newest version is a
// draft, was rejected, or is in force (a change proposed over it) can be
// edited. While a newer version awaits approval the version in force stays
// in force; approving the newer one supersedes it.
//
// Thread-safe. The compiled rule set is shared between evaluators and
// rebuilt after an approval, a retirement or a reference-set change made
// through this service (another process's changes are seen after
// Invalidate() or a restart).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/audit_log.hpp"
#include "app/principal.hpp"
#include "app/rule_json.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "rules/diagnostic.hpp"
#include "store/store.hpp"

namespace guomen::app {

// What an analyst writes: the content of one version.
struct RuleDraft {
  std::string code;  // only on create; 3..40 of A-Z 0-9 - _
  std::string name;
  std::string description;
  std::string expression;
  std::string level;  // low, medium, high, critical; or empty with points > 0
  int points = 0;
  bool refer_secondary = false;
  bool notify_customs = false;
  bool notify_health = false;
  std::vector<RequiredQuestion> questions;
  std::vector<int64_t> unit_scope;  // empty: the author's unit
  std::optional<int64_t> valid_from_us;
  std::optional<int64_t> valid_to_us;
};

struct RuleView {
  store::Rule rule;
  std::vector<store::RuleVersion> versions;  // newest first
};

// A screening hit as the desk passes it to Assess.
struct HitSignal {
  std::string list_kind;
  std::string action;  // arrest, deny, refer, notify, monitor ...
  double score = 0;
};

struct FiredRule {
  int64_t rule_id = 0;
  int version = 0;
  std::string code, name;
  std::string level;  // low/medium/high/critical, or empty for a points outcome
  int points = 0;
  std::vector<std::pair<std::string, std::string>> facts_used;  // fact path -> value as text
  std::vector<RequiredQuestion> questions;
  std::vector<std::string> actions;  // refer_secondary, notify_customs, notify_health
};

struct RiskAssessment {
  std::string level;  // green | yellow | red
  int points = 0;
  std::vector<std::string> reasons_en, reasons_zh;
  std::vector<FiredRule> fired;
  std::vector<RequiredQuestion> questions;  // of every fired rule, first occurrence of a key
  std::vector<std::string> actions;         // union, in a fixed order
};

// The one combination of rule outcomes and screening hits (docs/rules.md
// "Risk levels"): red when a hit's action is arrest or deny, a fired rule is
// high or critical, or the points reach kRedPoints; yellow when any other
// hit is present, a fired rule is medium, or the points reach kYellowPoints;
// green otherwise. Level outcomes count as points too (LevelPoints).
inline constexpr int kYellowPoints = 30;
inline constexpr int kRedPoints = 80;
int LevelPoints(const std::string& level);
// Fills level, points, reasons, questions and actions from `fired` and `hits`.
RiskAssessment CombineRisk(std::vector<FiredRule> fired, const std::vector<HitSignal>& hits);

struct Evaluated {
  bool fired = false;
  bool error = false;
  std::string error_message;
  std::vector<std::pair<std::string, std::string>> facts_used;
};

struct BacktestResult {
  int days = 0;
  int64_t evaluated = 0;
  int64_t flagged = 0;
  int64_t errors = 0;
  struct PortCount {
    int64_t unit_id = 0;
    std::string code, name, name_en;
    int64_t count = 0;
  };
  std::vector<PortCount> by_port;                       // most flagged first
  std::vector<std::pair<std::string, int64_t>> by_day;  // "YYYY-MM-DD" -> count, every day
  struct Sample {
    std::string subject_kind;
    int64_t subject_id = 0;
    int64_t time_us = 0;
    int64_t unit_id = 0;
    std::vector<std::pair<std::string, std::string>> facts_used;
  };
  std::vector<Sample> sample;  // up to kBacktestSample
};

class RuleService {
 public:
  static constexpr int kBacktestSample = 20;
  static constexpr int kMaxBacktestDays = 366;

  RuleService(store::Store& store, const AuditLog& audit, const core::Clock& clock);
  ~RuleService();
  RuleService(const RuleService&) = delete;
  RuleService& operator=(const RuleService&) = delete;

  // --- life-cycle (all audited; analyst writes, supervisor decides) ---
  // Errors: kPermissionDenied without the role; kValidation naming the field
  // (the expression's first problem with its position in the message);
  // kConflict for a taken code.
  core::Result<RuleView> Create(const Principal& who, const RequestMeta& meta, RuleDraft draft);
  // A new version. Errors: as Create; kNotFound outside the caller's units;
  // kFailedPrecondition while a version awaits approval or after retirement.
  core::Result<RuleView> Update(const Principal& who, const RequestMeta& meta, int64_t id,
                                RuleDraft draft);
  core::Result<RuleView> Submit(const Principal& who, const RequestMeta& meta, int64_t id);
  // Errors: kPermissionDenied reason "four_eyes" when the caller wrote the
  // rule, wrote or submitted the pending version.
  core::Result<RuleView> Approve(const Principal& who, const RequestMeta& meta, int64_t id);
  // Errors: kValidation without a reason; four_eyes as Approve.
  core::Result<RuleView> Reject(const Principal& who, const RequestMeta& meta, int64_t id,
                                const std::string& reason);
  // Takes the version in force out of force. Errors: kFailedPrecondition when none is.
  core::Result<RuleView> Retire(const Principal& who, const RequestMeta& meta, int64_t id);

  core::Result<std::vector<RuleView>> List(const Principal& who, const RequestMeta& meta,
                                           const std::optional<std::string>& state);
  core::Result<RuleView> Get(const Principal& who, const RequestMeta& meta, int64_t id);

  // Diagnostics of an expression against the current schema (for the editor).
  // Not audited (no data).
  std::vector<rules::Diagnostic> Check(const std::string& expression) const;

  // Evaluates an expression (or a rule's newest version when expression is
  // empty and rule_id set) over a fact set, for trying things out. Audited.
  core::Result<Evaluated> Evaluate(const Principal& who, const RequestMeta& meta,
                                   const std::string& expression, const std::string& facts_json);

  // Runs the newest version of a draft or pending rule over the fact
  // snapshots of the last `days` days in the caller's units (and the rule's
  // unit scope). Audited.
  core::Result<BacktestResult> Backtest(const Principal& who, const RequestMeta& meta, int64_t id,
                                        int days);

  // --- reference sets (analyst; audited) ---
  core::Result<std::vector<store::ReferenceSet>> ListReferenceSets(const Principal& who,
                                                                   const RequestMeta& meta);
  core::Result<store::ReferenceSet> GetReferenceSet(const Principal& who, const RequestMeta& meta,
                                                    const std::string& name);
  // Creates or replaces. Errors: kValidation for a bad name (not an
  // identifier, or a protected attribute) or item.
  core::Result<store::ReferenceSet> PutReferenceSet(const Principal& who, const RequestMeta& meta,
                                                    const std::string& name,
                                                    const std::string& description,
                                                    std::vector<std::string> items);
  // Errors: kFailedPrecondition while a rule that is not retired reads it.
  core::Status DeleteReferenceSet(const Principal& who, const RequestMeta& meta,
                                  const std::string& name);

  // --- evaluation for the desk and the manifest screening ---
  // Active rules whose unit scope covers the port and whose validity covers
  // `now_us`, over the facts (BindFactsJson's format; `now` is set from
  // now_us; screening.hits and screening.best_score come from `hits` unless
  // the facts carry them). Unaudited: the caller audits. Errors:
  // kInvalidArgument for facts that do not fit the schema.
  core::Result<RiskAssessment> Assess(int64_t port_unit_id, const std::string& facts_json,
                                      const std::vector<HitSignal>& hits, int64_t now_us) const;

  // Drops the compiled rule set; the next Assess rebuilds it.
  void Invalidate() const;

  // Called after an approval or a retirement changed the rules in force (e.g.
  // to re-screen pending manifests). Set once by App::Open.
  void SetChangeHook(std::function<void()> hook) { change_hook_ = std::move(hook); }

  struct Compiled;

 private:
  core::Result<std::shared_ptr<const Compiled>> Current() const;
  core::Result<std::shared_ptr<const Compiled>> Build() const;

  store::Store& store_;
  const AuditLog& audit_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::function<void()> change_hook_;
  mutable std::shared_ptr<const Compiled> compiled_;
};

}  // namespace guomen::app
