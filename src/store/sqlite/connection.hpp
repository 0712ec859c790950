#pragma once

// A thin RAII layer over the SQLite C API: a connection with a cache of prepared statements.
// A Connection is used by one thread at a time.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.hpp"

namespace ratusz::store::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index. Strings are copied (SQLITE_TRANSIENT) so temporaries are safe.
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<double>& value);
  Statement& Bind(int index, const std::optional<std::int64_t>& value);

  // Advances: true while there is a row. Errors are returned by Done()/Run().
  [[nodiscard]] Result<bool> Step();
  // Steps to completion, for statements without rows.
  [[nodiscard]] Status Run();
  void Reset();

  std::string Text(int column) const;
  std::int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  double Real(int column) const { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Resets a cached statement when the scope ends, so it never holds a read transaction open.
class StatementLease {
 public:
  explicit StatementLease(Statement& s) : s_(&s) {}
  ~StatementLease() {
    if (s_ != nullptr) {
      s_->Reset();
    }
  }
  StatementLease(StatementLease&& other) noexcept : s_(other.s_) { other.s_ = nullptr; }
  StatementLease& operator=(StatementLease&&) = delete;
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  Statement* operator->() { return s_; }
  Statement& operator*() { return *s_; }

 private:
  Statement* s_;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  [[nodiscard]] static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] Status Exec(std::string_view sql);
  // A cached prepared statement for `sql`; the lease resets it when done.
  [[nodiscard]] Result<StatementLease> Prepare(const std::string& sql);
  // A statement used once (dynamic SQL).
  [[nodiscard]] Result<std::unique_ptr<Statement>> PrepareOnce(const std::string& sql);

  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }
  Error LastError(std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace ratusz::store::sqlite
