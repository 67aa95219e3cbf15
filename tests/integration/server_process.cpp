#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace guomen::testing {

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(GUOMEN_BIN));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

std::vector<std::string> StoreArgs(const std::string& location, const std::string& key_path) {
  bool pg = location.rfind("postgres", 0) == 0;
  return {pg ? "--pg" : "--db", location, "--audit-key", key_path};
}

CommandResult RunGuomen(const std::vector<std::string>& args, const std::string& input) {
  TempDir io;
  std::string in_path = io.path() + "/in", out_path = io.path() + "/out",
              err_path = io.path() + "/err";
  std::ofstream(in_path) << input;
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    auto argv = Argv(args);
    execv(GUOMEN_BIN, argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = Slurp(out_path);
  r.err = Slurp(err_path);
  return r;
}

ServerProcess::ServerProcess(const std::vector<std::string>& args) {
  char tmpl[] = "/tmp/guomen-serve-log-XXXXXX";
  int fd = mkstemp(tmpl);
  close(fd);
  log_path_ = tmpl;
  std::vector<std::string> all = {"serve", "--listen", "127.0.0.1:0"};
  all.insert(all.end(), args.begin(), args.end());
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
    int out = open(log_path_.c_str(), O_WRONLY | O_TRUNC);
    dup2(out, 1);
    dup2(out, 2);
    auto argv = Argv(all);
    execv(GUOMEN_BIN, argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string log = Slurp(log_path_);
    auto pos = log.find("serving http://127.0.0.1:");
    if (pos != std::string::npos) {
      port_ = std::atoi(log.c_str() + pos + std::string("serving http://127.0.0.1:").size());
      if (port_ > 0) return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("guomen serve exited: " + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill9();
  throw std::runtime_error("guomen serve did not start in 60 s: " + Slurp(log_path_));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
  unlink(log_path_.c_str());
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::Kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const { return Slurp(log_path_); }

}  // namespace guomen::testing
