#include "names/transliterator.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/strings.hpp"
#include "names/embedded_tables.hpp"

namespace guomen::names {
namespace {

constexpr const char* kIcuRules =
    "NFKC; Han-Latin/Names; Any-Latin; Latin-ASCII; Any-Lower; NFKC";

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

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, c, error);
  if (!error) out.append(buf, static_cast<size_t>(n));
}

// Khmer, Lao and Hangul pre-pass; other text is copied through.
std::string PrePass(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + 8);
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  bool previous_hangul = false;
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
    if (hangul && previous_hangul) out += ' ';
    previous_hangul = hangul;
    AppendUtf8(out, c);
  }
  out += pending_vowel;
  return out;
}

std::unique_ptr<icu::Transliterator>& Prototype() {
  static std::unique_ptr<icu::Transliterator> prototype;
  return prototype;
}

std::once_flag& PrototypeOnce() {
  static std::once_flag once;
  return once;
}

void BuildPrototype() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8(kIcuRules), UTRANS_FORWARD, status));
  if (U_SUCCESS(status)) Prototype() = std::move(t);
}

// ICU transliterators are not safe for concurrent use: one clone per thread.
icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> local;
  if (!local && Prototype()) local.reset(Prototype()->clone());
  return local.get();
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
  std::string pre = PrePass(utf8);
  bool ascii = true;
  for (unsigned char ch : pre) {
    if (ch >= 0x80) {
      ascii = false;
      break;
    }
  }
  // Fast path: plain ASCII needs no ICU.
  if (ascii || !available_) return core::AsciiLower(pre);
  icu::Transliterator* t = ThreadTransliterator();
  if (t == nullptr) return core::AsciiLower(pre);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(pre);
  t->transliterate(text);
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace guomen::names
