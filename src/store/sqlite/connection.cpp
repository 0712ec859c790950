#include "store/sqlite/connection.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace ratusz::store::sqlite {
namespace {

ErrorCode CodeFor(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
      return ErrorCode::kAlreadyExists;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::kUnavailable;
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return ErrorCode::kResourceExhausted;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return ErrorCode::kFailedPrecondition;
    default:
      return ErrorCode::kInternal;
  }
}

Error LastError(sqlite3* db, std::string_view what) {
  return MakeError(CodeFor(sqlite3_extended_errcode(db)),
                   std::string(what) + ": " + sqlite3_errmsg(db));
}

class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  using sql::Statement::Bind;
  Statement& Bind(int index, std::string_view value) override {
    // An empty view may have no data at all: it is still the empty text, never NULL.
    sqlite3_bind_text(stmt_, index, value.data() != nullptr ? value.data() : "",
                      static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int index, std::int64_t value) override {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  Statement& Bind(int index, double value) override {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
  }
  Statement& BindNull(int index) override {
    sqlite3_bind_null(stmt_, index);
    return *this;
  }

  Result<bool> Step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc == SQLITE_DONE) {
      return false;
    }
    return LastError(db_, "database");
  }

  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string Text(int column) const override {
    const auto* p = sqlite3_column_text(stmt_, column);
    if (p == nullptr) {
      return {};
    }
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double Real(int column) const override { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Threads named for `top -H` and a profiler (at most 15 characters).
void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

// Copies the WAL back into the database file on a thread and connection of its own.
class Checkpointer {
 public:
  Checkpointer(sqlite3* writer, std::unique_ptr<sql::Connection> own, sqlite3* own_raw)
      : writer_(writer), connection_(std::move(own)), own_(own_raw) {
    // Replaces SQLite's automatic checkpoint on the writer's connection.
    sqlite3_wal_hook(writer_, &Checkpointer::OnCommit, this);
    thread_ = std::thread([this] {
      NameThisThread("ratusz-ckpt");
      Loop();
    });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    sqlite3_wal_hook(writer_, nullptr, nullptr);
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // On the writer's thread, between two transactions.
  void CatchUp() {
    if (unchecked_pages_.load(std::memory_order_relaxed) >= kCatchUpPages) {
      // The checkpointing thread fell behind a writer that never pauses: nothing is being
      // written now, so the copy can be finished and the WAL started again from its beginning.
      (void)sqlite3_wal_checkpoint_v2(writer_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      unchecked_pages_ = 0;
    }
  }

 private:
  // Called by SQLite after each commit with the WAL's size in pages.
  static int OnCommit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
    auto* c = static_cast<Checkpointer*>(self);
    c->unchecked_pages_.store(pages, std::memory_order_relaxed);
    // The WAL grows while the checkpointer copies (a writer that never pauses never lets it
    // start again from its beginning), so a checkpoint is due once kCheckpointPages more pages
    // were written since the last one was asked for, not at every commit past the mark.
    if (pages < c->asked_at_) {
      c->asked_at_ = 0;  // The WAL was started again.
    }
    if (pages - c->asked_at_ >= kCheckpointPages) {
      c->asked_at_ = pages;
      {
        std::lock_guard lock(c->mutex_);
        c->due_ = true;
      }
      c->wake_.notify_one();
    }
    return SQLITE_OK;
  }

  void Loop() {
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || due_; });
        if (stopping_) {
          return;
        }
        due_ = false;
      }
      // Passive: copies what no reader still needs, never waits for the writer or blocks it.
      (void)sqlite3_wal_checkpoint_v2(own_, "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
  }

  sqlite3* writer_;
  std::unique_ptr<sql::Connection> connection_;
  sqlite3* own_;  // connection_'s handle.
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;                     // Guarded by mutex_.
  bool stopping_ = false;                // Guarded by mutex_.
  std::atomic<int> unchecked_pages_{0};  // Writer's view of the WAL's size (for the catch-up).
  int asked_at_ = 0;                     // Writer thread: the WAL's size at the last request.
  std::thread thread_;
};

class SqliteConnection final : public sql::Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    checkpointer_.reset();
    cache_.clear();
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }

  Status Exec(std::string_view sql) override {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      Error e = MakeError(CodeFor(sqlite3_extended_errcode(db_)),
                          std::string("database: ") + (message ? message : "error"));
      sqlite3_free(message);
      return e;
    }
    return {};
  }

  Result<std::unique_ptr<sql::Statement>> PrepareOnce(const std::string& sql) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return LastError(db_, "cannot prepare statement");
    }
    return std::unique_ptr<sql::Statement>(std::make_unique<SqliteStatement>(db_, stmt));
  }

  int Changes() const override { return sqlite3_changes(db_); }
  std::string_view BeginWrite() const override { return "BEGIN IMMEDIATE"; }
  void BetweenTransactions() override {
    if (checkpointer_) {
      checkpointer_->CatchUp();
    }
  }

  Result<int> SchemaVersion() override {
    auto stmt = PrepareOnce("PRAGMA user_version");
    if (!stmt) {
      return stmt.error();
    }
    auto row = (*stmt)->Step();
    if (!row) {
      return row.error();
    }
    return static_cast<int>((*stmt)->Int(0));
  }
  Status SetSchemaVersion(int version) override {
    return Exec("PRAGMA user_version = " + std::to_string(version));
  }

  sqlite3* raw() { return db_; }
  void StartCheckpointer(std::unique_ptr<sql::Connection> own);

 private:
  sqlite3* db_;
  std::unique_ptr<Checkpointer> checkpointer_;
};

void SqliteConnection::StartCheckpointer(std::unique_ptr<sql::Connection> own) {
  sqlite3* raw = static_cast<SqliteConnection&>(*own).raw();
  checkpointer_ = std::make_unique<Checkpointer>(db_, std::move(own), raw);
}

Result<sqlite3*> OpenRaw(const std::string& path, sql::Connection::Mode mode) {
  sqlite3* db = nullptr;
  const int flags =
      (mode == sql::Connection::Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return MakeError(CodeFor(rc), "cannot open database " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  return db;
}

}  // namespace

Result<std::unique_ptr<sql::Connection>> Open(const std::string& path, sql::Connection::Mode mode) {
  auto db = OpenRaw(path, mode);
  if (!db) {
    return db.error();
  }
  auto conn = std::make_unique<SqliteConnection>(*db);
  // Durability: WAL with synchronous=FULL makes every commit survive power loss, not only a
  // crash of this process. busy_timeout lets the CLI write while the server runs.
  // The writer zeroes deleted values where that costs no extra write (secure_delete=FAST: ON
  // cost a fifth of the intake's throughput); an erasure turns it fully on for its own job.
  // Readers map the database file into memory (random reads of a large file, such as the
  // duplicate search's, become memory reads) and keep a larger page cache; so does the writer
  // (the pages of the random indexes it updates: the grid cells, the reporters' lookups).
  const char* pragmas = mode == sql::Connection::Mode::kReadOnly
                            ? "PRAGMA busy_timeout=5000; PRAGMA query_only=1; "
                              "PRAGMA mmap_size=2147418112; PRAGMA cache_size=-32768;"
                            : "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; "
                              "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                              "PRAGMA secure_delete=FAST; PRAGMA cache_size=-65536;";
  if (auto s = conn->Exec(pragmas); !s) {
    return s.error();
  }
  return std::unique_ptr<sql::Connection>(std::move(conn));
}

void CheckpointInBackground(sql::Connection& db, const std::string& path) {
  auto own = Open(path, sql::Connection::Mode::kReadWrite);
  if (!own) {
    return;
  }
  static_cast<SqliteConnection&>(db).StartCheckpointer(std::move(own).value());
}

Status Backup(sql::Connection& from, const std::string& target) {
  sqlite3* dest = nullptr;
  if (sqlite3_open(target.c_str(), &dest) != SQLITE_OK) {
    std::string message = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    return MakeError(ErrorCode::kFailedPrecondition,
                     "cannot create backup file " + target + ": " + message);
  }
  sqlite3_backup* backup =
      sqlite3_backup_init(dest, "main", static_cast<SqliteConnection&>(from).raw(), "main");
  int rc = SQLITE_ERROR;
  if (backup != nullptr) {
    do {
      rc = sqlite3_backup_step(backup, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        sqlite3_sleep(20);
      }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
  }
  Status result;
  if (rc != SQLITE_DONE) {
    result = MakeError(ErrorCode::kInternal,
                       std::string("backup to ") + target + " failed: " + sqlite3_errmsg(dest));
  }
  sqlite3_close(dest);
  return result;
}

void TruncateLog(const std::string& path) {
  if (auto db = Open(path, sql::Connection::Mode::kReadWrite)) {
    (void)(*db)->Exec("PRAGMA wal_checkpoint(TRUNCATE);");
  }
}

}  // namespace ratusz::store::sqlite
