#include "names/spelling_variants.hpp"

#include <array>
#include <utility>

namespace guomen::names {
namespace {

// Letter groups, longest first; upper-case letters stand for one sound
// whatever the spelling: C = ch (ч), S = sh (ш), Z = zh (ж), J = dzh (дж).
// BH is how Bengali and Hindi write a foreign V (ভ্লাদিমির: bhladimir).
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kGroups = {{
    {"shch", "S"}, {"szcz", "S"}, {"tsch", "C"}, {"dsch", "J"}, {"tsj", "C"}, {"tch", "C"},
    {"sch", "S"},  {"dzh", "J"},  {"cz", "C"},   {"cs", "C"},   {"ch", "C"},  {"sh", "S"},
    {"sj", "S"},   {"zh", "Z"},   {"kh", "h"},   {"ph", "f"},   {"ck", "k"},  {"gy", "d"},
    {"ty", "t"},   {"dz", "d"},   {"oe", "u"},   {"ou", "u"},   {"oo", "u"},  {"ee", "i"},
    {"bh", "v"},
}};

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// `next` is the letter after c (0 at the end).
char Single(char c, char previous, char next) {
  switch (c) {
    case 'q':
    case 'c':
      return 'k';
    case 'w':
      return 'v';
    case 'y':
      return 'i';
    case 'j':
      // After a vowel and before none, J is a glide (Sergej, Nikolaj: й).
      return IsVowel(previous) && !IsVowel(next) ? 'i' : 'J';
    default:
      return c;
  }
}

void CollapseDoubles(std::string& s) {
  size_t w = 0;
  for (size_t r = 0; r < s.size(); ++r) {
    if (w > 0 && s[w - 1] == s[r]) continue;
    s[w++] = s[r];
  }
  s.resize(w);
}

// (Ending, female) of patronymics as languages and romanisations write them,
// longest first within a shared tail.
constexpr std::array<std::pair<std::string_view, bool>, 30> kPatronymicEndings = {{
    {"owitsch", false}, {"ewitsch", false}, {"owitsj", false}, {"ewitsj", false}, {"ovitch", false},
    {"evitch", false},  {"ovitsj", false},  {"ovics", false},  {"evics", false},  {"ovich", false},
    {"evich", false},   {"ovych", false},   {"evych", false},  {"avich", false},  {"owicz", false},
    {"ewicz", false},   {"ovitj", false},   {"evitj", false},  {"ovitx", false},  {"ovits", false},
    {"ovici", false},   {"ovic", false},    {"evic", false},   {"avic", false},   {"ovna", true},
    {"evna", true},     {"ivna", true},     {"auna", true},    {"owna", true},    {"ewna", true},
}};

}  // namespace

std::string SpellingSkeleton(std::string_view token) {
  std::string s;
  s.reserve(token.size() + 2);
  for (size_t i = 0; i < token.size();) {
    bool grouped = false;
    for (const auto& [from, to] : kGroups) {
      if (token[i] != from[0]) continue;
      if (token.substr(i, from.size()) == from) {
        s += to;
        i += from.size();
        grouped = true;
        break;
      }
    }
    if (grouped) continue;
    if (token[i] == 'x') {
      s += "ks";
    } else {
      s.push_back(
          Single(token[i], i > 0 ? token[i - 1] : 0, i + 1 < token.size() ? token[i + 1] : 0));
    }
    ++i;
  }
  CollapseDoubles(s);
  // A glide before a vowel (ye, ie, je -> e ...) is one spelling of the vowel.
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == 'i' && i + 1 < s.size() &&
        (s[i + 1] == 'e' || s[i + 1] == 'u' || s[i + 1] == 'a' || s[i + 1] == 'o')) {
      continue;
    }
    out.push_back(s[i]);
  }
  CollapseDoubles(out);
  return out;
}

bool SameSpelling(std::string_view a, std::string_view b) {
  if (a.size() < 2 || b.size() < 2) return false;
  const std::string sa = SpellingSkeleton(a);
  return !sa.empty() && sa == SpellingSkeleton(b);
}

std::optional<Patronymic> SplitPatronymic(std::string_view token) {
  for (const auto& [ending, female] : kPatronymicEndings) {
    if (token.size() >= ending.size() + 3 && token.ends_with(ending)) {
      return Patronymic{token.substr(0, token.size() - ending.size()), female};
    }
  }
  return std::nullopt;
}

}  // namespace guomen::names
