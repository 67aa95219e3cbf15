// A small set of long-lived worker threads that help a caller run one piece
// of work on several cores (the persons of one manifest, say).
//
// Long-lived on purpose: code that keeps per-thread scratch space (the
// screening index keeps one slot per indexed name, 16 MB at 1,000,000 names)
// pays for it once per worker, not once per call as a fresh std::thread
// would.
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace guomen::core {

class TaskPool {
 public:
  // `threads` workers (at least 1).
  explicit TaskPool(size_t threads);
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // A process-wide pool with one worker per hardware thread (at most 8).
  static TaskPool& Shared();

  size_t threads() const { return workers_.size(); }

  // Calls `work` on the calling thread and on up to `helpers` workers at
  // once (only workers that would otherwise be idle: each other call in
  // progress counts as a busy worker), and returns when every call has
  // returned. `work` is expected to take its share of a common supply (a
  // shared counter) and return when the supply is empty, so a worker that
  // is busy elsewhere and starts late finds nothing left: once the caller's
  // own call has returned, helpers that have not started yet are skipped
  // rather than waited for.
  void Run(size_t helpers, const std::function<void()>& work);

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  size_t running_ = 0;  // workers running a job
  size_t callers_ = 0;  // calls of Run in progress, but for their helpers' jobs
  std::vector<std::thread> workers_;
};

}  // namespace guomen::core
