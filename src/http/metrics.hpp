// Request counters and latency histograms, rendered in the Prometheus text
// exposition format for GET /api/v1/metrics. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace guomen::http {

class Metrics {
 public:
  // Records one request: `route` is the route pattern (not the raw path, so
  // that ids do not explode the series), `seconds` its handling time.
  void Record(const std::string& method, const std::string& route, int status, double seconds);
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
};

}  // namespace guomen::http
