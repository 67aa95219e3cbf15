#include "http/server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/strings.hpp"

namespace guomen::http {

struct Server::Impl {
  Api& api;
  ServerOptions options;
  httplib::Server server;
};

namespace {

HttpRequest ToRequest(const httplib::Request& r) {
  HttpRequest out;
  out.method = r.method;
  out.path = r.path;
  for (const auto& [k, v] : r.params) out.query.emplace(k, v);
  for (const auto& [k, v] : r.headers) out.headers[core::AsciiLower(k)] = v;
  out.body = r.body;
  out.remote_addr = r.remote_addr;
  return out;
}

void Apply(const HttpResponse& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [k, v] : in.headers) out.headers.emplace(k, v);
  if (in.status != 204) out.set_content(in.body, in.content_type.c_str());
}

}  // namespace

Server::Server(Api& api, ServerOptions options)
    : impl_(new Impl{api, std::move(options), {}}) {
  auto& s = impl_->server;
  Impl* impl = impl_.get();
  s.set_payload_max_length(impl->options.max_body_bytes);
  s.set_read_timeout(impl->options.read_timeout_seconds, 0);
  s.set_write_timeout(impl->options.write_timeout_seconds, 0);
  s.set_keep_alive_timeout(5);
  s.set_keep_alive_max_count(1000);
  // Responses go out as two writes (headers, body): with Nagle's algorithm the
  // body waits for the ACK of the headers, which the client delays by ~40 ms.
  s.set_tcp_nodelay(true);
  const int threads = std::max(1, impl->options.threads);
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };

  auto api_handler = [impl](const httplib::Request& req, httplib::Response& res) {
    Apply(impl->api.Handle(ToRequest(req)), res);
  };
  const char* api_pattern = R"(/api/.*)";
  s.Get(api_pattern, api_handler);
  s.Post(api_pattern, api_handler);
  s.Put(api_pattern, api_handler);
  s.Patch(api_pattern, api_handler);
  s.Delete(api_pattern, api_handler);
  s.Options(api_pattern, api_handler);

  if (!impl->options.web_root.empty()) {
    s.set_mount_point("/", impl->options.web_root);
    // Single-page app: any other path that is not a file is a client route.
    s.Get(R"(/.*)", [impl](const httplib::Request& req, httplib::Response& res) {
      if (core::StartsWith(req.path, "/assets/")) {
        res.status = 404;  // a missing asset is not a client route
        res.set_content("no such asset", "text/plain");
        return;
      }
      // Read on each request (it is small): a rebuilt UI is served without a restart.
      std::ifstream in(impl->options.web_root + "/index.html");
      std::stringstream ss;
      ss << in.rdbuf();
      if (!in || ss.str().empty()) {
        res.status = 404;
        res.set_content("web UI not built (run make web)", "text/plain");
        return;
      }
      res.set_header("Cache-Control", "no-cache");
      res.set_content(ss.str(), "text/html; charset=utf-8");
    });
  }

  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                             std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    // The path and the exception text only: never a request body.
    spdlog::error("[http] unhandled exception on {} {}: {}", req.method, req.path, what);
    res.status = 500;
    res.set_content(ErrorBody("internal", "an internal error occurred; it has been logged"),
                    "application/json");
  });
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = "error";
    std::string message = "request failed";
    switch (res.status) {
      case 400: code = "invalid_argument"; message = "malformed request"; break;
      case 404: code = "not_found"; message = "nothing at " + req.path; break;
      case 405: code = "method_not_allowed"; message = "method not allowed"; break;
      case 413: code = "too_large"; message = "the request body is too large"; break;
      case 414: code = "too_large"; message = "the request URI is too long"; break;
      default: break;
    }
    res.set_content(ErrorBody(code, message), "application/json");
  });
  s.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                   "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                   "base-uri 'self'; form-action 'self'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    // Built assets carry a content hash in their names: cache them for good.
    if (core::StartsWith(req.path, "/assets/") && res.status == 200) {
      res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    } else if (res.get_header_value("Cache-Control").empty()) {
      res.set_header("Cache-Control", "no-store");
    }
  });
}

Server::~Server() = default;

core::Result<int> Server::Bind() {
  auto& s = impl_->server;
  int port = impl_->options.port;
  if (port == 0) {
    port = s.bind_to_any_port(impl_->options.host);
    if (port < 0) port = 0;
  } else if (!s.bind_to_port(impl_->options.host, port)) {
    port = 0;
  }
  if (port <= 0) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      "cannot listen on " + impl_->options.host + ":" +
                          std::to_string(impl_->options.port) + " (address in use or not allowed)");
  }
  return port;
}

core::Status Server::Run() {
  if (!impl_->server.listen_after_bind()) {
    return core::Fail(core::ErrorCode::kUnavailable, "the server stopped with an error");
  }
  return core::Status::Ok();
}

void Server::Stop() { impl_->server.stop(); }

}  // namespace guomen::http
