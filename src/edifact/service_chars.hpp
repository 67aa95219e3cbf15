// The six service characters of an interchange (ISO 9735 §7, the UNA service
// string advice): component and data element separators, decimal mark,
// release character, repetition separator and segment terminator.
//
// Plain value; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace guomen::edifact {

struct ServiceChars {
  char component = ':';
  char element = '+';
  char decimal = '.';
  char release = '?';
  // '\0' when none (UNA position 5 is a space, or no UNA was sent: the
  // syntax 4 default '*' is not assumed because carriers without UNA use '*'
  // inside identifiers such as "APIS*ABE").
  char repetition = '\0';
  char terminator = '\'';

  // True for the separators and the terminator (the characters a release
  // character may escape, besides itself).
  bool IsService(char c) const {
    return c == component || c == element || c == terminator || (release != '\0' && c == release) ||
           (repetition != '\0' && c == repetition);
  }

  // Reads the six characters after "UNA". Returns nullopt when fewer than six
  // are given or two roles share a character (the decimal mark excepted).
  static std::optional<ServiceChars> FromUna(std::string_view six);
};

}  // namespace guomen::edifact
