// A name after normalisation: the value the matcher works on.
#pragma once

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
