// Any script to lower-case ASCII Latin, for matching names across scripts.
//
// ToLatin runs, in order: our own readings (script_readings.hpp: Cyrillic,
// Greek, Myanmar syllables, Indic word ends), our own tables for Khmer and Lao (ICU 72 has no
// transliterator for them; see data/khmer_latin.txt, data/lao_latin.txt), a
// space after the surname syllable of a Korean name of 2-3 syllables (김정은
// -> gim jeongeun, as passports write it), then ICU: NFKC, Han-Latin/Names
// (Hanyu Pinyin with the surname readings), Any-Latin (Cyrillic, Greek, Arabic, Hebrew, Thai,
// kana, Hangul, Armenian, Georgian, Indic ...), Latin-ASCII (diacritics off, ß→ss, ø→o,
// ł→l), lower case. Characters no step knows are kept as they are.
//
// Thread-safe: each thread uses its own clone of the ICU transliterator. ICU
// serialises rule-based transliteration across threads on one mutex, so ICU
// is the last resort: ASCII words never reach it; words of Latin letters
// (Latin-1, Extended-A/B, Extended Additional) and punctuation are folded
// from a table that ICU's Latin chain fills once at start (one entry per
// code point); other words go through a process-wide cache of transliterated
// words (sharded, read-mostly, bounded) before ICU. The first call builds
// the ICU rules and the table (tens of milliseconds).
#pragma once

#include <string>
#include <string_view>

namespace guomen::names {

class Transliterator {
 public:
  // The shared instance. Never fails: if ICU cannot build the rules (a broken
  // ICU data install), ToLatin falls back to ASCII lower-casing and
  // Available() says so.
  static const Transliterator& Instance();

  std::string ToLatin(std::string_view utf8) const;
  bool Available() const { return available_; }

 private:
  Transliterator();
  bool available_ = false;
};

}  // namespace guomen::names
