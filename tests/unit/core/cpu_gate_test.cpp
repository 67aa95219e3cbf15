#include "core/cpu_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace guomen::core {
namespace {

TEST(CpuGateTest, NoMoreCallersInsideThanSlots) {
  CpuGate gate(2);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        CpuGate::Slot slot(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(CpuGateTest, WaitersEnterInTheOrderTheyArrived) {
  CpuGate gate(1);
  std::vector<int> order;
  std::mutex order_mu;
  std::vector<std::thread> threads;
  {
    CpuGate::Slot held(gate);
    for (int k = 0; k < 5; ++k) {
      threads.emplace_back([&, k] {
        CpuGate::Slot slot(gate);
        std::lock_guard lock(order_mu);
        order.push_back(k);
      });
      // The next one starts only once this one waits.
      while (gate.waiting() < static_cast<uint64_t>(k + 1)) std::this_thread::yield();
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(CpuGateTest, AtLeastOneSlot) {
  CpuGate gate(0);
  EXPECT_EQ(gate.slots(), 1u);
  CpuGate::Slot slot(gate);  // does not wait forever
  EXPECT_GE(CpuGate::DefaultSlots(), 1u);
}

}  // namespace
}  // namespace guomen::core
