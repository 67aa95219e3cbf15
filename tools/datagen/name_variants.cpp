#include "datagen/name_variants.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace guomen::datagen {
namespace {

std::string Join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : " ") + p;
  return s;
}

size_t Pick(std::mt19937& rng, size_t n) { return static_cast<size_t>(rng() % n); }

// Particles that belong to the part after them (AL-SHAYKH is one family
// name, BIN LADEN one part): the generator's own short list.
bool IsParticle(const std::string& part) {
  static const std::array<std::string_view, 16> kParticles = {
      "al", "el", "bin", "ibn", "bint", "binti", "abu", "abd", "van", "von", "de", "der", "da",
      "di",  "du", "le"};
  return std::find(kParticles.begin(), kParticles.end(), part) != kParticles.end();
}

// The name's parts as [first, last) token ranges, a particle with the part
// after it.
std::vector<std::pair<size_t, size_t>> Units(const std::vector<std::string>& t) {
  std::vector<std::pair<size_t, size_t>> units;
  for (size_t i = 0; i < t.size();) {
    const size_t end = IsParticle(t[i]) && i + 1 < t.size() ? i + 2 : i + 1;
    units.emplace_back(i, end);
    i = end;
  }
  return units;
}

std::string& Longest(std::vector<std::string>& parts) {
  return *std::max_element(parts.begin(), parts.end(),
                           [](const auto& a, const auto& b) { return a.size() < b.size(); });
}

// A Russian rendering of a Latin-letter name: digraphs first, then letters.
std::string ToCyrillic(std::string_view latin) {
  static const std::array<std::pair<std::string_view, std::string_view>, 12> kDigraphs = {{
      {"shch", "щ"},
      {"kh", "х"},
      {"zh", "ж"},
      {"ch", "ч"},
      {"sh", "ш"},
      {"ts", "ц"},
      {"ya", "я"},
      {"yu", "ю"},
      {"ye", "е"},
      {"yo", "ё"},
      {"iy", "ий"},
      {"ph", "ф"},
  }};
  static const char* kLetters[26] = {"а", "б", "к", "д", "е", "ф", "г", "х", "и",
                                     "дж", "к", "л", "м", "н", "о", "п", "к", "р",
                                     "с", "т", "у", "в", "в", "кс", "й", "з"};
  std::string out;
  size_t i = 0;
  while (i < latin.size()) {
    bool done = false;
    for (const auto& [from, to] : kDigraphs) {
      if (latin.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    const char c = latin[i];
    if (c >= 'a' && c <= 'z') {
      // y between consonants or at the end after a consonant reads as ы.
      const bool y_vowel = c == 'y' && i > 0 && std::string_view("aeiou").find(latin[i - 1]) ==
                                                    std::string_view::npos;
      out += y_vowel ? "ы" : kLetters[c - 'a'];
    } else {
      out.push_back(c);
    }
    ++i;
  }
  return out;
}

bool IsArabicMarker(const std::string& p) {
  static const char* kMarkers[] = {
      "muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "ahmad",  "ahmed",  "abd",
      "abdul",    "abdel",    "abdullah", "abdallah", "ali",     "hassan", "hasan",  "hussein",
      "husain",   "hussain",  "omar",     "umar",     "osama",   "usama",  "yusuf",  "yousef",
      "ibrahim",  "khalid",   "khaled",   "mahmoud",  "mahmud",  "mustafa", "said",  "saeed",
      "abu",      "bin",      "ibn",      "al",       "el",      "rahman", "karim",  "aziz"};
  return std::any_of(std::begin(kMarkers), std::end(kMarkers),
                     [&p](const char* m) { return p == m; });
}

// One Arabic spelling variation of `p`, or "" when none applies.
std::string ArabicVariant(const std::string& p, std::mt19937& rng) {
  std::vector<std::string> options;
  auto replace_first = [&](std::string_view from, std::string_view to) {
    const size_t at = p.find(from, 1);  // keep the first letter
    if (at == std::string::npos) return;
    std::string v = p;
    v.replace(at, from.size(), to);
    options.push_back(v);
  };
  replace_first("u", "o");
  replace_first("o", "u");
  replace_first("ou", "u");
  replace_first("ee", "i");
  replace_first("i", "ee");
  replace_first("e", "a");
  replace_first("a", "e");
  for (size_t i = 1; i + 1 < p.size(); ++i) {  // a doubled consonant written once, or twice
    if (p[i] == p[i + 1] && std::string_view("aeiou").find(p[i]) == std::string_view::npos) {
      options.push_back(p.substr(0, i) + p.substr(i + 1));
      break;
    }
  }
  if (p.size() >= 4 && p.back() == 'a') options.push_back(p + "h");
  if (p.size() >= 5 && p.back() == 'h' && p[p.size() - 2] == 'a') options.push_back(p.substr(0, p.size() - 1));
  if (options.empty()) return "";
  return options[Pick(rng, options.size())];
}

// Pinyin syllable -> Wade-Giles / Cantonese (Hong Kong) forms seen on documents.
const std::vector<std::pair<std::string, std::vector<std::string>>>& ChineseTable() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> t = {
      {"zhang", {"chang", "cheung"}}, {"chen", {"chan", "chin"}},    {"huang", {"hwang", "wong"}},
      {"wang", {"wong"}},             {"li", {"lee"}},               {"liu", {"lau"}},
      {"yang", {"yeung"}},            {"zhao", {"chao", "chiu"}},    {"zhou", {"chou", "chow"}},
      {"xu", {"hsu", "hui"}},         {"zhu", {"chu"}},              {"guo", {"kuo", "kwok"}},
      {"lin", {"lam", "lim"}},        {"gao", {"kao", "ko"}},        {"zheng", {"cheng"}},
      {"liang", {"leung"}},           {"xie", {"hsieh", "tse"}},     {"song", {"sung"}},
      {"jiang", {"chiang", "keung"}}, {"qian", {"chien"}},           {"xiao", {"hsiao", "siu"}},
      {"cai", {"tsai", "choi"}},      {"deng", {"teng", "tang"}},    {"feng", {"fung"}},
      {"cao", {"tsao", "tso"}},       {"peng", {"pang"}},            {"jin", {"chin", "kam"}},
      {"wei", {"wai"}},               {"ye", {"yeh", "yip"}},        {"zhong", {"chung"}},
      {"qiu", {"chiu", "yau"}},       {"xiong", {"hsiung", "hung"}}, {"hu", {"wu", "woo"}},
      {"tang", {"tong"}},             {"zhi", {"chih"}},             {"qing", {"ching"}},
      {"xin", {"hsin", "sun"}},       {"jun", {"chun"}},             {"jian", {"chien", "kin"}},
  };
  return t;
}

}  // namespace

std::string_view NameVariantClassName(NameVariantClass c) {
  switch (c) {
    case NameVariantClass::kTypo:
      return "typo";
    case NameVariantClass::kTransposition:
      return "transposition";
    case NameVariantClass::kReordering:
      return "reordering";
    case NameVariantClass::kDroppedMiddle:
      return "dropped middle";
    case NameVariantClass::kInitial:
      return "initial";
    case NameVariantClass::kJoinedTokens:
      return "joined tokens";
    case NameVariantClass::kSpacingHyphens:
      return "spacing/hyphens";
    case NameVariantClass::kCyrillic:
      return "cyrillic";
    case NameVariantClass::kArabicSpelling:
      return "arabic spelling";
    case NameVariantClass::kChineseRegional:
      return "chinese regional";
  }
  return "";
}

std::optional<std::string> MakeNameVariant(NameVariantClass c, std::vector<std::string> t,
                                           std::mt19937& rng) {
  if (t.empty()) return std::nullopt;
  switch (c) {
    case NameVariantClass::kTypo: {
      auto& w = Longest(t);
      if (w.size() < 5) return std::nullopt;
      w[1 + Pick(rng, w.size() - 2)] = static_cast<char>('a' + Pick(rng, 26));
      break;
    }
    case NameVariantClass::kTransposition: {
      auto& w = Longest(t);
      if (w.size() < 4) return std::nullopt;
      const size_t p = 1 + Pick(rng, w.size() - 2);
      std::swap(w[p], w[p + 1]);
      break;
    }
    case NameVariantClass::kReordering:
      if (t.size() < 2) return std::nullopt;
      std::rotate(t.begin(), t.begin() + 1, t.end());
      break;
    case NameVariantClass::kDroppedMiddle: {
      // A part between the first and the last (AL-SHAYKH, Muhammad has none).
      const auto units = Units(t);
      if (units.size() < 3) return std::nullopt;
      const auto [first, last] = units[1 + Pick(rng, units.size() - 2)];
      t.erase(t.begin() + static_cast<long>(first), t.begin() + static_cast<long>(last));
      break;
    }
    case NameVariantClass::kInitial: {
      // The second part (a particle and all) as the initial of its name.
      const auto units = Units(t);
      if (units.size() < 3) return std::nullopt;
      const auto [first, last] = units[1];
      const std::string initial = t[last - 1].substr(0, 1);
      t.erase(t.begin() + static_cast<long>(first), t.begin() + static_cast<long>(last));
      t.insert(t.begin() + static_cast<long>(first), initial);
      break;
    }
    case NameVariantClass::kJoinedTokens:
      if (t.size() < 2) return std::nullopt;
      if (t.size() >= 3) {
        t[1] += t[2];
        t.erase(t.begin() + 2);
      } else {
        t[0] += t[1];
        t.pop_back();
      }
      break;
    case NameVariantClass::kSpacingHyphens: {
      // A long part split in two ("abdulrahman" -> "abdul rahman" / "abdul-rahman"),
      // else two parts hyphenated ("abu-bakr").
      auto& w = Longest(t);
      const char sep = Pick(rng, 2) == 0 ? ' ' : '-';
      if (w.size() >= 8) {
        const size_t at = 3 + Pick(rng, w.size() - 5);
        w = w.substr(0, at) + sep + w.substr(at);
      } else if (t.size() >= 2) {
        t[0] += "-" + t[1];
        t.erase(t.begin() + 1);
      } else {
        return std::nullopt;
      }
      break;
    }
    case NameVariantClass::kCyrillic: {
      if (t.size() < 2) return std::nullopt;
      std::string out;
      for (const auto& p : t) out += (out.empty() ? "" : " ") + ToCyrillic(p);
      return out;
    }
    case NameVariantClass::kArabicSpelling: {
      if (std::none_of(t.begin(), t.end(), IsArabicMarker)) return std::nullopt;
      std::vector<size_t> candidates;
      for (size_t i = 0; i < t.size(); ++i) {
        if (t[i].size() >= 4) candidates.push_back(i);
      }
      std::shuffle(candidates.begin(), candidates.end(), rng);
      for (size_t i : candidates) {
        const std::string v = ArabicVariant(t[i], rng);
        if (v.empty() || v == t[i]) continue;
        t[i] = v;
        return Join(t);
      }
      return std::nullopt;
    }
    case NameVariantClass::kChineseRegional: {
      if (t.size() < 2 || t.size() > 4) return std::nullopt;
      std::vector<size_t> candidates;
      for (size_t i = 0; i < t.size(); ++i) {
        for (const auto& row : ChineseTable()) {
          if (row.first == t[i]) candidates.push_back(i);
        }
      }
      if (candidates.empty()) return std::nullopt;
      const size_t i = candidates[Pick(rng, candidates.size())];
      for (const auto& row : ChineseTable()) {
        if (row.first == t[i]) t[i] = row.second[Pick(rng, row.second.size())];
      }
      break;
    }
  }
  return Join(t);
}

}  // namespace guomen::datagen
