// Synthetic UN/EDIFACT PAXLST passenger lists (D05B, laid out as airlines
// send them: one segment per line) for benchmarks and tests: invented
// travellers with names of several regions, and optionally a share of
// persons taken from a watchlist sample so that screening has something to
// find. Seeded: the same options give the same bytes. Nothing here describes
// a real person.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace guomen::datagen {

// A person to put on a list as is (e.g. from LoadListSample). Names A-Z and
// spaces; dates YYYY-MM-DD.
struct PaxlstTraveller {
  std::string surname, given_names, sex, nationality, birth_date, document_number;
};

struct SyntheticPaxlstOptions {
  uint64_t seed = 1;
  int persons = 500;
  // Share of persons drawn from `listed` (when it is not empty).
  double listed_share = 0.03;
  std::string transport_id = "ZZ881";         // TDT; the carrier is its first two letters
  std::string departure = "BKK";              // LOC+125
  std::string arrival = "RLI";                // LOC+87
  std::string departure_time = "2612011010";  // YYMMDDHHMM
  std::string arrival_time = "2612011600";
  std::string interchange_ref = "IC1";
  std::string message_ref = "M1";
};

struct SyntheticPaxlst {
  std::string text;  // the interchange, UNA to UNZ, with correct control counts
  int persons = 0;
  int listed = 0;  // how many persons came from `listed`
};

// A valid passenger list (BGM 745): per person NAD+FL, ATT (sex), DTM+329
// (birth), LOC+178/179, NAT, RFF+AVF, DOC (passport) with DTM+36 (expiry) and
// LOC+91 (issuing state); CNT+42 with the count. Names with EDIFACT service
// characters are escaped with the release character.
SyntheticPaxlst BuildSyntheticPaxlst(const SyntheticPaxlstOptions& options,
                                     const std::vector<PaxlstTraveller>& listed);

}  // namespace guomen::datagen
