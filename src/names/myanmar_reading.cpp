#include "names/myanmar_reading.hpp"

#include <unicode/utf8.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"
#include "names/utf8.hpp"

namespace guomen::names {
namespace {

constexpr UChar32 kAsat = 0x103A;
constexpr UChar32 kVirama = 0x1039;
constexpr UChar32 kDotBelow = 0x1037;  // creaky tone
constexpr UChar32 kVisarga = 0x1038;   // high tone
constexpr UChar32 kMedialWa = 0x103D;
constexpr UChar32 kMedialHa = 0x103E;

bool IsConsonant(UChar32 c) { return c >= 0x1000 && c <= 0x1021; }
bool IsIndependentVowel(UChar32 c) { return c >= 0x1023 && c <= 0x102A; }
// Vowel signs, anusvara, tones, asat, virama, medials.
bool IsDependent(UChar32 c) { return c >= 0x102B && c <= 0x103E; }
bool IsMyanmarLetter(UChar32 c) { return c >= 0x1000 && c <= 0x103F; }

struct Table {
  std::map<std::u32string, std::string> onsets;
  std::map<std::u32string, std::string> rhymes;
  size_t longest_onset = 1;
};

const Table& MyanmarTable() {
  static const Table table = [] {
    Table t;
    for (const char* raw : EmbeddedTable("myanmar_latin")) {
      const std::string_view line = core::Trim(raw);
      if (line.empty() || line[0] == '#') continue;
      const size_t space = line.find(' ');
      if (space == std::string_view::npos) continue;
      std::u32string key;
      for (UChar32 c : CodePoints(line.substr(0, space))) key.push_back(static_cast<char32_t>(c));
      std::string latin(core::Trim(line.substr(space + 1)));
      if (key.empty() || latin.empty()) continue;
      if (latin == "-") latin.clear();
      const auto first = static_cast<UChar32>(key[0]);
      // A final consonant's rhyme starts with the consonant and ends with its asat.
      if ((IsConsonant(first) || IsIndependentVowel(first)) && key.back() != kAsat) {
        t.onsets[key] = latin;
        t.longest_onset = std::max(t.longest_onset, key.size());
      } else {
        t.rhymes[key] = latin;
      }
    }
    return t;
  }();
  return table;
}

// The final consonant that sounds like `c` at the end of a syllable (Pali
// spellings stack ဂ over ဂ, ဒ over ဓ ...): the stops by their place, ဏ as န.
char32_t FinalClass(char32_t c) {
  switch (c) {
    case 0x1002: case 0x1003: return 0x1000;                  // ဂ ဃ -> က
    case 0x1007: case 0x1008: return 0x1005;                  // ဇ ဈ -> စ
    case 0x100B: case 0x100C: case 0x100D: case 0x100E:       // ဋ ဌ ဍ ဎ
    case 0x1011: case 0x1012: case 0x1013: return 0x1010;     // ထ ဒ ဓ -> တ
    case 0x1016: case 0x1017: case 0x1018: return 0x1015;     // ဖ ဗ ဘ -> ပ
    case 0x100F: return 0x1014;                               // ဏ -> န
    default: return c;
  }
}

// The rhyme `rest` as written, else with its final consonant read by its class.
const std::string* FindRhyme(const Table& table, std::u32string rest) {
  if (auto r = table.rhymes.find(rest); r != table.rhymes.end()) return &r->second;
  if (rest.size() >= 2 && rest.back() == static_cast<char32_t>(kAsat)) {
    char32_t& final_consonant = rest[rest.size() - 2];
    const char32_t cls = FinalClass(final_consonant);
    if (cls != final_consonant) {
      final_consonant = cls;
      if (auto r = table.rhymes.find(rest); r != table.rhymes.end()) return &r->second;
    }
  }
  return nullptr;
}

// One syllable read: onset and rhyme; `bare` when it has no vowel sign or
// final (the inherent vowel "a" only).
struct Syllable {
  std::string latin;
  size_t onset_length = 0;  // letters of `latin` that are the onset
  bool bare = false;
};

// One syllable, tone marks and viramas taken out, ha-hto before wa.
Syllable ReadSyllable(std::u32string syllable, bool creaky) {
  const Table& table = MyanmarTable();
  for (size_t i = 0; i + 1 < syllable.size(); ++i) {
    if (syllable[i] == kMedialWa && syllable[i + 1] == kMedialHa) std::swap(syllable[i], syllable[i + 1]);
  }
  // The longest onset whose rest is a known rhyme; else the longest onset.
  std::string onset;
  size_t onset_length = 0;
  std::string rhyme;
  bool rhyme_known = false;
  for (size_t n = std::min(table.longest_onset, syllable.size()); n >= 1 && !rhyme_known; --n) {
    auto it = table.onsets.find(syllable.substr(0, n));
    if (it == table.onsets.end()) continue;
    const std::u32string rest = syllable.substr(n);
    if (onset_length == 0) {
      onset = it->second;
      onset_length = n;
    }
    if (rest.empty()) {
      onset = it->second;
      onset_length = n;
      rhyme_known = true;
      break;
    }
    if (const std::string* r = FindRhyme(table, rest); r != nullptr) {
      onset = it->second;
      onset_length = n;
      rhyme = *r;
      rhyme_known = true;
    }
  }
  if (onset_length == 0) return {};  // not a syllable start (cannot happen)
  const std::u32string rest = syllable.substr(onset_length);
  bool bare = false;
  if (rest.empty()) {
    // The inherent vowel, except after an independent vowel.
    bare = !IsIndependentVowel(static_cast<UChar32>(syllable[0]));
    if (bare) rhyme = "a";
  } else if (!rhyme_known) {
    // An unusual combination: each sign by itself, a final consonant silent.
    for (size_t i = 0; i < rest.size(); ++i) {
      if (auto r = table.rhymes.find(rest.substr(i, 1)); r != table.rhymes.end()) {
        rhyme += r->second;
      } else if (i + 1 < rest.size() && rest[i + 1] == kAsat) {
        if (const std::string* f = FindRhyme(table, std::u32string{rest[i], kAsat}); f != nullptr) {
          rhyme += *f;
        }
        ++i;
      }
    }
    if (rhyme.empty()) rhyme = "a";
  }
  Syllable out{onset + rhyme, onset.size(), bare};
  if (creaky && !rhyme.empty() && rhyme.back() == 'n') out.latin.push_back('t');
  return out;
}

// Military ranks written before a name (ဗိုလ်ချုပ်မှူးကြီးမင်းအောင်လှိုင်, Senior
// General Min Aung Hlaing) are read as the English title of office, which
// names/data/titles_of_office.txt weights low, rather than as four name
// parts (BO GYOKE HMU GYI) that the listed name lacks; a rank with no
// English title that is not also a name (Major) as "officer", police ranks
// below colonel as "police". A rank that contains another comes first.
// Lower ranks that are also common name syllables (ဗိုလ် BO, ဗိုလ်ကြီး BO
// GYI, Lieutenant and Captain) are left alone.
struct Rank {
  std::u32string_view text;
  const char* title;
};
constexpr Rank kRanks[] = {
    {U"ဒုတိယဗိုလ်ချုပ်မှူးကြီး", "general"},  // Vice-Senior General
    {U"ဗိုလ်ချုပ်မှူးကြီး", "general"},       // Senior General
    {U"ဒုတိယဗိုလ်ချုပ်ကြီး", "general"},      // Lieutenant General
    {U"ဗိုလ်ချုပ်ကြီး", "general"},           // General
    {U"ဗိုလ်မှူးချုပ်", "general"},           // Brigadier General
    {U"ဗိုလ်ချုပ်", "general"},               // Major General; Bogyoke
    {U"ဒုတိယဗိုလ်မှူးကြီး", "colonel"},      // Lieutenant Colonel
    {U"ဗိုလ်မှူးကြီး", "colonel"},            // Colonel
    {U"ဗိုလ်မှူး", "officer"},                // Major
    {U"ရဲဗိုလ်ချုပ်", "general"},             // Police Major General
    {U"ရဲမှူးချုပ်", "general"},              // Police Brigadier General
    {U"ရဲမှူးကြီး", "colonel"},               // Police Colonel
    {U"ရဲမှူး", "police"},                    // Police Major
    {U"ရဲအုပ်", "police"},                    // Police Captain (inspector)
    {U"ရဲချုပ်", "police"},                   // Chief of Police
};

// The rank that text[i, ...) starts with when a name follows it (after
// spaces, if any): its title, and where the name starts.
std::optional<std::pair<const char*, size_t>> RankAt(const std::vector<UChar32>& text, size_t i) {
  for (const Rank& rank : kRanks) {
    if (text.size() - i < rank.text.size()) continue;
    bool same = true;
    for (size_t k = 0; k < rank.text.size() && same; ++k) {
      same = text[i + k] == static_cast<UChar32>(rank.text[k]);
    }
    if (!same) continue;
    size_t next = i + rank.text.size();
    while (next < text.size() && (text[next] == ' ' || text[next] == 0x00A0)) ++next;
    if (next < text.size() && (IsConsonant(text[next]) || IsIndependentVowel(text[next]))) {
      return std::make_pair(rank.title, next);
    }
    return std::nullopt;  // a rank alone (or before a stray sign) is read as written
  }
  return std::nullopt;
}

}  // namespace

size_t MyanmarWords(std::string_view utf8) {
  size_t words = 0;
  bool in_word = false;
  for (UChar32 c : CodePoints(utf8)) {
    const bool letter = IsMyanmarLetter(c);
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  return words;
}

std::string ReadMyanmar(std::string_view utf8, MyanmarReading reading) {
  const bool foreign = reading == MyanmarReading::kForeign;
  const std::vector<UChar32> text = CodePoints(utf8);
  bool any = false;
  for (UChar32 c : text) any = any || IsMyanmarLetter(c);
  if (!any) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  bool previous_syllable = false;
  size_t i = 0;
  while (i < text.size()) {
    const UChar32 c = text[i];
    if (!IsConsonant(c) && !IsIndependentVowel(c)) {
      // A stray sign at the start of a word is dropped; anything else is kept.
      if (!IsDependent(c)) AppendUtf8(out, c);
      previous_syllable = false;
      ++i;
      continue;
    }
    if (!previous_syllable) {
      if (auto rank = RankAt(text, i)) {
        out += rank->first;
        out.push_back(' ');
        i = rank->second;
        continue;
      }
    }
    std::u32string syllable{static_cast<char32_t>(c)};
    bool creaky = false;
    size_t j = i + 1;
    while (j < text.size()) {
      const UChar32 d = text[j];
      if (d == kDotBelow || d == kVisarga) {
        creaky = creaky || d == kDotBelow;
        ++j;
        continue;
      }
      if (d == kVirama) {  // (kinzi: the virama after a final's asat)
        ++j;
        continue;
      }
      if (IsDependent(d)) {
        syllable.push_back(static_cast<char32_t>(d));
        ++j;
        continue;
      }
      if (IsConsonant(d) && j + 1 < text.size()) {
        // A final consonant: killed by an asat (a creaky tone may come between),
        // or stacked over the next consonant by a virama.
        size_t k = j + 1;
        if (text[k] == kDotBelow && k + 1 < text.size() && text[k + 1] == kAsat) {
          creaky = true;
          ++k;
        }
        if (text[k] == kAsat) {
          syllable.push_back(static_cast<char32_t>(d));
          syllable.push_back(static_cast<char32_t>(kAsat));
          j = k + 1;
          continue;
        }
        if (text[k] == kVirama) {
          syllable.push_back(static_cast<char32_t>(d));
          syllable.push_back(static_cast<char32_t>(kAsat));
          j = k + 1;
          break;  // the stacked consonant starts the next syllable
        }
      }
      break;
    }
    if (previous_syllable && !foreign) out.push_back(' ');
    // ဦး before a name is the honorific U (U THANT); within or after one it is
    // the name part written OO (HTUN HTUN OO), which a lone "u" (read as an
    // initial) would not match.
    const bool oo = syllable == std::u32string{0x1026} && previous_syllable;
    const bool va = syllable[0] == 0x1017;  // ဗ
    Syllable read = oo ? Syllable{"oo", 0, false} : ReadSyllable(std::move(syllable), creaky);
    if (foreign) {
      // A foreign name's letters: ဗ is v (ဘ is b); a bare consonant before
      // another syllable of the word is a cluster (ဗလာ vla), its vowel unsaid.
      if (va && read.onset_length == 1) read.latin[0] = 'v';
      const bool next_syllable =
          j < text.size() && (IsConsonant(text[j]) || IsIndependentVowel(text[j]));
      if (read.bare && next_syllable) read.latin.resize(read.onset_length);
      // A word ending in -ီယာ / -ီးယား writes a final r after i (ဗလာဒီမီယာ
      // Vladimir, ရှိတ်စပီးယား Shakespeare).
      if (!next_syllable && read.latin == "ya" && !out.empty() && out.back() == 'i') read.latin = "r";
    }
    out += read.latin;
    previous_syllable = true;
    i = j;
  }
  return out;
}

}  // namespace guomen::names
