#include "app/manifest_inbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#include "app/admin_service.hpp"
#include "core/strings.hpp"

namespace guomen::app {

namespace fs = std::filesystem;

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Moves `from` into `to_dir`, adding a number when the name is taken.
fs::path MoveInto(const fs::path& from, const fs::path& to_dir) {
  fs::path target = to_dir / from.filename();
  for (int i = 1; fs::exists(target); ++i) {
    target = to_dir / (from.filename().string() + "." + std::to_string(i));
  }
  std::error_code ec;
  fs::rename(from, target, ec);
  if (ec) spdlog::warn("[inbox] cannot move a file to {}: {}", to_dir.string(), ec.message());
  return target;
}

void WriteText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

ManifestInbox::ManifestInbox(ManifestService& manifests, AdminService& admin, std::string dir,
                             std::optional<int64_t> default_port)
    : manifests_(manifests), admin_(admin), dir_(std::move(dir)), default_port_(default_port) {}

ManifestInbox::~ManifestInbox() { Stop(); }

core::Status ManifestInbox::Prepare() {
  std::error_code ec;
  for (const auto& d : {fs::path(dir_), fs::path(dir_) / "done", fs::path(dir_) / "failed"}) {
    fs::create_directories(d, ec);
    if (ec) {
      return core::Fail(core::ErrorCode::kFailedPrecondition,
                        "the inbox directory " + d.string() + " cannot be made: " + ec.message());
    }
  }
  return core::Status::Ok();
}

core::Result<InboxReport> ManifestInbox::PollOnce() {
  InboxReport report;
  struct Waiting {
    fs::path path;
    fs::path done, failed;
    std::optional<int64_t> port;
    std::string port_error;
  };
  std::vector<Waiting> files;
  const fs::path root(dir_);
  const fs::path done = root / "done";
  const fs::path failed = root / "failed";
  std::error_code ec;
  auto collect = [&](const fs::path& folder, std::optional<int64_t> port, const std::string& why) {
    for (const auto& e : fs::directory_iterator(folder, ec)) {
      if (!e.is_regular_file()) continue;
      std::string name = e.path().filename().string();
      if (name.empty() || name[0] == '.' || EndsWith(name, ".tmp") || EndsWith(name, ".part"))
        continue;
      files.push_back({e.path(), done, failed, port, why});
    }
  };
  collect(root, default_port_,
          "no port: put the file in a folder named after the port's unit code");
  for (const auto& e : fs::directory_iterator(root, ec)) {
    if (!e.is_directory()) continue;
    std::string code = e.path().filename().string();
    if (code == "done" || code == "failed") continue;
    auto unit = admin_.FindUnitByCodeAsSystem(code);
    std::optional<int64_t> port;
    std::string why;
    if (unit && *unit && ((*unit)->kind == "port" || (*unit)->kind == "station")) {
      port = (*unit)->id;
    } else {
      why = "the folder " + code + " does not name a port or station unit";
    }
    collect(e.path(), port, why);
  }
  if (ec) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      "the inbox " + dir_ + " cannot be read: " + ec.message());
  }
  std::sort(files.begin(), files.end(),
            [](const Waiting& a, const Waiting& b) { return a.path < b.path; });

  for (const auto& f : files) {
    const std::string name = f.path.filename().string();
    auto fail = [&](const std::string& why) {
      fs::path moved = MoveInto(f.path, f.failed);
      WriteText(moved.string() + ".error", why + "\n");
      ++report.failed;
      spdlog::warn("[inbox] a file went to failed/: {}", why);
    };
    if (!f.port) {
      fail(f.port_error);
      continue;
    }
    std::ifstream in(f.path, std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ManifestIntakeRequest req;
    std::string ext = core::AsciiLower(f.path.extension().string());
    req.format = ext == ".json" ? "json" : ext == ".csv" ? "csv" : "edifact";
    req.body = std::move(body);
    req.port_unit_id = f.port;
    req.source = "inbox";
    RequestMeta meta{"inbox:" + name, ""};
    auto r = manifests_.Intake(nullptr, meta, req);
    if (!r) {
      fail(r.error().message + (r.error().field.empty() ? "" : " (" + r.error().field + ")"));
      continue;
    }
    fs::path moved = MoveInto(f.path, f.done);
    if (!r->acknowledgement.empty()) WriteText(moved.string() + ".contrl", r->acknowledgement);
    ++report.received;
  }
  return report;
}

void ManifestInbox::Start(std::chrono::milliseconds interval) {
  Stop();
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      auto r = PollOnce();
      if (!r) spdlog::warn("[inbox] {}", r.error().message);
      lock.lock();
      cv_.wait_for(lock, interval, [this] { return stop_; });
    }
  });
}

void ManifestInbox::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace guomen::app
