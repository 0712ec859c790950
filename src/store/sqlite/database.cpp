#include "store/sqlite/database.hpp"

#include <algorithm>

#include "store/sqlite/query.hpp"

namespace ratusz::store::sqlite {
namespace {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

constexpr Migration kMigrations[] = {
#include "sqlite_migrations.inc"
};

Status ApplyMigrations(Connection& db, std::vector<int>* applied) {
  auto version_stmt = db.PrepareOnce("PRAGMA user_version");
  if (!version_stmt) {
    return version_stmt.error();
  }
  auto row = (*version_stmt)->Step();
  if (!row) {
    return row.error();
  }
  const auto current = static_cast<int>((*version_stmt)->Int(0));
  version_stmt.value().reset();
  const int latest = LatestSchemaVersion();
  if (current > latest) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the database schema is version " + std::to_string(current) +
                         ", newer than this ratusz understands (" + std::to_string(latest) +
                         "); run a newer ratusz or restore a backup");
  }
  for (const auto& m : kMigrations) {
    if (m.number <= current) {
      continue;
    }
    Status s = db.Exec("BEGIN IMMEDIATE");
    if (s) {
      s = db.Exec(m.sql);
    }
    if (s) {
      s = db.Exec("PRAGMA user_version = " + std::to_string(m.number));
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

int LatestSchemaVersion() {
  int latest = 0;
  for (const auto& m : kMigrations) {
    latest = std::max(latest, m.number);
  }
  return latest;
}

Result<std::unique_ptr<Database>> Database::Open(const StoreOptions& options) {
  auto db = Connection::Open(options.path, Connection::Mode::kReadWrite);
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
  std::unique_ptr<Database> database(new Database(options));
  database->writer_ = std::make_unique<Writer>(std::move(db).value(),
                                               WriterOptions{options.max_batch, options.path},
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

Result<std::vector<int>> Database::Migrate(const std::string& path) {
  auto db = Connection::Open(path, Connection::Mode::kReadWrite);
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
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return Reader(this, std::move(conn));
    }
  }
  auto conn = Connection::Open(options_.path, Connection::Mode::kReadOnly);
  if (!conn) {
    return conn.error();
  }
  return Reader(this, std::move(conn).value());
}

void Database::ReturnReader(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(conn));
}

Status Database::CheckReadable() {
  auto schema = ReadOne<std::int64_t>(
      "PRAGMA user_version", [](Statement&) {}, [](const Statement& row) { return row.Int(0); });
  if (!schema) {
    return schema.error();
  }
  return {};
}

Status Database::Backup(const std::string& target) {
  sqlite3* dest = nullptr;
  if (sqlite3_open(target.c_str(), &dest) != SQLITE_OK) {
    std::string message = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    return MakeError(ErrorCode::kFailedPrecondition,
                     "cannot create backup file " + target + ": " + message);
  }
  auto reader = BorrowReader();
  if (!reader) {
    sqlite3_close(dest);
    return reader.error();
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", (*reader)->raw(), "main");
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

}  // namespace ratusz::store::sqlite
