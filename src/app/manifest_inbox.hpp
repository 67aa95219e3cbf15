// The manifest inbox: a directory where carriers' lists arrive as files (how
// MQ or SFTP gateways hand them over), read by the same intake as the API.
//
// Layout: a file in DIR/<UNIT-CODE>/ is a list for that port; a file in DIR
// itself is for the default port (if one was given). Files ending in .edi,
// .txt, .paxlst or without an extension are EDIFACT, .json the JSON form;
// hidden files and names ending in .tmp or .part are left alone (still being
// written). A file read is moved to DIR/done/; a file that cannot be read
// (not EDIFACT, no port, a CSV without its conveyance ...) goes to
// DIR/failed/ with NAME.error saying why. An invalid PAXLST is stored (its
// persons marked defective) and its file goes to done/ with NAME.contrl, the
// rejection for the carrier; every EDIFACT file gets its NAME.contrl.
//
// PollOnce is not reentrant; Start runs it on one thread every `interval`
// until Stop (or destruction).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/manifest_service.hpp"
#include "core/result.hpp"

namespace guomen::app {

class AdminService;

struct InboxReport {
  int64_t received = 0;  // files moved to done/
  int64_t failed = 0;    // files moved to failed/
};

class ManifestInbox {
 public:
  // `default_port` is used for files directly in `dir`.
  ManifestInbox(ManifestService& manifests, AdminService& admin, std::string dir,
                std::optional<int64_t> default_port);
  ~ManifestInbox();
  ManifestInbox(const ManifestInbox&) = delete;
  ManifestInbox& operator=(const ManifestInbox&) = delete;

  // Creates DIR, done/ and failed/ when missing. Errors: kFailedPrecondition
  // naming the directory when it cannot be made.
  core::Status Prepare();
  // Reads every file waiting now, oldest name first.
  core::Result<InboxReport> PollOnce();
  void Start(std::chrono::milliseconds interval);
  void Stop();

 private:
  ManifestService& manifests_;
  AdminService& admin_;
  std::string dir_;
  std::optional<int64_t> default_port_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
};

}  // namespace guomen::app
