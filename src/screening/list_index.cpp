#include "screening/list_index.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <new>
#include <optional>

#include "names/name_alignment.hpp"
#include "names/name_normalizer.hpp"
#include "names/phonetic_key.hpp"
#include "names/romanization_variants.hpp"
#include "names/spelling_variants.hpp"
#include "names/token_comparer.hpp"

namespace guomen::screening {
namespace {

// A query token's matches are the pairs ScoreName may make (ScoreNameBound reads them so).
constexpr double kMinTokenScore = names::kMinPairScore;
// A match with at most this many names has them copied into its query
// token's TokenInfo::few, up to kMaxFew names in all (the match cache holds
// up to 262,144 TokenInfos: a few hundred bytes each at most).
constexpr uint32_t kFewPostings = 16;
constexpr size_t kMaxFew = 64;
// The most names holding a split query token's rarer half that its pass
// adds without the other half (ChooseCandidates).
constexpr size_t kFewHoldingTheHalf = 256;

uint64_t HashKey(char kind, std::string_view key) {
  // Kinds keep a deletion "abc" apart from a phonetic key "ABC" by construction.
  return std::hash<std::string_view>{}(key)*31 + static_cast<uint64_t>(kind);
}

// The keys a token is indexed and looked up under, in this order: its
// spelling and its one-letter deletions, its phonetic key, its spelling
// skeleton, its romanisation groups. `phonetic` is set to where the
// phonetic key is (keys before it are spellings) and `others` to where the
// keys after it begin.
void TokenKeys(const names::NameToken& t, std::vector<uint64_t>& out, size_t* phonetic = nullptr,
               size_t* others = nullptr) {
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
  if (phonetic != nullptr) *phonetic = out.size();
  if (t.key.size() >= 2) out.push_back(HashKey('p', t.key));
  if (others != nullptr) *others = out.size();
  // Other languages' spellings of the part (names/spelling_variants.hpp).
  // Keyed as the token comparer compares them: tokens of 2 letters or more.
  if (s.size() >= 2) {
    const std::string skeleton = names::SpellingSkeleton(s);
    if (!skeleton.empty()) out.push_back(HashKey('s', skeleton));
  }
  for (const std::string& g : names::RomanizationVariants::Default().Groups(s)) {
    out.push_back(HashKey('v', g));
  }
}

uint64_t MixKey(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k;
}

}  // namespace

struct ListIndex::Scratch {
  std::vector<uint64_t> keys;                        // of the current query token
  std::vector<uint32_t> tokens;                      // vocabulary tokens its keys reach
  std::vector<std::unique_ptr<TokenInfo>> uncached;  // when the cache is full (this search)
  std::string joined;
  std::vector<std::vector<double>> query_weights;  // per query name, per token
  // The names this search touched, in the order it touched them, with what
  // the passes found; `Find` maps a name to its slot. A hash table rather
  // than one slot per indexed name: a search touches thousands of names, not
  // millions, so the table stays in cache (and a thread does not hold 16 MB
  // per 1,000,000 names, faulted in page by page on first use).
  struct NameSlot {
    uint32_t name = 0;
    float evidence = 0;   // summed over query tokens
    float pass_best = 0;  // best for the current query token
    uint32_t stamp = 0;   // the pass that last touched it
    uint32_t passes = 0;  // passes (query tokens and their joins/splits) that touched it
  };
  std::vector<NameSlot> slots;
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Key {
    uint32_t name = 0;
    uint32_t generation = 0;  // the search that set it; older ones are empty
    uint32_t slot = 0;
  };
  std::vector<Key> table = std::vector<Key>(size_t{1} << 12);
  uint32_t generation = 1;
  uint32_t shift = 32 - 12;

  size_t Home(uint32_t name) const { return (name * 0x9E3779B1u) >> shift; }
  const Key* HomeKey(uint32_t name) const { return &table[Home(name)]; }

  // One bit per indexed name, set while the name has a slot: the passes
  // that only add to touched names ask it before the table (far larger, so
  // a probe is a cache miss), since most of the names they walk were not
  // touched (97 % in load_screening_bench's searches).
  std::vector<uint64_t> touched;
  const uint64_t* TouchedWord(uint32_t name) const { return &touched[name >> 6]; }
  bool Touched(uint32_t name) const { return (touched[name >> 6] >> (name & 63)) & 1; }
  // Find for a name that may not be touched.
  uint32_t FindTouched(uint32_t name) const { return Touched(name) ? Find(name) : kNone; }

  uint32_t Find(uint32_t name) const {
    const size_t mask = table.size() - 1;
    for (size_t h = Home(name);; h = (h + 1) & mask) {
      const Key& k = table[h];
      if (k.generation != generation) return kNone;
      if (k.name == name) return k.slot;
    }
  }

  uint32_t FindOrAdd(uint32_t name) {
    const size_t mask = table.size() - 1;
    for (size_t h = Home(name);; h = (h + 1) & mask) {
      Key& k = table[h];
      if (k.generation != generation) {
        k = {name, generation, static_cast<uint32_t>(slots.size())};
        slots.push_back({name, 0, 0, 0, 0});
        touched[name >> 6] |= uint64_t{1} << (name & 63);
        if (2 * slots.size() > table.size()) Grow();
        return static_cast<uint32_t>(slots.size() - 1);
      }
      if (k.name == name) return k.slot;
    }
  }

  void Grow() {
    table.assign(table.size() * 2, Key{});
    --shift;
    generation = 1;
    const size_t mask = table.size() - 1;
    for (uint32_t i = 0; i < slots.size(); ++i) {
      size_t h = Home(slots[i].name);
      while (table[h].generation == generation) h = (h + 1) & mask;
      table[h] = {slots[i].name, generation, i};
    }
  }

  std::vector<uint32_t> pass_touched;  // slots
  // One bit per indexed name, all clear between uses (EvidencePassAdmitting).
  std::vector<uint64_t> marks;
  struct Candidate {
    float evidence;
    uint32_t name;
  };
  std::vector<Candidate> candidates;
  std::vector<uint8_t> verdicts;  // per slot: Search's evidence_verdict
  struct Pass {
    const TokenInfo* info;
    size_t order;              // as the query wrote it (ties keep it)
    uint64_t covers = 0;       // the query positions (Search) a name it touches may match
    uint32_t cut = 0;          // halves of one split query token share a number (0: none)
    bool update_only = false;  // adds only to names an earlier pass touched
    // 1 / W of the query name it belongs to (of the lightest, when names
    // share it): evidence counts as the share of a query name's weight, so
    // a one-part reading (普京 -> putin) and a four-part one (pu jing ...)
    // compete for the candidates on equal terms.
    double scale = 1;
  };
  std::vector<Pass> passes;
  uint32_t pass = 0;
  // The current pass reached slots[at] with this similarity: keeps the best.
  void Note(uint32_t at, float score) {
    NameSlot& slot = slots[at];
    if (slot.stamp != pass) {
      slot.stamp = pass;
      slot.pass_best = score;
      pass_touched.push_back(at);
    } else if (score > slot.pass_best) {
      slot.pass_best = score;
    }
  }
  struct QueryPosition {
    uint32_t name;  // the query name (PreparedQuery::names) it belongs to
    double weight;  // its part of that name's weight W (0 when W leaves it out)
  };
  std::vector<QueryPosition> positions;
  std::vector<uint32_t> first_position;  // per query name: the position of its first token
  // Per query position, what the passes and the score bounds read: its
  // token's InfoOf (set with the positions; an initial's by the first bound
  // that needs it) and letters (set by the first bound that needs them).
  std::vector<const TokenInfo*> position_infos;
  std::vector<names::LetterSignature> position_letters;
  std::vector<uint8_t> position_lettered;  // whether position_letters is set
  // The token pairs' match scores this search computed: (query position,
  // vocabulary token) -> the score when they match, else 0. The candidates
  // share most of their name parts (ScoreNameBound asks for every pair).
  struct PairKey {
    uint64_t key = 0;
    uint32_t generation = 0;
    double score = 0;
  };
  std::vector<PairKey> pairs = std::vector<PairKey>(size_t{1} << 10);
  size_t pair_count = 0;
  std::vector<double> pair_scores;       // one bound's matrix
  std::vector<BoundToken> bound_tokens;  // one bound's listed name
  uint32_t pair_generation = 1;          // the search that set a PairKey; older ones are empty
  static size_t PairHome(uint64_t key, size_t mask) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 40) & mask;
  }
  template <typename Compute>
  double PairScore(uint32_t position, uint32_t token, Compute compute) {
    if (2 * (pair_count + 1) > pairs.size()) GrowPairs();
    const uint64_t key = (uint64_t{position} << 32) | token;
    const size_t mask = pairs.size() - 1;
    size_t h = PairHome(key, mask);
    for (; pairs[h].generation == pair_generation; h = (h + 1) & mask) {
      if (pairs[h].key == key) return pairs[h].score;
    }
    const double score = compute();
    pairs[h] = {key, pair_generation, score};
    ++pair_count;
    return score;
  }
  void GrowPairs() {
    std::vector<PairKey> old(pairs.size() * 2);
    old.swap(pairs);
    const size_t mask = pairs.size() - 1;
    for (const PairKey& k : old) {
      if (k.generation != pair_generation) continue;
      size_t h = PairHome(k.key, mask);
      while (pairs[h].generation == pair_generation) h = (h + 1) & mask;
      pairs[h] = k;
    }
  }
  std::vector<double> name_weights;  // W of each query name
  std::vector<double> covered;       // per query name, scratch of the bound

  // Before a search of a list of `names` names.
  void Prepare(size_t names) {
    // The last search's names untouched again: one by one, or all at once
    // when there were many.
    if (slots.size() > touched.size() / 8) {
      std::fill(touched.begin(), touched.end(), uint64_t{0});
    } else {
      for (const NameSlot& slot : slots) touched[slot.name >> 6] = 0;
    }
    if (const size_t words = (names + 63) / 64; touched.size() < words) touched.resize(words, 0);
    slots.clear();
    if (++generation == 0) {  // wrapped: forget every key
      table.assign(table.size(), Key{});
      generation = 1;
    }
    uncached.clear();
    pair_count = 0;
    if (++pair_generation == 0) {
      pairs.assign(pairs.size(), PairKey{});
      pair_generation = 1;
    }
    passes.clear();
    candidates.clear();
  }
};

// An open-addressing table of pointers to immutable entries, read without
// a lock: a search reads it several times per query token, and a lock's
// shared count, written by every reader, bounced between the cores. Entries
// are added with a compare-and-swap on an empty slot and never removed, so
// a pointer read stays valid as long as the index; the table stops growing
// at kMaxEntries (half its slots). The slots are calloc'ed: their pages
// cost memory only once used.
struct ListIndex::MatchCache {
  struct Entry {
    uint64_t hash;
    std::string text;
    TokenInfo info;
  };
  static constexpr size_t kSlots = size_t{1} << 19;
  static constexpr size_t kMaxEntries = kSlots / 2;
  Entry** slots = static_cast<Entry**>(std::calloc(kSlots, sizeof(Entry*)));
  std::atomic<size_t> count{0};

  MatchCache() {
    if (slots == nullptr) throw std::bad_alloc();
  }
  ~MatchCache() {
    for (size_t i = 0; i < kSlots; ++i) delete slots[i];
    std::free(slots);
  }
  MatchCache(const MatchCache&) = delete;
  MatchCache& operator=(const MatchCache&) = delete;

  static uint64_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

  const Entry* Find(uint64_t hash, std::string_view text) const {
    for (size_t h = hash & (kSlots - 1);; h = (h + 1) & (kSlots - 1)) {
      const Entry* e = std::atomic_ref<Entry*>(slots[h]).load(std::memory_order_acquire);
      if (e == nullptr) return nullptr;
      if (e->hash == hash && e->text == text) return e;
    }
  }

  // The entry for `fresh`'s text: `fresh` itself when added (released),
  // else the one another thread added first; nullptr when full.
  const Entry* Add(std::unique_ptr<Entry>& fresh) {
    for (size_t h = fresh->hash & (kSlots - 1);; h = (h + 1) & (kSlots - 1)) {
      std::atomic_ref<Entry*> slot(slots[h]);
      Entry* e = slot.load(std::memory_order_acquire);
      if (e == nullptr) {
        if (count.load(std::memory_order_relaxed) >= kMaxEntries) return nullptr;
        if (slot.compare_exchange_strong(e, fresh.get(), std::memory_order_acq_rel)) {
          count.fetch_add(1, std::memory_order_relaxed);
          return fresh.release();
        }
        // Another thread took the slot: e is its entry.
      }
      if (e->hash == fresh->hash && e->text == fresh->text) return e;
    }
  }
};

ListIndex::ListIndex() : match_cache_(std::make_unique<MatchCache>()) {}
ListIndex::~ListIndex() = default;

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
  std::vector<std::pair<uint64_t, uint32_t>> key_pairs;  // (hashed key, token)
  std::vector<std::vector<uint32_t>> postings;           // laid out in posting_names_ below
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    const WatchlistEntry& entry = entries_[e];
    entry_by_id_.emplace(entry.id, e);
    entry_names_.push_back(static_cast<uint32_t>(names_.size()));
    for (uint32_t n = 0; n < entry.names.size(); ++n) {
      names::NormalizedName normalized = names::NormalizeName(entry.names[n].full);
      if (normalized.empty()) continue;
      const auto name_id = static_cast<uint32_t>(names_.size());
      token_begin_.push_back(static_cast<uint32_t>(name_tokens_.size()));
      for (const names::NameToken& t : normalized.tokens) {
        auto [it, inserted] = token_ids_.emplace(t.text, static_cast<uint32_t>(vocabulary_.size()));
        if (inserted) {
          vocabulary_.push_back(t);
          postings.emplace_back();
          TokenKeys(t, keys);
          for (uint64_t k : keys) key_pairs.emplace_back(k, it->second);
        }
        auto& posting = postings[it->second];
        if (posting.empty() || posting.back() != name_id) posting.push_back(name_id);
        name_tokens_.push_back(it->second);
        name_token_kinds_.push_back(t.kind);
      }
      names_.push_back({e, n, std::move(normalized), {}, 0});
      name_traits_.push_back({entry.type == EntryType::kPerson, entry.names[n].quality});
    }
    for (const IdentityDocument& d : entry.documents) {
      const std::string key = DocumentKey(d.number);
      if (key.size() >= 4) documents_[key].push_back(e);
    }
  }
  entry_names_.push_back(static_cast<uint32_t>(names_.size()));
  token_begin_.push_back(static_cast<uint32_t>(name_tokens_.size()));
  size_t posting_total = 0;
  for (const auto& p : postings) posting_total += p.size();
  posting_begin_.reserve(postings.size() + 1);
  posting_names_.reserve(posting_total);
  for (auto& p : postings) {
    posting_begin_.push_back(static_cast<uint32_t>(posting_names_.size()));
    posting_names_.insert(posting_names_.end(), p.begin(), p.end());
    std::vector<uint32_t>().swap(p);
  }
  posting_begin_.push_back(static_cast<uint32_t>(posting_names_.size()));
  std::sort(key_pairs.begin(), key_pairs.end());
  key_pairs.erase(std::unique(key_pairs.begin(), key_pairs.end()), key_pairs.end());
  key_tokens_.reserve(key_pairs.size());
  for (const auto& kp : key_pairs) key_tokens_.push_back(kp.second);
  key_count_ = 0;
  for (size_t i = 0; i < key_pairs.size(); ++i) {
    if (i == 0 || key_pairs[i].first != key_pairs[i - 1].first) ++key_count_;
  }
  size_t capacity = 16;
  while (capacity < 2 * key_count_) capacity *= 2;
  key_slots_.assign(capacity, KeySlot{});
  for (size_t i = 0; i < key_pairs.size();) {
    size_t j = i;
    while (j < key_pairs.size() && key_pairs[j].first == key_pairs[i].first) ++j;
    size_t slot = MixKey(key_pairs[i].first) & (capacity - 1);
    while (key_slots_[slot].begin != key_slots_[slot].end) slot = (slot + 1) & (capacity - 1);
    key_slots_[slot] = {key_pairs[i].first, static_cast<uint32_t>(i), static_cast<uint32_t>(j)};
    i = j;
  }
  log_names_ = std::log(std::max<double>(1000.0, static_cast<double>(names_.size())));
  token_letters_.reserve(vocabulary_.size());
  token_vowel_poor_.reserve(vocabulary_.size());
  for (const names::NameToken& t : vocabulary_) {
    token_letters_.push_back(names::SignatureOf(t.text));
    token_vowel_poor_.push_back(names::VowelPoor(t.text) ? 1 : 0);
  }
  token_weights_.resize(vocabulary_.size());
  for (size_t t = 0; t < vocabulary_.size(); ++t) {
    const double df = static_cast<double>(PostingSize(static_cast<uint32_t>(t)));
    token_weights_[t] = std::clamp(1.0 - std::log(df) / log_names_, 0.15, 1.0);
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    IndexedName& n = names_[i];
    n.weights.reserve(n.normalized.tokens.size());
    for (size_t k = 0; k < n.normalized.tokens.size(); ++k) {
      n.weights.push_back(token_weights_[name_tokens_[token_begin_[i] + k]]);  // Weight()
      if (n.normalized.tokens[k].kind == names::TokenKind::kName) ++n.ordinary_parts;
    }
    ordinary_parts_.push_back(static_cast<uint8_t>(std::min<uint32_t>(n.ordinary_parts, 255)));
  }
  token_few_parts_.assign(vocabulary_.size(), 0);
  for (size_t i = 0; i < names_.size(); ++i) {
    if (ordinary_parts_[i] > 1) continue;
    for (uint32_t k = token_begin_[i]; k < token_begin_[i + 1]; ++k)
      token_few_parts_[name_tokens_[k]] = 1;
  }
}

std::pair<const uint32_t*, const uint32_t*> ListIndex::TokensUnder(uint64_t key) const {
  const size_t mask = key_slots_.size() - 1;
  for (size_t slot = MixKey(key) & mask;; slot = (slot + 1) & mask) {
    const KeySlot& k = key_slots_[slot];
    if (k.begin == k.end) return {nullptr, nullptr};
    if (k.key == key) return {key_tokens_.data() + k.begin, key_tokens_.data() + k.end};
  }
}

const WatchlistEntry* ListIndex::FindEntry(std::string_view id) const {
  auto it = entry_by_id_.find(std::string(id));
  return it == entry_by_id_.end() ? nullptr : &entries_[it->second];
}

double ListIndex::Weight(const names::NameToken& token) const {
  auto it = token_ids_.find(token.text);
  if (it == token_ids_.end()) return 1.0;
  return token_weights_[it->second];
}

const ListIndex::TokenInfo& ListIndex::InfoOf(std::string_view text, Scratch& s) const {
  const uint64_t hash = MatchCache::Hash(text);
  if (const MatchCache::Entry* e = match_cache_->Find(hash, text)) return e->info;
  // A query token's key is always PhoneticKey(text) (NormalizeName), so the
  // text alone decides the matches.
  const names::NameToken qt = names::MakeNameToken(std::string(text), names::TokenKind::kName);
  std::vector<uint64_t>& keys = s.keys;
  std::vector<uint32_t>& tokens = s.tokens;
  size_t phonetic = 0, others = 0;
  TokenKeys(qt, keys, &phonetic, &others);
  // Each token reached as (id << 2) | how: 0 by a skeleton or romanisation
  // key, 1 by the phonetic key, 2 by spelling keys alone (sorted and made
  // unique by id, the lowest `how` of a token stays).
  tokens.clear();
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto [begin, end] = TokensUnder(keys[i]);
    const uint32_t how = i < phonetic ? 2 : i < others ? 1 : 0;
    for (const uint32_t* t = begin; t != end; ++t) tokens.push_back((*t << 2) | how);
  }
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end(),
                           [](uint32_t a, uint32_t b) { return (a >> 2) == (b >> 2); }),
               tokens.end());
  // A token no skeleton or romanisation key reached shares neither with
  // the query token (each is a key of its own), and its phonetic key is
  // the query token's only if the phonetic key reached it: then
  // MayMatchUnrelated rules it out by the compact token_letters_ and
  // token_vowel_poor_ alone, without reading the vocabulary token (a cache
  // miss) or comparing. Seven in ten of the tokens reached (desk queries
  // of load_screening_bench); most are reached by the phonetic key alone
  // and alike neither in spelling nor in Jaro-Winkler.
  const names::LetterSignature letters = names::SignatureOf(qt.text);
  const uint8_t vowel_poor = names::VowelPoor(qt.text) ? 1 : 0;
  const bool patronymic = names::SplitPatronymic(qt.text).has_value();
  constexpr size_t kLettersAhead = 16;
  size_t kept = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i + kLettersAhead < tokens.size()) {
      __builtin_prefetch(&token_letters_[tokens[i + kLettersAhead] >> 2]);
      __builtin_prefetch(&token_vowel_poor_[tokens[i + kLettersAhead] >> 2]);
    }
    const uint32_t tid = tokens[i] >> 2;
    const uint32_t how = tokens[i] & 3;
    const names::LetterSignature& other = token_letters_[tid];
    if (how != 0 && !names::MayMatchUnrelated(letters, other, kMinTokenScore, how == 1,
                                              token_vowel_poor_[tid] != vowel_poor, patronymic)) {
      continue;
    }
    tokens[kept++] = tid;
  }
  tokens.resize(kept);
  TokenInfo info;
  // The vocabulary's tokens are far apart in memory: waiting for each one
  // took most of the comparing (they span two cache lines, and sometimes a
  // third: ask for both ends).
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i + kAhead < tokens.size()) {
      const char* next = reinterpret_cast<const char*>(&vocabulary_[tokens[i + kAhead]]);
      __builtin_prefetch(next);
      __builtin_prefetch(next + sizeof(names::NameToken) - 1);
    }
    const uint32_t tid = tokens[i];
    const names::TokenMatch m = names::MatchTokens(qt, vocabulary_[tid]);
    if (m.rule == names::MatchRule::kNone || m.score < kMinTokenScore) continue;
    info.matches.emplace_back(tid, static_cast<float>(m.score));
  }
  for (const auto& [tid, score] : info.matches) {
    const uint32_t size = PostingSize(tid);
    const uint32_t* names = posting_names_.data() + posting_begin_[tid];
    info.postings += size;
    if (score >= 1) info.exact_postings += size;
    info.least_score = std::min(info.least_score, score);
    if (size <= kFewPostings && info.few.size() + size <= kMaxFew) {
      for (uint32_t i = 0; i < size; ++i) info.few.emplace_back(names[i], score);
    } else {
      info.runs.push_back({names, size, score, token_few_parts_[tid] != 0});
    }
  }
  // Ascending by name, best similarity first; then each name once.
  std::sort(info.few.begin(), info.few.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  });
  info.few.erase(std::unique(info.few.begin(), info.few.end(),
                             [](const auto& a, const auto& b) { return a.first == b.first; }),
                 info.few.end());
  info.few.shrink_to_fit();
  info.weight = Weight(qt);
  if (text.size() >= 6) {
    for (size_t cut = 2; cut + 2 <= text.size(); ++cut) {
      if (token_ids_.find(text.substr(0, cut)) != token_ids_.end() &&
          token_ids_.find(text.substr(cut)) != token_ids_.end()) {
        info.cuts.push_back(static_cast<uint32_t>(cut));
      }
    }
  }
  auto fresh = std::make_unique<MatchCache::Entry>(
      MatchCache::Entry{hash, std::string(text), std::move(info)});
  if (const MatchCache::Entry* e = match_cache_->Add(fresh)) return e->info;
  // Full: this thread's copy serves the current search only.
  s.uncached.push_back(std::make_unique<TokenInfo>(std::move(fresh->info)));
  return *s.uncached.back();
}

double ListIndex::NameBound(const PreparedQuery& query, size_t q, uint32_t name, Scratch& s) const {
  const names::NormalizedName& qn = query.names[q];
  const uint32_t begin = token_begin_[name];
  const uint32_t end = token_begin_[name + 1];
  s.bound_tokens.clear();
  for (uint32_t k = begin; k < end; ++k) {
    const uint32_t id = name_tokens_[k];
    s.bound_tokens.push_back({token_weights_[id], name_token_kinds_[k], id, token_letters_[id]});
  }
  const size_t m = end - begin;
  const size_t first = s.first_position[q];
  s.pair_scores.resize(qn.tokens.size() * m);
  for (size_t i = 0; i < qn.tokens.size(); ++i) {
    const names::NameToken& qt = qn.tokens[i];
    const size_t position = first + i;
    const TokenInfo*& info = s.position_infos[position];
    if (info == nullptr) info = &InfoOf(qt.text, s);
    if (!s.position_lettered[position]) {
      s.position_letters[position] = names::SignatureOf(qt.text);
      s.position_lettered[position] = 1;
    }
    for (size_t j = 0; j < m; ++j) {
      const BoundToken& et = s.bound_tokens[j];
      s.pair_scores[i * m + j] = s.PairScore(static_cast<uint32_t>(position), et.id, [&] {
        // The tokens its keys reach were compared when the query token's
        // matches were found (the same comparison: the kind plays no part).
        const auto it = std::lower_bound(
            info->matches.begin(), info->matches.end(), et.id,
            [](const std::pair<uint32_t, float>& match, uint32_t t) { return match.first < t; });
        if (it != info->matches.end() && it->first == et.id) return static_cast<double>(it->second);
        // Any other shares no key with it, or failed: it may match only by spelling.
        if (!names::MaySpellAlike(s.position_letters[position], et.letters)) return 0.0;
        const names::TokenMatch match = names::MatchTokens(qt, vocabulary_[et.id]);
        return match.rule != names::MatchRule::kNone && match.score >= names::kMinPairScore
                   ? match.score
                   : 0.0;
      });
    }
  }
  return ScoreNameBound(qn, s.query_weights[q],
                        std::span(s.position_letters).subspan(first, qn.tokens.size()),
                        s.bound_tokens, s.pair_scores);
}

constexpr size_t kPrefetchAhead = 16;

namespace {

// Calls visit(name, similarity, few_parts) for every name a query token's
// matches reach (a name may come more than once; few_parts: it may have at
// most one ordinary part), prefetching `home(name)` ahead of the
// visit and the long postings ahead of the reads: the postings and the
// scratch table are where a pass waits for memory.
template <typename Home, typename Visit>
void ForEachName(const ListIndex::TokenInfo& info, Home home, Visit visit) {
  for (const auto& run : info.runs) {
    __builtin_prefetch(run.names);
    __builtin_prefetch(run.names + 16);
  }
  const auto* few = info.few.data();
  const size_t nf = info.few.size();
  for (size_t i = 0; i < nf; ++i) {
    if (i + kPrefetchAhead < nf) __builtin_prefetch(home(few[i + kPrefetchAhead].first));
    visit(few[i].first, few[i].second, true);
  }
  constexpr size_t kLineAhead = 4 * kPrefetchAhead;  // names: 16 to a cache line
  for (const auto& run : info.runs) {
    const uint32_t* names = run.names;
    const size_t n = run.size;
    const float score = run.score;
    const bool few_parts = run.few_parts;
    for (size_t i = 0; i < n; ++i) {
      if ((i & 15) == 0 && i + kLineAhead < n) __builtin_prefetch(names + i + kLineAhead);
      if (i + kPrefetchAhead < n) __builtin_prefetch(home(names[i + kPrefetchAhead]));
      visit(names[i], score, few_parts);
    }
  }
}

}  // namespace

void ListIndex::EvidencePass(const TokenInfo& info, double weight, Scratch& s) const {
  ++s.pass;
  s.pass_touched.clear();
  ForEachName(
      info, [&s](uint32_t name) { return s.HomeKey(name); },
      [&s](uint32_t name, float score, bool) { s.Note(s.FindOrAdd(name), score); });
  AddPass(weight, s);
}

void ListIndex::EvidencePassAdmitting(size_t at, double weight, const Admission& admit,
                                      Scratch& s) const {
  const auto admits = [this, &admit](uint32_t name, float score, bool few_parts) {
    return score >= admit.any ||
           (score >= admit.few_parts && few_parts && ordinary_parts_[name] <= 1);
  };
  ++s.pass;
  s.pass_touched.clear();
  if (!admit.marked) {
    ForEachName(
        *s.passes[at].info, [&s](uint32_t name) { return s.TouchedWord(name); },
        [&](uint32_t name, float score, bool few_parts) {
          if (admits(name, score, few_parts)) {
            s.Note(s.FindOrAdd(name), score);
          } else if (const uint32_t slot = s.FindTouched(name); slot != Scratch::kNone) {
            s.Note(slot, score);
          }
        });
    AddPass(weight, s);
    return;
  }
  const size_t words = (names_.size() + 63) / 64;
  if (s.marks.size() < words) s.marks.resize(words, 0);
  uint64_t* marks = s.marks.data();
  const size_t first = admit.partner == kNoPartner ? at + 1 : admit.partner;
  const size_t last = admit.partner == kNoPartner ? s.passes.size() : admit.partner + 1;
  const auto word = [marks](uint32_t name) { return &marks[name >> 6]; };
  const auto mark = [marks](uint32_t name, float = 0, bool = false) {
    marks[name >> 6] |= uint64_t{1} << (name & 63);
  };
  for (size_t j = first; j < last; ++j) ForEachName(*s.passes[j].info, word, mark);
  // The names earlier passes touched take this pass's evidence too.
  ForEachName(*s.passes[at].info, word, [&](uint32_t name, float score, bool few_parts) {
    if (((marks[name >> 6] >> (name & 63)) & 1) || s.Touched(name) ||
        admits(name, score, few_parts))
      s.Note(s.FindOrAdd(name), score);
  });
  AddPass(weight, s);
  // Unmarked again for the next search: the marked names' words one by one
  // (a store each, far apart), or all the words at once when there are
  // more marks than an eighth of the words (clearing a word costs an
  // eighth of a store to one far away, or less).
  size_t marked = 0;
  for (size_t j = first; j < last; ++j) marked += s.passes[j].info->postings;
  if (marked > words / 8) {
    std::fill(marks, marks + words, uint64_t{0});
    return;
  }
  for (size_t j = first; j < last; ++j) {
    ForEachName(*s.passes[j].info, word,
                [marks](uint32_t name, float, bool) { marks[name >> 6] = 0; });
  }
}

void ListIndex::AddPass(double weight, Scratch& s) const {
  const auto w = static_cast<float>(weight);
  for (uint32_t i : s.pass_touched) {
    Scratch::NameSlot& slot = s.slots[i];
    slot.evidence += w * slot.pass_best;
    ++slot.passes;
  }
}

void ListIndex::EvidenceUpdatePass(const TokenInfo& info, double weight, Scratch& s) const {
  if (info.postings <= 16 * s.slots.size()) {
    // Not too many postings: walk them, skipping names no earlier pass touched.
    ++s.pass;
    s.pass_touched.clear();
    ForEachName(
        info, [&s](uint32_t name) { return s.TouchedWord(name); },
        [&s](uint32_t name, float score, bool) {
          if (const uint32_t at = s.FindTouched(name); at != Scratch::kNone) s.Note(at, score);
        });
    AddPass(weight, s);
    return;
  }
  // A common token: look for it among the touched names' own tokens.
  const auto w = static_cast<float>(weight);
  const auto by_token = [](const std::pair<uint32_t, float>& m, uint32_t t) { return m.first < t; };
  for (Scratch::NameSlot& slot : s.slots) {
    float best = 0;
    for (uint32_t i = token_begin_[slot.name]; i < token_begin_[slot.name + 1]; ++i) {
      const uint32_t id = name_tokens_[i];
      auto it = std::lower_bound(info.matches.begin(), info.matches.end(), id, by_token);
      if (it != info.matches.end() && it->first == id) best = std::max(best, it->second);
    }
    if (best > 0) {
      slot.evidence += w * best;
      ++slot.passes;
    }
  }
}

void ListIndex::ChooseCandidates(const PreparedQuery& query, const ScreeningOptions& options,
                                 bool prune, Scratch& s) const {
  const double threshold = options.threshold.value_or(list_.threshold);
  s.Prepare(names_.size());
  s.query_weights.resize(query.names.size());
  // Query positions, numbered across the query's names: (name, weight in the
  // name's W, or 0 for a part W leaves out). A pass covers the positions a
  // name it touches may match through it.
  s.positions.clear();
  s.position_infos.clear();
  s.first_position.clear();
  s.name_weights.clear();
  uint32_t cuts = 0;
  for (size_t q = 0; q < query.names.size(); ++q) {
    const names::NormalizedName& qn = query.names[q];
    std::vector<double>& qw = s.query_weights[q];
    qw.clear();
    bool has_ordinary = false;
    for (const auto& t : qn.tokens)
      has_ordinary = has_ordinary || t.kind == names::TokenKind::kName;
    const size_t first_position = s.positions.size();
    s.first_position.push_back(static_cast<uint32_t>(first_position));
    double w_name = 0;
    for (const auto& t : qn.tokens) {
      // Each token's InfoOf once per search, kept by position (for the
      // passes below and the score bounds); an initial's only if a bound needs it.
      const TokenInfo* info = t.kind == names::TokenKind::kInitial ? nullptr : &InfoOf(t.text, s);
      s.position_infos.push_back(info);
      qw.push_back(info == nullptr ? Weight(t) : info->weight);
      const bool counted = t.kind == names::TokenKind::kName || !has_ordinary;
      if (counted) w_name += qw.back();
      s.positions.push_back({static_cast<uint32_t>(q), counted ? qw.back() : 0.0});
    }
    s.name_weights.push_back(w_name);
    const double scale = w_name > 0 ? 1.0 / w_name : 0.0;
    const auto bit = [first_position](size_t i) {
      return first_position + i < 64 ? uint64_t{1} << (first_position + i) : uint64_t{0};
    };
    // Another reading of a name adds passes only for the parts it reads otherwise.
    const bool reading = q >= query.first_reading && query.first_reading > 0;
    const size_t own_passes = s.passes.size();
    auto seen = [&s, own_passes](const TokenInfo* info) -> Scratch::Pass* {
      for (size_t k = 0; k < own_passes; ++k) {
        if (s.passes[k].info == info) return &s.passes[k];
      }
      return nullptr;
    };
    auto add = [&s, scale](const TokenInfo& info, uint64_t covers, uint32_t cut = 0) {
      s.passes.push_back({&info, s.passes.size(), covers, cut});
      s.passes.back().scale = scale;
    };
    for (size_t i = 0; i < qn.tokens.size(); ++i) {
      const names::NameToken& qt = qn.tokens[i];
      if (qt.kind == names::TokenKind::kInitial) continue;
      if (has_ordinary && qt.kind != names::TokenKind::kName) continue;
      const TokenInfo& info = *s.position_infos[first_position + i];
      if (reading) {
        if (Scratch::Pass* same = seen(&info); same != nullptr) {
          same->covers |= bit(i);
          same->scale = std::max(same->scale, scale);
          continue;
        }
      }
      add(info, bit(i));
      // Written joined in the list, split in the query ("abdul rahman" ~ "abdulrahman").
      if (i + 1 < qn.tokens.size() && qn.tokens[i + 1].kind == names::TokenKind::kName) {
        s.joined.assign(qt.text).append(qn.tokens[i + 1].text);
        add(InfoOf(s.joined, s), bit(i) | bit(i + 1));
      }
      // Written split in the list, joined in the query: both halves must be list tokens.
      const std::string_view text = qt.text;
      for (uint32_t cut : info.cuts) {
        ++cuts;
        add(InfoOf(text.substr(0, cut), s), bit(i), cuts);
        add(InfoOf(text.substr(cut), s), bit(i), cuts);
      }
    }
  }
  s.position_letters.resize(s.positions.size());
  s.position_lettered.assign(s.positions.size(), 0);
  // Rarest parts first. Once a name that only the remaining passes touch
  // cannot pass the candidate bound below (untouched_may_pass), the
  // remaining passes only add to names already touched. In a large list a common given name reaches
  // thousands of names; this keeps its cost to the names the rare parts found, and the candidates
  // are the same as when every pass may add names.
  // The halves of split query tokens come after the other passes: a half
  // adds to the names the others touched, and of the rest only those its
  // other half reaches too (below).
  std::stable_sort(s.passes.begin(), s.passes.end(), [](const auto& a, const auto& b) {
    if ((a.cut != 0) != (b.cut != 0)) return a.cut == 0;
    return a.info->weight > b.info->weight;
  });
  // A name matches a split query token only through both halves: the rarer
  // half finds the names, the other only adds to them (and covers nothing).
  for (size_t i = 0; i < s.passes.size(); ++i) {
    if (s.passes[i].cut == 0) continue;
    for (size_t j = 0; j < i; ++j) {
      if (s.passes[j].cut == s.passes[i].cut) {
        s.passes[i].update_only = true;
        s.passes[i].covers = 0;
        break;
      }
    }
  }
  double remaining = 0;
  for (const auto& p : s.passes) remaining += p.info->weight * p.scale;
  const double floor = threshold - 0.2;
  // Names that cannot reach the threshold are not scored: with evidence E
  // (the weighted similarity of the matched query tokens) out of the query
  // name's weight W, the name score is at most about e / (e + c (1 - e)),
  // e = E / W (the slot's evidence sums e over the query's names, which only
  // raises the bound), c the
  // cost of an unmatched query part: 0.5, or kMinUnmatchedQueryCost when
  // every ordinary part of the name may have been found (as many passes
  // touched it as it has parts); facts add at most 0.09, and 0.1 more is
  // kept as a margin. The bound only grows as passes add evidence.
  // The bound by the evidence alone: 0 no (fails even the lower cost), 1
  // yes (passes even the cost 0.5), 2 only if every ordinary part of the
  // name may have been found (decided by ordinary_parts_, a cache miss per
  // name, so read only for these).
  const auto evidence_verdict = [&](double e) -> uint8_t {
    const double rest = std::max(0.0, 1.0 - e);
    if (!(e / (e + kMinUnmatchedQueryCost * rest) >= floor)) return 0;
    return e / (e + 0.5 * rest) >= floor ? 1 : 2;
  };
  // The least evidence of verdict 1 and of verdict 2 (e / (e + c (1 - e))
  // >= floor <=> e >= floor c / (1 - floor + floor c) for e in [0, 1]; the
  // verdict only grows with e), a little lower: float sums of the evidence
  // may round up.
  const auto least_evidence = [floor](double c) {
    if (floor <= 0) return 0.0;
    const double denominator = 1 - floor + floor * c;
    return denominator > 0 ? std::min(1.0, floor * c / denominator) * (1 - 1e-6) : 1.0;
  };
  const double least_any = least_evidence(0.5);
  const double least_few_parts = least_evidence(kMinUnmatchedQueryCost);
  const auto candidate_by = [&](uint8_t verdict, const Scratch::NameSlot& slot) {
    return verdict == 1 || (verdict == 2 && slot.passes >= ordinary_parts_[slot.name]);
  };
  const auto may_be_candidate = [&](const Scratch::NameSlot& slot) {
    return candidate_by(evidence_verdict(slot.evidence), slot);
  };
  const auto within_bound = [&](double matched, double whole) {
    const double rest = std::max(0.0, whole - matched);
    return matched > 0 && matched / (matched + kMinUnmatchedQueryCost * rest) >= floor;
  };
  // Whether a name no pass has touched yet may still become a candidate
  // through the passes from `from` on. It matches at most the query
  // positions those passes cover, each once (the passes of a token, its join
  // with the next and its halves all cover the same position), so the bound
  // takes, per query name, the weight of its covered positions. Beyond 64
  // positions: the summed weight of the remaining passes.
  const bool positional = s.positions.size() <= 64;
  const auto untouched_may_pass = [&](size_t from) {
    if (!positional) return within_bound(remaining, 1.0);
    uint64_t live = 0;
    for (size_t j = from; j < s.passes.size(); ++j) {
      if (!s.passes[j].update_only) live |= s.passes[j].covers;
    }
    s.covered.assign(s.name_weights.size(), 0.0);
    for (size_t i = 0; i < s.positions.size(); ++i) {
      if ((live >> i) & 1) s.covered[s.positions[i].name] += s.positions[i].weight;
    }
    for (size_t q = 0; q < s.name_weights.size(); ++q) {
      if (within_bound(s.covered[q], s.name_weights[q])) return true;
    }
    return false;
  };
  // Only the max_candidates names with the most evidence are scored, so once
  // that many candidates already hold more evidence than the remaining passes
  // can give a name they have not touched, no such name can be scored: the
  // remaining passes only add to touched names (top-k pruning; the scored
  // names are the same). Checked only before a pass that would walk more
  // postings than there are touched names, where it can pay.
  const size_t k = options.max_candidates;
  bool adding = true;
  for (size_t at = 0; at < s.passes.size(); ++at) {
    const Scratch::Pass& p = s.passes[at];
    if (adding) adding = untouched_may_pass(at);
    if (prune && adding && !p.update_only && k > 0 && s.slots.size() >= k) {
      if (p.info->postings > s.slots.size()) {
        // Float sums of the evidence may round up a little: keep a margin.
        const double above = remaining + 1e-4;
        size_t ahead = 0;
        for (const Scratch::NameSlot& slot : s.slots) {
          if (slot.evidence > above && may_be_candidate(slot) && ++ahead >= k) break;
        }
        adding = ahead < k;
      }
    }
    const double weight = p.info->weight * p.scale;
    if (adding && !p.update_only && p.cut != 0) {
      // The rarer half of a split query token: a name matches the token
      // through both halves, so this pass adds only the names the other
      // half (a later, update-only pass) reaches too, and those that hold
      // the half itself when few do (the other half may be misspelt:
      // "shizhidasa" ~ "shizhi sa"). Without it, a half as common as "fati"
      // in "fatima" added thousands of names that hold it and not "ma",
      // and they took the candidates' places.
      size_t partner = at + 1;
      while (partner < s.passes.size() && s.passes[partner].cut != p.cut) ++partner;
      if (partner < s.passes.size()) {
        const double exact = p.info->exact_postings <= kFewHoldingTheHalf
                                 ? 1.0
                                 : std::numeric_limits<double>::infinity();
        EvidencePassAdmitting(at, weight, Admission{exact, exact, true, partner}, s);
        remaining -= weight;
        continue;
      }
    }
    if (adding && !p.update_only) {
      // A name this pass alone touches has the evidence weight x its best
      // similarity in the pass, and one pass: it is a candidate only when
      // that passes the candidate bound. So a name reached with less than
      // `any` (less than `few_parts` when it has at most one ordinary
      // part) can become a candidate only if another pass reaches it too:
      // when no later pass has postings, this pass adds only the names
      // the bound lets in; when the later passes have fewer postings than
      // this one, it adds those and the names the later passes reach
      // (marked first). The rest would be touched for nothing.
      size_t later = 0;
      for (size_t j = at + 1; j < s.passes.size(); ++j) later += s.passes[j].info->postings;
      const Admission admit{least_any / weight, least_few_parts / weight, later > 0};
      if (prune && admit.any > p.info->least_score && (later == 0 || later < p.info->postings)) {
        EvidencePassAdmitting(at, weight, admit, s);
      } else {
        EvidencePass(*p.info, weight, s);
      }
    } else {
      EvidenceUpdatePass(*p.info, weight, s);
    }
    remaining -= weight;
  }
  std::vector<Scratch::Candidate>& candidates = s.candidates;
  // may_be_candidate in two sweeps, in the slots' order: the first decides
  // by the evidence alone where it can and asks early for the count of
  // ordinary parts of the names it cannot decide (each a cache miss: about
  // half the touched names), the second decides those.
  s.verdicts.resize(s.slots.size());
  for (size_t i = 0; i < s.slots.size(); ++i) {
    s.verdicts[i] = evidence_verdict(s.slots[i].evidence);
    if (s.verdicts[i] == 2) __builtin_prefetch(&ordinary_parts_[s.slots[i].name]);
  }
  for (size_t i = 0; i < s.slots.size(); ++i) {
    const Scratch::NameSlot& slot = s.slots[i];
    if (candidate_by(s.verdicts[i], slot)) candidates.push_back({slot.evidence, slot.name});
  }
  // The names with the most evidence are scored in full.
  if (candidates.size() > options.max_candidates) {
    std::nth_element(candidates.begin(),
                     candidates.begin() + static_cast<std::ptrdiff_t>(options.max_candidates),
                     candidates.end(),
                     [](const Scratch::Candidate& a, const Scratch::Candidate& b) {
                       // Ties by name: the same candidates in whatever order the passes came.
                       return a.evidence != b.evidence ? a.evidence > b.evidence : a.name < b.name;
                     });
    candidates.resize(options.max_candidates);
  }
}

std::vector<uint32_t> ListIndex::CandidateNames(const PreparedQuery& query,
                                                const ScreeningOptions& options, bool prune) const {
  Scratch& s = ThreadScratch();
  ChooseCandidates(query, options, prune, s);
  std::vector<uint32_t> names;
  for (const Scratch::Candidate& c : s.candidates) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<ScreeningHit> ListIndex::Search(const PreparedQuery& query,
                                            const ScreeningOptions& options) const {
  const double threshold = options.threshold.value_or(list_.threshold);
  Scratch& s = ThreadScratch();
  ChooseCandidates(query, options, true, s);
  std::vector<Scratch::Candidate>& candidates = s.candidates;
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
  FactsScore no_facts;  // the most facts can add without a document match
  no_facts.delta = kMaxFactsBonus;
  auto consider = [&](uint32_t name) {
    const NameTraits traits = name_traits_[name];
    if (!options.include_entities && !traits.person) return;
    const IndexedName& n = names_[name];
    const uint32_t entry_index = n.entry;
    const uint32_t name_index = n.name;
    const names::NormalizedName& en = n.normalized;
    const WatchlistEntry& entry = entries_[entry_index];  // read only for what passes
    // An entry found by document number is scored whatever its name; any
    // other needs a name score that the facts could lift to the threshold.
    const bool by_document = std::find(document_entries.begin(), document_entries.end(),
                                       entry_index) != document_entries.end();
    std::optional<FactsScore> quick_facts;
    for (size_t q = 0; q < query.names.size(); ++q) {
      const names::NormalizedName& qn = query.names[q];
      const std::vector<double>& qw = s.query_weights[q];
      // Score first; explain only what becomes the entry's best hit over the threshold.
      const double quick_name = ScoreName(qn, en, qw, n.weights, false).score;
      if (!by_document &&
          (quick_name <= 0 || CombineScore(quick_name, traits.quality, no_facts) < threshold)) {
        continue;
      }
      if (!quick_facts) quick_facts = ScoreFacts(query, entry, false);
      if (quick_name <= 0 && !quick_facts->document_match) continue;
      const EntryName& published = entry.names[name_index];
      const double score = CombineScore(quick_name, published.quality, *quick_facts);
      Best& b = best[entry_index];
      if (score <= b.score) continue;
      b.score = score;
      if (score < threshold) continue;
      NameScore ns = ScoreName(qn, en, qw, n.weights, true);
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
  // A candidate whose name score cannot reach the threshold even with the
  // most the facts add (ScoreNameBound) is dropped before its name is read:
  // consider would score it and drop it. When an entry is found by document
  // number every candidate is considered (telling its names apart reads them).
  if (document_entries.empty()) {
    size_t kept = 0;
    const size_t count = candidates.size();
    // The candidates' tokens are far apart in memory, and each read waits
    // for the one before (where a name's tokens begin, then the tokens,
    // then their letters): ask for each level for every candidate before
    // reading the next, so that the misses overlap.
    for (const Scratch::Candidate& c : candidates) {
      __builtin_prefetch(&token_begin_[c.name]);
      __builtin_prefetch(&name_traits_[c.name]);
    }
    for (const Scratch::Candidate& c : candidates) {
      __builtin_prefetch(&name_tokens_[token_begin_[c.name]]);
      __builtin_prefetch(&name_token_kinds_[token_begin_[c.name]]);
    }
    for (const Scratch::Candidate& c : candidates) {
      for (uint32_t t = token_begin_[c.name]; t < token_begin_[c.name + 1]; ++t) {
        __builtin_prefetch(&token_letters_[name_tokens_[t]]);
        __builtin_prefetch(&token_weights_[name_tokens_[t]]);
      }
    }
    for (size_t i = 0; i < count; ++i) {
      const uint32_t name = candidates[i].name;
      const NameTraits traits = name_traits_[name];
      if (!options.include_entities && !traits.person) continue;
      bool keep = false;
      for (size_t q = 0; q < query.names.size() && !keep; ++q) {
        const double bound = NameBound(query, q, name, s);
        keep = bound > 0 && CombineScore(bound, traits.quality, no_facts) >= threshold;
      }
      if (keep) candidates[kept++] = candidates[i];
    }
    candidates.resize(kept);
  }
  // The candidates' names are far apart in memory: ask for all of them,
  // then for their tokens, before scoring the first.
  for (const Scratch::Candidate& c : candidates) {
    const char* n = reinterpret_cast<const char*>(&names_[c.name]);
    __builtin_prefetch(n);
    __builtin_prefetch(n + sizeof(IndexedName) - 1);
  }
  for (const Scratch::Candidate& c : candidates) {
    const IndexedName& n = names_[c.name];
    if (!n.normalized.tokens.empty()) __builtin_prefetch(n.normalized.tokens.data());
    if (!n.weights.empty()) __builtin_prefetch(n.weights.data());
  }
  // And what ScoreFacts reads of their entries (for the names whose score
  // passes: four in ten; each read waited for the one before, about 8,000
  // cycles a call on the desk's queries).
  for (const Scratch::Candidate& c : candidates) {
    const WatchlistEntry& e = entries_[names_[c.name].entry];
    __builtin_prefetch(&e.birth_dates);
    __builtin_prefetch(&e.nationalities);
    __builtin_prefetch(&e.documents);
  }
  for (const Scratch::Candidate& c : candidates) {
    const WatchlistEntry& e = entries_[names_[c.name].entry];
    if (!e.birth_dates.empty()) __builtin_prefetch(e.birth_dates.data());
    if (!e.nationalities.empty()) __builtin_prefetch(e.nationalities.data());
    if (!e.documents.empty()) __builtin_prefetch(e.documents.data());
  }
  for (const Scratch::Candidate& c : candidates) consider(c.name);
  for (uint32_t entry_index : document_entries) {
    if (best.count(entry_index) != 0) continue;
    for (uint32_t name = entry_names_[entry_index]; name < entry_names_[entry_index + 1]; ++name) {
      consider(name);
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
