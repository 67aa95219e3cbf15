#include "core/task_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace guomen::core {
namespace {

// Shares out `n` items from a counter, as the pool's callers do.
void Share(std::atomic<size_t>& next, size_t n, std::vector<int>& done) {
  for (;;) {
    const size_t i = next.fetch_add(1);
    if (i >= n) return;
    ++done[i];
  }
}

TEST(TaskPoolTest, EveryItemIsDoneOnceWhateverTheHelpers) {
  TaskPool pool(3);
  for (size_t helpers : {0u, 1u, 3u, 10u}) {
    std::vector<int> done(1000, 0);
    std::atomic<size_t> next{0};
    pool.Run(helpers, [&] { Share(next, done.size(), done); });
    for (size_t i = 0; i < done.size(); ++i) ASSERT_EQ(done[i], 1) << "item " << i;
  }
}

TEST(TaskPoolTest, HelpersRunOnTheWorkersAndTheCallerJoinsIn) {
  TaskPool pool(2);
  std::mutex mu;
  std::set<std::thread::id> seen;
  std::atomic<int> arrived{0};
  pool.Run(2, [&] {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen.insert(std::this_thread::get_id());
    }
    // Hold every call until the three have started (the two workers are idle).
    ++arrived;
    while (arrived.load() < 3) std::this_thread::yield();
  });
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen.count(std::this_thread::get_id()));
}

TEST(TaskPoolTest, TheCallerDoesNotWaitForHelpersThatNeverStarted) {
  TaskPool pool(1);
  std::atomic<bool> release{false};
  std::atomic<int> held{0};
  // Hold the only worker (and the thread that asked for it) until released.
  std::thread blocker([&] {
    pool.Run(1, [&] {
      ++held;
      while (!release.load()) std::this_thread::yield();
    });
  });
  while (held.load() < 2) std::this_thread::yield();
  // This call's helper cannot start; the call returns once its own share is done.
  std::vector<int> done(100, 0);
  std::atomic<size_t> next{0};
  pool.Run(1, [&] { Share(next, done.size(), done); });
  for (int d : done) EXPECT_EQ(d, 1);
  release = true;
  blocker.join();
}

TEST(TaskPoolTest, ACallWhileAnotherRunsDoesNotTakeTheIdleWorker) {
  // Two workers, as on a 2-core machine: one call with one helper keeps
  // both cores busy, so a second call at the same time runs on its own
  // thread rather than putting three threads on two cores.
  TaskPool pool(2);
  std::atomic<bool> release{false};
  std::atomic<int> held{0};
  std::thread first([&] {
    pool.Run(1, [&] {
      ++held;
      while (!release.load()) std::this_thread::yield();
    });
  });
  while (held.load() < 2) std::this_thread::yield();
  std::mutex mu;
  std::set<std::thread::id> seen;
  std::vector<int> done(200, 0);
  std::atomic<size_t> next{0};
  pool.Run(1, [&] {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= done.size()) return;
      {
        std::lock_guard<std::mutex> lock(mu);
        seen.insert(std::this_thread::get_id());
      }
      ++done[i];
      // Long enough for an idle worker, had it been asked, to join in.
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  EXPECT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen.count(std::this_thread::get_id()));
  for (int d : done) EXPECT_EQ(d, 1);
  release = true;
  first.join();
  // Alone again, a call has its helper.
  std::set<std::thread::id> alone;
  std::atomic<int> arrived{0};
  pool.Run(1, [&] {
    {
      std::lock_guard<std::mutex> lock(mu);
      alone.insert(std::this_thread::get_id());
    }
    ++arrived;
    while (arrived.load() < 2) std::this_thread::yield();
  });
  EXPECT_EQ(alone.size(), 2u);
}

TEST(TaskPoolTest, CallsFromSeveralThreadsAtOnce) {
  TaskPool pool(2);
  std::vector<std::thread> callers;
  std::atomic<int> total{0};
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        std::vector<int> done(64, 0);
        std::atomic<size_t> next{0};
        pool.Run(2, [&] { Share(next, done.size(), done); });
        for (int d : done) total += d;
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(total.load(), 4 * 50 * 64);
}

}  // namespace
}  // namespace guomen::core
