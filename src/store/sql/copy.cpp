#include "store/sql/copy.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "store/sql/case_files.hpp"
#include "store/sql/query.hpp"

namespace ratusz::store::sql {
namespace {

enum class Kind { kInteger, kReal, kText };

struct Column {
  std::string name;
  Kind kind = Kind::kText;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  std::set<std::string> parents;  // Tables its foreign keys point to.
};

// Rows per multi-row INSERT: few round trips, far below PostgreSQL's 65,535 parameters.
constexpr std::size_t kBatchRows = 200;

std::uint64_t Fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

// A row as typed text (NULL apart from the empty text, reals in their shortest exact form),
// hashed: the same values give the same hash whichever database they were read from.
std::uint64_t RowHash(const Statement& row, const std::vector<Column>& columns) {
  std::string text;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const int c = static_cast<int>(i);
    if (row.IsNull(c)) {
      text += "\x01N";
    } else if (columns[i].kind == Kind::kInteger) {
      text += std::to_string(row.Int(c));
    } else if (columns[i].kind == Kind::kReal) {
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, row.Real(c));
      text.append(buffer, end);
    } else {
      text += row.Text(c);
    }
    text += '\x1f';
  }
  return Fnv1a(text);
}

std::string SelectList(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& c : columns) {
    out += (out.empty() ? "" : ", ") + c.name;
  }
  return out;
}

Result<std::vector<std::string>> Strings(Connection& db, const std::string& sql,
                                         std::string_view param = {}) {
  return Query<std::string>(
      db, sql,
      [&](Statement& q) {
        if (!param.empty()) {
          q.Bind(1, param);
        }
      },
      [](const Statement& row) { return row.Text(0); });
}

// The tables of the SQLite database (not the full-text indexes' own), with their columns'
// declared types and their foreign keys, parents first.
Result<std::vector<Table>> SourceTables(Connection& source) {
  auto names = Strings(source,
                       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                       "'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT GLOB '*_fts_*' "
                       "ORDER BY name");
  if (!names) {
    return names.error();
  }
  std::vector<Table> tables;
  for (const auto& name : *names) {
    Table t{name, {}, {}};
    auto columns = Query<Column>(
        source, "SELECT name, upper(type) FROM pragma_table_info(?)",
        [&](Statement& q) { q.Bind(1, name); },
        [](const Statement& row) {
          const std::string type = row.Text(1);
          const Kind kind = type.find("INT") != std::string::npos    ? Kind::kInteger
                            : type.find("REAL") != std::string::npos ? Kind::kReal
                                                                     : Kind::kText;
          return Column{row.Text(0), kind};
        });
    if (!columns) {
      return columns.error();
    }
    t.columns = std::move(*columns);
    auto parents = Strings(source, "SELECT \"table\" FROM pragma_foreign_key_list(?)", name);
    if (!parents) {
      return parents.error();
    }
    for (auto& p : *parents) {
      if (p != name) {
        t.parents.insert(std::move(p));
      }
    }
    tables.push_back(std::move(t));
  }
  // Parents before children, so that every foreign key finds its row.
  std::vector<Table> ordered;
  std::set<std::string> placed;
  while (!tables.empty()) {
    auto ready = std::find_if(tables.begin(), tables.end(), [&](const Table& t) {
      return std::all_of(t.parents.begin(), t.parents.end(),
                         [&](const std::string& p) { return placed.count(p) > 0; });
    });
    if (ready == tables.end()) {
      ready = tables.begin();  // A cycle (none in the schema): the database will tell.
    }
    placed.insert(ready->name);
    ordered.push_back(std::move(*ready));
    tables.erase(ready);
  }
  return ordered;
}

// One value as read from the source, kept until its batch is written.
struct Value {
  bool null = false;
  std::int64_t integer = 0;
  double real = 0;
  std::string text;
};

Value ReadValue(const Statement& row, int column, Kind kind) {
  Value v;
  if (row.IsNull(column)) {
    v.null = true;
  } else if (kind == Kind::kInteger) {
    v.integer = row.Int(column);
  } else if (kind == Kind::kReal) {
    v.real = row.Real(column);
  } else {
    v.text = row.Text(column);
  }
  return v;
}

void BindValue(Statement& q, int param, const Value& v, Kind kind) {
  if (v.null) {
    q.BindNull(param);
  } else if (kind == Kind::kInteger) {
    q.Bind(param, v.integer);
  } else if (kind == Kind::kReal) {
    q.Bind(param, v.real);
  } else {
    q.Bind(param, v.text);
  }
}

std::string InsertRows(const std::string& table, const std::vector<Column>& columns,
                       std::size_t rows) {
  std::string one = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    one += i == 0 ? "?" : ",?";
  }
  one += ')';
  std::string sql = "INSERT INTO " + table + " (" + SelectList(columns) + ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    sql += (r == 0 ? "" : ",") + one;
  }
  return sql;
}

// Streams the rows of `select` on the source into `written` of `table` on the target, kBatchRows
// rows to a statement; returns the rows and the sum of their hashes.
Result<std::pair<std::int64_t, std::uint64_t>> CopyRows(Connection& source, Connection& target,
                                                        const std::string& select,
                                                        const std::string& table,
                                                        const std::vector<Column>& read,
                                                        const std::vector<Column>& written) {
  auto rows = source.PrepareOnce(select);
  if (!rows) {
    return rows.error();
  }
  std::int64_t count = 0;
  std::uint64_t sum = 0;
  std::vector<Value> batch;
  auto flush = [&]() -> Status {
    const std::size_t n = batch.size() / read.size();
    if (n == 0) {
      return {};
    }
    auto insert = target.Prepare(InsertRows(table, written, n));
    if (!insert) {
      return insert.error();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      BindValue(**insert, static_cast<int>(i + 1), batch[i], read[i % read.size()].kind);
    }
    batch.clear();
    return (*insert)->Run();
  };
  for (;;) {
    auto more = (*rows)->Step();
    if (!more) {
      return more.error();
    }
    if (!*more) {
      break;
    }
    for (std::size_t c = 0; c < read.size(); ++c) {
      batch.push_back(ReadValue(**rows, static_cast<int>(c), read[c].kind));
    }
    sum += RowHash(**rows, read);
    ++count;
    if (batch.size() == kBatchRows * read.size()) {
      if (auto s = flush(); !s) {
        return s.error();
      }
    }
  }
  if (auto s = flush(); !s) {
    return s.error();
  }
  return std::pair{count, sum};
}

Result<std::pair<std::int64_t, std::uint64_t>> Checksum(Connection& db, const std::string& table,
                                                        const std::vector<Column>& columns) {
  auto rows = db.PrepareOnce("SELECT " + SelectList(columns) + " FROM " + table);
  if (!rows) {
    return rows.error();
  }
  std::int64_t count = 0;
  std::uint64_t sum = 0;
  for (;;) {
    auto more = (*rows)->Step();
    if (!more) {
      return more.error();
    }
    if (!*more) {
      return std::pair{count, sum};
    }
    sum += RowHash(**rows, columns);
    ++count;
  }
}

}  // namespace

std::int64_t CopyReport::Rows() const {
  std::int64_t n = 0;
  for (const auto& t : tables) {
    n += t.rows;
  }
  return n;
}

bool CopyReport::Matches() const {
  return std::all_of(tables.begin(), tables.end(), [](const TableCopy& t) { return t.Matches(); });
}

Result<CopyReport> CopyDatabase(const StoreOptions& from, const StoreOptions& to,
                                const std::function<void(const TableCopy&)>& progress) {
  if (from.dialect() != Dialect::kSqlite || to.dialect() != Dialect::kPostgres) {
    return MakeError(ErrorCode::kInvalidArgument, "data is copied from SQLite to PostgreSQL");
  }
  // Both schemas at this binary's version: the same tables and columns on either side.
  for (const auto* options : {&from, &to}) {
    if (auto applied = Database::Migrate(*options); !applied) {
      return applied.error();
    }
  }
  auto source = Connect(from, Connection::Mode::kReadOnly);
  if (!source) {
    return source.error();
  }
  auto target = Connect(to, Connection::Mode::kReadWrite);
  if (!target) {
    return target.error();
  }
  Connection& src = **source;
  Connection& dst = **target;
  auto tables = SourceTables(src);
  if (!tables) {
    return tables.error();
  }
  // The target's columns: every source column must have its place there; a column only the
  // target has that SQLite keeps implicitly (rowid) is read from SQLite's rowid.
  for (auto& t : *tables) {
    auto there = Strings(dst,
                         "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                         "current_schema() AND table_name = ?",
                         t.name);
    if (!there) {
      return there.error();
    }
    if (there->empty()) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "table " + t.name + " has no place in the PostgreSQL schema");
    }
    for (const auto& c : t.columns) {
      if (std::find(there->begin(), there->end(), c.name) == there->end()) {
        return MakeError(ErrorCode::kFailedPrecondition,
                         "column " + t.name + "." + c.name + " has no place in PostgreSQL");
      }
    }
    if (std::find(there->begin(), there->end(), "rowid") != there->end()) {
      t.columns.push_back(Column{"rowid", Kind::kInteger});
    }
    auto any = Strings(dst, "SELECT 'x' FROM " + t.name + " LIMIT 1");
    if (!any) {
      return any.error();
    }
    if (!any->empty()) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the PostgreSQL database already holds data (table " + t.name +
                           "): migrate-data copies into an empty database only");
    }
  }

  CopyReport report;
  if (auto s = dst.Exec("BEGIN"); !s) {
    return s.error();
  }
  auto fail = [&](const Error& e) -> Result<CopyReport> {
    (void)dst.Exec("ROLLBACK");
    return e;
  };
  for (const auto& t : *tables) {
    auto copied = CopyRows(src, dst, "SELECT " + SelectList(t.columns) + " FROM " + t.name, t.name,
                           t.columns, t.columns);
    if (!copied) {
      return fail(copied.error());
    }
    report.tables.push_back(TableCopy{t.name, copied->first, 0, copied->second, 0});
    // The table's sequences continue after the copied ids.
    auto serials = Strings(dst,
                           "SELECT column_name FROM information_schema.columns WHERE "
                           "table_schema = current_schema() AND table_name = ? AND "
                           "column_default LIKE 'nextval(%'",
                           t.name);
    if (!serials) {
      return fail(serials.error());
    }
    for (const auto& column : *serials) {
      auto s =
          dst.Exec("SELECT setval(pg_get_serial_sequence('" + t.name + "', '" + column +
                   "'), (SELECT coalesce(max(" + column + "), 0) + 1 FROM " + t.name + "), false)");
      if (!s) {
        return fail(s.error());
      }
    }
  }
  // The search indexes, from the copied rows, in PostgreSQL's own form.
  {
    auto rows = src.PrepareOnce("SELECT id, title, description, address FROM cases");
    if (!rows) {
      return fail(rows.error());
    }
    for (;;) {
      auto more = (*rows)->Step();
      if (!more) {
        return fail(more.error());
      }
      if (!*more) {
        break;
      }
      auto s =
          Execute(dst,
                  "INSERT INTO cases_fts (case_id, document) VALUES (?, "
                  "to_tsvector('simple', ?))",
                  [&](Statement& q) {
                    q.Bind(1, (*rows)->Int(0));
                    q.Bind(2, CaseSearchText((*rows)->Text(1), (*rows)->Text(2), (*rows)->Text(3)));
                  });
      if (!s) {
        return fail(s.error());
      }
    }
  }
  const std::vector<Column> kb_read = {{"rowid", Kind::kInteger},
                                       {"title", Kind::kText},
                                       {"keywords", Kind::kText},
                                       {"body", Kind::kText}};
  const std::vector<Column> kb_written = {{"article_id", Kind::kInteger},
                                          {"title", Kind::kText},
                                          {"keywords", Kind::kText},
                                          {"body", Kind::kText}};
  auto kb = CopyRows(src, dst, "SELECT rowid, title, keywords, body FROM kb_fts", "kb_fts", kb_read,
                     kb_written);
  if (!kb) {
    return fail(kb.error());
  }
  report.tables.push_back(TableCopy{"kb_fts", kb->first, 0, kb->second, 0});
  if (auto s = dst.Exec("COMMIT"); !s) {
    return fail(s.error());
  }

  // Read back what was committed.
  for (auto& copy : report.tables) {
    const auto table = std::find_if(tables->begin(), tables->end(),
                                    [&](const Table& t) { return t.name == copy.table; });
    auto sum = Checksum(dst, copy.table, table != tables->end() ? table->columns : kb_written);
    if (!sum) {
      return sum.error();
    }
    copy.rows_there = sum->first;
    copy.checksum_there = sum->second;
    if (progress) {
      progress(copy);
    }
  }
  return report;
}

}  // namespace ratusz::store::sql
