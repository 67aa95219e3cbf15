#include "core/task_pool.hpp"

#include <algorithm>

namespace guomen::core {

TaskPool::TaskPool(size_t threads) {
  workers_.reserve(std::max<size_t>(threads, 1));
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) {
    workers_.emplace_back([this] { Loop(); });
  }
}

TaskPool::~TaskPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

TaskPool& TaskPool::Shared() {
  static TaskPool* pool = [] {
    const size_t n = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    return new TaskPool(n);  // NOLINT: lives as long as the process
  }();
  return *pool;
}

void TaskPool::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::function<void()> job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    job();
    job = nullptr;
    lock.lock();
    --running_;
  }
}

void TaskPool::Run(size_t helpers, const std::function<void()>& work) {
  struct Call {
    std::mutex mu;
    std::condition_variable done;
    size_t running = 0;
    bool closed = false;  // the caller is done: helpers not started yet do nothing
  };
  auto call = std::make_shared<Call>();
  bool enlisted = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Only workers that would otherwise be idle: a worker is busy when it
    // runs or is about to run a helper, and every other call in progress
    // keeps a core busy with its own thread. So calls from several threads
    // at once (manifests arriving together) each run on their own thread
    // instead of sharing the cores among more threads than there are.
    const size_t busy = running_ + queue_.size() + callers_;
    helpers = std::min(helpers, busy < workers_.size() ? workers_.size() - busy : 0);
    ++callers_;
    if (helpers > 0) {
      enlisted = true;
      for (size_t i = 0; i < helpers; ++i) {
        queue_.emplace_back([call, &work] {
          {
            std::lock_guard<std::mutex> l(call->mu);
            if (call->closed) return;
            ++call->running;
          }
          work();
          std::lock_guard<std::mutex> l(call->mu);
          if (--call->running == 0) call->done.notify_all();
        });
      }
    }
  }
  if (enlisted) cv_.notify_all();
  work();
  {
    std::lock_guard<std::mutex> lock(mu_);
    --callers_;
  }
  std::unique_lock<std::mutex> lock(call->mu);
  call->closed = true;
  call->done.wait(lock, [&] { return call->running == 0; });
}

}  // namespace guomen::core
