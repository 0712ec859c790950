#pragma once

// The single writer: one thread owns the read-write connection and runs every write.
// Jobs that arrive while a transaction is being committed wait, and are then run together in
// the next transaction (group commit): many reports share one fsync. Each job runs inside its
// own SAVEPOINT, so a job that fails is rolled back alone and the others still commit. A job's
// completion runs only after COMMIT returned, so nothing is acknowledged before it is durable.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/connection.hpp"

namespace ratusz::store::sqlite {

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
  // `after_rollback` runs on the writer thread when a whole transaction failed, so the owner
  // can re-read state it caches (such as the next case id).
  Writer(std::unique_ptr<Connection> db, WriterOptions options,
         std::function<void(Connection&)> after_rollback);
  ~Writer();  // Runs the jobs already queued, then stops.
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Submit(std::unique_ptr<WriteJob> job);

  // Runs `work` as a job and waits for its commit. For low-volume writes (accounts, CLI).
  [[nodiscard]] Status RunAndWait(std::function<Status(Connection&)> work);

 private:
  void Loop();
  void RunBatch(std::deque<std::unique_ptr<WriteJob>>& batch);

  std::unique_ptr<Connection> db_;
  WriterOptions options_;
  std::function<void(Connection&)> after_rollback_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<WriteJob>> queue_;  // Guarded by mutex_.
  bool stopping_ = false;                        // Guarded by mutex_.
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

}  // namespace ratusz::store::sqlite
