#pragma once

// A table's columns named once, in one enum and one list of names in the same order: the
// select list, the INSERT statement, a row's column index and a statement's parameter number
// all come from them, so no statement counts its columns or placeholders by hand.
//
//   enum class CaseColumn { kId, kNumber, ..., kCount };
//   constexpr Columns<CaseColumn> kCases{"cases", {"id", "number", ...}};
//   kCases.Select()  -> "id, number, ..."        row.Text(At(CaseColumn::kNumber))
//   kCases.Insert()  -> "INSERT INTO cases (id, number, ...) VALUES (?,?,...)"
//                                                 q.Bind(ParamOf(CaseColumn::kNumber), ...)

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace ratusz::store::sqlite {

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

  // "INSERT INTO table (a, b, c) VALUES (?,?,?)"; `verb` may be "INSERT OR REPLACE".
  std::string Insert(std::string_view verb = "INSERT") const {
    std::string out(verb);
    out += " INTO ";
    out += table_;
    out += " (";
    out += Select();
    out += ") VALUES (";
    for (std::size_t i = 0; i < kCount; ++i) {
      out += i == 0 ? "?" : ",?";
    }
    out += ')';
    return out;
  }

 private:
  std::string_view table_;
  std::array<std::string_view, kCount> names_;
};

}  // namespace ratusz::store::sqlite
