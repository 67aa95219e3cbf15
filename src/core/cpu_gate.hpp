// Lets at most a fixed number of callers run CPU-bound work at once, in the
// order they arrived; the others sleep.
//
// Why: the server runs a thread per connection. When more threads compute
// than there are cores, the scheduler slices the cores between them, and a
// thread that holds something everybody needs (SQLite's write lock, held by
// the group commit's leader) waits behind all of them for its turn: every
// caller's latency grows. With the gate, the computing threads are about as
// many as the cores, and a thread that wakes up to commit finds a core soon.
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace guomen::core {

class CpuGate {
 public:
  // `slots` callers at once (at least 1).
  explicit CpuGate(unsigned slots);
  CpuGate(const CpuGate&) = delete;
  CpuGate& operator=(const CpuGate&) = delete;

  // One slot per hardware thread.
  static unsigned DefaultSlots();

  // Holds a slot until destroyed.
  class Slot {
   public:
    explicit Slot(CpuGate& gate);
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    CpuGate& gate_;
  };

  unsigned slots() const { return slots_; }
  // Callers waiting for a slot now.
  uint64_t waiting();

 private:
  // A caller waiting for its turn. Each has its own condition, so that a
  // slot coming free wakes the one caller that may enter, not all of them.
  struct Waiter {
    uint64_t ticket;
    std::condition_variable cv;
  };
  const unsigned slots_;
  std::mutex mu_;
  std::deque<Waiter*> waiters_;  // in ticket order
  uint64_t next_ticket_ = 0;     // of the next caller to arrive
  uint64_t left_ = 0;            // callers that have left: ticket t enters once t < left_ + slots_
};

}  // namespace guomen::core
