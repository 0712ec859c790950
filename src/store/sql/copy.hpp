#pragma once

// `ratusz migrate-data`: a city that started on SQLite moves to PostgreSQL with its whole
// history. Every table of the SQLite database is copied into an empty PostgreSQL database
// (its schema made by the migrations) in one transaction, the search indexes are built there
// from the copied rows, and every table is read back: its rows counted and summed into a
// checksum that does not depend on their order, both sides computed alike.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/sql/database.hpp"

namespace ratusz::store::sql {

struct TableCopy {
  std::string table;
  std::int64_t rows = 0;        // Read from the source.
  std::int64_t rows_there = 0;  // Read back from the target.
  std::uint64_t checksum = 0;   // Of the source's rows.
  std::uint64_t checksum_there = 0;
  bool Matches() const { return rows == rows_there && checksum == checksum_there; }
};

struct CopyReport {
  std::vector<TableCopy> tables;
  std::int64_t Rows() const;
  bool Matches() const;
};

// Copies the SQLite database of `from` into the PostgreSQL database of `to`, which must hold
// no row yet (kFailedPrecondition otherwise). `progress` hears of each table as it is copied.
[[nodiscard]] Result<CopyReport> CopyDatabase(
    const StoreOptions& from, const StoreOptions& to,
    const std::function<void(const TableCopy&)>& progress = {});

}  // namespace ratusz::store::sql
