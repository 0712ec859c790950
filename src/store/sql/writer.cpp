#include "store/sql/writer.hpp"

#include <pthread.h>

#include <future>

namespace ratusz::store::sql {
namespace {

// A statement run once per job or batch: prepared once and cached, not parsed again each time.
Status Run(Connection& db, const std::string& sql) {
  auto stmt = db.Prepare(sql);
  if (!stmt) {
    return stmt.error();
  }
  return (*stmt)->Run();
}

// The same, sent (Statement::Send): its failure is told by the next statement that waits.
Status Send(Connection& db, const std::string& sql) {
  auto stmt = db.Prepare(sql);
  if (!stmt) {
    return stmt.error();
  }
  return (*stmt)->Send();
}

const std::string kCommit = "COMMIT";
const std::string kRollback = "ROLLBACK";
const std::string kSavepoint = "SAVEPOINT job";
const std::string kRollbackJob = "ROLLBACK TO job";
const std::string kRelease = "RELEASE job";

// Threads named for `top -H` and a profiler (at most 15 characters).
void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

}  // namespace

Writer::Writer(std::unique_ptr<Connection> db, WriterOptions options,
               std::function<Status(Connection&)> before_commit)
    : db_(std::move(db)), options_(std::move(options)), before_commit_(std::move(before_commit)) {
  completer_ = std::thread([this] {
    NameThisThread("ratusz-commit");
    CompleteLoop();
  });
  thread_ = std::thread([this] {
    NameThisThread("ratusz-writer");
    Loop();
  });
}

Writer::~Writer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  {
    std::lock_guard lock(done_mutex_);
    done_stopping_ = true;
  }
  done_wake_.notify_one();
  completer_.join();
}

void Writer::Submit(std::unique_ptr<WriteJob> job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

Status Writer::RunAndWait(std::function<Status(Connection&)> work) {
  struct Empty {};
  std::promise<Status> promise;
  auto future = promise.get_future();
  Submit(std::make_unique<FunctionJob<Empty>>(
      [work = std::move(work)](Connection& db) -> Result<Empty> {
        if (auto s = work(db); !s) {
          return s.error();
        }
        return Empty{};
      },
      [&promise](Result<Empty> r) { promise.set_value(r ? Status{} : Status{r.error()}); }));
  return future.get();
}

void Writer::Loop() {
  std::deque<std::unique_ptr<WriteJob>> batch;
  for (;;) {
    db_->BetweenTransactions();
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // Stopping, and nothing is left to write.
      }
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void Writer::RunBatch(std::deque<std::unique_ptr<WriteJob>>& batch) {
  Finished finished;
  finished.outcomes.reserve(batch.size());
  const std::string begin(db_->BeginWrite());
  Status commit = Run(*db_, begin);
  if (commit) {
    // The jobs' statements may be sent without waiting for each (PostgreSQL's pipeline): many
    // jobs share a round trip, and a job whose sent statement failed is rolled back alone by
    // the connection (Connection::BeginJob) and told at the commit.
    for (std::size_t k = 0; k < batch.size(); ++k) {
      db_->BeginJob(k);
      if (auto s = Send(*db_, kSavepoint); !s) {
        finished.outcomes.push_back(s);
        continue;
      }
      Status s = batch[k]->Execute(*db_);
      if (!s) {
        (void)Run(*db_, kRollbackJob);
      }
      (void)Send(*db_, kRelease);
      finished.outcomes.push_back(std::move(s));
    }
    db_->BeginJob(batch.size());
    if (before_commit_ && Send(*db_, kSavepoint)) {
      if (!before_commit_(*db_)) {
        (void)Run(*db_, kRollbackJob);
      }
      (void)Send(*db_, kRelease);
    }
    db_->BeginJob(batch.size() + 1);
    commit = Run(*db_, kCommit);
    for (auto& [k, error] : db_->TakeFailedJobs()) {
      if (k < finished.outcomes.size()) {
        finished.outcomes[k] = error;
      }
    }
    if (!commit) {
      (void)db_->Exec(kRollback);
    }
  }
  if (!commit) {
    for (auto& outcome : finished.outcomes) {
      outcome = commit;
    }
    finished.outcomes.resize(batch.size(), commit);
  }
  finished.jobs = std::move(batch);
  {
    std::lock_guard lock(done_mutex_);
    finished_.push_back(std::move(finished));
  }
  done_wake_.notify_one();
}

void Writer::CompleteLoop() {
  for (;;) {
    Finished finished;
    {
      std::unique_lock lock(done_mutex_);
      done_wake_.wait(lock, [this] { return done_stopping_ || !finished_.empty(); });
      if (finished_.empty()) {
        return;  // Stopping, and every completion has run.
      }
      finished = std::move(finished_.front());
      finished_.pop_front();
    }
    for (std::size_t i = 0; i < finished.jobs.size(); ++i) {
      finished.jobs[i]->Finish(finished.outcomes[i]);
    }
  }
}

}  // namespace ratusz::store::sql
