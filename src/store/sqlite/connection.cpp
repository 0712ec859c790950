#include "store/sqlite/connection.hpp"

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

}  // namespace

Statement& Statement::Bind(int index, std::string_view value) {
  // An empty view may have no data at all: it is still the empty text, never NULL.
  sqlite3_bind_text(stmt_, index, value.data() != nullptr ? value.data() : "",
                    static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<double>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<std::int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return MakeError(CodeFor(sqlite3_extended_errcode(db_)),
                   std::string("database: ") + sqlite3_errmsg(db_));
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) {
      return row.error();
    }
    if (!row.value()) {
      return {};
    }
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::Text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode) {
  sqlite3* db = nullptr;
  const int flags = (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return MakeError(CodeFor(rc), "cannot open database " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> conn(new Connection(db));
  // Durability: WAL with synchronous=FULL makes every commit survive power loss, not only a
  // crash of this process. busy_timeout lets the CLI write while the server runs.
  // The writer zeroes deleted values where that costs no extra write (secure_delete=FAST: ON
  // cost a fifth of the intake's throughput); an erasure turns it fully on for its own job.
  // Readers map the database file into memory (random reads of a large file, such as the
  // duplicate search's, become memory reads) and keep a larger page cache; so does the writer
  // (the pages of the random indexes it updates: the grid cells, the reporters' lookups).
  const char* pragmas = mode == Mode::kReadOnly
                            ? "PRAGMA busy_timeout=5000; PRAGMA query_only=1; "
                              "PRAGMA mmap_size=2147418112; PRAGMA cache_size=-32768;"
                            : "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; "
                              "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                              "PRAGMA secure_delete=FAST; PRAGMA cache_size=-65536;";
  if (auto s = conn->Exec(pragmas); !s) {
    return s.error();
  }
  return conn;
}

Connection::~Connection() {
  cache_.clear();
  sqlite3_close(db_);
}

Error Connection::LastError(std::string_view what) const {
  return MakeError(CodeFor(sqlite3_extended_errcode(db_)),
                   std::string(what) + ": " + sqlite3_errmsg(db_));
}

Status Connection::Exec(std::string_view sql) {
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

Result<StatementLease> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto stmt = PrepareOnce(sql);
    if (!stmt) {
      return stmt.error();
    }
    it = cache_.emplace(sql, std::move(stmt).value()).first;
  }
  return StatementLease(*it->second);
}

Result<std::unique_ptr<Statement>> Connection::PrepareOnce(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return LastError("cannot prepare statement");
  }
  return std::make_unique<Statement>(db_, stmt);
}

}  // namespace ratusz::store::sqlite
