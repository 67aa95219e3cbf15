#include "names/name_normalizer.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"
#include "names/readings.hpp"
#include "names/token_comparer.hpp"
#include "names/transliterator.hpp"

namespace guomen::names {
namespace {

std::unordered_set<std::string> LoadWords(std::string_view table) {
  std::unordered_set<std::string> words;
  for (const char* raw : EmbeddedTable(table)) {
    std::string_view line = core::Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    words.insert(core::AsciiLower(line));
  }
  return words;
}

const std::unordered_set<std::string>& TitlesOfOffice() {
  static const std::unordered_set<std::string> words = LoadWords("titles_of_office");
  return words;
}

// Honorifics and titles of office alike.
const std::unordered_set<std::string>& Honorifics() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> w = LoadWords("honorifics");
    w.insert(TitlesOfOffice().begin(), TitlesOfOffice().end());
    return w;
  }();
  return words;
}

const std::unordered_set<std::string>& Particles() {
  static const std::unordered_set<std::string> words = LoadWords("particles");
  return words;
}

// Spelling (words joined by spaces) -> legal form (data/legal_forms.txt).
struct LegalForms {
  std::unordered_map<std::string, std::string> forms;
  std::unordered_set<std::string> written;  // the forms as NormalizeName writes them
  size_t max_words = 1;
};

const LegalForms& LegalFormTable() {
  static const LegalForms table = [] {
    LegalForms t;
    for (const char* raw : EmbeddedTable("legal_forms")) {
      std::string_view line = core::Trim(raw);
      if (line.empty() || line[0] == '#') continue;
      const std::vector<std::string> parts = core::Split(line, ' ');
      if (parts.empty() || parts[0].empty()) continue;
      const std::string form = core::AsciiLower(parts[0]);
      t.written.insert(form);
      for (const std::string& part : parts) {
        if (part.empty()) continue;
        std::string spelling = core::AsciiLower(part);
        size_t words = 1;
        for (char& c : spelling) {
          if (c == '_') {
            c = ' ';
            ++words;
          }
        }
        t.max_words = std::max(t.max_words, words);
        t.forms.emplace(std::move(spelling), form);
      }
    }
    return t;
  }();
  return table;
}

// Words that spell a legal form ("joint stock company", "G.m.b.H." read as
// initials, "Aktiengesellschaft") become the one form token, kind particle.
void ReplaceLegalForms(std::vector<NameToken>& tokens) {
  const LegalForms& table = LegalFormTable();
  std::vector<NameToken> out;
  out.reserve(tokens.size());
  std::string joined;
  for (size_t i = 0; i < tokens.size();) {
    size_t used = 0;
    const std::string* form = nullptr;
    // Words, longest first.
    for (size_t n = std::min(table.max_words, tokens.size() - i); n >= 1 && form == nullptr; --n) {
      joined.clear();
      for (size_t k = i; k < i + n; ++k) {
        if (k > i) joined.push_back(' ');
        joined += tokens[k].text;
      }
      if (auto it = table.forms.find(joined); it != table.forms.end()) {
        form = &it->second;
        used = n;
      }
    }
    // Single letters written with dots (S.A.R.L., p.l.c.), longest run first.
    if (form == nullptr && tokens[i].text.size() == 1) {
      size_t run = 0;
      while (i + run < tokens.size() && tokens[i + run].text.size() == 1) ++run;
      for (size_t n = run; n >= 2 && form == nullptr; --n) {
        joined.clear();
        for (size_t k = i; k < i + n; ++k) joined += tokens[k].text;
        if (auto it = table.forms.find(joined); it != table.forms.end()) {
          form = &it->second;
          used = n;
        }
      }
    }
    if (form == nullptr) {
      out.push_back(std::move(tokens[i]));
      ++i;
      continue;
    }
    out.push_back(MakeNameToken(*form, TokenKind::kParticle));
    i += used;
  }
  tokens = std::move(out);
}

// A digit between two letters of a word is a letter misread or mistyped as
// its look-alike (OCR of a document, or a name written to dodge screening):
// "Sech1n" -> "sechin", "Ig0r" -> "igor". Digits elsewhere stay ("44", "3M").
void ReadLookAlikeDigits(std::string& word) {
  static constexpr char kLetterFor[10] = {'o', 'i', 0, 'e', 'a', 's', 0, 't', 'b', 'g'};
  auto letter = [&word](size_t k) {
    return std::isalpha(static_cast<unsigned char>(word[k])) != 0;
  };
  for (size_t k = 1; k + 1 < word.size(); ++k) {
    const char c = word[k];
    if (c < '0' || c > '9' || kLetterFor[c - '0'] == 0) continue;
    if (letter(k - 1) && letter(k + 1)) word[k] = kLetterFor[c - '0'];
  }
}

bool IsJoiner(unsigned char c) { return c == '\'' || c == '"' || c == '`'; }

bool IsSeparator(unsigned char c) { return std::isalnum(c) == 0 && !IsJoiner(c); }

}  // namespace

bool IsLegalForm(std::string_view token) {
  return LegalFormTable().written.count(std::string(token)) != 0;
}

bool IsTitleOfOffice(std::string_view token) {
  return TitlesOfOffice().count(std::string(token)) != 0;
}

TokenKind ClassifyToken(std::string_view token) {
  if (token.size() == 1) return TokenKind::kInitial;
  const std::string t(token);
  if (Honorifics().count(t) != 0) return TokenKind::kHonorific;
  if (Particles().count(t) != 0) return TokenKind::kParticle;
  return TokenKind::kName;
}

NormalizedName NormalizeName(std::string_view raw, WithReadings readings) {
  NormalizedName name;
  name.original = std::string(raw);
  name.script = DetectScript(raw);
  const std::string latin = Transliterator::Instance().ToLatin(raw);
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    ReadLookAlikeDigits(current);
    name.tokens.push_back(MakeNameToken(current, ClassifyToken(current)));
    current.clear();
  };
  const auto* s = reinterpret_cast<const uint8_t*>(latin.data());
  const auto length = static_cast<int32_t>(latin.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;
    if (c < 0x80) {
      const auto ascii = static_cast<unsigned char>(c);
      if (IsJoiner(ascii)) continue;
      if (IsSeparator(ascii)) {
        flush();
        continue;
      }
      current.push_back(static_cast<char>(std::tolower(ascii)));
    } else if (u_isalnum(c) || u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK ||
               u_charType(c) == U_COMBINING_SPACING_MARK) {
      // A letter no transliterator reached: kept so exact matches still work.
      current.append(latin, static_cast<size_t>(start), static_cast<size_t>(i - start));
    } else {
      flush();
    }
  }
  flush();
  ReplaceLegalForms(name.tokens);
  for (const NameToken& t : name.tokens) {
    if (!name.latin.empty()) name.latin.push_back(' ');
    name.latin += t.text;
  }
  if (readings == WithReadings::kYes && name.script != Script::kLatin &&
      name.script != Script::kUnknown && !name.tokens.empty())
    name.readings = OtherReadings(raw, name.script);
  return name;
}

}  // namespace guomen::names
