// Synthetic, deterministic demo data: a border province's unit tree, one
// demo user per role, and travellers. Used by `guomen init --demo` and by the
// tests. Nothing here describes a real person.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.hpp"
#include "core/result.hpp"

namespace guomen::datagen {

// Every demo user's password.
inline constexpr const char* kDemoPassword = "guomen-demo-2026";

struct DemoUser {
  std::string username;
  std::string role;
  std::string unit_code;
};

// The demo users, one per role, with the unit each belongs to.
const std::vector<DemoUser>& DemoUsers();

// The principal of a stored user, as a session would give it (for data
// generators that act through the services as that user).
core::Result<app::Principal> PrincipalOf(app::App& app, const store::User& u);

struct DemoSummary {
  int units = 0;
  int users = 0;
  int travellers = 0;
  int rules = 0;  // active demo risk rules
  int watchlists = 0;
  int watchlist_entries = 0;
  int screening_results = 0;  // found by re-screening the travellers at import
  int manifests = 0;          // advance passenger lists arriving today
};

// The demo watchlists (codes): a synthetic national wanted list that holds the
// ICAO 9303 specimen person ERIKSSON ANNA MARIA (so scanning the specimen
// passport at the desk gives a red hit), a synthetic entry-ban list of 20
// persons (three of them share name, birth date and nationality with demo
// travellers, so re-screening finds them), and an extract of the real UN
// Security Council Consolidated List (tests/data/screening/un_sample.xml).
inline constexpr const char* kDemoWantedList = "cn-wanted-demo";
inline constexpr const char* kDemoEntryBanList = "cn-entry-ban-demo";
inline constexpr const char* kDemoUnList = "un-sc-extract";

// The UN list extract, compiled in (generated from tests/data).
std::string_view DemoUnListXml();

// Creates the demo data in an empty database. Same seed, same data.
// Errors: kConflict if demo data (or any unit) is already there.
core::Result<DemoSummary> CreateDemoData(app::App& app, uint64_t seed, int travellers = 400);

}  // namespace guomen::datagen
