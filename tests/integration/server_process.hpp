// Runs the real guomen binary: CLI commands to completion, and `serve` as a
// child process on a free loopback port that dies with the test.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "test_env.hpp"

namespace guomen::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `guomen args...` and waits for it. `input` goes to its stdin.
CommandResult RunGuomen(const std::vector<std::string>& args, const std::string& input = "");

// "--db PATH" or "--pg URL" for a store location, plus the audit key file.
std::vector<std::string> StoreArgs(const std::string& location, const std::string& key_path);

class ServerProcess {
 public:
  // Starts `guomen serve` with `args` (store arguments etc.) on 127.0.0.1:0
  // and waits until it prints its address. Throws if it does not start.
  explicit ServerProcess(const std::vector<std::string>& args);
  ~ServerProcess();
  int port() const { return port_; }
  // SIGTERM and wait; returns the exit status.
  int Stop();
  // SIGKILL, no chance to flush anything.
  void Kill9();
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

}  // namespace guomen::testing
