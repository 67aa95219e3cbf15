// Test support: a temporary folder and an App over a real SQLite file in it,
// with a manual clock, optionally filled with the demo data.
#pragma once

#include <memory>
#include <string>

#include "app/app.hpp"
#include "core/clock.hpp"

namespace guomen::testing {

// A fresh directory under /tmp, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The repository root (from GUOMEN_SOURCE_DIR).
std::string SourceDir();

struct TestApp {
  TempDir dir;
  core::ManualClock clock{*core::ParseIso8601("2026-11-23T08:00:00Z")};
  std::unique_ptr<app::App> app;

  std::string db_path() const { return dir.path() + "/guomen.db"; }
};

// Opens an App on a new database; with demo data when `demo`.
std::unique_ptr<TestApp> MakeTestApp(bool demo = true);

// The principal of a user, as a session would give it (logs in).
app::Principal LoginAs(app::App& a, const std::string& username,
                       const std::string& password = "guomen-demo-2026");

}  // namespace guomen::testing
