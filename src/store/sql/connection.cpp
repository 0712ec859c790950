#include "store/sql/connection.hpp"

namespace ratusz::store::sql {

Statement& Statement::Bind(int index, const std::optional<double>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::Bind(int index, const std::optional<std::int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
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

}  // namespace ratusz::store::sql
