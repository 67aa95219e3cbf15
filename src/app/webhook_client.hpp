// One HTTP POST of a webhook: the only place the app layer speaks HTTP
// (cpp-httplib stays inside webhook_client.cpp). Used by the partner
// delivery worker. Thread-safe (no shared state).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace guomen::app {

struct WebhookRequest {
  std::string url;  // http://host[:port]/path or https://...
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{10000};
};

struct WebhookResponse {
  int status = 0;     // the HTTP status; 0 when no response arrived
  std::string error;  // why there was no response, or "" with a status
};

// Posts the request and waits for the response (at most `timeout` to
// connect and again to read). Never throws.
WebhookResponse PostWebhook(const WebhookRequest& request);

// Splits an absolute http(s) URL into "scheme://host[:port]" and the path
// ("/" when empty). Returns false when it is not one.
bool SplitWebhookUrl(const std::string& url, std::string& origin, std::string& path);

}  // namespace guomen::app
