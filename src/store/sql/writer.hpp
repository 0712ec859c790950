#pragma once

// The single writer: one thread owns the read-write connection and runs every write.
// Jobs that arrive while a transaction is being committed wait, and are then run together in
// the next transaction (group commit): many reports share one fsync. Each job runs inside its
// own SAVEPOINT, so a job that fails is rolled back alone and the others still commit. A job's
// completion runs only after COMMIT returned, so nothing is acknowledged before it is durable.
//
// The writer thread only writes: the completions of a batch run in order on a second thread
// (answers are rendered there or on the network threads, while the next batch is written).
// With SQLite the WAL is copied back into the database by a third thread with its own
// connection (store/sqlite/connection.hpp); the writer's connection is told between two
// batches, when it may finish a checkpoint that fell far behind. With PostgreSQL the same
// batches share one commit (and one WAL flush) of the server.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sql/connection.hpp"

namespace ratusz::store::sql {

class WriteJob {
 public:
  virtual ~WriteJob() = default;
  // Runs inside the transaction. A failure rolls back this job's savepoint only.
  virtual Status Execute(Connection& db) = 0;
  // Runs after the transaction: `committed` is the job's own failure, the commit's failure, or
  // success.
  virtual void Finish(const Status& committed) = 0;
};

struct WriterOptions {
  std::size_t max_batch = 2048;  // Jobs in one transaction at most.
};

class Writer {
 public:
  // `before_commit` runs once per transaction after its jobs, in a savepoint of its own: work
  // that pays to be done for many jobs at once (the search index). When it fails, its changes
  // are rolled back and the jobs still commit.
  Writer(std::unique_ptr<Connection> db, WriterOptions options,
         std::function<Status(Connection&)> before_commit = {});
  ~Writer();  // Runs the jobs already queued, then stops.
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Submit(std::unique_ptr<WriteJob> job);

  // Runs `work` as a job and waits for its commit. For low-volume writes (accounts, CLI).
  [[nodiscard]] Status RunAndWait(std::function<Status(Connection&)> work);

 private:
  struct Finished {
    std::deque<std::unique_ptr<WriteJob>> jobs;
    std::vector<Status> outcomes;
  };

  void Loop();
  void RunBatch(std::deque<std::unique_ptr<WriteJob>>& batch);
  void CompleteLoop();

  std::unique_ptr<Connection> db_;
  WriterOptions options_;
  std::function<Status(Connection&)> before_commit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<WriteJob>> queue_;  // Guarded by mutex_.
  bool stopping_ = false;                        // Guarded by mutex_.

  std::mutex done_mutex_;
  std::condition_variable done_wake_;
  std::deque<Finished> finished_;  // Guarded by done_mutex_.
  bool done_stopping_ = false;     // Guarded by done_mutex_.

  std::thread completer_;
  std::thread thread_;
};

// A job made of two functions, the usual way to submit work.
template <typename T>
class FunctionJob final : public WriteJob {
 public:
  FunctionJob(std::function<Result<T>(Connection&)> work, std::function<void(Result<T>)> done)
      : work_(std::move(work)), done_(std::move(done)) {}

  Status Execute(Connection& db) override {
    result_.emplace(work_(db));
    if (!result_->has_value()) {
      return result_->error();
    }
    return {};
  }

  void Finish(const Status& committed) override {
    if (!committed) {
      done_(committed.error());
    } else {
      done_(std::move(*result_));
    }
  }

 private:
  std::function<Result<T>(Connection&)> work_;
  std::function<void(Result<T>)> done_;
  std::optional<Result<T>> result_;
};

}  // namespace ratusz::store::sql
