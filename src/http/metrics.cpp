#include "http/metrics.hpp"

#include <cstdio>

namespace guomen::http {

void Metrics::Record(const std::string& method, const std::string& route, int status,
                     double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  auto& h = latency_[{method, route}];
  ++h.count;
  h.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
}

namespace {

std::string Labels(const std::string& method, const std::string& route) {
  return "method=\"" + method + "\",route=\"" + route + "\"";
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP guomen_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE guomen_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += "guomen_http_requests_total{" + Labels(method, route) + ",status=\"" +
           std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP guomen_http_errors_total HTTP responses with status 500 or more.\n";
  out += "# TYPE guomen_http_errors_total counter\n";
  uint64_t errors = 0;
  for (const auto& [key, n] : requests_) {
    if (std::get<2>(key) >= 500) errors += n;
  }
  out += "guomen_http_errors_total " + std::to_string(errors) + "\n";
  out += "# HELP guomen_http_request_duration_seconds Time to handle a request.\n";
  out += "# TYPE guomen_http_request_duration_seconds histogram\n";
  for (const auto& [key, h] : latency_) {
    std::string labels = Labels(key.first, key.second);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += "guomen_http_request_duration_seconds_bucket{" + labels + ",le=\"" +
             Num(kBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
    }
    out += "guomen_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "guomen_http_request_duration_seconds_sum{" + labels + "} " + Num(h.sum) + "\n";
    out += "guomen_http_request_duration_seconds_count{" + labels + "} " +
           std::to_string(h.count) + "\n";
  }
  return out;
}

}  // namespace guomen::http
