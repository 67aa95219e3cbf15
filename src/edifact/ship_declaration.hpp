// What a ship's agent declares besides the crew and passenger lists: the
// ports of call in the last 30 days with their dates, and each person's
// answers to the health questions of the Maritime Declaration of Health
// (IHR 2005 Annex 8, asked per person). The edifact engine reads them from
// the FAL-style CSV (fal_csv_parser.hpp); the advance-information service
// also takes them from the JSON form, stores them with the manifest and
// turns them into rule facts (journey.visits, health.*).
//
// Only declared symptoms, a temperature and contact with a case are asked:
// DESIGN.md principle 2 keeps every other health fact out of risk rules.
//
// Plain values; pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edifact/edifact_date.hpp"

namespace guomen::edifact {

// One port the ship called at (MDH "list of ports of call within the past
// thirty days, with dates of departure").
struct PortOfCall {
  std::string port;     // UN/LOCODE as sent, e.g. "SGSIN"
  std::string country;  // as sent (ISO 3166-1 alpha-2 or alpha-3); may be empty
  std::optional<EdifactDateTime> arrived;
  std::optional<EdifactDateTime> departed;
  bool operator==(const PortOfCall&) const = default;
};

// One yes/no answer of a person to a health question (HealthQuestions()).
struct HealthAnswer {
  std::string question;
  bool yes = false;
  bool operator==(const HealthAnswer&) const = default;
};

// A person's part of the Maritime Declaration of Health.
struct HealthDeclaration {
  std::vector<HealthAnswer> answers;  // in HealthQuestions() order, only the questions answered
  std::optional<double> temperature;  // degrees Celsius, when measured or declared

  bool Empty() const { return answers.empty() && !temperature; }
  // The questions answered "yes", in order.
  std::vector<std::string> YesAnswers() const;
  // The declared symptoms: "yes" answers except contact_with_case.
  std::vector<std::string> Symptoms() const;
  // The answer to contact_with_case, when given.
  std::optional<bool> ContactWithCase() const;
  bool operator==(const HealthDeclaration&) const = default;
};

// The health questions, by code, in the order forms and pages show them:
// fever, cough, breathing_difficulty, rash, diarrhoea, vomiting, jaundice,
// bleeding (the symptoms, "have you had ... in the last 30 days"), and
// contact_with_case ("have you been in contact with a person ill with a
// notifiable disease").
const std::vector<std::string_view>& HealthQuestions();
inline constexpr std::string_view kContactWithCase = "contact_with_case";
// True when `code` is one of HealthQuestions().
bool IsHealthQuestion(std::string_view code);

// Reads a yes/no cell: yes/y/true/1/是 and no/n/false/0/否 (any case).
// Returns nullopt for anything else.
std::optional<bool> ParseYesNo(std::string_view text);

}  // namespace guomen::edifact
