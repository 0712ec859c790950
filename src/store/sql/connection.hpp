#pragma once

// What the stores of the contexts see of a database: a connection with a cache of prepared
// statements, and statements bound by 1-based parameter number and read by 0-based column.
// Two backends implement it: SQLite (store/sqlite/) and PostgreSQL (store/postgresql/). The
// stores write one SQL for both where the two agree (standard upserts, RETURNING, parameters
// written `?` or `?N`) and ask dialect() where they do not (full-text search, JSON).
// A Connection is used by one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace ratusz::store::sql {

enum class Dialect { kSqlite, kPostgres };

class Statement {
 public:
  virtual ~Statement() = default;
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index. Strings are copied, so temporaries are safe.
  virtual Statement& Bind(int index, std::string_view value) = 0;
  virtual Statement& Bind(int index, std::int64_t value) = 0;
  virtual Statement& Bind(int index, double value) = 0;
  virtual Statement& BindNull(int index) = 0;
  // A value, or NULL.
  Statement& Bind(int index, const std::optional<double>& value);
  Statement& Bind(int index, const std::optional<std::int64_t>& value);

  // Advances: true while there is a row. Errors are returned by Step()/Run().
  [[nodiscard]] virtual Result<bool> Step() = 0;
  // Steps to completion, for statements without rows.
  [[nodiscard]] Status Run();
  // Runs a statement without rows whose failure may be told later, by the connection's next
  // statement that waits for its answer (PostgreSQL sends it in a pipeline with the others:
  // one round trip for many; SQLite runs it at once). Nothing may depend on its Changes().
  [[nodiscard]] virtual Status Send() { return Run(); }
  // Forgets the bindings and the rows, ready to be bound again.
  virtual void Reset() = 0;

  virtual std::string Text(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;
  virtual double Real(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
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

  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;

  // Runs one or more statements without parameters or rows.
  [[nodiscard]] virtual Status Exec(std::string_view sql) = 0;
  // A cached prepared statement for `sql`; the lease resets it when done.
  [[nodiscard]] Result<StatementLease> Prepare(const std::string& sql);
  // A statement used once (dynamic SQL).
  [[nodiscard]] virtual Result<std::unique_ptr<Statement>> PrepareOnce(const std::string& sql) = 0;

  // The rows the last INSERT, UPDATE or DELETE changed.
  virtual int Changes() const = 0;

  // The writer's jobs in one transaction: the statements sent from now on are job `job`'s
  // (each job begins with SAVEPOINT job and ends with RELEASE job). When a sent statement of
  // an earlier job is found to have failed, the connection rolls that job back to its
  // savepoint, sends the later jobs' statements again (the server skipped them), and reports
  // the job in TakeFailedJobs(); a failure of the current job's own is returned as usual.
  virtual void BeginJob(std::size_t /*job*/) {}
  virtual std::vector<std::pair<std::size_t, Error>> TakeFailedJobs() { return {}; }

  // The statement that opens a write transaction.
  virtual std::string_view BeginWrite() const = 0;
  // Called by the writer between two transactions (SQLite finishes a checkpoint that fell
  // far behind here; PostgreSQL connects again when the server ended the connection).
  virtual void BetweenTransactions() {}

  // Whether the connection is lost for good (a server that ended it): the pool drops it.
  virtual bool Broken() const { return false; }

  // The schema version the migrations have reached, and its update (inside a migration's
  // transaction).
  [[nodiscard]] virtual Result<int> SchemaVersion() = 0;
  [[nodiscard]] virtual Status SetSchemaVersion(int version) = 0;

 protected:
  // Derived classes clear it before they close their handle.
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace ratusz::store::sql
