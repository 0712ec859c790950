#include "store/postgresql/connection.hpp"

#include <libpq-fe.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

namespace ratusz::store::postgresql {
namespace {

// PostgreSQL's type numbers (pg_type.oid) of the parameters the stores bind; text goes as
// "unknown" (0), so that it may stand for any column's type, as it does in SQLite.
constexpr Oid kUnknownOid = 0;
constexpr Oid kInt8Oid = 20;
constexpr Oid kFloat8Oid = 701;

ErrorCode CodeFor(std::string_view sqlstate) {
  if (sqlstate.starts_with("23")) {
    return ErrorCode::kAlreadyExists;  // Integrity constraints, as SQLITE_CONSTRAINT.
  }
  if (sqlstate.starts_with("08") || sqlstate == "40001" || sqlstate == "40P01" ||
      sqlstate.starts_with("57P")) {
    return ErrorCode::kUnavailable;
  }
  if (sqlstate.starts_with("53")) {
    return ErrorCode::kResourceExhausted;
  }
  if (sqlstate == "25006" || sqlstate.starts_with("42501")) {
    return ErrorCode::kFailedPrecondition;
  }
  return ErrorCode::kInternal;
}

Error ResultError(PGconn* conn, const PGresult* result, std::string_view what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    return MakeError(ErrorCode::kUnavailable, std::string(what) + ": " + message);
  }
  return MakeError(CodeFor(state != nullptr ? state : ""), std::string(what) + ": " + message);
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PgConnection;

// Parameter values as libpq takes them: pointers (NULL for NULL) and lengths.
struct LibpqValues {
  explicit LibpqValues(const std::vector<std::optional<std::string>>& bound)
      : values(bound.size(), nullptr), lengths(bound.size(), 0) {
    for (std::size_t i = 0; i < bound.size(); ++i) {
      if (bound[i]) {
        values[i] = bound[i]->c_str();
        lengths[i] = static_cast<int>(bound[i]->size());
      }
    }
  }
  int count() const { return static_cast<int>(values.size()); }
  std::vector<const char*> values;
  std::vector<int> lengths;
};

class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgConnection& conn, std::string sql, int params)
      : conn_(conn),
        sql_(std::move(sql)),
        values_(static_cast<std::size_t>(params)),
        types_(static_cast<std::size_t>(params), kUnknownOid) {}

  using sql::Statement::Bind;
  Statement& Bind(int index, std::string_view value) override {
    return Set(index, std::string(value), kUnknownOid);
  }
  Statement& Bind(int index, std::int64_t value) override {
    return Set(index, std::to_string(value), kInt8Oid);
  }
  Statement& Bind(int index, double value) override {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return Set(index, std::string(buffer, end), kFloat8Oid);
  }
  Statement& BindNull(int index) override {
    if (index >= 1 && static_cast<std::size_t>(index) <= values_.size()) {
      values_[static_cast<std::size_t>(index) - 1].reset();
    }
    return *this;
  }

  Result<bool> Step() override;
  Status Send() override;

  void Reset() override {
    result_.reset();
    row_ = -1;
    for (auto& v : values_) {
      v.reset();
    }
    std::fill(types_.begin(), types_.end(), kUnknownOid);
  }

  std::string Text(int column) const override {
    const char* p = Value(column);
    return p != nullptr
               ? std::string(p, static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)))
               : std::string();
  }
  std::int64_t Int(int column) const override {
    const char* p = Value(column);
    if (p == nullptr) {
      return 0;
    }
    if (*p == 't') {
      return 1;  // A boolean expression, which SQLite gives as 1 or 0.
    }
    if (*p == 'f') {
      return 0;
    }
    std::int64_t v = 0;
    const char* end = p + PQgetlength(result_.get(), row_, column);
    if (auto [rest, ec] = std::from_chars(p, end, v); ec != std::errc() || rest != end) {
      return static_cast<std::int64_t>(std::strtod(p, nullptr));  // numeric, as SQLite casts.
    }
    return v;
  }
  double Real(int column) const override {
    const char* p = Value(column);
    return p != nullptr ? std::strtod(p, nullptr) : 0.0;
  }
  bool IsNull(int column) const override {
    return result_ == nullptr || row_ < 0 || row_ >= PQntuples(result_.get()) ||
           column >= PQnfields(result_.get()) || PQgetisnull(result_.get(), row_, column) != 0;
  }

 private:
  // The server-side statement for the bound parameters' types, prepared when new.
  Result<const std::string*> Prepared();
  Statement& Set(int index, std::string value, Oid type) {
    if (index >= 1 && static_cast<std::size_t>(index) <= values_.size()) {
      values_[static_cast<std::size_t>(index) - 1] = std::move(value);
      types_[static_cast<std::size_t>(index) - 1] = type;
    }
    return *this;
  }
  const char* Value(int column) const {
    if (IsNull(column)) {
      return nullptr;
    }
    return PQgetvalue(result_.get(), row_, column);
  }

  PgConnection& conn_;
  std::string sql_;
  std::vector<std::optional<std::string>> values_;
  std::vector<Oid> types_;
  // The server-side statements prepared for this SQL, one per list of parameter types.
  std::map<std::vector<Oid>, std::string> prepared_;
  ResultPtr result_;
  int row_ = -1;
};

class PgConnection final : public sql::Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override {
    cache_.clear();
    PQfinish(conn_);
  }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }

  Status Exec(std::string_view sql) override {
    if (auto s = Settle(); !s) {
      return s;
    }
    ResultPtr r(PQexec(conn_, std::string(sql).c_str()));
    const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return ResultError(conn_, r.get(), "database");
    }
    NoteChanges(r.get());
    return {};
  }

  Result<std::unique_ptr<sql::Statement>> PrepareOnce(const std::string& sql) override {
    std::string text = Translate(sql);
    return std::unique_ptr<sql::Statement>(
        std::make_unique<PgStatement>(*this, std::move(text), CountParameters(sql)));
  }

  int Changes() const override { return changes_; }
  std::string_view BeginWrite() const override { return "BEGIN"; }

  bool Broken() const override { return PQstatus(conn_) != CONNECTION_OK; }

  // The writer's connection, lost (the server restarted, or ended it): connected again, with
  // its session settings; the statements it had prepared are prepared again when used.
  void BetweenTransactions() override {
    if (!Broken()) {
      return;
    }
    PQreset(conn_);
    if (Broken()) {
      return;  // Tried again before the next transaction.
    }
    cache_.clear();
    sent_.clear();
    in_pipeline_ = false;
    (void)Exec(setup_);
  }
  void SetSetup(std::string setup) { setup_ = std::move(setup); }

  // Statements sent without waiting go in libpq's pipeline; the first statement that waits
  // (or Settle) reads their results, and the connection leaves the pipeline again: everything
  // else runs as usual.
  Status Pipeline() {
    if (!in_pipeline_) {
      if (PQenterPipelineMode(conn_) != 1) {
        return ResultError(conn_, nullptr, "database: cannot enter pipeline mode");
      }
      in_pipeline_ = true;
    }
    return {};
  }
  // A command sent in the pipeline, kept until its result is read: sent again when an earlier
  // job's failure made the server skip it.
  struct Sent {
    std::string name;
    std::vector<std::optional<std::string>> values;
    std::size_t job = 0;
  };
  // Sends the command in the pipeline; past kMaxSent waiting results they are read first (the
  // server's answers must not fill the socket while it waits for more commands).
  Status SendCommand(Sent command) {
    if (auto s = Pipeline(); !s) {
      return s;
    }
    if (!Transmit(command)) {
      return ResultError(conn_, nullptr, "database");
    }
    sent_.push_back(std::move(command));
    if (sent_.size() >= kMaxSent) {
      return Settle();
    }
    return {};
  }
  std::size_t job() const { return job_; }

  void BeginJob(std::size_t job) override {
    job_ = job;
    jobs_ = true;
  }
  std::vector<std::pair<std::size_t, Error>> TakeFailedJobs() override {
    auto out = std::move(failed_jobs_);
    failed_jobs_.clear();
    jobs_ = false;
    job_ = 0;
    return out;
  }

  // Waits for every statement sent and tells the first that failed (see Connection::BeginJob).
  Status Settle() {
    while (in_pipeline_) {
      std::optional<std::size_t> failed;  // The first command that failed.
      Status first;
      if (PQpipelineSync(conn_) != 1) {
        first = ResultError(conn_, nullptr, "database");
      }
      // Each command's result, each followed by a NULL, then the sync's.
      std::size_t command = 0;
      std::size_t nulls = 0;
      while (first || PQstatus(conn_) == CONNECTION_OK) {
        ResultPtr r(PQgetResult(conn_));
        if (r == nullptr) {
          if (++nulls > sent_.size() + 1) {
            break;  // The connection is gone: no sync will come.
          }
          continue;
        }
        const auto status = PQresultStatus(r.get());
        if (status == PGRES_PIPELINE_SYNC) {
          break;
        }
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
          NoteChanges(r.get());
        } else if (status != PGRES_PIPELINE_ABORTED && first) {
          first = ResultError(conn_, r.get(), "database");
          failed = command;
        }
        ++command;
      }
      in_pipeline_ = false;
      if (PQexitPipelineMode(conn_) != 1 && first) {
        first = ResultError(conn_, nullptr, "database: cannot leave pipeline mode");
      }
      if (first) {
        sent_.clear();
        return {};
      }
      const std::size_t job = failed && *failed < sent_.size() ? sent_[*failed].job : job_;
      if (!failed || !jobs_ || job >= job_) {
        sent_.clear();
        return first;  // The current job's own failure (or the connection's): the caller's.
      }
      // An earlier job failed: back to its savepoint, and the later jobs' commands, which the
      // server skipped, go again.
      failed_jobs_.emplace_back(job, first.error());
      std::vector<Sent> again;
      for (std::size_t i = *failed + 1; i < sent_.size(); ++i) {
        if (sent_[i].job > job) {
          again.push_back(std::move(sent_[i]));
        }
      }
      sent_.clear();
      ResultPtr back(PQexec(conn_, "ROLLBACK TO job; RELEASE job"));
      if (!back || PQresultStatus(back.get()) != PGRES_COMMAND_OK) {
        return ResultError(conn_, back.get(), "database");
      }
      for (auto& resent : again) {
        if (auto s = Pipeline(); !s) {
          return s;
        }
        if (!Transmit(resent)) {
          return ResultError(conn_, nullptr, "database");
        }
        sent_.push_back(std::move(resent));
      }
    }
    return {};
  }

  // The version is the one row of ratusz_schema (no table: an empty database, version 0).
  Result<int> SchemaVersion() override {
    auto exists = Single("SELECT to_regclass('ratusz_schema') IS NOT NULL");
    if (!exists) {
      return exists.error();
    }
    if (*exists != "t") {
      return 0;
    }
    auto version = Single("SELECT coalesce(max(version), 0) FROM ratusz_schema");
    if (!version) {
      return version.error();
    }
    return std::atoi(version->c_str());
  }
  Status SetSchemaVersion(int version) override {
    return Exec(
        "CREATE TABLE IF NOT EXISTS ratusz_schema (version INTEGER NOT NULL); "
        "DELETE FROM ratusz_schema; INSERT INTO ratusz_schema (version) VALUES (" +
        std::to_string(version) + ")");
  }

  PGconn* raw() { return conn_; }
  // The first value of a query without parameters.
  Result<std::string> Single(const char* sql) {
    ResultPtr r(PQexec(conn_, sql));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) < 1) {
      return ResultError(conn_, r.get(), "database");
    }
    return std::string(PQgetvalue(r.get(), 0, 0));
  }
  std::string NextStatementName() { return "s" + std::to_string(++statements_); }
  void NoteChanges(const PGresult* r) {
    const char* tuples = PQcmdTuples(const_cast<PGresult*>(r));
    changes_ = tuples != nullptr && *tuples != '\0' ? std::atoi(tuples) : 0;
  }

 private:
  // The parameters of a statement in SQLite's spelling: the highest number given.
  static int CountParameters(std::string_view sql);

  PGconn* conn_;
  int changes_ = 0;
  std::int64_t statements_ = 0;
  static constexpr std::size_t kMaxSent = 4096;

  bool Transmit(const Sent& command) {
    const LibpqValues v(command.values);
    return PQsendQueryPrepared(conn_, command.name.c_str(), v.count(), v.values.data(),
                               v.lengths.data(), nullptr, 0) == 1;
  }

  std::string setup_;  // The session's settings, run again after a reconnection.
  bool in_pipeline_ = false;
  std::vector<Sent> sent_;  // In the pipeline, results not read yet.
  std::size_t job_ = 0;
  bool jobs_ = false;  // The writer marks its jobs in this transaction.
  std::vector<std::pair<std::size_t, Error>> failed_jobs_;
};

Result<const std::string*> PgStatement::Prepared() {
  auto [it, fresh] = prepared_.try_emplace(types_);
  if (fresh) {
    // Preparing waits for its answer: whatever was sent is read first.
    if (auto s = conn_.Settle(); !s) {
      prepared_.erase(it);
      return s.error();
    }
    PGconn* conn = conn_.raw();
    it->second = conn_.NextStatementName();
    ResultPtr prepared(PQprepare(conn, it->second.c_str(), sql_.c_str(),
                                 static_cast<int>(types_.size()), types_.data()));
    if (!prepared || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      Error e = ResultError(conn, prepared.get(), "cannot prepare statement");
      prepared_.erase(it);
      return e;
    }
  }
  return &it->second;
}

Status PgStatement::Send() {
  auto name = Prepared();
  if (!name) {
    return name.error();
  }
  return conn_.SendCommand({**name, values_, conn_.job()});
}

Result<bool> PgStatement::Step() {
  if (result_ != nullptr) {
    ++row_;
    return row_ < PQntuples(result_.get());
  }
  // A statement that waits reads what was sent before it: a failure there is told here.
  if (auto s = conn_.Settle(); !s) {
    return s.error();
  }
  auto name = Prepared();
  if (!name) {
    return name.error();
  }
  PGconn* conn = conn_.raw();
  const LibpqValues v(values_);
  ResultPtr r(PQexecPrepared(conn, (*name)->c_str(), v.count(), v.values.data(), v.lengths.data(),
                             nullptr, 0));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return ResultError(conn, r.get(), "database");
  }
  conn_.NoteChanges(r.get());
  result_ = std::move(r);
  row_ = 0;
  return row_ < PQntuples(result_.get());
}

// Walks SQL outside its quoted text, identifiers and comments.
template <typename OnCode>
void ForEachCode(std::string_view sql, OnCode on_code) {
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      on_code(sql.substr(i, stop - i), false);
      i = stop;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      on_code(sql.substr(i, stop - i), false);
      i = stop;
    } else {
      std::size_t stop = i;
      while (stop < sql.size() && sql[stop] != '\'' && sql[stop] != '"' &&
             !(sql[stop] == '-' && stop + 1 < sql.size() && sql[stop + 1] == '-')) {
        ++stop;
      }
      on_code(sql.substr(i, stop - i), true);
      i = stop;
    }
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// SQLite's numbering: ?N is N; a bare ? is one more than the highest number so far.
template <typename OnParameter>
std::string RenumberParameters(std::string_view sql, OnParameter on_parameter) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  ForEachCode(sql, [&](std::string_view part, bool code) {
    if (!code) {
      out += part;
      return;
    }
    for (std::size_t i = 0; i < part.size(); ++i) {
      if (part[i] != '?') {
        out += part[i];
        continue;
      }
      int number = 0;
      std::size_t j = i + 1;
      while (j < part.size() && IsDigit(part[j])) {
        number = number * 10 + (part[j] - '0');
        ++j;
      }
      if (j == i + 1) {
        number = highest + 1;
      }
      highest = std::max(highest, number);
      on_parameter(number);
      out += '$';
      out += std::to_string(number);
      i = j - 1;
    }
  });
  return out;
}

int PgConnection::CountParameters(std::string_view sql) {
  int highest = 0;
  RenumberParameters(sql, [&](int n) { highest = std::max(highest, n); });
  return highest;
}

}  // namespace

std::string Translate(std::string_view sql) {
  std::string out = RenumberParameters(sql, [](int) {});
  static constexpr std::string_view kOrIgnore = "INSERT OR IGNORE INTO";
  if (out.starts_with(kOrIgnore)) {
    out = "INSERT INTO" + out.substr(kOrIgnore.size()) + " ON CONFLICT DO NOTHING";
  }
  return out;
}

Status Dump(const std::string& url, const std::string& target) {
  std::vector<std::string> args = {"pg_dump", "--format=custom", "--no-password",
                                   "--file=" + target, "--dbname=" + url};
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "pg_dump", nullptr, nullptr, argv.data(), environ) != 0) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "cannot run pg_dump (Debian package postgresql-client)");
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return MakeError(ErrorCode::kInternal, "pg_dump of the database to " + target + " failed");
  }
  return {};
}

Result<std::unique_ptr<sql::Connection>> Open(const std::string& url, sql::Connection::Mode mode) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) {
    return MakeError(ErrorCode::kResourceExhausted, "cannot connect to PostgreSQL: out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    while (!message.empty() && message.back() == '\n') {
      message.pop_back();
    }
    return MakeError(ErrorCode::kUnavailable, "cannot connect to PostgreSQL: " + message);
  }
  auto connection = std::make_unique<PgConnection>(conn);
  // Times are integers (microseconds, UTC) and text is compared byte by byte, as in SQLite;
  // notices (such as "relation already exists, skipping") are not the log's business.
  std::string setup =
      "SET client_encoding = 'UTF8'; SET client_min_messages = warning; "
      "SET synchronous_commit = on;";
  if (mode == sql::Connection::Mode::kReadOnly) {
    setup += " SET default_transaction_read_only = on;";
  }
  if (auto s = connection->Exec(setup); !s) {
    return s.error();
  }
  connection->SetSetup(std::move(setup));
  return std::unique_ptr<sql::Connection>(std::move(connection));
}

}  // namespace ratusz::store::postgresql
