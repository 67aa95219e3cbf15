#include "core/cpu_gate.hpp"

#include <algorithm>
#include <thread>

namespace guomen::core {

CpuGate::CpuGate(unsigned slots) : slots_(std::max(1u, slots)) {}

unsigned CpuGate::DefaultSlots() { return std::max(1u, std::thread::hardware_concurrency()); }

uint64_t CpuGate::waiting() {
  std::lock_guard lock(mu_);
  const uint64_t inside_or_waiting = next_ticket_ - left_;
  return inside_or_waiting > slots_ ? inside_or_waiting - slots_ : 0;
}

CpuGate::Slot::Slot(CpuGate& gate) : gate_(gate) {
  std::unique_lock lock(gate_.mu_);
  const uint64_t ticket = gate_.next_ticket_++;
  if (ticket < gate_.left_ + gate_.slots_) return;
  Waiter me{ticket, {}};
  gate_.waiters_.push_back(&me);
  me.cv.wait(lock, [&] { return ticket < gate_.left_ + gate_.slots_; });
}

CpuGate::Slot::~Slot() {
  std::lock_guard lock(gate_.mu_);
  ++gate_.left_;
  // Tickets enter in order: the first waiter's turn has come. It is woken
  // under the lock, so it cannot leave (and destroy its Waiter) before.
  if (!gate_.waiters_.empty() && gate_.waiters_.front()->ticket < gate_.left_ + gate_.slots_) {
    Waiter* next = gate_.waiters_.front();
    gate_.waiters_.pop_front();
    next->cv.notify_one();
  }
}

}  // namespace guomen::core
