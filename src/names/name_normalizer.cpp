#include "names/name_normalizer.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <unordered_set>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"
#include "names/phonetic_key.hpp"
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

const std::unordered_set<std::string>& Honorifics() {
  static const std::unordered_set<std::string> words = LoadWords("honorifics");
  return words;
}

const std::unordered_set<std::string>& Particles() {
  static const std::unordered_set<std::string> words = LoadWords("particles");
  return words;
}

bool IsJoiner(unsigned char c) { return c == '\'' || c == '"' || c == '`'; }

bool IsSeparator(unsigned char c) { return std::isalnum(c) == 0 && !IsJoiner(c); }

}  // namespace

TokenKind ClassifyToken(std::string_view token) {
  if (token.size() == 1) return TokenKind::kInitial;
  const std::string t(token);
  if (Honorifics().count(t) != 0) return TokenKind::kHonorific;
  if (Particles().count(t) != 0) return TokenKind::kParticle;
  return TokenKind::kName;
}

NormalizedName NormalizeName(std::string_view raw) {
  NormalizedName name;
  name.original = std::string(raw);
  name.script = DetectScript(raw);
  const std::string latin = Transliterator::Instance().ToLatin(raw);
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    name.tokens.push_back(NameToken{current, ClassifyToken(current), PhoneticKey(current)});
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
  for (const NameToken& t : name.tokens) {
    if (!name.latin.empty()) name.latin.push_back(' ');
    name.latin += t.text;
  }
  return name;
}

}  // namespace guomen::names
