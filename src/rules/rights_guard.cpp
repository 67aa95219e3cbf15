#include "rules/rights_guard.hpp"

#include <set>

namespace guomen::rules {

namespace {

constexpr std::string_view kRace = "race or ethnic origin";
constexpr std::string_view kColour = "colour";
constexpr std::string_view kReligion = "religion or belief";
constexpr std::string_view kOpinion = "political or other opinion";
constexpr std::string_view kUnion = "trade-union membership";
constexpr std::string_view kSex = "sex";
constexpr std::string_view kOrientation = "sex life or sexual orientation";
constexpr std::string_view kGenetic = "genetic data";
constexpr std::string_view kLanguage = "language";
constexpr std::string_view kMinority = "membership of a national minority";
constexpr std::string_view kOrigin = "social origin or birth";
constexpr std::string_view kProperty = "property";
constexpr std::string_view kHealth = "health beyond the declared symptoms";

struct Term {
  std::string_view words;  // one word, or words joined by '_'
  std::string_view attribute;
};

// ETIAS Art. 33(5) lists these attributes; DESIGN.md adds sex and language
// as never-a-risk-factor. Single words first, then phrases.
constexpr Term kTerms[] = {
    {"race", kRace}, {"racial", kRace}, {"ethnic", kRace}, {"ethnicity", kRace},
    {"ethnicities", kRace}, {"tribe", kRace}, {"tribal", kRace}, {"caste", kOrigin},
    {"skin", kColour}, {"complexion", kColour},
    {"religion", kReligion}, {"religions", kReligion}, {"religious", kReligion},
    {"faith", kReligion}, {"belief", kReligion}, {"beliefs", kReligion}, {"creed", kReligion},
    {"denomination", kReligion}, {"worship", kReligion},
    {"political", kOpinion}, {"politics", kOpinion}, {"opinion", kOpinion},
    {"opinions", kOpinion}, {"ideology", kOpinion},
    {"unionist", kUnion}, {"trade_union", kUnion}, {"labour_union", kUnion},
    {"labor_union", kUnion}, {"union_member", kUnion}, {"union_membership", kUnion},
    {"sex", kSex}, {"gender", kSex},
    {"sexual", kOrientation}, {"sexuality", kOrientation}, {"orientation", kOrientation},
    {"lgbt", kOrientation}, {"lgbtq", kOrientation}, {"gay", kOrientation},
    {"lesbian", kOrientation}, {"homosexual", kOrientation}, {"transgender", kOrientation},
    {"genetic", kGenetic}, {"genetics", kGenetic}, {"genome", kGenetic},
    {"genotype", kGenetic}, {"dna", kGenetic},
    {"language", kLanguage}, {"languages", kLanguage}, {"dialect", kLanguage},
    {"mother_tongue", kLanguage}, {"native_tongue", kLanguage},
    {"minority", kMinority}, {"minorities", kMinority},
    {"birthplace", kOrigin}, {"place_of_birth", kOrigin}, {"country_of_birth", kOrigin},
    {"birth_place", kOrigin}, {"birth_country", kOrigin}, {"social_origin", kOrigin},
    {"social_class", kOrigin},
    {"property", kProperty}, {"wealth", kProperty}, {"income", kProperty},
    {"disability", kHealth}, {"disabled", kHealth}, {"diagnosis", kHealth},
    {"diagnoses", kHealth}, {"medical", kHealth}, {"pregnancy", kHealth},
    {"pregnant", kHealth}, {"hiv", kHealth}, {"psychiatric", kHealth},
    {"mental_health", kHealth}, {"medication", kHealth},
};

std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  char prev = '\0';
  for (char c : name) {
    bool upper = c >= 'A' && c <= 'Z';
    bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      if (!cur.empty()) words.push_back(std::move(cur));
      cur.clear();
    } else {
      if (upper && !cur.empty() && prev >= 'a' && prev <= 'z') {
        words.push_back(std::move(cur));
        cur.clear();
      }
      cur += upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
    prev = c;
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

struct Reads {
  bool behavioural = false;
  std::set<int> demographic_slots;
};

void CollectReads(const Ast& ast, const Schema& schema, int id, Reads& reads) {
  const Node& n = ast.nodes[static_cast<size_t>(id)];
  auto note = [&](int slot) {
    FactCategory cat = schema.facts()[static_cast<size_t>(slot)].category;
    if (IsBehavioural(cat)) reads.behavioural = true;
    if (cat == FactCategory::kDemographic) reads.demographic_slots.insert(slot);
  };
  if (n.kind == NodeKind::kFact) note(n.slot);
  if (n.kind == NodeKind::kFactPresence) {
    for (int s : n.slots) note(s);
  }
  for (int c : n.children) CollectReads(ast, schema, c, reads);
}

// Whether the rule can be forced true (or false) by choosing demographic
// facts while every behavioural atom works against it; `witness` is an atom
// that lets it, for the message.
struct Force {
  bool can_true = false;
  bool can_false = false;
  int witness_true = -1;
  int witness_false = -1;
};

Force Analyze(const Ast& ast, const Schema& schema, int id) {
  const Node& n = ast.nodes[static_cast<size_t>(id)];
  auto child = [&](size_t i) { return Analyze(ast, schema, n.children[i]); };
  switch (n.kind) {
    case NodeKind::kLiteral:
      if (n.literal.kind() == ValueKind::kBool) {
        bool v = n.literal.bool_value();
        return Force{v, !v, v ? id : -1, v ? -1 : id};
      }
      break;
    case NodeKind::kAnd: {
      Force a = child(0), b = child(1);
      return Force{a.can_true && b.can_true, a.can_false || b.can_false,
                   a.can_true && b.can_true ? (a.witness_true >= 0 ? a.witness_true : b.witness_true)
                                            : -1,
                   a.can_false ? a.witness_false : b.witness_false};
    }
    case NodeKind::kOr: {
      Force a = child(0), b = child(1);
      return Force{a.can_true || b.can_true, a.can_false && b.can_false,
                   a.can_true ? a.witness_true : b.witness_true,
                   a.can_false && b.can_false
                       ? (a.witness_false >= 0 ? a.witness_false : b.witness_false)
                       : -1};
    }
    case NodeKind::kNot: {
      Force a = child(0);
      return Force{a.can_false, a.can_true, a.witness_false, a.witness_true};
    }
    case NodeKind::kCond:
      if (n.type.kind() == TypeKind::kBool) {
        Force c = child(0), a = child(1), b = child(2);
        Force f;
        if (c.can_true && a.can_true) {
          f.can_true = true;
          f.witness_true = a.witness_true >= 0 ? a.witness_true : c.witness_true;
        } else if (c.can_false && b.can_true) {
          f.can_true = true;
          f.witness_true = b.witness_true >= 0 ? b.witness_true : c.witness_false;
        } else if (a.can_true && b.can_true) {
          f.can_true = true;
          f.witness_true = a.witness_true;
        }
        if (c.can_true && a.can_false) {
          f.can_false = true;
          f.witness_false = a.witness_false;
        } else if (c.can_false && b.can_false) {
          f.can_false = true;
          f.witness_false = b.witness_false;
        } else if (a.can_false && b.can_false) {
          f.can_false = true;
          f.witness_false = a.witness_false;
        }
        return f;
      }
      break;
    default:
      break;
  }
  Reads reads;
  CollectReads(ast, schema, id, reads);
  if (reads.behavioural) return Force{};
  return Force{true, true, id, id};
}

}  // namespace

std::string_view RightsGuard::ProtectedAttribute(std::string_view name) {
  std::vector<std::string> words = Words(name);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string phrase;
    for (size_t len = 1; len <= 3 && i + len <= words.size(); ++len) {
      if (len > 1) phrase += '_';
      phrase += words[i + len - 1];
      for (const Term& t : kTerms) {
        if (t.words == phrase) return t.attribute;
      }
    }
  }
  return {};
}

std::string RightsGuard::ProtectedMessage(std::string_view path, std::string_view attribute) {
  return "'" + std::string(path) + "' refers to " + std::string(attribute) +
         ", a protected attribute that risk rules may never read (rights guard: rules are "
         "never based on who a person is; see docs/rules.md and Regulation (EU) 2018/1240 "
         "Art. 33(5))";
}

bool RightsGuard::Check(const Ast& ast, const Schema& schema, std::vector<Diagnostic>& diags) {
  size_t before = diags.size();
  // 1. Names: facts, fields and literal keys the rule touches.
  for (const Node& n : ast.nodes) {
    std::string name;
    switch (n.kind) {
      case NodeKind::kFact: name = schema.facts()[static_cast<size_t>(n.slot)].path; break;
      case NodeKind::kFactPresence:
      case NodeKind::kSelect:
      case NodeKind::kPresence: name = n.name; break;
      case NodeKind::kIndex: {
        const Node& key = ast.nodes[static_cast<size_t>(n.children[1])];
        if (key.kind == NodeKind::kLiteral && key.literal.kind() == ValueKind::kString) {
          name = std::string(key.literal.string_value());
        }
        break;
      }
      default: break;
    }
    if (name.empty()) continue;
    std::string_view attribute = ProtectedAttribute(name);
    if (!attribute.empty()) {
      diags.push_back(
          Diagnostic{DiagnosticKind::kRightsGuard, n.line, n.column, ProtectedMessage(name, attribute)});
    }
  }
  if (diags.size() != before) return false;

  // 2. Demographics only.
  Reads all;
  CollectReads(ast, schema, ast.root, all);
  const Node& root = ast.nodes[static_cast<size_t>(ast.root)];
  if (!all.behavioural) {
    std::string read;
    for (int slot : all.demographic_slots) {
      if (!read.empty()) read += ", ";
      read += schema.facts()[static_cast<size_t>(slot)].path;
    }
    std::string message =
        read.empty()
            ? "the rule reads no behavioural, travel, document or declaration fact, so it "
              "would flag travellers without a targeted reason"
            : "the rule decides on demographics only (it reads " + read +
                  " and no behavioural, travel, document or declaration fact)";
    diags.push_back(Diagnostic{DiagnosticKind::kRightsGuard, root.line, root.column,
                               message + "; rules must be targeted and proportionate (rights "
                                         "guard; see docs/rules.md and Regulation (EU) "
                                         "2018/1240 Art. 33(5))"});
    return false;
  }
  Force f = Analyze(ast, schema, ast.root);
  if (f.can_true) {
    const Node& w = ast.nodes[static_cast<size_t>(f.witness_true >= 0 ? f.witness_true : ast.root)];
    diags.push_back(Diagnostic{
        DiagnosticKind::kRightsGuard, w.line, w.column,
        "this part lets the rule fire on demographic facts alone (age, nationality, residence, "
        "issuing state) or on none at all; every way the rule can fire must depend on a "
        "behavioural, travel, document or declaration fact (rights guard; see docs/rules.md and "
        "Regulation (EU) 2018/1240 Art. 33(5))"});
    return false;
  }
  return true;
}

}  // namespace guomen::rules
