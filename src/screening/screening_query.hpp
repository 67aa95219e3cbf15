// Who is being screened: the person as the desk, a manifest or a stored
// record knows them, and how to screen.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "screening/birth_date.hpp"

namespace guomen::screening {

struct ScreeningQuery {
  std::string name;                      // required: the name as read (any script)
  std::vector<std::string> other_names;  // names in other scripts or spellings (optional)
  std::optional<BirthDate> birth_date;
  std::string nationality;  // any spelling: "CHN", "cn", "China"
  std::string document_number;
  std::string gender;     // "M", "F" or ""
  std::string reference;  // the caller's id for this person, echoed in results
};

struct ScreeningOptions {
  // A hit needs this score; unset: each list's own threshold.
  std::optional<double> threshold;
  size_t top = 10;                 // at most this many hits, best first
  std::vector<std::string> lists;  // screen only these list ids; empty: all
  bool include_entities = false;   // also organisations, vessels, aircraft
  size_t max_candidates = 64;      // names scored in full per list (best by index evidence)
};

}  // namespace guomen::screening
