#pragma once

// A table's columns named once, in one enum and one list of names in the same order: the
// select list, the INSERT statement, a row's column index and a statement's parameter number
// all come from them, so no statement counts its columns or placeholders by hand.
//
//   enum class CaseColumn { kId, kNumber, ..., kCount };
//   constexpr Columns<CaseColumn> kCases{"cases", {"id", "number", ...}};
//   kCases.Select()  -> "id, number, ..."        row.Text(At(CaseColumn::kNumber))
//   kCases.Insert()  -> "INSERT INTO cases (id, number, ...) VALUES (?,?,...)"
//   kCases.Upsert(1) -> the same "... ON CONFLICT (id) DO UPDATE SET number = excluded.number, ..."
//                                                 q.Bind(ParamOf(CaseColumn::kNumber), ...)

#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace ratusz::store::sql {

// The 0-based index of a column in a row read with the table's select list.
template <typename E>
constexpr int At(E column) {
  return static_cast<int>(column);
}

// The 1-based parameter of a column in the table's INSERT.
template <typename E>
constexpr int ParamOf(E column) {
  return static_cast<int>(column) + 1;
}

// "INSERT INTO table (a, b) VALUES (?,?)" of any list of column names.
template <typename Names>
std::string InsertInto(std::string_view table, const Names& names,
                       std::string_view verb = "INSERT") {
  std::string out(verb);
  out += " INTO ";
  out += table;
  out += " (";
  std::string values;
  for (const std::string_view name : names) {
    out += values.empty() ? "" : ", ";
    out += name;
    values += values.empty() ? "?" : ",?";
  }
  out += ") VALUES (";
  out += values;
  out += ')';
  return out;
}

// The same, written over the row with the same first `keys` columns.
template <typename Names>
std::string UpsertInto(std::string_view table, const Names& names, std::size_t keys) {
  std::string out = InsertInto(table, names) + " ON CONFLICT (";
  std::string set;
  std::size_t i = 0;
  for (const std::string_view name : names) {
    if (i < keys) {
      out += i == 0 ? "" : ", ";
      out += name;
    } else {
      set += set.empty() ? "" : ", ";
      set += std::string(name) + " = excluded." + std::string(name);
    }
    ++i;
  }
  return out + ") DO UPDATE SET " + set;
}

inline std::string UpsertInto(std::string_view table, std::initializer_list<std::string_view> names,
                              std::size_t keys) {
  return UpsertInto<std::initializer_list<std::string_view>>(table, names, keys);
}

template <typename E>
class Columns {
 public:
  static constexpr std::size_t kCount = static_cast<std::size_t>(E::kCount);

  constexpr Columns(std::string_view table, std::array<std::string_view, kCount> names)
      : table_(table), names_(names) {}

  std::string_view table() const { return table_; }
  std::string_view Name(E column) const { return names_[static_cast<std::size_t>(column)]; }

  // "a, b, c", or "t.a, t.b, t.c" with an alias.
  std::string Select(std::string_view alias = {}) const {
    std::string out;
    for (const auto name : names_) {
      if (!out.empty()) {
        out += ", ";
      }
      if (!alias.empty()) {
        out += alias;
        out += '.';
      }
      out += name;
    }
    return out;
  }

  // "INSERT INTO table (a, b, c) VALUES (?,?,?)".
  std::string Insert() const { return InsertInto(table_, names_); }
  // The same, doing nothing where the row's key is there already (PostgreSQL reads it as
  // ON CONFLICT DO NOTHING).
  std::string InsertOrIgnore() const { return InsertInto(table_, names_, "INSERT OR IGNORE"); }

  // The row written whole over the one with the same first `keys` columns (SQLite's INSERT OR
  // REPLACE, in the SQL both backends read).
  std::string Upsert(std::size_t keys) const { return UpsertInto(table_, names_, keys); }

 private:
  std::string_view table_;
  std::array<std::string_view, kCount> names_;
};

}  // namespace ratusz::store::sql
