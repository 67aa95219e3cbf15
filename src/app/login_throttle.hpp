// Login throttling by key ("user:NAME", "addr:ADDRESS"): after a few
// failures each further attempt must wait, doubling each time. Known and
// unknown usernames are throttled the same way, so the throttle tells an
// attacker nothing about which accounts exist. In memory; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace guomen::app {

struct ThrottlePolicy {
  int free_failures;         // failures allowed before back-off starts
  int64_t base_delay_us;     // the first wait
  int64_t max_delay_us;      // the longest wait
};

class LoginThrottle {
 public:
  LoginThrottle(ThrottlePolicy policy, const core::Clock& clock) : policy_(policy), clock_(clock) {}

  // Seconds to wait before `key` may try again (0: may try now).
  int RetryAfterSeconds(const std::string& key) const;
  void RecordFailure(const std::string& key);
  void RecordSuccess(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    int64_t next_allowed_us = 0;
  };
  ThrottlePolicy policy_;
  const core::Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace guomen::app
