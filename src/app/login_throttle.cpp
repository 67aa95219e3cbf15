#include "app/login_throttle.hpp"

#include <algorithm>

namespace guomen::app {

int LoginThrottle::RetryAfterSeconds(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  int64_t now = core::ToMicros(clock_.Now());
  if (it->second.next_allowed_us <= now) return 0;
  return static_cast<int>((it->second.next_allowed_us - now + 999999) / 1000000);
}

void LoginThrottle::RecordFailure(const std::string& key) {
  std::lock_guard lock(mu_);
  if (entries_.size() > 100000) entries_.clear();  // bound memory under a spray of keys
  Entry& e = entries_[key];
  ++e.failures;
  int over = e.failures - policy_.free_failures;
  if (over > 0) {
    int64_t delay = policy_.base_delay_us;
    for (int i = 1; i < over && delay < policy_.max_delay_us; ++i) delay *= 2;
    delay = std::min(delay, policy_.max_delay_us);
    e.next_allowed_us = core::ToMicros(clock_.Now()) + delay;
  }
}

void LoginThrottle::RecordSuccess(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

}  // namespace guomen::app
