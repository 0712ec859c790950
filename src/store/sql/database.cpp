#include "store/sql/database.hpp"

#include <algorithm>
#include <span>

#include "store/postgresql/connection.hpp"
#include "store/sql/query.hpp"
#include "store/sqlite/connection.hpp"

namespace ratusz::store::sql {
namespace {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

constexpr Migration kSqliteMigrations[] = {
#include "sqlite_migrations.inc"
};
constexpr Migration kPostgresMigrations[] = {
#include "postgresql_migrations.inc"
};

std::span<const Migration> MigrationsOf(Dialect dialect) {
  if (dialect == Dialect::kPostgres) {
    return kPostgresMigrations;
  }
  return kSqliteMigrations;
}

Status ApplyMigrations(Connection& db, std::vector<int>* applied) {
  auto version = db.SchemaVersion();
  if (!version) {
    return version.error();
  }
  const int current = *version;
  const int latest = LatestSchemaVersion(db.dialect());
  if (current > latest) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the database schema is version " + std::to_string(current) +
                         ", newer than this ratusz understands (" + std::to_string(latest) +
                         "); run a newer ratusz or restore a backup");
  }
  for (const auto& m : MigrationsOf(db.dialect())) {
    if (m.number <= current) {
      continue;
    }
    Status s = db.Exec(db.BeginWrite());
    if (s) {
      s = db.Exec(m.sql);
    }
    if (s) {
      s = db.SetSchemaVersion(m.number);
    }
    if (s) {
      s = db.Exec("COMMIT");
    }
    if (!s) {
      (void)db.Exec("ROLLBACK");
      return MakeError(s.error().code,
                       std::string("migration ") + m.name + " failed: " + s.error().message);
    }
    if (applied != nullptr) {
      applied->push_back(m.number);
    }
  }
  return {};
}

constexpr std::string_view kCanaryText = "ratusz personal data";

// The first start with keys seals a known text; every later start must open it with the keys
// it is given, or personal data would be written with keys that cannot read what is there.
Status CheckCanary(Connection& db, const security::PersonalData& personal) {
  auto row = QueryOne<std::pair<std::string, std::string>>(
      db, "SELECT sealed, lookup FROM privacy_canary WHERE id = 1", [](Statement&) {},
      [](const Statement& r) {
        return std::pair{r.Text(0), r.Text(1)};
      });
  if (!row) {
    return row.error();
  }
  const std::string lookup = personal.sealer().Lookup(kCanaryText);
  if (!row.value()) {
    return Execute(db, "INSERT INTO privacy_canary (id, sealed, lookup) VALUES (1, ?, ?)",
                   [&](Statement& q) { q.Bind(1, personal.Seal(kCanaryText)).Bind(2, lookup); });
  }
  auto opened = personal.sealer().Open(row.value()->first);
  if (!opened || opened.value() != kCanaryText || row.value()->second != lookup) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the personal-data keys do not fit this database (its personal data was "
                     "sealed with another key file): configure the key file it was created "
                     "with (privacy.key_file or RATUSZ_PERSONAL_KEYS)");
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Connection>> Connect(const StoreOptions& options, Connection::Mode mode) {
  if (options.dialect() == Dialect::kPostgres) {
    return postgresql::Open(options.url, mode);
  }
  return sqlite::Open(options.path, mode);
}

int LatestSchemaVersion(Dialect dialect) {
  int latest = 0;
  for (const auto& m : MigrationsOf(dialect)) {
    latest = std::max(latest, m.number);
  }
  return latest;
}

Result<std::unique_ptr<Database>> Database::Open(const StoreOptions& options) {
  auto db = Connect(options, Connection::Mode::kReadWrite);
  if (!db) {
    return db.error();
  }
  if (auto s = ApplyMigrations(**db, nullptr); !s) {
    return s.error();
  }
  if (options.personal) {
    if (auto s = CheckCanary(**db, *options.personal); !s) {
      return s.error();
    }
  }
  if (options.dialect() == Dialect::kSqlite) {
    sqlite::CheckpointInBackground(**db, options.path);
  }
  std::unique_ptr<Database> database(new Database(options));
  database->writer_ =
      std::make_unique<Writer>(std::move(db).value(), WriterOptions{options.max_batch},
                               [raw = database.get()](Connection& conn) -> Status {
                                 for (const auto& work : raw->before_commit_) {
                                   if (auto s = work(conn); !s) {
                                     return s;
                                   }
                                 }
                                 return {};
                               });
  return database;
}

Result<std::vector<int>> Database::Migrate(const StoreOptions& options) {
  auto db = Connect(options, Connection::Mode::kReadWrite);
  if (!db) {
    return db.error();
  }
  std::vector<int> applied;
  if (auto s = ApplyMigrations(**db, &applied); !s) {
    return s.error();
  }
  return applied;
}

Database::~Database() { Close(); }

void Database::Close() {
  writer_.reset();  // Finishes the queued writes first.
}

Result<Database::Reader> Database::BorrowReader() {
  {
    std::unique_lock lock(readers_mutex_);
    // SQLite's readers cost a file handle each: as many as there are threads reading. A
    // PostgreSQL server's connections are a process each: at most pool_size.
    const std::size_t limit = dialect() == Dialect::kPostgres ? options_.pool_size : 0;
    reader_returned_.wait(
        lock, [&] { return !idle_readers_.empty() || limit == 0 || open_readers_ < limit; });
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return Reader(this, std::move(conn));
    }
    ++open_readers_;
  }
  auto conn = Connect(options_, Connection::Mode::kReadOnly);
  if (!conn) {
    std::lock_guard lock(readers_mutex_);
    --open_readers_;
    reader_returned_.notify_one();
    return conn.error();
  }
  return Reader(this, std::move(conn).value());
}

void Database::ReturnReader(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(readers_mutex_);
    if (conn->Broken()) {
      --open_readers_;  // The next borrower connects anew.
    } else {
      idle_readers_.push_back(std::move(conn));
    }
  }
  reader_returned_.notify_one();
}

Status Database::CheckReadable() {
  auto reader = BorrowReader();
  if (!reader) {
    return reader.error();
  }
  if (auto version = (*reader)->SchemaVersion(); !version) {
    return version.error();
  }
  return {};
}

void Database::PurgeOldVersions() {
  if (dialect() == Dialect::kSqlite) {
    sqlite::TruncateLog(options_.path);
  }
}

Status Database::Backup(const std::string& target) {
  if (dialect() == Dialect::kPostgres) {
    return postgresql::Dump(options_.url, target);
  }
  auto reader = BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return sqlite::Backup(*reader->get(), target);
}

}  // namespace ratusz::store::sql
