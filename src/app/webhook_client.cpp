#include "app/webhook_client.hpp"

#include <httplib.h>

namespace guomen::app {

bool SplitWebhookUrl(const std::string& url, std::string& origin, std::string& path) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  size_t host_start = scheme_end + 3;
  size_t path_start = url.find('/', host_start);
  std::string host = url.substr(host_start, path_start == std::string::npos
                                                ? std::string::npos
                                                : path_start - host_start);
  if (host.empty() || host.find_first_of(" @?#") != std::string::npos) return false;
  origin = scheme + "://" + host;
  path = path_start == std::string::npos ? "/" : url.substr(path_start);
  return true;
}

WebhookResponse PostWebhook(const WebhookRequest& request) {
  std::string origin, path;
  if (!SplitWebhookUrl(request.url, origin, path)) {
    return {0, "not an http(s) URL"};
  }
  try {
    httplib::Client client(origin);
    if (!client.is_valid()) return {0, "cannot make a client for " + origin};
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(request.timeout);
    auto usecs = std::chrono::duration_cast<std::chrono::microseconds>(request.timeout - secs);
    client.set_connection_timeout(secs.count(), usecs.count());
    client.set_read_timeout(secs.count(), usecs.count());
    client.set_write_timeout(secs.count(), usecs.count());
    client.set_follow_location(false);
    httplib::Headers headers;
    for (const auto& [k, v] : request.headers) headers.emplace(k, v);
    auto res = client.Post(path, headers, request.body, request.content_type);
    if (!res) return {0, httplib::to_string(res.error())};
    return {res->status, ""};
  } catch (const std::exception& e) {
    return {0, std::string("HTTP client error: ") + e.what()};
  }
}

}  // namespace guomen::app
