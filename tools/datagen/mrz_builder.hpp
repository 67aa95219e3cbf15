// Synthetic machine readable zones with correct check digits, for tests,
// benchmarks and demo data (ICAO 9303 Part 4, TD3).
#pragma once

#include <string>

namespace guomen::datagen {

struct Td3Fields {
  std::string document_code = "P";
  std::string issuing_state;    // e.g. "UTO"
  std::string surname;          // A-Z and spaces
  std::string given_names;      // A-Z and spaces
  std::string document_number;  // up to 9 characters
  std::string nationality;
  std::string birth_date;   // YYMMDD
  std::string sex = "<";    // M, F, X or <
  std::string expiry_date;  // YYMMDD
  std::string optional_data;  // up to 14 characters
};

// The two 44-character lines joined by '\n'.
std::string BuildTd3(const Td3Fields& f);

}  // namespace guomen::datagen
