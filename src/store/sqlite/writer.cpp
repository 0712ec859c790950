#include "store/sqlite/writer.hpp"

#include <pthread.h>

#include <future>

namespace ratusz::store::sqlite {
namespace {

// A statement run once per job or batch: prepared once and cached, not parsed again each time.
Status Run(Connection& db, const std::string& sql) {
  auto stmt = db.Prepare(sql);
  if (!stmt) {
    return stmt.error();
  }
  return (*stmt)->Run();
}

const std::string kBegin = "BEGIN IMMEDIATE";
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
  if (!options_.checkpoint_path.empty()) {
    // Without a connection of its own (the file could not be opened twice) the writer's
    // connection keeps SQLite's automatic checkpoint: slower, never wrong.
    if (auto conn = Connection::Open(options_.checkpoint_path, Connection::Mode::kReadWrite)) {
      checkpointer_ = std::move(conn).value();
      // Replaces SQLite's automatic checkpoint on the writer's connection.
      sqlite3_wal_hook(db_->raw(), &Writer::OnCommit, this);
      checkpoint_thread_ = std::thread([this] {
        NameThisThread("ratusz-ckpt");
        CheckpointLoop();
      });
    }
  }
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
  if (checkpoint_thread_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mutex_);
      checkpoint_stopping_ = true;
    }
    checkpoint_wake_.notify_one();
    checkpoint_thread_.join();
    sqlite3_wal_hook(db_->raw(), nullptr, nullptr);
  }
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
    if (unchecked_pages_.load(std::memory_order_relaxed) >= kCatchUpPages) {
      // The checkpointing thread fell behind a writer that never pauses: nothing is being
      // written now, so the copy can be finished and the WAL started again from its beginning.
      (void)sqlite3_wal_checkpoint_v2(db_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                      nullptr);
      unchecked_pages_ = 0;
    }
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
  Status commit = Run(*db_, kBegin);
  if (commit) {
    for (auto& job : batch) {
      if (auto s = Run(*db_, kSavepoint); !s) {
        finished.outcomes.push_back(s);
        continue;
      }
      Status s = job->Execute(*db_);
      if (!s) {
        (void)Run(*db_, kRollbackJob);
      }
      (void)Run(*db_, kRelease);
      finished.outcomes.push_back(std::move(s));
    }
    if (before_commit_ && Run(*db_, kSavepoint)) {
      if (!before_commit_(*db_)) {
        (void)Run(*db_, kRollbackJob);
      }
      (void)Run(*db_, kRelease);
    }
    commit = Run(*db_, kCommit);
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

int Writer::OnCommit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
  auto* writer = static_cast<Writer*>(self);
  writer->unchecked_pages_.store(pages, std::memory_order_relaxed);
  // The WAL grows while the checkpointer copies (a writer that never pauses never lets it
  // start again from its beginning), so a checkpoint is due once kCheckpointPages more pages
  // were written since the last one was asked for, not at every commit past the mark.
  if (pages < writer->checkpoint_asked_at_) {
    writer->checkpoint_asked_at_ = 0;  // The WAL was started again.
  }
  if (pages - writer->checkpoint_asked_at_ >= kCheckpointPages) {
    writer->checkpoint_asked_at_ = pages;
    {
      std::lock_guard lock(writer->checkpoint_mutex_);
      writer->checkpoint_due_ = true;
    }
    writer->checkpoint_wake_.notify_one();
  }
  return SQLITE_OK;
}

void Writer::CheckpointLoop() {
  for (;;) {
    {
      std::unique_lock lock(checkpoint_mutex_);
      checkpoint_wake_.wait(lock, [this] { return checkpoint_stopping_ || checkpoint_due_; });
      if (checkpoint_stopping_) {
        return;
      }
      checkpoint_due_ = false;
    }
    // Passive: copies what no reader still needs, never waits for the writer or blocks it.
    (void)sqlite3_wal_checkpoint_v2(checkpointer_->raw(), "main", SQLITE_CHECKPOINT_PASSIVE,
                                    nullptr, nullptr);
  }
}

}  // namespace ratusz::store::sqlite
