#include "store/sqlite/writer.hpp"

#include <future>

namespace ratusz::store::sqlite {
namespace {

// A statement run once per job: prepared once and cached, not parsed again each time.
Status Run(Connection& db, const std::string& sql) {
  auto stmt = db.Prepare(sql);
  if (!stmt) {
    return stmt.error();
  }
  return (*stmt)->Run();
}

}  // namespace

Writer::Writer(std::unique_ptr<Connection> db, WriterOptions options,
               std::function<void(Connection&)> after_rollback)
    : db_(std::move(db)), options_(options), after_rollback_(std::move(after_rollback)) {
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
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
  std::vector<Status> outcomes;
  outcomes.reserve(batch.size());
  Status commit = db_->Exec("BEGIN IMMEDIATE");
  if (commit) {
    for (auto& job : batch) {
      if (auto s = Run(*db_, "SAVEPOINT job"); !s) {
        outcomes.push_back(s);
        continue;
      }
      Status s = job->Execute(*db_);
      if (!s) {
        (void)Run(*db_, "ROLLBACK TO job");
      }
      (void)Run(*db_, "RELEASE job");
      outcomes.push_back(std::move(s));
    }
    commit = db_->Exec("COMMIT");
    if (!commit) {
      (void)db_->Exec("ROLLBACK");
    }
  }
  if (!commit) {
    after_rollback_(*db_);
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i]->Finish(!commit ? commit : outcomes[i]);
  }
}

}  // namespace ratusz::store::sqlite
