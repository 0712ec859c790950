#pragma once

// The PostgreSQL backend of store/sql/connection.hpp, over libpq: statements are prepared once
// per connection (and per the types of their parameters) and run with the extended protocol.
// The stores' SQL is written once for both backends; Translate() turns SQLite's spelling of
// parameters (`?`, `?N`) into PostgreSQL's (`$N`) and `INSERT OR IGNORE` into
// `ON CONFLICT DO NOTHING`.

#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "store/sql/connection.hpp"

namespace ratusz::store::postgresql {

// Connects to `url` (postgresql://user@host:port/db, or any libpq connection string). A
// kReadOnly connection refuses writes (default_transaction_read_only).
[[nodiscard]] Result<std::unique_ptr<sql::Connection>> Open(const std::string& url,
                                                            sql::Connection::Mode mode);

// Writes the database of `url` to `target` with pg_dump (its custom format, for pg_restore).
[[nodiscard]] Status Dump(const std::string& url, const std::string& target);

// The SQL as PostgreSQL reads it (see above); quoted text and identifiers are left alone.
std::string Translate(std::string_view sql);

}  // namespace ratusz::store::postgresql
