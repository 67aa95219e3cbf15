#include "names/script_readings.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"
#include "names/myanmar_reading.hpp"
#include "names/utf8.hpp"

namespace guomen::names {
namespace {

bool IsCyrillic(UChar32 c) { return c >= 0x0400 && c <= 0x04FF; }
bool IsGreek(UChar32 c) { return (c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF); }
bool IsCombiningAccent(UChar32 c) { return c >= 0x0300 && c <= 0x036F; }

// One letter or a pair of letters -> Latin (at the start of a word, inside one).
struct Reading {
  std::string initial;
  std::string inside;
};
using Key = uint64_t;  // first code point << 32 | second (0 for one letter)
Key KeyOf(UChar32 a, UChar32 b = 0) {
  return (static_cast<uint64_t>(a) << 32) | static_cast<uint32_t>(b);
}

struct Tables {
  std::unordered_map<Key, Reading> cyrillic;
  std::unordered_map<Key, Reading> cyrillic_ukrainian;  // overrides
  std::unordered_map<Key, Reading> cyrillic_serbian;    // overrides
  std::unordered_map<Key, Reading> greek;
};

void Load(std::string_view name, std::unordered_map<Key, Reading>& plain,
          std::unordered_map<Key, Reading>* ukrainian = nullptr,
          std::unordered_map<Key, Reading>* serbian = nullptr) {
  for (const char* raw : EmbeddedTable(name)) {
    std::string_view line = core::Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> parts;
    for (std::string& p : core::Split(line, ' ')) {
      if (!p.empty()) parts.push_back(std::move(p));
    }
    if (parts.size() < 2) continue;
    const std::vector<UChar32> letters = CodePoints(parts[0]);
    if (letters.empty() || letters.size() > 2) continue;
    const Key key = KeyOf(letters[0], letters.size() == 2 ? letters[1] : 0);
    Reading r;
    r.initial = parts[1] == "-" ? std::string() : parts[1];
    r.inside = r.initial;
    auto* target = &plain;
    if (parts.size() > 2 && (parts[2] == "ukrainian" || parts[2] == "serbian")) {
      target = parts[2] == "ukrainian" ? ukrainian : serbian;
      if (target == nullptr) continue;
    } else if (parts.size() > 2) {
      r.inside = parts[2];
    }
    (*target)[key] = r;
  }
}

const Tables& OwnTables() {
  static const Tables tables = [] {
    Tables t;
    Load("cyrillic_latin", t.cyrillic, &t.cyrillic_ukrainian, &t.cyrillic_serbian);
    Load("greek_latin", t.greek);
    return t;
  }();
  return tables;
}

// Indic scripts whose words end in a pronounced consonant but are written
// with an inherent vowel: the block's first code point, its consonants, its
// nukta and virama.
struct IndicBlock {
  UChar32 first;
  UChar32 consonant_first;
  UChar32 consonant_last;
  UChar32 extra_first;  // further consonants (letters with nukta)
  UChar32 extra_last;
  UChar32 nukta;
  UChar32 virama;
};
constexpr IndicBlock kIndic[] = {
    {0x0900, 0x0915, 0x0939, 0x0958, 0x095F, 0x093C, 0x094D},  // Devanagari
    {0x0980, 0x0995, 0x09B9, 0x09DC, 0x09DF, 0x09BC, 0x09CD},  // Bengali
    {0x0A00, 0x0A15, 0x0A39, 0x0A59, 0x0A5E, 0x0A3C, 0x0A4D},  // Gurmukhi
    {0x0A80, 0x0A95, 0x0AB9, 0x0AB9, 0x0AB9, 0x0ABC, 0x0ACD},  // Gujarati
};

const IndicBlock* IndicBlockOf(UChar32 c) {
  for (const IndicBlock& b : kIndic) {
    if (c >= b.first && c < b.first + 0x80) return &b;
  }
  return nullptr;
}

bool IsIndicConsonant(const IndicBlock& b, UChar32 c) {
  return (c >= b.consonant_first && c <= b.consonant_last) ||
         (c >= b.extra_first && c <= b.extra_last);
}

bool HasAny(const std::vector<UChar32>& text, std::initializer_list<UChar32> letters) {
  for (UChar32 c : text) {
    const UChar32 lower = u_tolower(c);
    for (UChar32 l : letters) {
      if (lower == l) return true;
    }
  }
  return false;
}

}  // namespace

std::string ReadOwnScripts(std::string_view utf8) {
  std::vector<UChar32> text = CodePoints(utf8);
  bool any = false;
  bool myanmar = false;
  for (UChar32 c : text) {
    any = any || IsCyrillic(c) || IsGreek(c) || IndicBlockOf(c) != nullptr;
    myanmar = myanmar || (c >= 0x1000 && c <= 0x103F);
  }
  std::string myanmar_read;
  if (myanmar) {
    myanmar_read = ReadMyanmar(utf8);
    utf8 = myanmar_read;
    text = CodePoints(utf8);
  }
  if (!any) return std::string(utf8);
  const Tables& tables = OwnTables();
  // і ї є ґ ў: Ukrainian or Belarusian.
  const bool ukrainian = HasAny(text, {0x0456, 0x0457, 0x0454, 0x0491, 0x045E});
  // ђ ј љ њ ћ џ ѓ ќ ѕ: Serbian or Macedonian.
  const bool serbian =
      HasAny(text, {0x0452, 0x0458, 0x0459, 0x045A, 0x045B, 0x045F, 0x0453, 0x045C, 0x0455});
  const std::unordered_map<Key, Reading>* overrides = ukrainian ? &tables.cyrillic_ukrainian
                                                      : serbian ? &tables.cyrillic_serbian
                                                                : nullptr;
  std::string out;
  out.reserve(utf8.size() + 8);
  bool rewritten_previous = false;  // the previous letter came from a table
  for (size_t i = 0; i < text.size(); ++i) {
    const UChar32 c = text[i];
    if (IsCombiningAccent(c) && rewritten_previous) continue;
    const bool cyrillic = IsCyrillic(c);
    if (cyrillic || IsGreek(c)) {
      const UChar32 lower = u_tolower(c);
      const UChar32 next = i + 1 < text.size() ? u_tolower(text[i + 1]) : 0;
      const bool word_start = i == 0 || !u_isalpha(text[i - 1]);
      const auto& table = cyrillic ? tables.cyrillic : tables.greek;
      const Reading* r = nullptr;
      size_t used = 1;
      if (next != 0) {
        if (auto it = table.find(KeyOf(lower, next)); it != table.end()) {
          r = &it->second;
          used = 2;
        }
      }
      if (r == nullptr && cyrillic && overrides != nullptr) {
        if (auto it = overrides->find(KeyOf(lower)); it != overrides->end()) r = &it->second;
      }
      if (r == nullptr) {
        if (auto it = table.find(KeyOf(lower)); it != table.end()) r = &it->second;
      }
      if (r != nullptr) {
        out += word_start ? r->initial : r->inside;
        i += used - 1;
        rewritten_previous = true;
        continue;
      }
    }
    rewritten_previous = false;
    AppendUtf8(out, c);
    // An Indic consonant (with its nukta) that ends the word: add the virama.
    if (const IndicBlock* b = IndicBlockOf(c); b != nullptr && IsIndicConsonant(*b, c)) {
      size_t k = i + 1;
      if (k < text.size() && text[k] == b->nukta) {
        AppendUtf8(out, b->nukta);
        ++k;
        ++i;
      }
      const bool word_end = k >= text.size() || IndicBlockOf(text[k]) != b;
      if (word_end && i >= 2 && IndicBlockOf(text[i - 2]) == b) AppendUtf8(out, b->virama);
    }
  }
  return out;
}

}  // namespace guomen::names
