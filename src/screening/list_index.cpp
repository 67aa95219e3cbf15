#include "screening/list_index.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "names/name_normalizer.hpp"
#include "names/phonetic_key.hpp"
#include "names/romanization_variants.hpp"
#include "names/token_comparer.hpp"

namespace guomen::screening {
namespace {

constexpr double kMinTokenScore = 0.75;

uint64_t HashKey(char kind, std::string_view key) {
  // Kinds keep a deletion "abc" apart from a phonetic key "ABC" by construction.
  return std::hash<std::string_view>{}(key)*31 + static_cast<uint64_t>(kind);
}

// The keys a token is indexed and looked up under.
void TokenKeys(const names::NameToken& t, std::vector<uint64_t>& out) {
  out.clear();
  const std::string& s = t.text;
  out.push_back(HashKey('d', s));
  if (s.size() >= 4) {
    std::string del;
    for (size_t i = 0; i < s.size(); ++i) {
      if (i > 0 && s[i] == s[i - 1]) continue;  // same deletion as the previous one
      del.assign(s, 0, i);
      del.append(s, i + 1, std::string::npos);
      out.push_back(HashKey('d', del));
    }
  }
  if (t.key.size() >= 2) out.push_back(HashKey('p', t.key));
  for (const std::string& g : names::RomanizationVariants::Default().Groups(s)) {
    out.push_back(HashKey('v', g));
  }
}

}  // namespace

struct ListIndex::Scratch {
  std::vector<float> evidence;   // per name, summed over query tokens
  std::vector<float> pass_best;  // per name, best for the current query token
  std::vector<uint32_t> stamp;   // per name, the pass that last touched it
  std::vector<uint32_t> touched;
  std::vector<uint32_t> pass_touched;
  uint32_t pass = 0;

  void Prepare(size_t names) {
    if (evidence.size() < names) {
      evidence.assign(names, 0);
      pass_best.assign(names, 0);
      stamp.assign(names, 0);
      pass = 0;
    }
    touched.clear();
  }
};

namespace {

ListIndex::Scratch& ThreadScratch() {
  thread_local ListIndex::Scratch scratch;
  return scratch;
}

}  // namespace

std::shared_ptr<const ListIndex> ListIndex::Build(Watchlist list,
                                                  std::vector<WatchlistEntry> entries) {
  std::shared_ptr<ListIndex> index(new ListIndex());  // private constructor
  index->list_ = std::move(list);
  index->entries_ = std::move(entries);
  index->Index();
  return index;
}

void ListIndex::Index() {
  std::vector<uint64_t> keys;
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    const WatchlistEntry& entry = entries_[e];
    entry_by_id_.emplace(entry.id, e);
    entry_names_.push_back(static_cast<uint32_t>(names_.size()));
    for (uint32_t n = 0; n < entry.names.size(); ++n) {
      names::NormalizedName normalized = names::NormalizeName(entry.names[n].full);
      if (normalized.empty()) continue;
      const auto name_id = static_cast<uint32_t>(names_.size());
      for (const names::NameToken& t : normalized.tokens) {
        auto [it, inserted] = token_ids_.emplace(t.text, static_cast<uint32_t>(vocabulary_.size()));
        if (inserted) {
          vocabulary_.push_back(t);
          postings_.emplace_back();
          TokenKeys(t, keys);
          for (uint64_t k : keys) keys_.emplace_back(k, it->second);
        }
        auto& posting = postings_[it->second];
        if (posting.empty() || posting.back() != name_id) posting.push_back(name_id);
      }
      names_.push_back({e, n, std::move(normalized)});
    }
    for (const IdentityDocument& d : entry.documents) {
      const std::string key = DocumentKey(d.number);
      if (key.size() >= 4) documents_[key].push_back(e);
    }
  }
  entry_names_.push_back(static_cast<uint32_t>(names_.size()));
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  keys_.shrink_to_fit();
  log_names_ = std::log(std::max<double>(1000.0, static_cast<double>(names_.size())));
}

const WatchlistEntry* ListIndex::FindEntry(std::string_view id) const {
  auto it = entry_by_id_.find(std::string(id));
  return it == entry_by_id_.end() ? nullptr : &entries_[it->second];
}

double ListIndex::Weight(const names::NameToken& token) const {
  auto it = token_ids_.find(token.text);
  if (it == token_ids_.end()) return 1.0;
  const double df = static_cast<double>(postings_[it->second].size());
  return std::clamp(1.0 - std::log(df) / log_names_, 0.15, 1.0);
}

void ListIndex::EvidencePass(const names::NameToken& qt, Scratch& s, std::vector<uint64_t>& keys,
                             std::vector<uint32_t>& tokens) const {
  TokenKeys(qt, keys);
  tokens.clear();
  for (uint64_t k : keys) {
    auto lo = std::lower_bound(keys_.begin(), keys_.end(), std::make_pair(k, uint32_t{0}));
    for (; lo != keys_.end() && lo->first == k; ++lo) tokens.push_back(lo->second);
  }
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  ++s.pass;
  s.pass_touched.clear();
  for (uint32_t tid : tokens) {
    const names::TokenMatch m = names::CompareTokens(qt, vocabulary_[tid]);
    if (m.rule == names::MatchRule::kNone || m.score < kMinTokenScore) continue;
    const auto score = static_cast<float>(m.score);
    for (uint32_t name : postings_[tid]) {
      if (s.stamp[name] != s.pass) {
        s.stamp[name] = s.pass;
        s.pass_best[name] = score;
        s.pass_touched.push_back(name);
      } else if (score > s.pass_best[name]) {
        s.pass_best[name] = score;
      }
    }
  }
  const auto w = static_cast<float>(Weight(qt));
  for (uint32_t name : s.pass_touched) {
    if (s.evidence[name] == 0) s.touched.push_back(name);
    s.evidence[name] += w * s.pass_best[name];
  }
}

std::vector<ScreeningHit> ListIndex::Search(const PreparedQuery& query,
                                            const ScreeningOptions& options) const {
  const double threshold = options.threshold.value_or(list_.threshold);
  Scratch& s = ThreadScratch();
  s.Prepare(names_.size());
  std::vector<uint64_t> keys;
  std::vector<uint32_t> tokens;
  double query_weight = 0;  // of the lightest query name: the bound below stays an upper bound
  for (const names::NormalizedName& qn : query.names) {
    bool has_ordinary = false;
    for (const auto& t : qn.tokens)
      has_ordinary = has_ordinary || t.kind == names::TokenKind::kName;
    double w_name = 0;
    for (const auto& t : qn.tokens) {
      if (t.kind == names::TokenKind::kName || !has_ordinary) w_name += Weight(t);
    }
    if (query_weight == 0 || w_name < query_weight) query_weight = w_name;
    for (size_t i = 0; i < qn.tokens.size(); ++i) {
      const names::NameToken& qt = qn.tokens[i];
      if (qt.kind == names::TokenKind::kInitial) continue;
      if (has_ordinary && qt.kind != names::TokenKind::kName) continue;
      EvidencePass(qt, s, keys, tokens);
      // Written joined in the list, split in the query ("abdul rahman" ~ "abdulrahman").
      if (i + 1 < qn.tokens.size() && qn.tokens[i + 1].kind == names::TokenKind::kName) {
        names::NameToken joined;
        joined.text = qt.text + qn.tokens[i + 1].text;
        joined.key = names::PhoneticKey(joined.text);
        EvidencePass(joined, s, keys, tokens);
      }
      // Written split in the list, joined in the query: both halves must be list tokens.
      if (qt.text.size() >= 6) {
        for (size_t cut = 2; cut + 2 <= qt.text.size(); ++cut) {
          const std::string left = qt.text.substr(0, cut);
          const std::string right = qt.text.substr(cut);
          if (token_ids_.count(left) == 0 || token_ids_.count(right) == 0) continue;
          for (const std::string& half : {left, right}) {
            names::NameToken h;
            h.text = half;
            h.key = names::PhoneticKey(half);
            EvidencePass(h, s, keys, tokens);
          }
        }
      }
    }
  }
  // Names that cannot reach the threshold are not scored: with evidence E
  // (the weighted similarity of the matched query tokens) out of the query's
  // weight W, the name score is at most about E / (E + 0.5 (W - E)); facts
  // add at most 0.09, and 0.1 more is kept as a margin.
  std::vector<uint32_t> candidates;
  const double floor = threshold - 0.2;
  for (uint32_t name : s.touched) {
    const double e = s.evidence[name];
    if (2 * e / (query_weight + e) >= floor) candidates.push_back(name);
  }
  // The names with the most evidence are scored in full.
  if (candidates.size() > options.max_candidates) {
    std::nth_element(candidates.begin(),
                     candidates.begin() + static_cast<std::ptrdiff_t>(options.max_candidates),
                     candidates.end(),
                     [&s](uint32_t a, uint32_t b) { return s.evidence[a] > s.evidence[b]; });
    candidates.resize(options.max_candidates);
  }
  for (uint32_t name : s.touched) s.evidence[name] = 0;
  // Entries found by document number are scored whatever their names.
  std::vector<uint32_t> document_entries;
  if (query.document_key.size() >= 4) {
    if (auto it = documents_.find(query.document_key); it != documents_.end())
      document_entries = it->second;
  }
  struct Best {
    double score = -1;
    ScreeningHit hit;
  };
  std::unordered_map<uint32_t, Best> best;
  const TokenWeight weight = [this](const names::NameToken& t) { return Weight(t); };
  auto consider = [&](uint32_t entry_index, uint32_t name_index, const names::NormalizedName& en) {
    const WatchlistEntry& entry = entries_[entry_index];
    if (!options.include_entities && entry.type != EntryType::kPerson) return;
    const EntryName& published = entry.names[name_index];
    const FactsScore quick_facts = ScoreFacts(query, entry, false);
    for (const names::NormalizedName& qn : query.names) {
      // Score first; explain only what becomes the entry's best hit over the threshold.
      const double quick_name = ScoreName(qn, en, weight, false).score;
      if (quick_name <= 0 && !quick_facts.document_match) continue;
      const double score = CombineScore(quick_name, published.quality, quick_facts);
      Best& b = best[entry_index];
      if (score <= b.score) continue;
      b.score = score;
      if (score < threshold) continue;
      NameScore ns = ScoreName(qn, en, weight, true);
      const FactsScore facts = ScoreFacts(query, entry, true);
      ScreeningHit& h = b.hit;
      h.list_id = list_.id;
      h.entry_id = entry.id;
      h.entry_type = entry.type;
      h.matched_name = published.full;
      h.name_quality = published.quality;
      h.query_name = qn.original;
      h.score = score;
      h.name_score = ns.score;
      h.action = entry.action.value_or(list_.action);
      h.reason = entry.reason;
      h.source_ref = entry.source_ref;
      h.explanation = std::move(ns.parts);
      if (published.quality == NameQuality::kWeakAlias) {
        Explanation e;
        e.factor = Factor::kAliasQuality;
        e.entry_value = published.full;
        e.rule = "weak_alias";
        e.effect = -0.1 * ns.score;
        e.text_en = "the matched name is a weak alias (nickname or low-quality alias) on the list";
        e.text_zh = "所匹配的是名单中的弱别名（绰号或低质量别名）";
        h.explanation.push_back(std::move(e));
      }
      for (const Explanation& e : facts.parts) h.explanation.push_back(e);
    }
  };
  for (uint32_t name : candidates) {
    const IndexedName& n = names_[name];
    consider(n.entry, n.name, n.normalized);
  }
  for (uint32_t entry_index : document_entries) {
    if (best.count(entry_index) != 0) continue;
    for (uint32_t name = entry_names_[entry_index]; name < entry_names_[entry_index + 1]; ++name) {
      consider(names_[name].entry, names_[name].name, names_[name].normalized);
    }
  }
  std::vector<ScreeningHit> hits;
  for (auto& [entry_index, b] : best) {
    if (b.score >= threshold && !b.hit.entry_id.empty()) hits.push_back(std::move(b.hit));
  }
  std::sort(hits.begin(), hits.end(), [](const ScreeningHit& a, const ScreeningHit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.entry_id < b.entry_id;
  });
  if (hits.size() > options.top) hits.resize(options.top);
  return hits;
}

}  // namespace guomen::screening
