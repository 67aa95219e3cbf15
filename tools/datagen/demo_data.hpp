// Synthetic, deterministic demo data: a border province's unit tree, one
// demo user per role, and travellers. Used by `guomen init --demo` and by the
// tests. Nothing here describes a real person.
#pragma once

#include <cstdint>
#include <string>
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

struct DemoSummary {
  int units = 0;
  int users = 0;
  int travellers = 0;
  int rules = 0;  // active demo risk rules
};

// Creates the demo data in an empty database. Same seed, same data.
// Errors: kConflict if demo data (or any unit) is already there.
core::Result<DemoSummary> CreateDemoData(app::App& app, uint64_t seed, int travellers = 400);

}  // namespace guomen::datagen
