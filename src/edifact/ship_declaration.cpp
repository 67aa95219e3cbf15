#include "edifact/ship_declaration.hpp"

#include <algorithm>

namespace guomen::edifact {

const std::vector<std::string_view>& HealthQuestions() {
  static const std::vector<std::string_view> questions = {
      "fever",    "cough",    "breathing_difficulty", "rash",           "diarrhoea",
      "vomiting", "jaundice", "bleeding",             kContactWithCase,
  };
  return questions;
}

bool IsHealthQuestion(std::string_view code) {
  const auto& q = HealthQuestions();
  return std::find(q.begin(), q.end(), code) != q.end();
}

std::vector<std::string> HealthDeclaration::YesAnswers() const {
  std::vector<std::string> out;
  for (const auto& a : answers) {
    if (a.yes) out.push_back(a.question);
  }
  return out;
}

std::vector<std::string> HealthDeclaration::Symptoms() const {
  std::vector<std::string> out;
  for (const auto& a : answers) {
    if (a.yes && a.question != kContactWithCase) out.push_back(a.question);
  }
  return out;
}

std::optional<bool> HealthDeclaration::ContactWithCase() const {
  for (const auto& a : answers) {
    if (a.question == kContactWithCase) return a.yes;
  }
  return std::nullopt;
}

std::optional<bool> ParseYesNo(std::string_view text) {
  std::string t;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    t.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (t == "yes" || t == "y" || t == "true" || t == "1" || t == "\xE6\x98\xAF") return true;
  if (t == "no" || t == "n" || t == "false" || t == "0" || t == "\xE5\x90\xA6") return false;
  return std::nullopt;
}

}  // namespace guomen::edifact
