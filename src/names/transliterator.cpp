#include "names/transliterator.hpp"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"
#include "names/script_readings.hpp"
#include "names/utf8.hpp"

namespace guomen::names {
namespace {

// The full chain for any script, and two short ones for the common cases
// (Any-Latin dispatches on every character's script and is the slow part).
constexpr const char* kIcuRules[] = {
    "NFKC; Han-Latin/Names; Any-Latin; Latin-ASCII; Any-Lower; NFKC",  // kFull
    "NFKC; Latin-ASCII; Any-Lower; NFKC",                              // kLatin
    "NFKC; Han-Latin/Names; Latin-ASCII; Any-Lower; NFKC",             // kHan
};
enum Chain { kFull = 0, kLatinChain = 1, kHanChain = 2, kChains = 3 };

struct LetterRule {
  std::string latin;
  bool prepositive = false;  // Lao vowels written before their consonant
};

using LetterTable = std::unordered_map<UChar32, LetterRule>;

LetterTable LoadLetterTable(std::string_view name) {
  LetterTable table;
  for (const char* raw : EmbeddedTable(name)) {
    std::string_view line = core::Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> parts = core::Split(line, ' ');
    if (parts.size() < 2) continue;
    const auto* s = reinterpret_cast<const uint8_t*>(parts[0].data());
    int32_t i = 0;
    UChar32 c = 0;
    U8_NEXT(s, i, static_cast<int32_t>(parts[0].size()), c);
    if (c < 0) continue;
    LetterRule rule;
    rule.latin = parts[1] == "-" ? std::string() : parts[1];
    rule.prepositive = parts.size() > 2 && parts[2] == "pre";
    table[c] = rule;
  }
  return table;
}

const LetterTable& OwnTables() {
  static const LetterTable table = [] {
    LetterTable t = LoadLetterTable("khmer_latin");
    for (auto& [c, rule] : LoadLetterTable("lao_latin")) t[c] = rule;
    return t;
  }();
  return table;
}

bool IsHangulSyllable(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }
bool IsOwnTableScript(UChar32 c) {
  return (c >= 0x1780 && c <= 0x17FF) || (c >= 0x0E80 && c <= 0x0EFF);
}

// Syllables in the Hangul word that continues at byte `i` (the one just read included).
int HangulWordLength(const uint8_t* s, int32_t i, int32_t length) {
  int n = 2;  // the previous syllable and the one just read
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (!IsHangulSyllable(c)) break;
    ++n;
  }
  return n;
}

// Khmer, Lao and Hangul pre-pass; other text is copied through.
std::string PrePass(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + 8);
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  bool previous_hangul = false;
  int hangul_run = 0;         // syllables so far in the current Hangul word
  std::string pending_vowel;  // a Lao prepositive vowel waiting for its consonant
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;  // invalid byte: dropped
    if (IsOwnTableScript(c)) {
      const auto& table = OwnTables();
      auto it = table.find(c);
      if (it == table.end()) {
        AppendUtf8(out, c);
      } else if (it->second.prepositive) {
        pending_vowel += it->second.latin;
      } else {
        out += it->second.latin;
        if (!pending_vowel.empty()) {
          out += pending_vowel;
          pending_vowel.clear();
        }
      }
      previous_hangul = false;
      continue;
    }
    out += pending_vowel;
    pending_vowel.clear();
    const bool hangul = IsHangulSyllable(c);
    if (hangul) {
      // Korean names: the one-syllable surname apart from the given name
      // (김정은 -> gim jeongeun), as passports write them.
      if (previous_hangul && hangul_run == 1 && HangulWordLength(s, i, length) <= 3) out += ' ';
      hangul_run = previous_hangul ? hangul_run + 1 : 1;
    }
    previous_hangul = hangul;
    AppendUtf8(out, c);
  }
  out += pending_vowel;
  return out;
}

int ChooseChain(std::string_view utf8);

std::unique_ptr<icu::Transliterator>& Prototype(int chain = kFull) {
  static std::unique_ptr<icu::Transliterator> prototypes[kChains];
  return prototypes[chain];
}

std::once_flag& PrototypeOnce() {
  static std::once_flag once;
  return once;
}

// The Latin letters and punctuation names are written with, folded once at
// start by ICU's own Latin chain, one code point at a time: a word whose
// every character is ASCII or in these ranges is folded from the table and
// never reaches ICU (whose rule-based transliteration runs under one
// process-wide lock). Each precomposed character folds on its own (the chain
// lower-cases everything, so Latin-ASCII's case contexts do not matter);
// combining marks are not in the ranges, so a decomposed word goes to ICU.
struct FoldRange {
  UChar32 first;
  UChar32 last;
};
constexpr FoldRange kFoldRanges[] = {
    {0x00A0, 0x024F},  // Latin-1 Supplement, Latin Extended-A and -B
    {0x1E00, 0x1EFF},  // Latin Extended Additional (Vietnamese)
    {0x2010, 0x205E},  // general punctuation: dashes, quotation marks
};

std::vector<std::string>& FoldTable() {
  static std::vector<std::string> table;  // per code point of the ranges, in order
  return table;
}
std::vector<char>& FoldKnown() {
  static std::vector<char> known;
  return known;
}

int FoldSlot(UChar32 c) {
  int offset = 0;
  for (const FoldRange& r : kFoldRanges) {
    if (c >= r.first && c <= r.last) return offset + (c - r.first);
    offset += r.last - r.first + 1;
  }
  return -1;
}

void BuildFoldTable(icu::Transliterator& latin) {
  std::vector<std::string>& table = FoldTable();
  std::vector<char>& known = FoldKnown();
  for (const FoldRange& r : kFoldRanges) {
    for (UChar32 c = r.first; c <= r.last; ++c) {
      icu::UnicodeString text(c);
      latin.transliterate(text);
      std::string folded;
      text.toUTF8String(folded);
      bool ascii = true;
      for (unsigned char ch : folded) ascii = ascii && ch < 0x80;
      const bool letter_or_mark = u_isalpha(c) || u_ispunct(c) || u_isspace(c);
      table.push_back(ascii ? folded : std::string());
      known.push_back(ascii && letter_or_mark ? 1 : 0);
    }
  }
}

void BuildPrototype() {
  for (int chain = 0; chain < kChains; ++chain) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8(kIcuRules[chain]), UTRANS_FORWARD, status));
    if (U_SUCCESS(status)) Prototype(chain) = std::move(t);
  }
  // All or nothing: without the full chain nothing is available.
  if (!Prototype(kLatinChain) || !Prototype(kHanChain)) Prototype(kFull).reset();
  if (Prototype(kFull)) BuildFoldTable(*Prototype(kLatinChain));
}

// `word` folded from the table when every character is ASCII or in it.
bool FoldLatin(std::string_view word, std::string& out) {
  out.clear();
  const std::vector<std::string>& table = FoldTable();
  const std::vector<char>& known = FoldKnown();
  if (table.empty()) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const auto length = static_cast<int32_t>(word.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      continue;
    }
    const int slot = FoldSlot(c);
    if (slot < 0 || !known[static_cast<size_t>(slot)]) return false;
    out += table[static_cast<size_t>(slot)];
  }
  return true;
}

// Transliterated words, shared by all threads (read-mostly: a shared lock per
// lookup, sharded by hash); it stops growing at kMaxPerShard words per shard.
class WordCache {
 public:
  bool Find(const std::string& word, std::string& out) {
    Shard& shard = ShardOf(word);
    std::shared_lock lock(shard.mutex);
    auto it = shard.map.find(word);
    if (it == shard.map.end()) return false;
    out = it->second;
    return true;
  }
  void Put(const std::string& word, const std::string& latin) {
    Shard& shard = ShardOf(word);
    std::unique_lock lock(shard.mutex);
    if (shard.map.size() < kMaxPerShard) shard.map.emplace(word, latin);
  }

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxPerShard = 1 << 14;
  struct Shard {
    std::shared_mutex mutex;
    std::unordered_map<std::string, std::string> map;
  };
  Shard& ShardOf(const std::string& word) {
    return shards_[std::hash<std::string>{}(word) % kShards];
  }
  Shard shards_[kShards];
};

WordCache& SharedWordCache() {
  static WordCache cache;
  return cache;
}

// ICU transliterators are not safe for concurrent use: one clone per thread.
// Clones (and fresh instances from the registry) still share the rule data,
// and ICU then serialises rule-based transliteration on one process-wide
// mutex (rbt.cpp, transliteratorDataMutex); the Latin fold table and the
// shared word cache in ToLatin keep most calls away from ICU for that reason.
icu::Transliterator* ThreadTransliterator(int chain) {
  thread_local std::unique_ptr<icu::Transliterator> local[kChains];
  if (!local[chain] && Prototype(chain)) local[chain].reset(Prototype(chain)->clone());
  return local[chain].get();
}

std::string IcuToLatin(const std::string& pre) {
  const int chain = ChooseChain(pre);
  icu::Transliterator* t = ThreadTransliterator(chain);
  if (t == nullptr) return core::AsciiLower(pre);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(pre);
  t->transliterate(text);
  std::string raw;
  text.toUTF8String(raw);
  return raw;
}

// The shortest chain that covers every letter: Latin only, Latin and Han, or any.
int ChooseChain(std::string_view utf8) {
  bool han = false;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0x80) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode code = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return kFull;
    if (code == USCRIPT_LATIN || code == USCRIPT_COMMON || code == USCRIPT_INHERITED) continue;
    if (code == USCRIPT_HAN) {
      han = true;
      continue;
    }
    return kFull;
  }
  return han ? kHanChain : kLatinChain;
}

}  // namespace

Transliterator::Transliterator() {
  std::call_once(PrototypeOnce(), BuildPrototype);
  available_ = Prototype() != nullptr;
  (void)OwnTables();
}

const Transliterator& Transliterator::Instance() {
  static const Transliterator instance;
  return instance;
}

std::string Transliterator::ToLatin(std::string_view utf8) const {
  // Cyrillic, Greek and Indic by our own readings (script_readings.hpp) first.
  std::string pre = PrePass(ReadOwnScripts(utf8));
  bool ascii = true;
  for (unsigned char ch : pre) {
    if (ch >= 0x80) {
      ascii = false;
      break;
    }
  }
  // Fast path: plain ASCII needs no ICU.
  if (ascii || !available_) return core::AsciiLower(pre);
  // Word by word: Latin words from the fold table; others through the
  // process-wide cache (names repeat their parts) and only then ICU.
  WordCache& cache = SharedWordCache();
  std::string raw;
  std::string latin;
  size_t start = 0;
  while (start <= pre.size()) {
    size_t end = pre.find(' ', start);
    if (end == std::string::npos) end = pre.size();
    const std::string word = pre.substr(start, end - start);
    if (!word.empty()) {
      if (!FoldLatin(word, latin) && !cache.Find(word, latin)) {
        latin = IcuToLatin(word);
        cache.Put(word, latin);
      }
      if (!raw.empty()) raw.push_back(' ');
      raw += latin;
    }
    start = end + 1;
  }
  // Han-Latin spaces every syllable: runs of spaces collapse to one.
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace guomen::names
