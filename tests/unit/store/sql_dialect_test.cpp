#include <gtest/gtest.h>

#include "store/postgresql/connection.hpp"
#include "store/sql/table.hpp"
#include "store/sql/text_search.hpp"

namespace ratusz::store {
namespace {

TEST(TranslateTest, ParametersAreNumberedAsSqliteNumbersThem) {
  EXPECT_EQ(postgresql::Translate("SELECT a FROM t WHERE b = ? AND c = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = $2");
  // ?N is N; a bare ? after it is one more than the highest so far.
  EXPECT_EQ(postgresql::Translate("UPDATE t SET a = ?2 WHERE b = ?1 AND c = ?"),
            "UPDATE t SET a = $2 WHERE b = $1 AND c = $3");
  // Quoted text and comments keep their question marks.
  EXPECT_EQ(postgresql::Translate("SELECT '?', \"a?\" FROM t -- why?\nWHERE x = ?"),
            "SELECT '?', \"a?\" FROM t -- why?\nWHERE x = $1");
}

TEST(TranslateTest, InsertOrIgnoreDoesNothingOnConflict) {
  EXPECT_EQ(postgresql::Translate("INSERT OR IGNORE INTO f (a, b) VALUES (?, ?)"),
            "INSERT INTO f (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING");
  EXPECT_EQ(postgresql::Translate("INSERT OR IGNORE INTO f (a) SELECT x FROM g WHERE y = ?"),
            "INSERT INTO f (a) SELECT x FROM g WHERE y = $1 ON CONFLICT DO NOTHING");
}

TEST(UpsertTest, TheRowIsWrittenWholeOverItsKey) {
  EXPECT_EQ(sql::UpsertInto("q", {"queue", "start", "offered", "answered"}, 2),
            "INSERT INTO q (queue, start, offered, answered) VALUES (?,?,?,?) ON CONFLICT "
            "(queue, start) DO UPDATE SET offered = excluded.offered, answered = "
            "excluded.answered");
}

TEST(TsQueryTest, FtsWordsBecomeTheSameTsQuery) {
  EXPECT_EQ(sql::TsQueryOf("\"zrodlowa\"* \"12\"*"), "'zrodlowa':* & '12':*");
  EXPECT_EQ(sql::TsQueryOf("\"smiec\" OR \"odpad\" OR \"odho\"*"), "'smiec' | 'odpad' | 'odho':*");
  EXPECT_EQ(sql::TsQueryOf(""), "");
  // Nothing but quoted words gets through, and a quote inside a word stays a letter.
  EXPECT_EQ(sql::TsQueryOf("NEAR(\"a\") ! & \"b'c\""), "'a' & 'b\\'c'");
}

}  // namespace
}  // namespace ratusz::store
