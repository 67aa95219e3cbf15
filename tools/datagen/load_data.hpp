// Synthetic data for the inspection load benchmark (bench/inspection_load.sh):
// the demo data, one large synthetic watchlist, enough extra active risk rules
// to reach a target count, API tokens for the load generator's officers, and
// the travellers' machine readable zones. Nothing here describes a real person.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/result.hpp"

namespace guomen::datagen {

struct LoadDataOptions {
  uint64_t seed = 7;
  int list_names = 1000000;  // entries of the synthetic watchlist
  int active_rules = 300;    // active rules in total, the demo's included
  int tokens = 16;           // one API token per load-generator client
  int travellers = 20000;    // distinct travellers the generator cycles through
  double listed_share = 0.01;  // share of travellers who are on the list
};

struct LoadData {
  int list_entries = 0;
  int active_rules = 0;
  int64_t port_unit_id = 0;          // where the generator's desks open
  std::vector<std::string> tokens;   // bearer tokens of the officer, one per client
  std::vector<std::string> mrzs;     // TD3, lines joined by '\n'
  double list_import_seconds = 0;
};

// A person of the synthetic list as generated: family and given names (A-Z
// and spaces), ISO 3166 alpha-3 nationality, sex M or F, date of birth
// YYYY-MM-DD and passport number (issued by the nationality).
struct LoadListPerson {
  std::string family, given, nationality, sex, birth_date, document;
};

// `count` persons of the synthetic list that CreateLoadData writes with the
// same seed and list_names, spread evenly over it (entries 0, n/count, ...).
// Regenerated without a store, so that a benchmark can put listed persons on
// its manifests when it reuses a database created earlier.
std::vector<LoadListPerson> LoadListSample(const LoadDataOptions& options, int count);

// The synthetic list's code.
inline constexpr const char* kLoadList = "load-synthetic";

// Creates the load data in an empty database (the demo data first).
core::Result<LoadData> CreateLoadData(app::App& app, const LoadDataOptions& options);

// The rule expressions the load data adds (index i of the generated rules):
// realistic analyst rules over travel, document, declaration and history
// facts, each with different parameters. Exposed for tests.
std::string LoadRuleExpression(int i);

}  // namespace guomen::datagen
