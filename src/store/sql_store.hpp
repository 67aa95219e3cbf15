// Store implemented once in portable SQL over a pool of SqlConnections.
// The backends (store/sqlite, store/postgres) only provide connections.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sql_connection.hpp"
#include "store/store.hpp"

namespace guomen::store {

class SqlStore final : public Store {
 public:
  using ConnectionFactory = std::function<core::Result<std::unique_ptr<SqlConnection>>()>;

  // Opens `pool_size` connections with `factory` and migrates the schema.
  // On SQLite, `read_pool_size` more connections serve Read (query_only).
  static core::Result<std::unique_ptr<SqlStore>> Open(ConnectionFactory factory, int pool_size,
                                                      std::string description,
                                                      int read_pool_size = 0);

  // On PostgreSQL each call is its own transaction on a pooled connection.
  // On SQLite, where every transaction takes the one write lock (BEGIN
  // IMMEDIATE), calls are queued and run in groups: one SQLite transaction
  // per group, each function inside its own savepoint (a failing function
  // rolls back to it and only its caller gets the error), one commit and so
  // one fsync for the group. The fsync runs after the group has released the
  // write lock, so the next group runs while it waits for the disk; a call
  // returns once its commit is on disk. Checkpoints run on a thread of their
  // own beside the writers (CheckpointLog). Waiting callers sleep on a
  // condition variable instead of SQLite's busy handler. A nested Transact
  // from inside `fn` is refused (kInternal) rather than deadlocking.
  core::Status Transact(const std::function<core::Status(Tx&)>& fn) override;
  core::Status TransactRetrying(const std::function<core::Status(Tx&)>& fn) override;
  // On PostgreSQL a READ ONLY transaction on a pooled connection; on SQLite a
  // deferred transaction on a connection of its own pool (PRAGMA query_only),
  // which WAL lets read while the group commit writes.
  core::Status Read(const std::function<core::Status(Tx&)>& fn) override;
  int SchemaVersion() const override { return schema_version_; }
  ~SqlStore() override;

  // SQLite: copies the write-ahead log into the database beside the writers
  // and, when the log holds at least `restart_frames` frames, copies the rest
  // with the writers held back for that moment, so that the next commit
  // starts the log over instead of growing it. The store's own thread calls
  // it every kCheckpointPeriod; tests call it directly. Ok elsewhere.
  core::Status CheckpointLog(int64_t restart_frames);
  std::string Describe() const override { return description_; }

 private:
  SqlStore() = default;
  // Idle connections: Take waits while there is none.
  struct Pool {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::unique_ptr<SqlConnection>> idle;
    std::unique_ptr<SqlConnection> Take();
    void Give(std::unique_ptr<SqlConnection> conn);
  };
  // One transaction on a pooled connection; `lost_conflict` (if given) says
  // whether a failure was a conflict lost to a concurrent transaction.
  core::Status TransactOne(const std::function<core::Status(Tx&)>& fn,
                           bool* lost_conflict = nullptr);

  struct Pending {
    const std::function<core::Status(Tx&)>* fn;
    core::Status status;
    bool taken = false;  // by a group
    bool done = false;   // and on disk
    // Its own, so that a group's end wakes its members and a free lead the
    // oldest waiter, not every caller.
    std::condition_variable cv;
  };
  static constexpr size_t kMaxGroup = 64;
  static constexpr std::chrono::milliseconds kCheckpointPeriod{200};
  static constexpr int64_t kRestartFrames = 2000;  // 8 MB of 4 KB pages
  core::Status TransactGrouped(const std::function<core::Status(Tx&)>& fn);
  // Begins, runs the group's functions and commits on `conn`; the commit is
  // not on disk yet (SqlConnection::SyncLog).
  void RunGroup(const std::vector<Pending*>& group, SqlConnection& conn);
  void CheckpointLoop();

  bool group_commit_ = false;  // SQLite
  std::mutex group_mu_;
  std::condition_variable group_cv_;  // the checkpointer, waiting for the lead
  // With group_mu_ held, after the lead came free: wakes who may take it.
  void WakeNextLeader();
  std::vector<Pending*> queue_;
  bool leader_active_ = false;  // a group is running, or a checkpoint holds writers back

  std::unique_ptr<SqlConnection> checkpoint_conn_;  // SQLite
  std::mutex checkpoint_run_mu_;                    // held while checkpoint_conn_ works
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool stopping_ = false;
  std::string checkpoint_error_;  // the last one reported, not to repeat it
  std::thread checkpointer_;

  Pool writers_;
  // SQLite's reading connections (Read); empty on PostgreSQL, where Read
  // takes a writer (has_readers_ false).
  Pool readers_;
  bool has_readers_ = false;
  int schema_version_ = 0;
  std::string description_;
};

}  // namespace guomen::store
