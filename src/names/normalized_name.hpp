// A name after normalisation: the value the matcher works on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "names/script.hpp"

namespace guomen::names {

enum class TokenKind {
  kName,       // an ordinary name part
  kInitial,    // a single letter ("V." in "Vladimir V. Putin")
  kParticle,   // al, bin, van, der, de la ...: kept, weighted low
  kHonorific,  // Mr, Dr, Haji, President ...: kept, weighted low
};

struct NameToken {
  std::string text;  // lower-case ASCII where transliteration reached it
  TokenKind kind = TokenKind::kName;
  std::string key;  // PhoneticKey(text)
  // Looked up once when the token is made (MakeNameToken, token_comparer.hpp),
  // so that comparing it with many tokens hashes no strings: the token's
  // RomanizationVariants::SetOf, and a hash of its SpellingSkeleton (0 when
  // the token is shorter than 2 letters). A token made
  // otherwise has derived == false and CompareTokens looks them up itself.
  bool derived = false;
  uint32_t variant_set = 0;
  uint64_t skeleton = 0;
};

struct NormalizedName {
  std::string original;  // as given (UTF-8)
  Script script = Script::kUnknown;
  std::string latin;  // the whole name in lower-case Latin, tokens joined by spaces
  std::vector<NameToken> tokens;
  // Other readings of a name in a script with more than one Latin form (the
  // Korean reading of Han, a foreign name rendered in Hangul or kana, Arabic
  // with its long vowels ...; names/readings.hpp). Empty for Latin names.
  std::vector<NormalizedName> readings;

  bool empty() const { return tokens.empty(); }
};

}  // namespace guomen::names
