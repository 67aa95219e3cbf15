#include "names/phonetic_key.hpp"

#include <cctype>

namespace guomen::names {
namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

std::string LettersOnly(std::string_view token) {
  std::string s;
  s.reserve(token.size());
  for (char c : token) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (l >= 'a' && l <= 'z') s.push_back(l);
  }
  return s;
}

bool Next(const std::string& s, size_t i, std::string_view what) {
  return s.compare(i, what.size(), what) == 0;
}

}  // namespace

std::string PhoneticKey(std::string_view token) {
  const std::string s = LettersOnly(token);
  std::string key;
  auto emit = [&key](char c) {
    if (key.empty() || key.back() != c) key.push_back(c);
  };
  size_t i = 0;
  if (!s.empty() && (IsVowel(s[0]) || s[0] == 'y')) {
    key.push_back('A');
  }
  while (i < s.size()) {
    const char c = s[i];
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    // Longest spellings first.
    if (Next(s, i, "tsch") || Next(s, i, "dzh")) {
      emit('J');
      i += Next(s, i, "tsch") ? 4 : 3;
      continue;
    }
    if (Next(s, i, "sch") || Next(s, i, "tch")) {
      emit('J');
      i += 3;
      continue;
    }
    if (Next(s, i, "sh") || Next(s, i, "ch") || Next(s, i, "zh") || Next(s, i, "dj") ||
        Next(s, i, "cz") || Next(s, i, "sz")) {
      emit('J');
      i += 2;
      continue;
    }
    if (Next(s, i, "ph")) {
      emit('F');
      i += 2;
      continue;
    }
    if (Next(s, i, "th") || Next(s, i, "dh")) {
      emit('T');
      i += 2;
      continue;
    }
    if (Next(s, i, "kh") || Next(s, i, "gh") || Next(s, i, "ck")) {
      emit('K');
      i += 2;
      continue;
    }
    if (Next(s, i, "ts") || Next(s, i, "tz")) {
      emit('S');
      i += 2;
      continue;
    }
    switch (c) {
      case 'b':
      case 'p':
        emit('B');
        break;
      case 'f':
      case 'v':
        emit('F');
        break;
      case 'w': {
        // Consonant at the start or between vowels; a vowel (u) elsewhere.
        const bool prev_vowel = i > 0 && IsVowel(s[i - 1]);
        if (i == 0 || (prev_vowel && IsVowel(next))) emit('F');
        break;
      }
      case 't':
      case 'd':
        emit('T');
        break;
      case 'k':
      case 'g':
      case 'q':
        emit('K');
        break;
      case 'c':
        if (next == 'e' || next == 'i' || next == 'y')
          emit('S');
        else
          emit('K');
        break;
      case 'x':
        emit('K');
        emit('S');
        break;
      case 's':
      case 'z':
        emit('S');
        break;
      case 'j':
        emit('J');
        break;
      case 'l':
        emit('L');
        break;
      case 'm':
        emit('M');
        break;
      case 'n':
        emit('N');
        break;
      case 'r':
        emit('R');
        break;
      default:
        break;  // vowels, h, y
    }
    ++i;
  }
  return key;
}

std::string Soundex(std::string_view token) {
  const std::string s = LettersOnly(token);
  if (s.empty()) return {};
  auto code = [](char c) -> char {
    switch (c) {
      case 'b':
      case 'f':
      case 'p':
      case 'v':
        return '1';
      case 'c':
      case 'g':
      case 'j':
      case 'k':
      case 'q':
      case 's':
      case 'x':
      case 'z':
        return '2';
      case 'd':
      case 't':
        return '3';
      case 'l':
        return '4';
      case 'm':
      case 'n':
        return '5';
      case 'r':
        return '6';
      case 'h':
      case 'w':
        return 'h';  // transparent: letters either side with one code collapse
      default:
        return '0';  // vowels separate equal codes
    }
  };
  std::string out(1, static_cast<char>(std::toupper(static_cast<unsigned char>(s[0]))));
  char last = code(s[0]);
  for (size_t i = 1; i < s.size() && out.size() < 4; ++i) {
    const char c = code(s[i]);
    if (c == 'h') continue;
    if (c != '0' && c != last) out.push_back(c);
    last = c;
  }
  while (out.size() < 4) out.push_back('0');
  return out;
}

}  // namespace guomen::names
