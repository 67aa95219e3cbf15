#include "edifact/service_chars.hpp"

namespace guomen::edifact {

std::optional<ServiceChars> ServiceChars::FromUna(std::string_view six) {
  if (six.size() < 6) return std::nullopt;
  ServiceChars s;
  s.component = six[0];
  s.element = six[1];
  s.decimal = six[2];
  // ISO 9735-1 §7.1: a space in the release or repetition position means
  // "not used".
  s.release = six[3] == ' ' ? '\0' : six[3];
  s.repetition = six[4] == ' ' ? '\0' : six[4];
  s.terminator = six[5];
  const char roles[] = {s.component, s.element, s.release, s.repetition, s.terminator};
  for (size_t i = 0; i < 5; ++i) {
    if (roles[i] == '\0') continue;
    if (roles[i] == '\r' || roles[i] == '\n') return std::nullopt;
    for (size_t j = i + 1; j < 5; ++j) {
      if (roles[i] == roles[j]) return std::nullopt;
    }
  }
  if (s.component == '\0' || s.element == '\0' || s.terminator == '\0') return std::nullopt;
  return s;
}

}  // namespace guomen::edifact
