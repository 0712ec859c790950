#pragma once

// Full-text search in both backends. The stores and the knowledge base write their queries in
// SQLite FTS5's syntax over folded words ("word" "prefix"* OR "other"); PostgreSQL is given the
// same query as a tsquery over the same words.

#include <string>
#include <string_view>

namespace ratusz::store::sql {

// `"a" "b"*` (all of them) -> `a & b:*`; `"a" OR "b"*` -> `a | b:*`. Anything but quoted words,
// `*` and OR is left out (the words are folded letters and digits: nothing else gets there).
std::string TsQueryOf(std::string_view fts5);

}  // namespace ratusz::store::sql
