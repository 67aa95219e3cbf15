#include "screening/hit_scorer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <optional>

#include "names/country_resolver.hpp"
#include "names/name_alignment.hpp"
#include "names/name_normalizer.hpp"
#include "names/readings.hpp"
#include "names/written_form.hpp"

namespace guomen::screening {
namespace {

constexpr double kUnmatchedQueryCost = 0.5;
constexpr double kContainedQueryCost = kMinUnmatchedQueryCost;
constexpr double kSubstitutedQueryCost = 0.8;
constexpr double kUnmatchedEntryCost = 0.2;
constexpr double kNasabCrossedFactor = 0.8;
constexpr double kOtherLegalFormFactor = 0.85;
// "Presidente Putin": a title and one name part. The part must match this
// closely, be at least this rare in the list (its rarity weight: 0.85 is a
// part of at most about five names in a list of 35,000), and the score is
// at most kTitleAndSurnameCap: a hit the officer sees, below a full name's.
constexpr double kTitleAndSurnameMatch = 0.9;
constexpr double kRareSurnameWeight = 0.85;
constexpr double kTitleAndSurnameCap = 0.9;

// The query's one ordinary name part when it is written with a title of
// office ("Presidente Putin", "Putyin elnök"; not "Sydney King": king is
// also a surname); -1 otherwise.
int TitledSingleName(const names::NormalizedName& query) {
  int name = -1;
  bool title = false;
  for (size_t i = 0; i < query.tokens.size(); ++i) {
    const names::TokenKind kind = query.tokens[i].kind;
    if (kind == names::TokenKind::kHonorific && names::IsTitleOfOffice(query.tokens[i].text))
      title = true;
    if (kind != names::TokenKind::kName) continue;
    if (name >= 0) return -1;
    name = static_cast<int>(i);
  }
  return title ? name : -1;
}

double KindFactor(names::TokenKind kind) {
  switch (kind) {
    case names::TokenKind::kName:
      return 1.0;
    case names::TokenKind::kInitial:
      return 0.4;
    case names::TokenKind::kParticle:
    case names::TokenKind::kHonorific:
      return 0.15;
  }
  return 1.0;
}

std::string RuleZh(names::MatchRule rule) {
  switch (rule) {
    case names::MatchRule::kExact:
      return "完全相同";
    case names::MatchRule::kVariant:
      return "罗马化拼写变体";
    case names::MatchRule::kEditDistance:
      return "拼写相近";
    case names::MatchRule::kPhonetic:
      return "读音相近";
    case names::MatchRule::kInitial:
      return "首字母相符";
    case names::MatchRule::kConcatenation:
      return "连写与分写相符";
    case names::MatchRule::kNone:
      return "不相符";
  }
  return "";
}

std::string RuleEn(names::MatchRule rule) {
  switch (rule) {
    case names::MatchRule::kExact:
      return "identical";
    case names::MatchRule::kVariant:
      return "a known romanisation variant";
    case names::MatchRule::kEditDistance:
      return "spelled nearly the same";
    case names::MatchRule::kPhonetic:
      return "sounds the same";
    case names::MatchRule::kInitial:
      return "an initial of it";
    case names::MatchRule::kConcatenation:
      return "the same written joined or split";
    case names::MatchRule::kNone:
      return "different";
  }
  return "";
}

std::string Join(const names::NormalizedName& n, const names::TokenIndexes& idx) {
  std::string out;
  for (int i : idx) {
    if (!out.empty()) out += ' ';
    out += n.tokens[static_cast<size_t>(i)].text;
  }
  return out;
}

// "X bin Y": Y names X's father (bin, ibn, binti, bint, binte; Hebrew ben).
// The nearest ordinary part before the first such particle is the person's
// own name, the first ordinary part after it the father's; -1 when absent.
struct Nasab {
  int own = -1;
  int father = -1;
};

Nasab FindNasab(const names::NormalizedName& n) {
  static constexpr std::string_view kSonOf[] = {"bin", "ibn", "binti", "bint", "binte", "ben"};
  Nasab out;
  for (size_t i = 0; i < n.tokens.size(); ++i) {
    if (n.tokens[i].kind != names::TokenKind::kParticle ||
        std::find(std::begin(kSonOf), std::end(kSonOf), n.tokens[i].text) == std::end(kSonOf)) {
      continue;
    }
    for (size_t k = i; k-- > 0;) {
      if (n.tokens[k].kind == names::TokenKind::kName) {
        out.own = static_cast<int>(k);
        break;
      }
    }
    for (size_t k = i + 1; k < n.tokens.size(); ++k) {
      if (n.tokens[k].kind == names::TokenKind::kName) {
        out.father = static_cast<int>(k);
        break;
      }
    }
    if (out.own >= 0 && out.father >= 0) return out;
    out = Nasab{};
  }
  return out;
}

// True when the alignment pairs the query's own name with the entry's
// father's name or the other way round ("Salman bin Muhammad" ~ "Muhammad bin
// Salman": father and son, not one person).
bool NasabCrossed(const names::NormalizedName& query, const names::NormalizedName& entry,
                  const names::Alignment& a) {
  const Nasab q = FindNasab(query);
  const Nasab e = FindNasab(entry);
  if (q.own < 0 || e.own < 0) return false;
  auto paired = [&a](int qi, int ej) {
    for (const auto& p : a.pairs) {
      if (std::find(p.a_tokens.begin(), p.a_tokens.end(), qi) != p.a_tokens.end() &&
          std::find(p.b_tokens.begin(), p.b_tokens.end(), ej) != p.b_tokens.end())
        return true;
    }
    return false;
  };
  return paired(q.own, e.father) || paired(q.father, e.own);
}

// The legal forms of an organisation's name (ag, gmbh, llc ...), sorted.
// "Company" and "Corporation" count as one: both translate the same word of
// many languages (公司, компания / корпорация).
std::vector<std::string> LegalForms(const names::NormalizedName& n) {
  std::vector<std::string> out;
  for (const auto& t : n.tokens) {
    if (t.kind == names::TokenKind::kParticle && t.text != "the" && names::IsLegalForm(t.text))
      out.push_back(t.text == "corp" ? "co" : t.text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Fixed2(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%+.2f", v);
  return buf;
}

}  // namespace

std::string DocumentKey(std::string_view number) {
  std::string key;
  for (char c : number) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      key.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  return key;
}

PreparedQuery PrepareQuery(const ScreeningQuery& query) {
  PreparedQuery p;
  p.raw = query;
  p.names.push_back(names::NormalizeName(query.name));
  for (const auto& other : query.other_names) {
    names::NormalizedName n = names::NormalizeName(other);
    if (!n.empty()) p.names.push_back(std::move(n));
  }
  // Other readings of a non-Latin name (names/readings.hpp) are searched as
  // names of their own; a hit shows the name as given (original).
  std::vector<names::NormalizedName> readings;
  for (const auto& n : p.names) {
    for (const auto& r : n.readings) {
      if (!r.empty()) readings.push_back(r);
    }
  }
  p.first_reading = p.names.size();
  for (auto& r : readings) p.names.push_back(std::move(r));
  if (!query.nationality.empty()) {
    p.nationality = names::ResolveCountry(query.nationality);
    if (p.nationality.empty()) p.nationality = query.nationality;
  }
  p.document_key = DocumentKey(query.document_number);
  return p;
}

namespace {

NameScore ScoreOneReading(const names::NormalizedName& query, const names::NormalizedName& entry,
                          const TokenWeight& weight, bool explain) {
  std::vector<double> qw;
  std::vector<double> ew;
  qw.reserve(query.tokens.size());
  ew.reserve(entry.tokens.size());
  for (const auto& t : query.tokens) qw.push_back(weight(t));
  for (const auto& t : entry.tokens) ew.push_back(weight(t));
  return ScoreName(query, entry, qw, ew, explain);
}

// The readings a name is scored by: its first one, its other readings, and
// for Han against Latin the Japanese reading the Latin name spells, if any.
std::vector<const names::NormalizedName*> Readings(const names::NormalizedName& n,
                                                   const names::NormalizedName& other,
                                                   std::optional<names::NormalizedName>& japanese) {
  std::vector<const names::NormalizedName*> out = {&n};
  for (const auto& r : n.readings) out.push_back(&r);
  japanese = names::JapaneseReadingAs(n, other);
  if (japanese) out.push_back(&*japanese);
  return out;
}

}  // namespace

NameScore ScoreName(const names::NormalizedName& query, const names::NormalizedName& entry,
                    const TokenWeight& weight, bool explain) {
  if (query.readings.empty() && entry.readings.empty() && query.script != names::Script::kHan &&
      entry.script != names::Script::kHan) {
    return ScoreOneReading(query, entry, weight, explain);
  }
  // A name with other readings (names/readings.hpp) scores by its best one.
  std::optional<names::NormalizedName> jq;
  std::optional<names::NormalizedName> je;
  const auto qs = Readings(query, entry, jq);
  const auto es = Readings(entry, query, je);
  // Scored quickly; only the best pair of readings is explained.
  const names::NormalizedName* best_q = qs.front();
  const names::NormalizedName* best_e = es.front();
  NameScore best;
  bool first = true;
  for (const names::NormalizedName* q : qs) {
    for (const names::NormalizedName* e : es) {
      NameScore s = ScoreOneReading(*q, *e, weight, false);
      if (first || s.score > best.score) {
        best = std::move(s);
        best_q = q;
        best_e = e;
        first = false;
      }
    }
  }
  return explain ? ScoreOneReading(*best_q, *best_e, weight, true) : best;
}

NameScore ScoreName(const names::NormalizedName& query, const names::NormalizedName& entry,
                    std::span<const double> query_weights, std::span<const double> entry_weights,
                    bool explain) {
  NameScore out;
  const names::Alignment a = names::AlignNames(query, entry);
  auto query_w = [&](int i) {
    const auto k = static_cast<size_t>(i);
    return query_weights[k] * KindFactor(query.tokens[k].kind);
  };
  auto entry_w = [&](int j) {
    const auto k = static_cast<size_t>(j);
    return entry_weights[k] * KindFactor(entry.tokens[k].kind);
  };
  const bool transliterated = query.script != entry.script &&
                              query.script != names::Script::kUnknown &&
                              entry.script != names::Script::kUnknown;
  double matched = 0;
  double total = 0;
  bool ordinary = false;
  struct Part {
    Explanation e;
    double weighted;
  };
  std::vector<Part> parts;
  for (const auto& pair : a.pairs) {
    double wq = 0;
    double we = 0;
    for (int i : pair.a_tokens) {
      wq += query_w(i);
      ordinary = ordinary || query.tokens[static_cast<size_t>(i)].kind == names::TokenKind::kName;
    }
    for (int j : pair.b_tokens) we += entry_w(j);
    const double pw = 0.5 * (wq + we);
    matched += pw * pair.match.score;
    total += pw;
    if (!explain) continue;
    Explanation e;
    e.factor = Factor::kNamePart;
    e.query_value = Join(query, pair.a_tokens);
    e.entry_value = Join(entry, pair.b_tokens);
    e.rule = std::string(names::MatchRuleName(pair.match.rule));
    if (transliterated) e.rule += "+transliteration";
    const std::string from =
        transliterated
            ? std::string(" after transliteration from ") +
                  std::string(names::ScriptName(
                      query.script == names::Script::kLatin ? entry.script : query.script))
            : std::string();
    e.text_en = "name part '" + e.query_value + "' matches '" + e.entry_value +
                "': " + RuleEn(pair.match.rule) + from;
    e.text_zh = "姓名部分“" + e.query_value + "”与名单“" + e.entry_value + "”" +
                RuleZh(pair.match.rule) + (transliterated ? "（经文字转写）" : "");
    parts.push_back({std::move(e), pw * pair.match.score});
  }
  // A part written twice ("Sergey Sergey Shoigu") counts once.
  auto repeated = [](const names::NormalizedName& n, int index, const std::vector<int>& unmatched) {
    const std::string& text = n.tokens[static_cast<size_t>(index)].text;
    for (size_t k = 0; k < n.tokens.size(); ++k) {
      if (static_cast<int>(k) == index || n.tokens[k].text != text) continue;
      if (std::find(unmatched.begin(), unmatched.end(), static_cast<int>(k)) == unmatched.end())
        return true;
    }
    return false;
  };
  // Query parts the listed name lacks cost less when every ordinary part of
  // the listed name was found (a fuller name than the list's: passports
  // carry middle names and patronymics lists leave out), and more when the
  // listed name has ordinary parts of its own left over (a different name
  // part in its place, e.g. another family name).
  auto ordinary_left = [&repeated](const names::NormalizedName& n,
                                   const std::vector<int>& unmatched) {
    for (int k : unmatched) {
      if (n.tokens[static_cast<size_t>(k)].kind == names::TokenKind::kName &&
          !repeated(n, k, unmatched))
        return true;
    }
    return false;
  };
  const double query_cost = !ordinary_left(entry, a.unmatched_b)  ? kContainedQueryCost
                            : ordinary_left(query, a.unmatched_a) ? kSubstitutedQueryCost
                                                                  : kUnmatchedQueryCost;
  double unmatched_cost = 0;
  for (int i : a.unmatched_a) {
    if (repeated(query, i, a.unmatched_a)) continue;
    const double c = query_cost * query_w(i);
    unmatched_cost += c;
    if (!explain) continue;
    Explanation e;
    e.factor = Factor::kUnmatchedQueryPart;
    e.query_value = query.tokens[static_cast<size_t>(i)].text;
    e.rule = "none";
    e.text_en = "name part '" + e.query_value + "' is not in the listed name";
    e.text_zh = "姓名部分“" + e.query_value + "”不在名单姓名中";
    parts.push_back({std::move(e), -c});
  }
  double unmatched_entry_cost = 0;
  for (int j : a.unmatched_b) {
    if (repeated(entry, j, a.unmatched_b)) continue;
    const double c = kUnmatchedEntryCost * entry_w(j);
    unmatched_cost += c;
    unmatched_entry_cost += c;
    if (!explain) continue;
    Explanation e;
    e.factor = Factor::kUnmatchedEntryPart;
    e.entry_value = entry.tokens[static_cast<size_t>(j)].text;
    e.rule = "none";
    e.text_en = "listed name part '" + e.entry_value + "' is missing from the query";
    e.text_zh = "名单姓名部分“" + e.entry_value + "”在查询中缺失";
    parts.push_back({std::move(e), -c});
  }
  if (!ordinary || total <= 0) return out;
  out.score = std::clamp(matched / (total + unmatched_cost), 0.0, 1.0);
  const double denom = total + unmatched_cost;
  for (auto& p : parts) {
    p.e.effect = p.weighted / denom;
    out.parts.push_back(std::move(p.e));
  }
  // A title and one name part ("Presidente Putin"): the way a person in
  // office is named, the listed given names not missing but not said. When
  // the part matches a rare part of the listed name closely, the listed
  // name's other parts do not count against it (common parts stay as they
  // are: "President Smith" is no one in particular).
  if (const int single = TitledSingleName(query); single >= 0 && unmatched_entry_cost > 0) {
    for (const auto& pair : a.pairs) {
      if (pair.a_tokens.size() != 1 || pair.a_tokens[0] != single || pair.b_tokens.size() != 1 ||
          pair.match.score < kTitleAndSurnameMatch)
        continue;
      const auto j = static_cast<size_t>(pair.b_tokens[0]);
      if (entry.tokens[j].kind != names::TokenKind::kName || entry_weights[j] < kRareSurnameWeight)
        continue;
      const double titled =
          std::min(kTitleAndSurnameCap, matched / (total + unmatched_cost - unmatched_entry_cost));
      if (titled <= out.score) break;
      if (explain) {
        Explanation e;
        e.factor = Factor::kNameForm;
        e.query_value = query.original;
        e.entry_value = entry.tokens[j].text;
        e.rule = "title_and_surname";
        e.effect = titled - out.score;
        e.text_en = "a title and the rare listed name part '" + e.entry_value +
                    "' alone: the listed name's other parts are not counted missing (" +
                    Fixed2(e.effect) + ")";
        e.text_zh = "头衔加名单中罕见的姓名部分“" + e.entry_value +
                    "”：名单姓名的其余部分不计为缺失（" + Fixed2(e.effect) + "）";
        out.parts.push_back(std::move(e));
      }
      out.score = titled;
      break;
    }
  }
  // The names' form: what the aligned parts alone do not see.
  auto form = [&](double new_score, std::string query_value, std::string entry_value,
                  const char* rule, std::string en, std::string zh) {
    if (new_score >= out.score) return;
    if (explain) {
      Explanation e;
      e.factor = Factor::kNameForm;
      e.query_value = std::move(query_value);
      e.entry_value = std::move(entry_value);
      e.rule = rule;
      e.effect = new_score - out.score;
      e.text_en = std::move(en) + " (" + Fixed2(e.effect) + ")";
      e.text_zh = std::move(zh) + "（" + Fixed2(e.effect) + "）";
      out.parts.push_back(std::move(e));
    }
    out.score = new_score;
  };
  // Han characters and Hangul syllables are name parts of their own: names
  // that romanise alike but are written with other characters (习近朋 ~
  // 习近平) are other names. The score is at most the share of characters in
  // common.
  if (const auto written = names::WrittenCharacterAgreement(query, entry); written) {
    form(std::min(out.score, *written), query.original, entry.original, "written_characters",
         "written with other characters than the listed name", "与名单姓名的书写字符不同");
  }
  // Father and son: "X bin Y" against "Y bin X".
  if (NasabCrossed(query, entry, a)) {
    form(out.score * kNasabCrossedFactor, query.original, entry.original, "father_son_swapped",
         "the parts before and after 'bin' are swapped (father and son?)",
         "“bin”前后的姓名部分对调（可能是父子）");
  }
  // Two organisations with different legal forms (Deutsche Bank AG ~ Deutsche
  // Bank GmbH) are different companies.
  const std::vector<std::string> qf = LegalForms(query);
  const std::vector<std::string> ef = LegalForms(entry);
  if (!qf.empty() && !ef.empty()) {
    std::vector<std::string> shared;
    std::set_intersection(qf.begin(), qf.end(), ef.begin(), ef.end(), std::back_inserter(shared));
    if (shared.empty()) {
      auto join = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
        return s;
      };
      form(out.score * kOtherLegalFormFactor, join(qf), join(ef), "other_legal_form",
           "another legal form: '" + join(qf) + "' vs listed '" + join(ef) + "'",
           "法律形式不同：“" + join(qf) + "”与名单“" + join(ef) + "”");
    }
  }
  return out;
}

double ScoreNameBound(const names::NormalizedName& query, std::span<const double> query_weights,
                      std::span<const names::LetterSignature> query_letters,
                      std::span<const BoundToken> entry, std::span<const double> pair_scores) {
  const size_t n = query.tokens.size();
  const size_t m = entry.size();
  constexpr size_t kMaxTokens = 16;
  if (n > kMaxTokens || m > kMaxTokens || TitledSingleName(query) >= 0) return 1.0;
  // Each part's best pair.
  double query_best[kMaxTokens] = {};
  double entry_best[kMaxTokens] = {};
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < m; ++j) {
      const double s = pair_scores[i * m + j];
      query_best[i] = std::max(query_best[i], s);
      entry_best[j] = std::max(entry_best[j], s);
    }
  }
  // One part against two neighbours joined (names::AlignNames: the single
  // part of 4 letters or more, CompareSpellings x 0.98, at least the least
  // pair score), bounded by the letters.
  const auto joined_score = [](const names::LetterSignature& single,
                               const names::LetterSignature& first,
                               const names::LetterSignature& second) {
    if (single.length < 4) return 0.0;
    const double s =
        0.98 * names::SpellingScoreBound(single, names::JoinedSignature(first, second));
    return s >= names::kMinPairScore ? s : 0.0;
  };
  for (size_t i = 0; i < n && m >= 2; ++i) {
    for (size_t j = 0; j + 1 < m; ++j) {
      const double s = joined_score(query_letters[i], entry[j].letters, entry[j + 1].letters);
      query_best[i] = std::max(query_best[i], s);
      entry_best[j] = std::max(entry_best[j], s);
      entry_best[j + 1] = std::max(entry_best[j + 1], s);
    }
  }
  for (size_t j = 0; j < m && n >= 2; ++j) {
    for (size_t i = 0; i + 1 < n; ++i) {
      const double s = joined_score(entry[j].letters, query_letters[i], query_letters[i + 1]);
      entry_best[j] = std::max(entry_best[j], s);
      query_best[i] = std::max(query_best[i], s);
      query_best[i + 1] = std::max(query_best[i + 1], s);
    }
  }
  // A pair's weight is the mean of its sides': each part adds at most half
  // its weight x its best score. A part with no pair is unmatched in every
  // alignment and costs its weight (x the cost), unless written twice.
  double matched = 0;
  double query_left = 0;
  double entry_left = 0;
  bool ordinary = false;
  bool query_ordinary_left = false;
  bool entry_ordinary_left = false;
  for (size_t i = 0; i < n; ++i) {
    const names::NameToken& t = query.tokens[i];
    const double w = query_weights[i] * KindFactor(t.kind);
    if (query_best[i] > 0) {
      matched += 0.5 * w * query_best[i];
      ordinary = ordinary || t.kind == names::TokenKind::kName;
      continue;
    }
    bool twice = false;
    for (size_t k = 0; k < n && !twice; ++k) twice = k != i && query.tokens[k].text == t.text;
    if (twice) continue;
    query_left += w;
    query_ordinary_left = query_ordinary_left || t.kind == names::TokenKind::kName;
  }
  if (!ordinary) return 0.0;
  for (size_t j = 0; j < m; ++j) {
    const double w = entry[j].weight * KindFactor(entry[j].kind);
    if (entry_best[j] > 0) {
      matched += 0.5 * w * entry_best[j];
      continue;
    }
    bool twice = false;
    for (size_t k = 0; k < m && !twice; ++k) twice = k != j && entry[k].id == entry[j].id;
    if (twice) continue;
    entry_left += kUnmatchedEntryCost * w;
    entry_ordinary_left = entry_ordinary_left || entry[j].kind == names::TokenKind::kName;
  }
  const double query_cost = !entry_ordinary_left  ? kContainedQueryCost
                            : query_ordinary_left ? kSubstitutedQueryCost
                                                  : kUnmatchedQueryCost;
  // matched <= total, so matched / (total + unmatched) <= matched / (matched
  // + unmatched), which grows with matched. A little above, for pair scores
  // kept as float (relative error 6e-8) and the order of the sums.
  const double left = query_cost * query_left + entry_left;
  if (matched <= 0) return 0.0;
  return std::min(1.0, matched / (matched + left) + 1e-6);
}

FactsScore ScoreFacts(const PreparedQuery& query, const WatchlistEntry& entry, bool explain) {
  FactsScore f;
  if (!query.document_key.empty()) {
    for (const auto& d : entry.documents) {
      if (DocumentKey(d.number) != query.document_key) continue;
      f.document_match = true;
      if (!explain) break;
      Explanation e;
      e.factor = Factor::kDocument;
      e.query_value = query.raw.document_number;
      e.entry_value = d.number;
      e.rule = "exact";
      e.text_en = "document number " + d.number + " (" + d.type +
                  (d.issuing_state.empty() ? "" : ", " + d.issuing_state) +
                  ") is on the list entry";
      e.text_zh = "证件号码 " + d.number + " 与名单条目一致";
      f.parts.push_back(std::move(e));
      break;
    }
  }
  if (query.raw.birth_date && !entry.birth_dates.empty()) {
    DateAgreement best = DateAgreement::kConflict;
    const BirthDate* best_date = &entry.birth_dates[0];
    auto rank = [](DateAgreement a) {
      switch (a) {
        case DateAgreement::kExact:
          return 7;
        case DateAgreement::kSameYearMonth:
          return 6;
        case DateAgreement::kSameYear:
          return 5;
        case DateAgreement::kTransposed:
          return 4;
        case DateAgreement::kMonthOff:
          return 3;
        case DateAgreement::kYearOffByOne:
          return 2;
        case DateAgreement::kUnknown:
          return 1;
        case DateAgreement::kConflict:
          return 0;
      }
      return 0;
    };
    for (const auto& d : entry.birth_dates) {
      const DateAgreement a = CompareBirthDates(*query.raw.birth_date, d);
      if (rank(a) > rank(best)) {
        best = a;
        best_date = &d;
      }
    }
    double delta = 0;
    std::string en;
    std::string zh;
    switch (best) {
      case DateAgreement::kExact:
        delta = 0.06;
        en = "the same";
        zh = "完全一致";
        break;
      case DateAgreement::kSameYearMonth:
        delta = 0.04;
        en = "the same year and month";
        zh = "年月一致";
        break;
      case DateAgreement::kSameYear:
        delta = 0.03;
        en = "the same year (as far as the list knows it)";
        zh = "年份一致";
        break;
      case DateAgreement::kTransposed:
        delta = 0.03;
        en = "the same with day and month swapped";
        zh = "日月颠倒后一致";
        break;
      case DateAgreement::kMonthOff:
        delta = 0;
        en = "the same year and day, another month (one part mistyped?)";
        zh = "年、日一致，月份不同（可能录入错误）";
        break;
      case DateAgreement::kYearOffByOne:
        delta = 0;
        en = "one year apart";
        zh = "相差一年";
        break;
      case DateAgreement::kConflict:
        delta = -0.20;
        en = "different";
        zh = "不一致";
        break;
      case DateAgreement::kUnknown:
        break;
    }
    if (best != DateAgreement::kUnknown && !explain) {
      f.delta += delta;
    } else if (best != DateAgreement::kUnknown) {
      Explanation e;
      e.factor = Factor::kBirthDate;
      e.query_value = query.raw.birth_date->ToString();
      e.entry_value = best_date->ToString();
      e.rule = std::string(DateAgreementName(best));
      e.effect = delta;
      e.text_en = "date of birth " + e.query_value + " vs listed " + e.entry_value + ": " + en +
                  " (" + Fixed2(delta) + ")";
      e.text_zh = "出生日期 " + e.query_value + " 与名单 " + e.entry_value + " " + zh + "（" +
                  Fixed2(delta) + "）";
      f.delta += delta;
      f.parts.push_back(std::move(e));
    }
  }
  if (!query.nationality.empty() && !entry.nationalities.empty()) {
    const bool shared = std::find(entry.nationalities.begin(), entry.nationalities.end(),
                                  query.nationality) != entry.nationalities.end();
    const double delta = shared ? 0.03 : -0.05;
    f.delta += delta;
    if (explain) {
      Explanation e;
      e.factor = Factor::kNationality;
      e.query_value = query.nationality;
      std::string listed;
      for (const auto& n : entry.nationalities) listed += (listed.empty() ? "" : ", ") + n;
      e.entry_value = listed;
      e.rule = shared ? "shared" : "different";
      e.effect = delta;
      e.text_en = "nationality " + e.query_value +
                  (shared ? " is among the listed " : " is not among the listed ") + listed + " (" +
                  Fixed2(delta) + ")";
      e.text_zh = "国籍 " + e.query_value + (shared ? " 与名单国籍一致 " : " 与名单国籍不同 ") +
                  listed + "（" + Fixed2(delta) + "）";
      f.parts.push_back(std::move(e));
    }
  }
  if (!query.raw.gender.empty() && !entry.gender.empty() && query.raw.gender != entry.gender) {
    f.delta -= 0.15;
    if (!explain) return f;
    Explanation e;
    e.factor = Factor::kGender;
    e.query_value = query.raw.gender;
    e.entry_value = entry.gender;
    e.rule = "different";
    e.effect = -0.15;
    e.text_en =
        "gender " + query.raw.gender + " differs from the listed " + entry.gender + " (-0.15)";
    e.text_zh = "性别 " + query.raw.gender + " 与名单 " + entry.gender + " 不同（-0.15）";
    f.parts.push_back(std::move(e));
  }
  return f;
}

double CombineScore(double name_score, NameQuality quality, const FactsScore& facts) {
  double s = name_score * (quality == NameQuality::kWeakAlias ? 0.9 : 1.0) + facts.delta;
  if (facts.document_match) s = std::max(s, 0.95);
  return std::clamp(s, 0.0, 1.0);
}

}  // namespace guomen::screening
