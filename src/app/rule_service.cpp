#include "app/rule_service.hpp"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "app/unit_scope.hpp"
#include "core/strings.hpp"
#include "rules/border_schema.hpp"
#include "rules/program.hpp"
#include "rules/rights_guard.hpp"
#include "rules/rule_index.hpp"
#include "rules/time_format.hpp"
#include "screening/watchlist.hpp"

namespace guomen::app {

using core::ErrorCode;
using core::Result;
using core::Status;

struct RuleService::Compiled {
  rules::Schema schema;
  std::vector<std::pair<std::string, rules::Value>> refs;  // "ref.name" -> list value
  // The same lists by fact slot: a list of strings always conforms to a
  // reference set's declared type, so Assess binds them without re-checking
  // every element.
  std::vector<std::pair<int, rules::Value>> ref_slots;
  struct Active {
    store::Rule rule;
    store::RuleVersion version;
    rules::Program program;
    std::vector<RequiredQuestion> questions;
    std::unordered_set<int64_t> covered;  // units the rule applies to
    bool covers_all = false;              // `covered` holds every known unit
  };
  std::vector<Active> rules;
  std::unordered_set<int64_t> known_units;
  // Over `rules`: which of them a traveller's facts can make true.
  std::optional<rules::RuleIndex> index;
};

namespace {

constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

Status RequireRole(const Principal& who, std::initializer_list<std::string_view> roles) {
  if (!who.HasAnyRole(roles)) {
    return core::Fail(ErrorCode::kPermissionDenied, "your roles do not allow this");
  }
  return Status::Ok();
}

rules::Value TimestampOf(int64_t us) {
  int64_t s = us / 1000000;
  int64_t rem = us % 1000000;
  if (rem < 0) {
    rem += 1000000;
    --s;
  }
  return rules::MakeTimestamp(s, rem * 1000);
}

std::vector<std::pair<std::string, std::string>> FactsUsed(const rules::Evaluation& e) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : e.facts_read) {
    if (f.path == "now") continue;
    if (f.path.rfind("ref.", 0) == 0) {
      out.emplace_back(f.path, "(reference set)");
      continue;
    }
    out.emplace_back(f.path, f.present ? FactText(f.value) : "(absent)");
  }
  return out;
}

std::vector<std::string> ActionsOf(const store::RuleVersion& v) {
  std::vector<std::string> a;
  if (v.refer_secondary) a.emplace_back("refer_secondary");
  if (v.notify_customs) a.emplace_back("notify_customs");
  if (v.notify_health) a.emplace_back("notify_health");
  return a;
}

// The rule's state as lists show it, from the newest version and the one in force.
std::string StateOf(const store::Rule& r, const store::RuleVersion& newest) {
  if (newest.state == "pending_approval") return "pending_approval";
  if (r.active_version) return "active";
  if (newest.state == "draft" || newest.state == "rejected") return "draft";
  return "retired";
}

bool ValidCode(const std::string& code) {
  if (code.size() < 3 || code.size() > 40) return false;
  for (char ch : code) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    if (!ok) return false;
  }
  return true;
}

Result<std::vector<std::string>> ReferenceSetNames(store::Tx& tx) {
  GUOMEN_ASSIGN_OR_RETURN(auto sets, tx.ListReferenceSets());
  std::vector<std::string> names;
  for (const auto& s : sets) names.push_back(s.name);
  return names;
}

Result<rules::Schema> SchemaOf(store::Store& store) {
  std::vector<std::string> names;
  GUOMEN_RETURN_IF_ERROR(store.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(names, ReferenceSetNames(tx));
    return Status::Ok();
  }));
  return rules::BorderFactSchema(names);
}

// Validates a draft against the schema and the caller's units.
Status ValidateDraft(const Principal& who, RuleDraft& d, const rules::Schema& schema) {
  d.name = std::string(core::Trim(d.name));
  if (d.name.empty() || d.name.size() > 200) {
    return core::Fail(ErrorCode::kValidation, "a rule needs a name of 1 to 200 characters", "name");
  }
  if (d.description.size() > 4000) {
    return core::Fail(ErrorCode::kValidation, "the description is limited to 4000 characters",
                      "description");
  }
  if (core::Trim(d.expression).empty() || d.expression.size() > 8000) {
    return core::Fail(ErrorCode::kValidation, "a rule needs an expression of up to 8000 characters",
                      "expression");
  }
  auto program = rules::Program::Compile(d.expression, schema);
  if (!program) {
    const auto& e = program.error();
    return core::Fail(ErrorCode::kValidation, e.field + ": " + e.message, "expression",
                      std::string(e.Reason()));
  }
  static const std::vector<std::string> kLevels = {"low", "medium", "high", "critical"};
  if (!d.level.empty()) {
    if (std::find(kLevels.begin(), kLevels.end(), d.level) == kLevels.end()) {
      return core::Fail(ErrorCode::kValidation, "level must be low, medium, high or critical",
                        "level");
    }
    d.points = 0;
  } else if (d.points < 1 || d.points > 1000) {
    return core::Fail(ErrorCode::kValidation,
                      "the outcome is a level (low..critical) or 1 to 1000 risk points", "points");
  }
  if (d.questions.size() > 20) {
    return core::Fail(ErrorCode::kValidation, "at most 20 questions", "questions");
  }
  std::unordered_set<std::string> keys;
  for (auto& q : d.questions) {
    q.key = std::string(core::Trim(q.key));
    if (!rules::IsValidIdentifier(q.key) || !keys.insert(q.key).second) {
      return core::Fail(ErrorCode::kValidation,
                        "each question needs a distinct key of letters, digits and _", "questions");
    }
    if (core::Trim(q.text_zh).empty() || core::Trim(q.text_en).empty() ||
        q.text_zh.size() > 500 || q.text_en.size() > 500) {
      return core::Fail(ErrorCode::kValidation,
                        "each question needs its Chinese and English text (up to 500 characters)",
                        "questions");
    }
  }
  if (d.unit_scope.empty()) d.unit_scope.push_back(who.unit_id);
  for (int64_t u : d.unit_scope) {
    if (!who.CanSeeUnit(u)) {
      return core::Fail(ErrorCode::kValidation,
                        "unit " + std::to_string(u) + " is not one of your units", "unit_scope");
    }
  }
  std::sort(d.unit_scope.begin(), d.unit_scope.end());
  d.unit_scope.erase(std::unique(d.unit_scope.begin(), d.unit_scope.end()), d.unit_scope.end());
  if (d.valid_from_us && d.valid_to_us && *d.valid_to_us <= *d.valid_from_us) {
    return core::Fail(ErrorCode::kValidation, "valid_to must be after valid_from", "valid_to");
  }
  return Status::Ok();
}

store::RuleVersion VersionOf(const RuleDraft& d, const Principal& who, int64_t now) {
  store::RuleVersion v;
  v.name = d.name;
  v.description = d.description;
  v.expression = d.expression;
  v.level = d.level;
  v.points = d.points;
  v.refer_secondary = d.refer_secondary;
  v.notify_customs = d.notify_customs;
  v.notify_health = d.notify_health;
  v.questions = QuestionsToJson(d.questions);
  v.unit_scope = d.unit_scope;
  v.valid_from_us = d.valid_from_us;
  v.valid_to_us = d.valid_to_us;
  v.state = "draft";
  v.editor_id = who.user_id;
  v.editor_name = who.username;
  v.created_at_us = now;
  return v;
}

// Loads a rule the caller may see with its versions, or kNotFound.
Result<RuleView> LoadVisible(store::Tx& tx, const Principal& who, int64_t id) {
  GUOMEN_ASSIGN_OR_RETURN(auto rule, tx.GetRule(id));
  if (!rule || !who.CanSeeUnit(rule->owner_unit_id)) {
    return core::Fail(ErrorCode::kNotFound, "no rule " + std::to_string(id));
  }
  RuleView view{*rule, {}};
  GUOMEN_ASSIGN_OR_RETURN(view.versions, tx.ListRuleVersions(id));
  if (view.versions.empty()) return core::Fail(ErrorCode::kInternal, "a rule without versions");
  return view;
}

}  // namespace

int LevelPoints(const std::string& level) {
  if (level == "low") return 10;
  if (level == "medium") return 30;
  if (level == "high") return 60;
  if (level == "critical") return 100;
  return 0;
}

RiskAssessment CombineRisk(std::vector<FiredRule> fired, const std::vector<HitSignal>& hits) {
  RiskAssessment out;
  int rank = 0;  // 0 green, 1 yellow, 2 red
  auto raise = [&](int r, std::string en, std::string zh) {
    rank = std::max(rank, r);
    out.reasons_en.push_back(std::move(en));
    out.reasons_zh.push_back(std::move(zh));
  };
  for (const auto& h : hits) {
    std::string a = core::AsciiLower(h.action);
    char score[16];
    std::snprintf(score, sizeof score, "%.2f", h.score);
    const bool stop = a == "arrest" || a.rfind("deny", 0) == 0;  // deny, deny_entry, deny_exit
    raise(stop ? 2 : 1,
          "screening hit: " + screening::ListKindLabel(h.list_kind, false) + " list (action " +
              screening::ListActionLabel(a, false) + ", score " + score + ")",
          "名单比对命中：" + screening::ListKindLabel(h.list_kind, true) + "（处置：" +
              screening::ListActionLabel(a, true) + "，分值 " + score + "）");
  }
  std::unordered_set<std::string> keys;
  for (auto& f : fired) {
    if (!f.level.empty()) f.points = LevelPoints(f.level);
    out.points += f.points;
    int r = f.level == "high" || f.level == "critical" ? 2 : f.level == "medium" ? 1 : 0;
    std::string what = f.level.empty() ? std::to_string(f.points) + " points" : f.level;
    std::string what_zh = f.level == "low"        ? "低"
                          : f.level == "medium"   ? "中"
                          : f.level == "high"     ? "高"
                          : f.level == "critical" ? "严重"
                                                  : std::to_string(f.points) + " 分";
    raise(r, "rule " + f.code + " fired (" + what + "): " + f.name,
          "规则 " + f.code + " 命中（" + what_zh + "）：" + f.name);
    for (const auto& q : f.questions) {
      if (keys.insert(q.key).second) out.questions.push_back(q);
    }
    for (const auto& a : f.actions) {
      if (std::find(out.actions.begin(), out.actions.end(), a) == out.actions.end()) {
        out.actions.push_back(a);
      }
    }
  }
  static const std::vector<std::string> kOrder = {"refer_secondary", "notify_customs",
                                                  "notify_health"};
  std::sort(out.actions.begin(), out.actions.end(), [](const auto& a, const auto& b) {
    return std::find(kOrder.begin(), kOrder.end(), a) < std::find(kOrder.begin(), kOrder.end(), b);
  });
  if (out.points >= kRedPoints) {
    raise(2, "risk points " + std::to_string(out.points) + " reach " + std::to_string(kRedPoints),
          "风险分值 " + std::to_string(out.points) + " 达到 " + std::to_string(kRedPoints));
  } else if (out.points >= kYellowPoints) {
    raise(1, "risk points " + std::to_string(out.points) + " reach " + std::to_string(kYellowPoints),
          "风险分值 " + std::to_string(out.points) + " 达到 " + std::to_string(kYellowPoints));
  }
  out.level = rank == 2 ? "red" : rank == 1 ? "yellow" : "green";
  out.fired = std::move(fired);
  return out;
}

RuleService::RuleService(store::Store& store, const AuditLog& audit, const core::Clock& clock)
    : store_(store), audit_(audit), clock_(clock) {}
RuleService::~RuleService() = default;

void RuleService::Invalidate() const {
  std::lock_guard lock(mu_);
  compiled_.reset();
}

Result<std::shared_ptr<const RuleService::Compiled>> RuleService::Current() const {
  {
    std::lock_guard lock(mu_);
    if (compiled_) return compiled_;
  }
  // Built outside the lock (it reads the store); the first to finish wins.
  GUOMEN_ASSIGN_OR_RETURN(auto built, Build());
  std::lock_guard lock(mu_);
  if (!compiled_) compiled_ = built;
  return compiled_;
}

Result<std::shared_ptr<const RuleService::Compiled>> RuleService::Build() const {
  std::vector<store::ReferenceSet> sets;
  std::vector<std::pair<store::Rule, store::RuleVersion>> active;
  std::vector<store::Unit> units;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(sets, tx.ListReferenceSets());
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    GUOMEN_ASSIGN_OR_RETURN(auto rules_in_force, tx.ListRulesInForce());
    for (const auto& r : rules_in_force) {
      GUOMEN_ASSIGN_OR_RETURN(auto v, tx.GetRuleVersion(r.id, *r.active_version));
      if (v) active.emplace_back(r, *v);
    }
    return Status::Ok();
  }));
  std::vector<std::string> names;
  for (const auto& s : sets) names.push_back(s.name);
  GUOMEN_ASSIGN_OR_RETURN(auto schema, rules::BorderFactSchema(names));
  auto c = std::make_shared<Compiled>(Compiled{std::move(schema), {}, {}, {}, {}, std::nullopt});
  for (const auto& s : sets) {
    std::vector<rules::Value> items;
    for (const auto& i : s.items) items.push_back(rules::Value::String(i));
    c->refs.emplace_back("ref." + s.name, rules::Value::List(std::move(items)));
    if (const rules::FactDecl* decl = c->schema.FindFact(c->refs.back().first)) {
      c->ref_slots.emplace_back(decl->slot, c->refs.back().second);
    }
  }
  for (const auto& u : units) c->known_units.insert(u.id);
  for (auto& [rule, version] : active) {
    auto program = rules::Program::Compile(version.expression, c->schema);
    // A rule in force that no longer compiles (its reference set was removed
    // behind the service's back) cannot fire; approval compiled it once.
    if (!program) continue;
    auto questions = QuestionsFromJson(version.questions);
    std::unordered_set<int64_t> covered;
    for (int64_t root : version.unit_scope) {
      for (int64_t u : SubtreeOf(units, root)) covered.insert(u);
    }
    const bool covers_all = covered.size() == c->known_units.size();
    c->rules.push_back(Compiled::Active{rule, version, std::move(*program),
                                        questions ? *questions : std::vector<RequiredQuestion>{},
                                        std::move(covered), covers_all});
  }
  std::vector<const rules::Program*> programs;
  programs.reserve(c->rules.size());
  for (const auto& r : c->rules) programs.push_back(&r.program);
  c->index.emplace(programs);
  return std::shared_ptr<const Compiled>(std::move(c));
}

// --- life-cycle ---

Result<RuleView> RuleService::Create(const Principal& who, const RequestMeta& meta,
                                     RuleDraft draft) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst"}));
  draft.code = core::AsciiUpper(std::string(core::Trim(draft.code)));
  if (!ValidCode(draft.code)) {
    return core::Fail(ErrorCode::kValidation,
                      "the code is 3 to 40 characters of A-Z, 0-9, '-' and '_'", "code");
  }
  GUOMEN_ASSIGN_OR_RETURN(auto schema, SchemaOf(store_));
  GUOMEN_RETURN_IF_ERROR(ValidateDraft(who, draft, schema));
  int64_t now = core::ToMicros(clock_.Now());
  RuleView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    store::Rule r;
    r.code = draft.code;
    r.owner_unit_id = who.unit_id;
    r.state = "draft";
    r.current_version = 1;
    r.created_by = who.user_id;
    r.created_at_us = now;
    r.updated_at_us = now;
    GUOMEN_ASSIGN_OR_RETURN(r.id, tx.InsertRule(r));
    store::RuleVersion v = VersionOf(draft, who, now);
    v.rule_id = r.id;
    v.version = 1;
    GUOMEN_ASSIGN_OR_RETURN(v.id, tx.InsertRuleVersion(v));
    out = RuleView{r, {v}};
    return audit_.Append(tx, &who, meta, {"rule.create", "rule", std::to_string(r.id) + "/v1"});
  }));
  return out;
}

Result<RuleView> RuleService::Update(const Principal& who, const RequestMeta& meta, int64_t id,
                                     RuleDraft draft) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst"}));
  GUOMEN_ASSIGN_OR_RETURN(auto schema, SchemaOf(store_));
  GUOMEN_RETURN_IF_ERROR(ValidateDraft(who, draft, schema));
  int64_t now = core::ToMicros(clock_.Now());
  RuleView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, LoadVisible(tx, who, id));
    const auto& newest = out.versions.front();
    if (newest.state == "pending_approval") {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        "version " + std::to_string(newest.version) +
                            " awaits approval; it must be approved or rejected before a new edit",
                        "", "pending_approval");
    }
    store::RuleVersion v = VersionOf(draft, who, now);
    v.rule_id = id;
    v.version = out.rule.current_version + 1;
    GUOMEN_ASSIGN_OR_RETURN(v.id, tx.InsertRuleVersion(v));
    out.rule.current_version = v.version;
    out.rule.updated_at_us = now;
    out.rule.state = StateOf(out.rule, v);
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRule(out.rule));
    out.versions.insert(out.versions.begin(), v);
    return audit_.Append(tx, &who, meta,
                         {"rule.update", "rule", std::to_string(id) + "/v" + std::to_string(v.version)});
  }));
  return out;
}

Result<RuleView> RuleService::Submit(const Principal& who, const RequestMeta& meta, int64_t id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst"}));
  int64_t now = core::ToMicros(clock_.Now());
  RuleView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, LoadVisible(tx, who, id));
    auto& v = out.versions.front();
    if (v.state != "draft") {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        "only a draft can be submitted; version " + std::to_string(v.version) +
                            " is " + v.state,
                        "", "not_draft");
    }
    v.state = "pending_approval";
    v.submitted_by = who.user_id;
    v.submitted_by_name = who.username;
    v.submitted_at_us = now;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRuleVersion(v));
    out.rule.state = StateOf(out.rule, v);
    out.rule.updated_at_us = now;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRule(out.rule));
    return audit_.Append(tx, &who, meta,
                         {"rule.submit", "rule", std::to_string(id) + "/v" + std::to_string(v.version)});
  }));
  return out;
}

namespace {

// Four eyes: the decider wrote neither the rule nor this version, and did not submit it.
bool SameHands(const Principal& who, const RuleView& view) {
  const auto& v = view.versions.front();
  return who.user_id == view.rule.created_by || who.user_id == v.editor_id ||
         (v.submitted_by && who.user_id == *v.submitted_by);
}

}  // namespace

Result<RuleView> RuleService::Approve(const Principal& who, const RequestMeta& meta, int64_t id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"supervisor"}));
  int64_t now = core::ToMicros(clock_.Now());
  RuleView out;
  bool four_eyes = false;
  Status st = store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, LoadVisible(tx, who, id));
    auto& v = out.versions.front();
    if (v.state != "pending_approval") {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        "version " + std::to_string(v.version) + " is " + v.state +
                            ", not pending approval",
                        "", "not_pending");
    }
    if (SameHands(who, out)) {
      four_eyes = true;
      return core::Fail(ErrorCode::kPermissionDenied,
                        "four eyes: you wrote or submitted this rule; another supervisor must "
                        "approve it",
                        "", "four_eyes");
    }
    // The rule must still compile against today's reference sets.
    GUOMEN_ASSIGN_OR_RETURN(auto names, ReferenceSetNames(tx));
    GUOMEN_ASSIGN_OR_RETURN(auto schema, rules::BorderFactSchema(names));
    auto program = rules::Program::Compile(v.expression, schema);
    if (!program) {
      return core::Fail(ErrorCode::kValidation,
                        program.error().field + ": " + program.error().message, "expression");
    }
    if (out.rule.active_version) {
      GUOMEN_ASSIGN_OR_RETURN(auto old, tx.GetRuleVersion(id, *out.rule.active_version));
      if (old) {
        old->state = "superseded";
        GUOMEN_RETURN_IF_ERROR(tx.UpdateRuleVersion(*old));
        for (auto& x : out.versions) {
          if (x.version == old->version) x.state = "superseded";
        }
      }
    }
    v.state = "active";
    v.decided_by = who.user_id;
    v.decided_by_name = who.username;
    v.decided_at_us = now;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRuleVersion(v));
    out.rule.active_version = v.version;
    out.rule.state = StateOf(out.rule, v);
    out.rule.updated_at_us = now;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRule(out.rule));
    return audit_.Append(tx, &who, meta,
                         {"rule.approve", "rule", std::to_string(id) + "/v" + std::to_string(v.version)});
  });
  if (!st.ok()) {
    if (four_eyes) {
      (void)store_.Transact([&](store::Tx& tx) -> Status {
        return audit_.Append(tx, &who, meta, {"rule.approve", "rule", std::to_string(id), "denied"});
      });
    }
    return core::Fail(std::move(st).error());
  }
  Invalidate();
  if (change_hook_) change_hook_();
  return out;
}

Result<RuleView> RuleService::Reject(const Principal& who, const RequestMeta& meta, int64_t id,
                                     const std::string& reason) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"supervisor"}));
  std::string why(core::Trim(reason));
  if (why.size() < 3 || why.size() > 2000) {
    return core::Fail(ErrorCode::kValidation, "say why the rule is rejected (3 to 2000 characters)",
                      "reason");
  }
  int64_t now = core::ToMicros(clock_.Now());
  RuleView out;
  bool four_eyes = false;
  Status st = store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, LoadVisible(tx, who, id));
    auto& v = out.versions.front();
    if (v.state != "pending_approval") {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        "version " + std::to_string(v.version) + " is " + v.state +
                            ", not pending approval",
                        "", "not_pending");
    }
    if (SameHands(who, out)) {
      four_eyes = true;
      return core::Fail(ErrorCode::kPermissionDenied,
                        "four eyes: you wrote or submitted this rule; another supervisor must "
                        "decide on it",
                        "", "four_eyes");
    }
    v.state = "rejected";
    v.decided_by = who.user_id;
    v.decided_by_name = who.username;
    v.decided_at_us = now;
    v.reject_reason = why;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRuleVersion(v));
    out.rule.state = StateOf(out.rule, v);
    out.rule.updated_at_us = now;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRule(out.rule));
    return audit_.Append(tx, &who, meta,
                         {"rule.reject", "rule", std::to_string(id) + "/v" + std::to_string(v.version)});
  });
  if (!st.ok()) {
    if (four_eyes) {
      (void)store_.Transact([&](store::Tx& tx) -> Status {
        return audit_.Append(tx, &who, meta, {"rule.reject", "rule", std::to_string(id), "denied"});
      });
    }
    return core::Fail(std::move(st).error());
  }
  return out;
}

Result<RuleView> RuleService::Retire(const Principal& who, const RequestMeta& meta, int64_t id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst", "supervisor"}));
  int64_t now = core::ToMicros(clock_.Now());
  RuleView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, LoadVisible(tx, who, id));
    if (!out.rule.active_version) {
      return core::Fail(ErrorCode::kFailedPrecondition, "the rule has no version in force", "",
                        "not_active");
    }
    int retired = *out.rule.active_version;
    for (auto& v : out.versions) {
      if (v.version != retired) continue;
      v.state = "retired";
      v.retired_by = who.user_id;
      v.retired_by_name = who.username;
      v.retired_at_us = now;
      GUOMEN_RETURN_IF_ERROR(tx.UpdateRuleVersion(v));
    }
    out.rule.active_version.reset();
    out.rule.state = StateOf(out.rule, out.versions.front());
    out.rule.updated_at_us = now;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateRule(out.rule));
    return audit_.Append(tx, &who, meta,
                         {"rule.retire", "rule", std::to_string(id) + "/v" + std::to_string(retired)});
  }));
  Invalidate();
  if (change_hook_) change_hook_();
  return out;
}

Result<std::vector<RuleView>> RuleService::List(const Principal& who, const RequestMeta&,
                                                const std::optional<std::string>& state) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst", "supervisor"}));
  std::vector<RuleView> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto rules, tx.ListRules(who.scope, store::RuleFilter{state}));
    for (auto& r : rules) {
      GUOMEN_ASSIGN_OR_RETURN(auto versions, tx.ListRuleVersions(r.id));
      out.push_back(RuleView{std::move(r), std::move(versions)});
    }
    return Status::Ok();
  }));
  return out;
}

Result<RuleView> RuleService::Get(const Principal& who, const RequestMeta&, int64_t id) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst", "supervisor"}));
  RuleView out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, LoadVisible(tx, who, id));
    return Status::Ok();
  }));
  return out;
}

std::vector<rules::Diagnostic> RuleService::Check(const std::string& expression) const {
  auto schema = SchemaOf(store_);
  if (!schema) {
    return {rules::Diagnostic{rules::DiagnosticKind::kSyntax, 1, 1, schema.error().message}};
  }
  return rules::Program::Diagnose(expression, *schema);
}

Result<Evaluated> RuleService::Evaluate(const Principal& who, const RequestMeta& meta,
                                        const std::string& expression,
                                        const std::string& facts_json) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst"}));
  GUOMEN_ASSIGN_OR_RETURN(auto c, Current());
  auto program = rules::Program::Compile(expression, c->schema);
  if (!program) {
    return core::Fail(ErrorCode::kValidation, program.error().field + ": " + program.error().message,
                      "expression", std::string(program.error().Reason()));
  }
  rules::Activation facts(c->schema);
  GUOMEN_RETURN_IF_ERROR(BindFactsJson(facts_json, facts));
  const rules::FactDecl* now_decl = c->schema.FindFact("now");
  if (now_decl && facts.Get(now_decl->slot) == nullptr) {
    GUOMEN_RETURN_IF_ERROR(facts.Set("now", TimestampOf(core::ToMicros(clock_.Now()))));
  }
  for (const auto& [path, value] : c->refs) GUOMEN_RETURN_IF_ERROR(facts.Set(path, value));
  auto e = program->Evaluate(facts, rules::Explain::kYes);
  Evaluated out;
  out.fired = e.is_true();
  out.error = e.is_error();
  if (out.error) out.error_message = std::string(e.value.error_message());
  out.facts_used = FactsUsed(e);
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    return audit_.Append(tx, &who, meta, {"rule.evaluate", "rule", ""});
  }));
  return out;
}

Result<BacktestResult> RuleService::Backtest(const Principal& who, const RequestMeta& meta,
                                             int64_t id, int days) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst", "supervisor"}));
  if (days < 1 || days > kMaxBacktestDays) {
    return core::Fail(ErrorCode::kValidation,
                      "days must be 1 to " + std::to_string(kMaxBacktestDays), "days");
  }
  int64_t now = core::ToMicros(clock_.Now());
  int64_t from = now - days * kMicrosPerDay;
  BacktestResult out;
  out.days = days;
  std::map<int64_t, int64_t> per_port;
  std::map<int64_t, int64_t> per_day;  // day number since the epoch
  int64_t first_day = from / kMicrosPerDay;
  int64_t last_day = now / kMicrosPerDay;
  for (int64_t d = first_day; d <= last_day; ++d) per_day[d] = 0;
  std::string version_label;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto view, LoadVisible(tx, who, id));
    const auto& v = view.versions.front();
    version_label = std::to_string(id) + "/v" + std::to_string(v.version);
    GUOMEN_ASSIGN_OR_RETURN(auto names, ReferenceSetNames(tx));
    GUOMEN_ASSIGN_OR_RETURN(auto schema, rules::BorderFactSchema(names));
    auto program = rules::Program::Compile(v.expression, schema);
    if (!program) {
      return core::Fail(ErrorCode::kValidation,
                        program.error().field + ": " + program.error().message, "expression");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto sets, tx.ListReferenceSets());
    GUOMEN_ASSIGN_OR_RETURN(auto units, tx.ListUnits());
    std::unordered_set<int64_t> covered;
    for (int64_t root : v.unit_scope) {
      for (int64_t u : SubtreeOf(units, root)) covered.insert(u);
    }
    store::UnitScope scope;
    for (int64_t u : who.scope) {
      if (covered.count(u)) scope.push_back(u);
    }
    rules::Activation facts(schema);
    // Reference sets by fact slot (a list of strings conforms; see Compiled).
    std::vector<std::pair<int, rules::Value>> refs;
    for (const auto& s : sets) {
      std::vector<rules::Value> items;
      for (const auto& i : s.items) items.push_back(rules::Value::String(i));
      if (const rules::FactDecl* decl = schema.FindFact("ref." + s.name)) {
        refs.emplace_back(decl->slot, rules::Value::List(std::move(items)));
      }
    }
    GUOMEN_RETURN_IF_ERROR(tx.ScanFactSnapshots(from, now + 1, scope, [&](const store::FactSnapshot& s) {
      facts.Clear();
      ++out.evaluated;
      if (!BindFactsJson(s.facts_json, facts).ok()) {
        ++out.errors;
        return true;
      }
      (void)facts.Set("now", TimestampOf(s.time_us));
      for (const auto& [slot, value] : refs) facts.SetSlot(slot, value);
      // Explain only the sample: evaluating without it is the fast path.
      auto e = program->Evaluate(facts);
      if (e.is_error()) {
        ++out.errors;
        return true;
      }
      if (!e.is_true()) return true;
      ++out.flagged;
      ++per_port[s.unit_id];
      ++per_day[s.time_us / kMicrosPerDay];
      if (out.sample.size() < static_cast<size_t>(kBacktestSample)) {
        auto explained = program->Evaluate(facts, rules::Explain::kYes);
        out.sample.push_back(
            {s.subject_kind, s.subject_id, s.time_us, s.unit_id, FactsUsed(explained)});
      }
      return true;
    }));
    for (const auto& [unit, count] : per_port) {
      BacktestResult::PortCount pc;
      pc.unit_id = unit;
      pc.count = count;
      for (const auto& u : units) {
        if (u.id != unit) continue;
        pc.code = u.code;
        pc.name = u.name;
        pc.name_en = u.name_en;
      }
      out.by_port.push_back(std::move(pc));
    }
    // The backtest read personal facts: the trail records it.
    return audit_.Append(tx, &who, meta, {"rule.backtest", "rule", version_label});
  }));
  std::stable_sort(out.by_port.begin(), out.by_port.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  for (const auto& [day, count] : per_day) {
    out.by_day.emplace_back(core::FormatIso8601(core::FromMicros(day * kMicrosPerDay)).substr(0, 10),
                            count);
  }
  return out;
}

// --- reference sets ---

Result<std::vector<store::ReferenceSet>> RuleService::ListReferenceSets(const Principal& who,
                                                                        const RequestMeta&) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst", "supervisor"}));
  std::vector<store::ReferenceSet> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListReferenceSets());
    return Status::Ok();
  }));
  return out;
}

Result<store::ReferenceSet> RuleService::GetReferenceSet(const Principal& who, const RequestMeta&,
                                                         const std::string& name) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst", "supervisor"}));
  std::optional<store::ReferenceSet> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.GetReferenceSet(name));
    return Status::Ok();
  }));
  if (!out) return core::Fail(ErrorCode::kNotFound, "no reference set " + name);
  return *out;
}

Result<store::ReferenceSet> RuleService::PutReferenceSet(const Principal& who,
                                                         const RequestMeta& meta,
                                                         const std::string& name,
                                                         const std::string& description,
                                                         std::vector<std::string> items) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst"}));
  if (name.size() > 60 || !rules::IsValidIdentifier(name)) {
    return core::Fail(ErrorCode::kValidation,
                      "a reference set name is an identifier of letters, digits and _ (up to 60)",
                      "name");
  }
  auto check = rules::BorderFactSchema({name});  // the rights guard on the name
  if (!check) return core::Fail(ErrorCode::kValidation, check.error().message, "name", "rights_guard");
  if (description.size() > 2000) {
    return core::Fail(ErrorCode::kValidation, "the description is limited to 2000 characters",
                      "description");
  }
  if (items.size() > 20000) {
    return core::Fail(ErrorCode::kValidation, "at most 20000 items", "items");
  }
  std::vector<std::string> clean;
  std::unordered_set<std::string> seen;
  for (auto& i : items) {
    std::string t(core::Trim(i));
    if (t.empty() || t.size() > 200 || t.find('\n') != std::string::npos ||
        t.find('\r') != std::string::npos) {
      return core::Fail(ErrorCode::kValidation,
                        "items are non-empty single lines of up to 200 characters", "items");
    }
    if (seen.insert(t).second) clean.push_back(std::move(t));
  }
  store::ReferenceSet set;
  set.name = name;
  set.description = description;
  set.items = std::move(clean);
  set.updated_by = who.user_id;
  set.updated_at_us = core::ToMicros(clock_.Now());
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_RETURN_IF_ERROR(tx.PutReferenceSet(set));
    GUOMEN_ASSIGN_OR_RETURN(auto stored, tx.GetReferenceSet(name));
    if (stored) set.id = stored->id;
    return audit_.Append(tx, &who, meta, {"refset.put", "reference_set", name});
  }));
  Invalidate();
  return set;
}

Status RuleService::DeleteReferenceSet(const Principal& who, const RequestMeta& meta,
                                       const std::string& name) {
  GUOMEN_RETURN_IF_ERROR(RequireRole(who, {"analyst"}));
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto set, tx.GetReferenceSet(name));
    if (!set) return core::Fail(ErrorCode::kNotFound, "no reference set " + name);
    GUOMEN_ASSIGN_OR_RETURN(auto units, tx.ListUnits());
    store::UnitScope all;
    for (const auto& u : units) all.push_back(u.id);
    GUOMEN_ASSIGN_OR_RETURN(auto rules, tx.ListRules(all, {}));
    const std::string needle = "ref." + name;
    for (const auto& r : rules) {
      if (r.state == "retired") continue;
      GUOMEN_ASSIGN_OR_RETURN(auto versions, tx.ListRuleVersions(r.id));
      for (const auto& v : versions) {
        bool live = v.state == "draft" || v.state == "pending_approval" || v.state == "active";
        size_t at = v.expression.find(needle);
        bool reads = at != std::string::npos &&
                     (at + needle.size() == v.expression.size() ||
                      !(std::isalnum(static_cast<unsigned char>(v.expression[at + needle.size()])) ||
                        v.expression[at + needle.size()] == '_'));
        if (live && reads) {
          return core::Fail(ErrorCode::kFailedPrecondition,
                            "rule " + r.code + " reads " + needle + "; change or retire it first",
                            "", "in_use");
        }
      }
    }
    GUOMEN_RETURN_IF_ERROR(tx.DeleteReferenceSet(name));
    return audit_.Append(tx, &who, meta, {"refset.delete", "reference_set", name});
  }));
  Invalidate();
  return Status::Ok();
}

// --- evaluation for the desk ---

Result<RiskAssessment> RuleService::Assess(int64_t port_unit_id, const std::string& facts_json,
                                           const std::vector<HitSignal>& hits,
                                           int64_t now_us) const {
  GUOMEN_ASSIGN_OR_RETURN(auto c, Current());
  if (!c->known_units.count(port_unit_id)) {
    // A unit created since the rule set was compiled: compile again once.
    Invalidate();
    GUOMEN_ASSIGN_OR_RETURN(c, Current());
  }
  rules::Activation facts(c->schema);
  GUOMEN_RETURN_IF_ERROR(BindFactsJson(facts_json, facts));
  GUOMEN_RETURN_IF_ERROR(facts.Set("now", TimestampOf(now_us)));
  for (const auto& [slot, value] : c->ref_slots) facts.SetSlot(slot, value);
  const rules::FactDecl* hits_decl = c->schema.FindFact("screening.hits");
  if (hits_decl && facts.Get(hits_decl->slot) == nullptr) {
    std::vector<rules::Value> list;
    std::vector<std::pair<rules::Value, rules::Value>> best;
    for (const auto& h : hits) {
      list.push_back(rules::Value::Map({{rules::Value::String("list_kind"), rules::Value::String(h.list_kind)},
                                        {rules::Value::String("action"), rules::Value::String(h.action)},
                                        {rules::Value::String("score"), rules::Value::Double(h.score)}}));
      bool found = false;
      for (auto& [k, v] : best) {
        if (k.string_value() == h.list_kind) {
          found = true;
          if (h.score > v.double_value()) v = rules::Value::Double(h.score);
        }
      }
      if (!found) best.emplace_back(rules::Value::String(h.list_kind), rules::Value::Double(h.score));
    }
    GUOMEN_RETURN_IF_ERROR(facts.Set("screening.hits", rules::Value::List(std::move(list))));
    const rules::FactDecl* best_decl = c->schema.FindFact("screening.best_score");
    if (best_decl && facts.Get(best_decl->slot) == nullptr) {
      GUOMEN_RETURN_IF_ERROR(facts.Set("screening.best_score", rules::Value::Map(std::move(best))));
    }
  }
  std::vector<FiredRule> fired;
  // Only the rules whose guards the facts meet can be true (RuleIndex).
  std::vector<uint32_t> candidates;
  c->index->Candidates(facts, candidates);
  const bool known_unit = c->known_units.count(port_unit_id) > 0;
  for (uint32_t i : candidates) {
    const auto& r = c->rules[i];
    if (!(r.covers_all && known_unit) && !r.covered.count(port_unit_id)) continue;
    if (r.version.valid_from_us && now_us < *r.version.valid_from_us) continue;
    if (r.version.valid_to_us && now_us >= *r.version.valid_to_us) continue;
    // The fast path (no explanation) for every rule; the facts a rule used
    // are collected only for the few that fire.
    if (!r.program.Evaluate(facts).is_true()) continue;
    auto e = r.program.Evaluate(facts, rules::Explain::kYes);
    FiredRule f;
    f.rule_id = r.rule.id;
    f.version = r.version.version;
    f.code = r.rule.code;
    f.name = r.version.name;
    f.level = r.version.level;
    f.points = r.version.points;
    f.facts_used = FactsUsed(e);
    f.questions = r.questions;
    f.actions = ActionsOf(r.version);
    fired.push_back(std::move(f));
  }
  return CombineRisk(std::move(fired), hits);
}

}  // namespace guomen::app
