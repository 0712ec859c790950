#pragma once

// The database a store test opens. By default a SQLite file; when RATUSZ_TEST_POSTGRES names a
// PostgreSQL server (tests/integration/with_postgres.sh starts one), a database of that server
// named after the file, created empty the first time it is asked for: the same tests run
// against both backends.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include "store/sql/database.hpp"

namespace ratusz::testing {

inline const char* PostgresServer() {
  const char* url = std::getenv("RATUSZ_TEST_POSTGRES");
  return url != nullptr && *url != '\0' ? url : nullptr;
}

// A database of its own on the test server (created when new); its URL.
inline std::string PostgresDatabase(const std::string& name) {
  const std::string admin = PostgresServer();
  auto db = store::sql::Connect(store::sql::StoreOptions::Postgres(admin),
                                store::sql::Connection::Mode::kReadWrite);
  if (!db) {
    std::fprintf(stderr, "test database: %s\n", db.error().message.c_str());
    std::abort();
  }
  auto exists = (*db)->PrepareOnce("SELECT 1 FROM pg_database WHERE datname = ?");
  if (!exists) {
    std::fprintf(stderr, "test database: %s\n", exists.error().message.c_str());
    std::abort();
  }
  (*exists)->Bind(1, name);
  auto row = (*exists)->Step();
  if (row && !row.value()) {
    (void)(*db)->Exec("CREATE DATABASE \"" + name + "\"");
  }
  return admin.substr(0, admin.rfind('/') + 1) + name;
}

// The store options of the database at `path` (a file name in the test's directory).
inline store::sql::StoreOptions TestDatabase(const std::filesystem::path& path,
                                             std::size_t batch = 2048) {
  store::sql::StoreOptions options(path.string(), batch);
  if (PostgresServer() != nullptr) {
    char name[32];
    std::snprintf(name, sizeof name, "t_%016zx", std::hash<std::string>{}(path.string()));
    options.url = PostgresDatabase(name);
  }
  return options;
}

}  // namespace ratusz::testing
