#include "test_env.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "datagen/demo_data.hpp"

namespace guomen::testing {

TempDir::TempDir() {
  char tmpl[] = "/tmp/guomen-test-XXXXXX";
  char* p = mkdtemp(tmpl);
  if (!p) throw std::runtime_error("mkdtemp failed");
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string SourceDir() {
  if (const char* env = std::getenv("GUOMEN_SOURCE_DIR"); env && *env) return env;
  return GUOMEN_SOURCE_DIR;
}

std::string TestBackend() {
  const char* env = std::getenv("GUOMEN_TEST_BACKEND");
  return env && *env ? env : "sqlite";
}

std::string NewStoreLocation(const TempDir& dir) {
  if (TestBackend() == "postgres") return CreateTestPgDatabase();
  return dir.path() + "/guomen.db";
}

std::unique_ptr<TestApp> MakeTestApp(bool demo) {
  auto t = std::make_unique<TestApp>();
  t->location = NewStoreLocation(t->dir);
  app::AppConfig cfg;
  cfg.store_location = t->location;
  cfg.audit_key_path = t->dir.path() + "/audit.key";
  cfg.create_audit_key = true;
  cfg.data_dir = SourceDir() + "/data";
  cfg.clock = &t->clock;
  auto a = app::App::Open(cfg);
  if (!a) throw std::runtime_error("cannot open test app: " + a.error().message);
  t->app = std::move(*a);
  if (demo) {
    auto s = datagen::CreateDemoData(*t->app, 42, 120);
    if (!s) throw std::runtime_error("demo data failed: " + s.error().message);
  }
  return t;
}

app::Principal LoginAs(app::App& a, const std::string& username, const std::string& password) {
  auto r = a.auth().Login(username, password, {"127.0.0.1", ""});
  if (!r) throw std::runtime_error("login as " + username + " failed: " + r.error().message);
  return r->principal;
}

}  // namespace guomen::testing
