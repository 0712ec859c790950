#pragma once

// The SQLite backend of store/sql/connection.hpp: a thin RAII layer over the SQLite C API.
// The writer's connection may have a checkpointing thread of its own (see writer.hpp).

#include <memory>
#include <string>

#include "common/result.hpp"
#include "store/sql/connection.hpp"

namespace ratusz::store::sqlite {

// Opens (creating if needed, for kReadWrite) the database file in WAL mode.
[[nodiscard]] Result<std::unique_ptr<sql::Connection>> Open(const std::string& path,
                                                            sql::Connection::Mode mode);

// The pages a checkpoint copies back once the WAL holds them (4 MiB of 4 KiB pages), and the
// size at which the writer finishes the copy itself, between two transactions.
inline constexpr int kCheckpointPages = 1000;
inline constexpr int kCatchUpPages = 16000;

// Gives the writer's connection `db` (opened by Open) a thread that copies the WAL back into
// the database file with a connection of its own, in place of SQLite's automatic checkpoint.
// Without it (the file could not be opened twice) SQLite's own checkpoint stays: slower,
// never wrong.
void CheckpointInBackground(sql::Connection& db, const std::string& path);

// Copies the database behind `from` (opened by Open) to `target` with SQLite's online backup.
[[nodiscard]] Status Backup(sql::Connection& from, const std::string& target);

// Copies what the WAL holds back into the database file and truncates the WAL (after an
// erasure: the old versions of erased rows must not stay in it).
void TruncateLog(const std::string& path);

}  // namespace ratusz::store::sqlite
