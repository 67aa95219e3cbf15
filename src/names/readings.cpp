#include "names/readings.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"
#include "names/myanmar_reading.hpp"
#include "names/name_normalizer.hpp"
#include "names/transliterator.hpp"
#include "names/utf8.hpp"

namespace guomen::names {
namespace {

// ---------------------------------------------------------------- letters

bool IsHan(UChar32 c) { return c >= 0x4E00 && c <= 0x9FFF; }
bool IsHangulSyllable(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }

// A reading: the Latin text normalised as a name, with the name's original and
// script. It has no readings of its own, even when it still holds letters of a
// script with readings (a Myanmar letter no table reads).
NormalizedName AsReading(const std::string& latin, std::string_view raw, Script script) {
  NormalizedName n = NormalizeName(latin, WithReadings::kNo);
  n.original = std::string(raw);
  n.script = script;
  return n;
}

// ---------------------------------------------------------------- Han table

struct HanReadings {
  std::vector<UChar32> hangul;        // Korean readings, the personal-name one first
  std::vector<std::string> japanese;  // on and kun readings, lower-case Hepburn
  bool simplified = false;            // a simplified form only: Chinese writing
};

const std::unordered_map<UChar32, HanReadings>& HanTable() {
  static const std::unordered_map<UChar32, HanReadings> table = [] {
    std::unordered_map<UChar32, HanReadings> t;
    for (const char* raw : EmbeddedTable("han_readings")) {
      std::string_view line = core::Trim(raw);
      if (line.empty() || line[0] == '#') continue;
      const std::vector<std::string> parts = core::Split(line, ' ');
      if (parts.size() < 4) continue;
      const std::vector<UChar32> ch = CodePoints(parts[0]);
      if (ch.size() != 1) continue;
      HanReadings r;
      if (parts[1] != "-") {
        for (const std::string& h : core::Split(parts[1], ',')) {
          const std::vector<UChar32> cp = CodePoints(h);
          if (cp.size() == 1 && IsHangulSyllable(cp[0])) r.hangul.push_back(cp[0]);
        }
      }
      for (size_t f = 2; f <= 3; ++f) {
        if (parts[f] == "-") continue;
        for (const std::string& j : core::Split(parts[f], ',')) {
          if (!j.empty()) r.japanese.push_back(j);
        }
      }
      r.simplified = parts.size() > 4 && parts[4] == "simplified";
      t.emplace(ch[0], std::move(r));
    }
    return t;
  }();
  return table;
}

// ---------------------------------------------------------------- Hangul

struct Jamo {
  int initial;  // 0..18
  int medial;   // 0..20
  int final;    // 0..27
};

Jamo Split(UChar32 c) {
  const int s = static_cast<int>(c - 0xAC00);
  return {s / 588, (s % 588) / 28, s % 28};
}

UChar32 Compose(Jamo j) { return 0xAC00 + (j.initial * 21 + j.medial) * 28 + j.final; }

constexpr const char* kInitials[19] = {"g",  "kk", "n", "d",  "tt", "r", "m", "b", "pp", "s",
                                       "ss", "",   "j", "jj", "ch", "k", "t", "p", "h"};
constexpr const char* kMedials[21] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo",
                                      "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                      "wo", "we", "wi", "yu",  "eu", "ui", "i"};
// Finals as they sound at the end of a syllable (passport spelling: k, t, p).
constexpr const char* kFinals[28] = {"",  "k",  "k", "k", "n", "n", "n", "t", "l", "l",
                                     "l", "l",  "l", "l", "l", "l", "m", "p", "p", "t",
                                     "t", "ng", "t", "t", "k", "t", "p", "t"};
constexpr int kRieul = 5;       // initial ㄹ
constexpr int kNieun = 2;       // initial ㄴ
constexpr int kIeung = 11;      // initial ㅇ (silent)
constexpr int kEu = 18;         // medial ㅡ
constexpr int kI = 20;          // medial ㅣ
constexpr int kChieuch = 14;    // initial ㅊ
constexpr int kJieuj = 12;      // initial ㅈ
constexpr int kFinalRieul = 8;  // final ㄹ

// Medials that start with i or y (ㅣ ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ): ㄹ and ㄴ fall silent before them.
bool IotizedMedial(int m) {
  return m == 20 || m == 2 || m == 3 || m == 6 || m == 7 || m == 12 || m == 17;
}

// South Korean initial-sound rule for the first syllable of a name: 리 -> 이, 라 -> 나, 녀 -> 여.
UChar32 InitialSoundRule(UChar32 c) {
  Jamo j = Split(c);
  if (j.initial == kRieul)
    j.initial = IotizedMedial(j.medial) ? kIeung : kNieun;
  else if (j.initial == kNieun && IotizedMedial(j.medial))
    j.initial = kIeung;
  return Compose(j);
}

std::string RomanizeSyllable(UChar32 c) {
  const Jamo j = Split(c);
  std::string out = kInitials[j.initial];
  out += kMedials[j.medial];
  out += kFinals[j.final];
  return out;
}

// A word of Hangul syllables as a Korean name of 2-3 syllables, each syllable
// apart as passports often write them (PARK JI SUNG; the joined given name is
// ICU's first reading already).
std::string KoreanNameLatin(const std::vector<UChar32>& word, bool split_given = true) {
  std::string out;
  const bool name = word.size() == 2 || word.size() == 3;
  for (size_t k = 0; k < word.size(); ++k) {
    std::string syllable = RomanizeSyllable(word[k]);
    if (k == 0 && syllable == "i") syllable = "yi";  // 이, the surname (LEE / YI / RHEE)
    if (name && (k == 1 || (k > 1 && split_given))) out += ' ';
    out += syllable;
  }
  return out;
}

// The commonest Korean family names (one syllable; together well over 90% of
// Koreans), as the initial-sound rule writes them.
bool KoreanSurname(UChar32 c) {
  static constexpr char16_t kSurnames[] =
      u"김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민원나진지엄"
      u"채천방공현함변염여추도석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부";
  for (char16_t s : kSurnames) {
    if (s != 0 && static_cast<UChar32>(s) == c) return true;
  }
  return false;
}

bool OpenEu(Jamo j) { return j.medial == kEu && j.final == 0 && j.initial != kIeung; }

// 블라 (bl-): ㅡ before ㄹㄹ, the l of a cluster.
bool EuBeforeL(const std::vector<UChar32>& word, size_t k) {
  const Jamo j = Split(word[k]);
  return j.medial == kEu && j.final == kFinalRieul && j.initial != kIeung && k + 1 < word.size() &&
         Split(word[k + 1]).initial == kRieul;
}

// A foreign name written in Hangul: the ㅡ Korean inserts after a consonant
// taken out, ㄹㄹ = l, ㄹ elsewhere r, 치/지 at the end of a word ch/j.
std::string ForeignLatin(const std::vector<UChar32>& word) {
  std::string out;
  for (size_t k = 0; k < word.size(); ++k) {
    const Jamo j = Split(word[k]);
    const bool after_rieul = k > 0 && Split(word[k - 1]).final == kFinalRieul;
    if (j.initial == kRieul) {
      if (!after_rieul) out += 'r';
    } else {
      out += kInitials[j.initial];
    }
    const bool last = k + 1 == word.size();
    const bool epenthetic_i = last && k > 0 && j.medial == kI && j.final == 0 &&
                              (j.initial == kChieuch || j.initial == kJieuj);
    if (!OpenEu(j) && !EuBeforeL(word, k) && !epenthetic_i) out += kMedials[j.medial];
    if (j.final == kFinalRieul) {
      out += 'l';
    } else {
      out += kFinals[j.final];
    }
  }
  return out;
}

std::vector<std::vector<UChar32>> HangulWords(const std::vector<UChar32>& text) {
  std::vector<std::vector<UChar32>> words;
  std::vector<UChar32> current;
  for (UChar32 c : text) {
    if (IsHangulSyllable(c)) {
      current.push_back(c);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

void HangulReadings(std::string_view raw, Script script, std::vector<NormalizedName>& out) {
  const std::vector<std::vector<UChar32>> words = HangulWords(CodePoints(raw));
  if (words.empty()) return;
  // The Korean-name reading when the name starts with a family name (as
  // Korean names are written); the foreign-name one when it looks like one.
  const bool korean_order = KoreanSurname(words.front().front());
  std::string korean;
  bool foreign = false;
  for (const auto& w : words) {
    if (!korean.empty()) korean += ' ';
    korean += KoreanNameLatin(w);
    for (size_t k = 0; k < w.size(); ++k) {
      const Jamo j = Split(w[k]);
      foreign = foreign || OpenEu(j) || EuBeforeL(w, k) ||
                (w.size() >= 3 && k + 1 == w.size() && j.medial == kI && j.final == 0 &&
                 (j.initial == kChieuch || j.initial == kJieuj));
    }
  }
  if (korean_order) out.push_back(AsReading(korean, raw, script));
  if (!foreign) return;
  std::string latin;
  for (const auto& w : words) {
    if (!latin.empty()) latin += ' ';
    latin += ForeignLatin(w);
  }
  out.push_back(AsReading(latin, raw, script));
}

// ---------------------------------------------------------------- kana

// Kana to Hepburn with the long vowels kept marked (ICU's Katakana-Latin
// writes ー and doubled vowels with a macron), then ASCII by hand.
icu::Transliterator* KanaTransliterator() {
  static std::unique_ptr<icu::Transliterator> prototype;
  static std::once_flag once;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    prototype.reset(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8("NFKC; Katakana-Latin; Hiragana-Latin; Any-Lower"),
        UTRANS_FORWARD, status));
    if (U_FAILURE(status)) prototype.reset();
  });
  thread_local std::unique_ptr<icu::Transliterator> local;
  if (!local && prototype) local.reset(prototype->clone());
  return local.get();
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// One word of Hepburn (long vowels as upper case) without the inserted vowels.
std::string ForeignKana(const std::string& w) {
  std::string s;
  // chi = ti, ji = di, tsu = tu (the kana foreign names are written with).
  for (size_t i = 0; i < w.size(); ++i) {
    if (w.compare(i, 3, "chi") == 0 || w.compare(i, 3, "chI") == 0) {
      s += 't';
      i += 1;
    } else if (w.compare(i, 2, "ji") == 0 || w.compare(i, 2, "jI") == 0) {
      s += 'd';
    } else if (w.compare(i, 3, "tsu") == 0) {
      s += 't';
      i += 1;
    } else {
      s += w[i];
    }
  }
  // A word-initial u before r stands for v (ウラジーミル Vladimir, ウラル Ural
  // aside: this is one more reading, not the only one).
  if (s.size() > 2 && s[0] == 'u' && s[1] == 'r') s[0] = 'v';
  // Drop u (after any consonant) and o (after t, d) when a consonant or the
  // end of the word follows: the vowels Japanese inserts into clusters.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool after_consonant = i > 0 && !IsVowel(s[i - 1]) && s[i - 1] != 'n' &&
                                 std::islower(static_cast<unsigned char>(s[i - 1])) != 0;
    const bool next_consonant =
        i + 1 == s.size() || (!IsVowel(s[i + 1]) && s[i + 1] != 'y' &&
                              std::islower(static_cast<unsigned char>(s[i + 1])) != 0);
    if (after_consonant && next_consonant &&
        (c == 'u' || (c == 'o' && (s[i - 1] == 't' || s[i - 1] == 'd')))) {
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void KanaReadings(std::string_view raw, Script script, std::vector<NormalizedName>& out) {
  icu::Transliterator* t = KanaTransliterator();
  if (t == nullptr) return;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(std::string(raw));
  t->transliterate(text);
  // Macron vowels (long) become upper case: never dropped, written once.
  std::string hepburn;
  for (int32_t i = 0; i < text.length(); ++i) {
    const char16_t c = text.charAt(i);
    switch (c) {
      case u'\u0101':
        hepburn += 'A';
        break;
      case u'\u0113':
        hepburn += 'E';
        break;
      case u'\u012B':
        hepburn += 'I';
        break;
      case u'\u014D':
        hepburn += 'O';
        break;
      case u'\u016B':
        hepburn += 'U';
        break;
      case u'\u00E2':
        hepburn += 'A';
        break;
      case u'\u00EA':
        hepburn += 'E';
        break;
      case u'\u00EE':
        hepburn += 'I';
        break;
      case u'\u00F4':
        hepburn += 'O';
        break;
      case u'\u00FB':
        hepburn += 'U';
        break;
      default:
        if (c < 0x80 && std::isalpha(c) != 0) {
          hepburn += static_cast<char>(c);
        } else if (c == u'\'' || c == u'\u2019') {
          // n' apart from a following vowel: nothing to write
        } else if (c < 0x80 || c == u'\u30FB' || c == u'\u00B7' || c == u'\u30A0' ||
                   c == u'\u3000') {
          hepburn += ' ';
        } else if (c == u'\u30FC') {
          // a long mark ICU left: the vowel before is long
          if (!hepburn.empty()) hepburn.back() = static_cast<char>(std::toupper(hepburn.back()));
        } else {
          return;  // a character the reading cannot place
        }
    }
  }
  std::string latin;
  for (const std::string& w : core::Split(hepburn, ' ')) {
    if (w.empty()) continue;
    if (!latin.empty()) latin += ' ';
    latin += ForeignKana(w);
  }
  if (latin.empty()) return;
  out.push_back(AsReading(latin, raw, script));
}

// ---------------------------------------------------------------- Arabic, Hebrew

struct Letter {
  UChar32 c;
  const char* latin;
};

// Arabic, Persian and Urdu letters. و and ي/ی are handled apart (consonant or long vowel).
constexpr Letter kArabicLetters[] = {
    {0x0627, "a"},  {0x0623, "a"},  {0x0625, "i"}, {0x0622, "a"},  {0x0671, "a"},  {0x0621, ""},
    {0x0624, ""},   {0x0626, ""},   {0x0628, "b"}, {0x062A, "t"},  {0x062B, "th"}, {0x062C, "j"},
    {0x062D, "h"},  {0x062E, "kh"}, {0x062F, "d"}, {0x0630, "dh"}, {0x0631, "r"},  {0x0632, "z"},
    {0x0633, "s"},  {0x0634, "sh"}, {0x0635, "s"}, {0x0636, "d"},  {0x0637, "t"},  {0x0638, "z"},
    {0x063A, "gh"}, {0x0641, "f"},  {0x0642, "q"}, {0x0643, "k"},  {0x0644, "l"},  {0x0645, "m"},
    {0x0646, "n"},  {0x0647, "h"},  {0x0629, "a"}, {0x0649, "a"},  {0x067E, "p"},  {0x0686, "ch"},
    {0x0698, "zh"}, {0x06A4, "v"},  {0x06AF, "g"}, {0x06A9, "k"},  {0x0679, "t"},  {0x0688, "d"},
    {0x0691, "r"},  {0x06BA, "n"},  {0x06BE, "h"}, {0x06C1, "h"},  {0x06D2, "e"},  {0x06C3, "a"},
    {0x06CC, "y"},  {0x064A, "y"},  {0x0648, "w"}, {0x0639, "'"},
};

const char* ArabicLetter(UChar32 c) {
  for (const Letter& l : kArabicLetters) {
    if (l.c == c) return l.latin;
  }
  return nullptr;
}

bool IsArabicMark(UChar32 c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;  // harakat, tatweel
}

// One Arabic-script word: و u and ي i between letters (long vowels), w and y
// at the start and after a vowel; ع a at the start, nothing elsewhere; تش ch.
std::string ArabicWord(const std::vector<UChar32>& word, bool foreign) {
  std::vector<UChar32> w;
  for (UChar32 c : word) {
    if (!IsArabicMark(c)) w.push_back(c);
  }
  // الله (with or without a joined article before it) reads allah.
  static constexpr UChar32 kAllah[] = {0x0627, 0x0644, 0x0644, 0x0647};
  if (w.size() == 4 && std::equal(w.begin(), w.end(), std::begin(kAllah))) return "allah";
  std::string out;
  for (size_t k = 0; k < w.size(); ++k) {
    const UChar32 c = w[k];
    const bool start = out.empty();
    const bool after_vowel = !out.empty() && IsVowel(out.back());
    if (c == 0x0648) {  // و
      out += start || after_vowel ? (foreign ? "v" : "w") : "u";
      continue;
    }
    if (foreign && c == 0x0641) {  // ف for v
      out += 'v';
      continue;
    }
    if (foreign && c == 0x0628) {  // ب for p
      out += 'p';
      continue;
    }
    if (c == 0x064A || c == 0x06CC) {  // ي ی
      out += start || after_vowel ? "y" : "i";
      continue;
    }
    if (c == 0x0639) {  // ع
      if (start) out += 'a';
      continue;
    }
    if (c == 0x062A && k + 1 < w.size() && w[k + 1] == 0x0634) {  // تش
      out += "ch";
      ++k;
      continue;
    }
    const char* latin = ArabicLetter(c);
    if (latin == nullptr) return {};  // not a letter this reading knows
    out += latin;
  }
  return out;
}

// The name letter by letter; `foreign` reads ف as v, ب as p and a consonant
// و as v, as Arabic, Persian and Urdu write foreign names (فلاديمير Vladimir,
// بوتين Putin). Empty when a letter has no reading.
std::string ArabicLatin(std::string_view raw, bool foreign) {
  std::string latin;
  std::vector<UChar32> word;
  bool abd = false;  // the previous word was عبد: joined to this one (عبد الله abdallah)
  auto flush = [&]() -> bool {
    if (word.empty()) return true;
    const std::string w = ArabicWord(word, foreign);
    word.clear();
    if (w.empty()) return false;
    if (!latin.empty() && !abd) latin += ' ';
    latin += w;
    abd = w == "abd";
    return true;
  };
  for (UChar32 c : CodePoints(raw)) {
    if ((c >= 0x0600 && c <= 0x06FF) && (ArabicLetter(c) != nullptr || IsArabicMark(c))) {
      word.push_back(c);
    } else if (c < 0x80 || c == 0x060C || c == 0x200C || c == 0x200F || c == 0x00A0) {
      if (!flush()) return {};
    } else {
      return {};  // another script or an unknown letter: no reading
    }
  }
  if (!flush()) return {};
  return latin;
}

void ArabicReadings(std::string_view raw, Script script, std::vector<NormalizedName>& out) {
  const std::string native = ArabicLatin(raw, false);
  if (native.empty()) return;
  out.push_back(AsReading(native, raw, script));
  const std::string foreign = ArabicLatin(raw, true);
  if (!foreign.empty() && foreign != native) out.push_back(AsReading(foreign, raw, script));
}

void HebrewReadings(std::string_view raw, Script script, std::vector<NormalizedName>& out) {
  // ICU's letter-by-letter reading with ו as v (its consonant value; ICU writes w).
  std::string latin = Transliterator::Instance().ToLatin(raw);
  bool changed = false;
  for (char& c : latin) {
    if (c == 'w') {
      c = 'v';
      changed = true;
    }
  }
  if (changed) out.push_back(AsReading(latin, raw, script));
}

// ---------------------------------------------------------------- Han

void HanKoreanReadings(std::string_view raw, Script script, std::vector<NormalizedName>& out) {
  // Read as Korean only a name written as Korean names are in Hanja: one
  // word of 2-4 characters starting with a Korean family name (金正恩; not
  // 瑜 李, a Chinese name given name first, as Western order writes it):
  // each other reading is searched, and costs, as a name of its own.
  // Every character must have a Korean reading and none be a simplified
  // form (崔勇飞: 飞 is Chinese writing, Korean writes 飛).
  const auto& table = HanTable();
  bool korean = true;
  for (UChar32 c : CodePoints(raw)) {
    auto it = IsHan(c) ? table.find(c) : table.end();
    korean =
        korean && it != table.end() && !it->second.hangul.empty() && !it->second.simplified;
  }
  if (!korean) return;
  const std::string hangul = HanToHangul(raw);
  const std::vector<std::vector<UChar32>> words = HangulWords(CodePoints(hangul));
  if (words.size() != 1 || words.front().size() < 2 || words.front().size() > 4 ||
      !KoreanSurname(words.front().front())) {
    return;
  }
  std::string latin;
  for (const auto& w : words) {
    if (!latin.empty()) latin += ' ';
    latin += KoreanNameLatin(w, false);
  }
  out.push_back(AsReading(latin, raw, script));
}

// Chinese renderings of foreign names (data/han_foreign.txt).
struct HanForeignTable {
  std::unordered_map<UChar32, std::pair<std::string, bool>> chars;  // latin, cluster
  std::unordered_map<std::u32string, std::string> words;
  size_t longest_word = 1;
};

const HanForeignTable& HanForeign() {
  static const HanForeignTable table = [] {
    HanForeignTable t;
    for (const char* raw : EmbeddedTable("han_foreign")) {
      std::string_view line = core::Trim(raw);
      if (line.empty() || line[0] == '#') continue;
      const std::vector<std::string> parts = core::Split(line, ' ');
      if (parts.size() < 2) continue;
      std::u32string han;
      for (UChar32 c : CodePoints(parts[0])) han.push_back(static_cast<char32_t>(c));
      if (han.size() == 1) {
        t.chars[static_cast<UChar32>(han[0])] = {parts[1], parts.size() > 2 && parts[2] == "cluster"};
      } else if (!han.empty()) {
        t.longest_word = std::max(t.longest_word, han.size());
        t.words[han] = parts[1];
      }
    }
    return t;
  }();
  return table;
}

// The marks that join the words of a foreign name written in Chinese.
bool IsInterpunct(UChar32 c) {
  return c == 0x00B7 || c == 0x2022 || c == 0x2027 || c == 0x22C5 || c == 0x30FB ||
         c == 0xFF65 || c == 0x2E31;
}

// The name read as a foreign name written in Chinese, each word by its
// conventional rendering or character by character: 弗拉基米尔·普京 ->
// vladimir putin, 拉夫罗夫 -> lavrov. Nothing when a character has no
// foreign sound in the table or the name does not look foreign.
void HanForeignReadings(std::string_view raw, Script script, std::vector<NormalizedName>& out) {
  const HanForeignTable& table = HanForeign();
  const std::vector<UChar32> text = CodePoints(raw);
  bool interpunct = false;
  bool conventional = false;
  size_t clusters = 0;
  size_t characters = 0;
  std::string latin;
  bool word_open = false;
  for (size_t i = 0; i < text.size();) {
    if (!IsHan(text[i])) {
      interpunct = interpunct || IsInterpunct(text[i]);
      word_open = false;
      ++i;
      continue;
    }
    if (!word_open && !latin.empty()) latin += ' ';
    word_open = true;
    // The longest conventional rendering here, else the character.
    size_t n = 0;
    for (size_t len = std::min(table.longest_word, text.size() - i); len >= 2 && n == 0; --len) {
      std::u32string key;
      for (size_t k = 0; k < len; ++k) key.push_back(static_cast<char32_t>(text[i + k]));
      if (auto w = table.words.find(key); w != table.words.end()) {
        latin += w->second;
        conventional = true;
        n = len;
      }
    }
    if (n == 0) {
      auto c = table.chars.find(text[i]);
      if (c == table.chars.end()) return;
      latin += c->second.first;
      clusters += c->second.second ? 1 : 0;
      n = 1;
    }
    characters += n;
    i += n;
  }
  if (interpunct || conventional || (characters >= 3 && clusters > 0)) {
    out.push_back(AsReading(latin, raw, script));
  }
}

// ---------------------------------------------------------------- Myanmar

// A name of two or more words in Burmese script may be a foreign name as
// Burmese writes it (words apart, each word's syllables one name part):
// read it so as well (names/myanmar_reading.hpp).
void MyanmarReadings(std::string_view raw, Script script, std::vector<NormalizedName>& out) {
  if (MyanmarWords(raw) < 2) return;
  out.push_back(AsReading(ReadMyanmar(raw, MyanmarReading::kForeign), raw, script));
}

// ---------------------------------------------------------------- Japanese lattice

// The ways a reading may be written in a name: as given, with rendaku (the
// voiced first consonant inside a name: ta -> da), long vowels ou/uu/oo/ei as
// o/u/o/e, and a final tsu/ku/chi doubling the next consonant (一 + 平 ippei).
void Spellings(const std::string& reading, bool inside, std::vector<std::string>& out) {
  std::vector<std::string> base = {reading};
  if (inside) {
    static const std::pair<const char*, const char*> kRendaku[] = {
        {"k", "g"}, {"sh", "j"}, {"s", "z"}, {"ch", "j"}, {"ts", "z"},
        {"t", "d"}, {"h", "b"},  {"h", "p"}, {"f", "b"}};
    for (const auto& [from, to] : kRendaku) {
      if (reading.rfind(from, 0) == 0)
        base.push_back(to + reading.substr(std::string(from).size()));
    }
  }
  for (const std::string& b : base) {
    out.push_back(b);
    std::string shortened;
    for (size_t i = 0; i < b.size(); ++i) {
      shortened += b[i];
      if (i + 1 < b.size() && IsVowel(b[i]) &&
          ((b[i] == 'o' && (b[i + 1] == 'u' || b[i + 1] == 'o')) ||
           (b[i] == 'u' && b[i + 1] == 'u') || (b[i] == 'e' && b[i + 1] == 'i'))) {
        ++i;
      }
    }
    if (shortened != b) out.push_back(shortened);
  }
}

// Whether `text` from `pos` is exactly the readings of chars [from, to) of the
// run that starts at `start` (rendaku only inside a run).
bool SpellsRun(const std::vector<const HanReadings*>& chars, size_t start, size_t from, size_t to,
               std::string_view text, size_t pos, std::vector<std::string>& scratch) {
  if (from == to) return pos == text.size();
  if (pos >= text.size()) return false;
  const size_t mark = scratch.size();
  for (const std::string& r : chars[from]->japanese) Spellings(r, from > start, scratch);
  const std::vector<std::string> options(scratch.begin() + static_cast<std::ptrdiff_t>(mark),
                                         scratch.end());
  scratch.resize(mark);
  for (const std::string& o : options) {
    if (text.compare(pos, o.size(), o) != 0) continue;
    if (SpellsRun(chars, start, from + 1, to, text, pos + o.size(), scratch)) return true;
  }
  return false;
}

}  // namespace

std::string HanToHangul(std::string_view utf8) {
  const auto& table = HanTable();
  std::string out;
  bool word_start = true;
  for (UChar32 c : CodePoints(utf8)) {
    auto it = IsHan(c) ? table.find(c) : table.end();
    if (it == table.end() || it->second.hangul.empty()) {
      AppendUtf8(out, c);
      word_start = !IsHan(c);
      continue;
    }
    UChar32 h = it->second.hangul.front();
    if (word_start) h = InitialSoundRule(h);
    AppendUtf8(out, h);
    word_start = false;
  }
  return out;
}

std::vector<NormalizedName> OtherReadings(std::string_view raw, Script script) {
  std::vector<NormalizedName> out;
  switch (script) {
    case Script::kHan:
      HanKoreanReadings(raw, script, out);
      HanForeignReadings(raw, script, out);
      break;
    case Script::kHangul:
      HangulReadings(raw, script, out);
      break;
    case Script::kKana:
      KanaReadings(raw, script, out);
      break;
    case Script::kArabic:
      ArabicReadings(raw, script, out);
      break;
    case Script::kHebrew:
      HebrewReadings(raw, script, out);
      break;
    case Script::kMyanmar:
      MyanmarReadings(raw, script, out);
      break;
    default:
      break;
  }
  return out;
}

std::optional<NormalizedName> JapaneseReadingAs(const NormalizedName& han,
                                                const NormalizedName& latin) {
  if (han.script != Script::kHan || latin.script != Script::kLatin) return std::nullopt;
  const auto& table = HanTable();
  std::vector<const HanReadings*> chars;
  for (UChar32 c : CodePoints(han.original)) {
    if (c < 0x80 || c == 0x30FB || c == 0x3000 || c == 0x00B7) continue;  // spaces, dots
    auto it = IsHan(c) ? table.find(c) : table.end();
    if (it == table.end() || it->second.japanese.empty()) return std::nullopt;
    chars.push_back(&it->second);
  }
  std::vector<std::string> parts;
  for (const NameToken& t : latin.tokens) {
    if (t.kind == TokenKind::kName) parts.push_back(t.text);
  }
  if (chars.size() < 2 || chars.size() > 8 || parts.empty() || parts.size() > 3 ||
      parts.size() > chars.size()) {
    return std::nullopt;
  }
  // Quick no (ScoreName asks for every Han name against every Latin one): a
  // part must start with a reading of the first character.
  bool starts = false;
  for (const std::string& r : chars.front()->japanese) {
    for (const std::string& p : parts) {
      starts = starts || p.compare(0, std::min(p.size(), size_t{2}), r, 0,
                                   std::min(r.size(), size_t{2})) == 0;
    }
  }
  if (!starts) return std::nullopt;
  // Each Latin part spells a run of the characters; the runs cover them all, in
  // the Han order, the parts in any order (family name first or last).
  std::vector<size_t> order(parts.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::vector<std::string> scratch;
  do {
    // Cut points: choose where each run ends (small n: try them all).
    std::vector<size_t> ends(parts.size(), 0);
    auto fits = [&](auto&& self, size_t part, size_t from) -> bool {
      if (part == parts.size()) return from == chars.size();
      const size_t left = parts.size() - part - 1;
      for (size_t to = from + 1; to + left <= chars.size(); ++to) {
        if (SpellsRun(chars, from, from, to, parts[order[part]], 0, scratch) &&
            self(self, part + 1, to))
          return true;
      }
      return false;
    };
    if (fits(fits, 0, 0)) {
      NormalizedName reading;
      reading.original = han.original;
      reading.script = han.script;
      for (size_t k : order) {
        for (const NameToken& t : latin.tokens) {
          if (t.text == parts[k]) {
            reading.tokens.push_back(t);
            break;
          }
        }
      }
      for (const NameToken& t : reading.tokens) {
        if (!reading.latin.empty()) reading.latin.push_back(' ');
        reading.latin += t.text;
      }
      return reading;
    }
  } while (std::next_permutation(order.begin(), order.end()));
  return std::nullopt;
}

}  // namespace guomen::names
