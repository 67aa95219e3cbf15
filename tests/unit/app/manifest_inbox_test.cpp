// The manifest inbox (guomen serve --inbox DIR) on the real store and the
// real intake: files per port folder, done/ and failed/ with the reasons, the
// carrier's CONTRL beside each EDIFACT file, and the polling thread.
#include "app/manifest_inbox.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "test_env.hpp"

namespace guomen::app {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}
std::string Sample(const std::string& name) {
  return Read(fs::path(testing::SourceDir()) / "tests/data/paxlst" / name);
}

class ManifestInboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    dir_ = fs::path(env_->dir.path()) / "inbox";
    demo_manifests_ = Manifests();  // the demo data's own
  }
  int64_t Manifests() {
    int64_t n = 0;
    EXPECT_TRUE(env_->app->store()
                    .Transact([&](store::Tx& tx) -> core::Status {
                      GUOMEN_ASSIGN_OR_RETURN(auto ids, tx.ListManifestIdsArrivingAfter(0));
                      n = static_cast<int64_t>(ids.size()) - demo_manifests_;
                      return core::Status::Ok();
                    })
                    .ok());
    return n;
  }
  std::unique_ptr<testing::TestApp> env_;
  fs::path dir_;
  int64_t demo_manifests_ = 0;
};

TEST_F(ManifestInboxTest, ReadsFilesPerPortFolderAndSortsOutWhatItCannotRead) {
  ManifestInbox inbox(env_->app->manifests(), env_->app->admin(), dir_.string(), std::nullopt);
  ASSERT_TRUE(inbox.Prepare().ok());
  Write(dir_ / "YN-DH-RL-PORT" / "ex51.edi",
        Sample("wco_ig_ex51_single_sector_passenger_d15b.edi"));
  Write(dir_ / "YN-DH-RL-PORT" / "crew.edi", Sample("gtas_test1_crew_bad_counts.edi"));
  Write(dir_ / "YN-DH-RL-PORT" / "notes.edi", "this is not an interchange");
  Write(dir_ / "YN-DH-RL-PORT" / "half.edi.part", "UNA:+.? 'UNB+UNOA:4");
  Write(dir_ / "loose.edi", Sample("wco_ig_ex51_single_sector_passenger_d15b.edi"));
  Write(dir_ / "YN" / "province.edi", Sample("wco_ig_ex51_single_sector_passenger_d15b.edi"));

  auto r = inbox.PollOnce();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->received, 2);
  EXPECT_EQ(r->failed, 3);
  EXPECT_EQ(Manifests(), 2);
  EXPECT_TRUE(fs::exists(dir_ / "done" / "ex51.edi"));
  EXPECT_NE(Read(dir_ / "done" / "ex51.edi.contrl").find("UNH+1+CONTRL"), std::string::npos);
  // The invalid crew list is stored, and its CONTRL rejects it.
  EXPECT_TRUE(fs::exists(dir_ / "done" / "crew.edi"));
  EXPECT_NE(Read(dir_ / "done" / "crew.edi.contrl").find("+4'"), std::string::npos);
  EXPECT_NE(Read(dir_ / "failed" / "notes.edi.error").find("not an EDIFACT interchange"),
            std::string::npos)
      << Read(dir_ / "failed" / "notes.edi.error");
  EXPECT_NE(Read(dir_ / "failed" / "loose.edi.error").find("no port"), std::string::npos);
  EXPECT_NE(Read(dir_ / "failed" / "province.edi.error").find("YN"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir_ / "YN-DH-RL-PORT" / "half.edi.part"));

  // The same file dropped again is a resend: read, but no new manifest.
  Write(dir_ / "YN-DH-RL-PORT" / "ex51.edi",
        Sample("wco_ig_ex51_single_sector_passenger_d15b.edi"));
  r = inbox.PollOnce();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->received, 1);
  EXPECT_EQ(Manifests(), 2);
  EXPECT_TRUE(fs::exists(dir_ / "done" / "ex51.edi.1"));
}

TEST_F(ManifestInboxTest, TheThreadPicksUpADroppedFile) {
  auto port = env_->app->admin().FindUnitByCodeAsSystem("YN-DH-RL-PORT");
  ASSERT_TRUE(port.ok() && *port);
  ManifestInbox inbox(env_->app->manifests(), env_->app->admin(), dir_.string(), (*port)->id);
  ASSERT_TRUE(inbox.Prepare().ok());
  inbox.Start(std::chrono::milliseconds(50));
  Write(dir_ / "arrival.edi.tmp", Sample("wco_ig_ex52_crew_member_d15b.edi"));
  fs::rename(dir_ / "arrival.edi.tmp", dir_ / "arrival.edi");
  for (int i = 0; i < 200 && !fs::exists(dir_ / "done" / "arrival.edi"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  inbox.Stop();
  EXPECT_TRUE(fs::exists(dir_ / "done" / "arrival.edi"));
  EXPECT_EQ(Manifests(), 1);
}

}  // namespace
}  // namespace guomen::app
