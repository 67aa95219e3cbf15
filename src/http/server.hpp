// The HTTP server: cpp-httplib transport in front of the Api. Adds the
// security headers to every response, limits request size and time, serves
// the built web UI (web/dist) with a single-page-app fallback, and turns
// every failure into a JSON error. The only file that includes httplib.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/api.hpp"

namespace guomen::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;          // 0: any free port
  std::string web_root;     // folder of the built UI; empty: API only
  size_t max_body_bytes = 1 << 20;
  int read_timeout_seconds = 15;
  int write_timeout_seconds = 15;
  // Worker threads. A keep-alive connection holds its worker between
  // requests, so this bounds the desks and browsers served at once.
  int threads = 64;
};

class Server {
 public:
  Server(Api& api, ServerOptions options);
  ~Server();

  // Binds the socket. Errors: kUnavailable if the address is taken.
  core::Result<int> Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  core::Status Run();
  // Thread-safe and signal-handler-safe enough to call from a watcher thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace guomen::http
