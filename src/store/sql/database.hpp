#pragma once

// What every store stands on: one database (a SQLite file in WAL mode, or a PostgreSQL
// database), its migrations, the keys of its personal data, one writer thread with group
// commit (writer.hpp), and a pool of read-only connections for concurrent reads. The stores of the
// contexts (cases, outbox, contact center, residents, notices, knowledge base, accounts) share one
// Database, so a transaction may span their tables (an erasure reaches cases, contacts and
// subscriptions together).

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/ports/outbox.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "security/personal_data.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/query.hpp"
#include "store/sql/writer.hpp"

namespace ratusz::store::sql {

struct StoreOptions {
  StoreOptions(std::string database = {}, std::size_t batch = 2048)  // NOLINT: {path} reads well.
      : path(std::move(database)), max_batch(batch) {}

  std::string path;              // SQLite: the database file.
  std::size_t max_batch = 2048;  // Group commit: jobs per transaction at most.
  // PostgreSQL: a libpq connection URL (postgresql://user@host:port/db); when set, `path` is
  // not used. The readers are at most `pool_size` connections (besides the writer's).
  std::string url;
  std::size_t pool_size = 8;
  Dialect dialect() const { return url.empty() ? Dialect::kSqlite : Dialect::kPostgres; }

  static StoreOptions Postgres(std::string database_url) {
    StoreOptions options;
    options.url = std::move(database_url);
    return options;
  }
  // Duplicate search keeps the located cases of the last `recent_days` of these jurisdictions
  // in memory (dedup::RecentGrid); 0 turns it off (every search reads the grid-cell index).
  int recent_days = 0;
  std::vector<std::string> jurisdictions;
  std::function<Timestamp()> now = [] { return SystemClock().Now(); };
  // Messages that stay inside are written in their final state (no delivery round trip).
  app::OutboxDisposition outbox_disposition;

  // The keys personal fields are sealed with. When set, Open() checks them against the
  // database (a value sealed at the first start: the canary) and refuses keys that do not fit.
  // When null, a random key lives as long as the store (tests and benchmarks).
  std::shared_ptr<const security::PersonalData> personal;
};

// A connection of its own to the database of `options` (either backend).
[[nodiscard]] Result<std::unique_ptr<Connection>> Connect(const StoreOptions& options,
                                                          Connection::Mode mode);

// The schema version this binary knows (the highest embedded migration) for a backend.
int LatestSchemaVersion(Dialect dialect = Dialect::kSqlite);

class Database {
 public:
  // Opens (creating if needed) the database and runs pending migrations. Fails with
  // kFailedPrecondition when the file's schema is newer than this binary, or when the keys
  // do not fit its personal data.
  [[nodiscard]] static Result<std::unique_ptr<Database>> Open(const StoreOptions& options);
  ~Database();
  // Finishes the queued writes and stops the writer; nothing is written afterwards.
  void Close();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Applies pending migrations only; returns the versions applied.
  [[nodiscard]] static Result<std::vector<int>> Migrate(const StoreOptions& options);

  // Copies the live database to `target` (readers and the writer keep going): SQLite's online
  // backup into a database file, or pg_dump's archive of a PostgreSQL database (pg_restore).
  [[nodiscard]] Status Backup(const std::string& target);
  // Whether the database answers a read now (for /readyz).
  [[nodiscard]] Status CheckReadable();

  const StoreOptions& options() const { return options_; }
  Dialect dialect() const { return options_.dialect(); }
  // After an erasure: drops what the database keeps of old row versions where it can (SQLite's
  // WAL; PostgreSQL's dead rows are left to its vacuum).
  void PurgeOldVersions();
  const security::PersonalData& personal() const { return *personal_; }
  Writer& writer() { return *writer_; }

  // Work done once per transaction after its jobs (see Writer); added before any write.
  void BeforeCommit(std::function<Status(Connection&)> work) {
    before_commit_.push_back(std::move(work));
  }

  // Told of every case a commit changed (on the completion thread, before the writers'
  // callbacks); set once, before any write.
  void SetChangeListener(std::function<void(std::int64_t case_id)> listener) {
    change_listener_ = std::move(listener);
  }
  void CaseChanged(std::int64_t case_id) const {
    if (change_listener_) {
      change_listener_(case_id);
    }
  }

  // A read-only connection for the duration of one call, returned to the pool afterwards.
  class Reader {
   public:
    Reader(Database* db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
    Reader(Reader&& other) noexcept = default;
    Reader& operator=(Reader&&) = delete;
    ~Reader() {
      if (conn_) {
        db_->ReturnReader(std::move(conn_));
      }
    }
    Connection* operator->() { return conn_.get(); }
    Connection* get() { return conn_.get(); }

   private:
    Database* db_;
    std::unique_ptr<Connection> conn_;
  };

  [[nodiscard]] Result<Reader> BorrowReader();

  // A query on a pooled read-only connection: `bind` sets the parameters, `map` maps a row.
  template <typename T, typename Bind, typename Map>
  [[nodiscard]] Result<std::vector<T>> ReadAll(const std::string& sql, Bind bind, Map map) {
    auto reader = BorrowReader();
    if (!reader) {
      return reader.error();
    }
    return Query<T>(*reader->get(), sql, bind, map);
  }
  template <typename T, typename Bind, typename Map>
  [[nodiscard]] Result<std::optional<T>> ReadOne(const std::string& sql, Bind bind, Map map) {
    auto reader = BorrowReader();
    if (!reader) {
      return reader.error();
    }
    return QueryOne<T>(*reader->get(), sql, bind, map);
  }

 private:
  explicit Database(StoreOptions options)
      : options_(std::move(options)),
        personal_(options_.personal ? options_.personal : security::PersonalData::Ephemeral()) {}

  void ReturnReader(std::unique_ptr<Connection> conn);

  StoreOptions options_;
  std::shared_ptr<const security::PersonalData> personal_;
  std::vector<std::function<Status(Connection&)>> before_commit_;
  std::function<void(std::int64_t)> change_listener_;
  std::unique_ptr<Writer> writer_;
  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // Guarded by readers_mutex_.
  std::size_t open_readers_ = 0;                           // Guarded by readers_mutex_.
};

}  // namespace ratusz::store::sql
