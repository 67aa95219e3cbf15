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
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
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
  helpers = std::min(helpers, workers_.size());
  if (helpers > 0) {
    {
      std::lock_guard<std::mutex> lock(mu_);
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
    cv_.notify_all();
  }
  work();
  std::unique_lock<std::mutex> lock(call->mu);
  call->closed = true;
  call->done.wait(lock, [&] { return call->running == 0; });
}

}  // namespace guomen::core
