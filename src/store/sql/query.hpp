#pragma once

// Small helpers over cached statements, shared by the SQLite store's source files (internal).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/connection.hpp"
#include "store/sql/writer.hpp"

namespace ratusz::store::sql {

template <typename T>
void SubmitJob(Writer& writer, std::function<Result<T>(Connection&)> work,
               std::function<void(Result<T>)> done) {
  writer.Submit(std::make_unique<FunctionJob<T>>(std::move(work), std::move(done)));
}

// A write that has nothing to return.
inline void SubmitWrite(Writer& writer, std::function<Status(Connection&)> work,
                        std::function<void(Status)> done) {
  SubmitJob<bool>(
      writer,
      [work = std::move(work)](Connection& db) -> Result<bool> {
        if (auto s = work(db); !s) {
          return s.error();
        }
        return true;
      },
      [done = std::move(done)](Result<bool> r) { done(r ? Status{} : Status{r.error()}); });
}

// Steps through every row of a bound statement, turning each into a T with `read`.
template <typename T, typename Read>
Result<std::vector<T>> CollectRows(Statement& stmt, Read read) {
  std::vector<T> out;
  for (;;) {
    auto row = stmt.Step();
    if (!row) {
      return row.error();
    }
    if (!row.value()) {
      return out;
    }
    out.push_back(read(stmt));
  }
}

// A cached statement for `sql`, bound by `bind`, read by `read`.
template <typename T, typename Bind, typename Read>
Result<std::vector<T>> Query(Connection& db, const std::string& sql, Bind bind, Read read) {
  auto stmt = db.Prepare(sql);
  if (!stmt) {
    return stmt.error();
  }
  bind(**stmt);
  return CollectRows<T>(**stmt, read);
}

// The first row of a query by a unique key, or nothing.
template <typename T, typename Bind, typename Read>
Result<std::optional<T>> QueryOne(Connection& db, const std::string& sql, Bind bind, Read read) {
  auto rows = Query<T>(db, sql, bind, read);
  if (!rows) {
    return rows.error();
  }
  if (rows->empty()) {
    return std::optional<T>{};
  }
  return std::optional<T>{std::move(rows->front())};
}

// An INSERT of one row (`sql` without its RETURNING) and the id the database gave the row.
template <typename Bind>
Result<std::int64_t> InsertReturningId(Connection& db, const std::string& sql, Bind bind) {
  auto id = QueryOne<std::int64_t>(db, sql + " RETURNING id", bind,
                                   [](const Statement& row) { return row.Int(0); });
  if (!id) {
    return id.error();
  }
  if (!id.value()) {
    return MakeError(ErrorCode::kInternal, "database: an INSERT returned no id");
  }
  return **id;
}

// A cached statement without rows, bound by `bind`, run to completion, or with `send`
// sent: its failure may then be told later (see Statement::Send), by the job's next read or
// its end.
template <typename Bind>
Status Execute(Connection& db, const std::string& sql, Bind bind, bool send = false) {
  auto stmt = db.Prepare(sql);
  if (!stmt) {
    return stmt.error();
  }
  bind(**stmt);
  return send ? (*stmt)->Send() : (*stmt)->Run();
}

template <typename Bind>
Status Send(Connection& db, const std::string& sql, Bind bind) {
  return Execute(db, sql, bind, /*send=*/true);
}

}  // namespace ratusz::store::sql
