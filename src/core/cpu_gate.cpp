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
  gate_.cv_.wait(lock, [&] { return ticket < gate_.left_ + gate_.slots_; });
}

CpuGate::Slot::~Slot() {
  {
    std::lock_guard lock(gate_.mu_);
    ++gate_.left_;
  }
  // Tickets enter in order, so only the waiter whose turn came can go; the
  // others check and sleep again.
  gate_.cv_.notify_all();
}

}  // namespace guomen::core
