#include "http/response_cache.hpp"

#include <gtest/gtest.h>

namespace ratusz::http {
namespace {

std::shared_ptr<const std::string> Body(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

TEST(ResponseCache, KeepsRenderingsPerVariantUntilTheCaseChanges) {
  ResponseCache cache(1000);
  ResponseCache::Ticket t;
  EXPECT_EQ(cache.Find(7, "a.pl json pl", t), nullptr);
  cache.Store(7, "a.pl json pl", Body("json"), t);
  cache.Store(7, "a.pl xml pl", Body("xml"), t);
  ASSERT_NE(cache.Find(7, "a.pl json pl", t), nullptr);
  EXPECT_EQ(*cache.Find(7, "a.pl xml pl", t), "xml");
  EXPECT_EQ(cache.Find(7, "b.pl json pl", t), nullptr);
  cache.Invalidate(7);
  EXPECT_EQ(cache.Find(7, "a.pl json pl", t), nullptr);
  EXPECT_EQ(cache.Find(7, "a.pl xml pl", t), nullptr);
}

TEST(ResponseCache, AStaleRenderingIsNotPutBack) {
  ResponseCache cache(1000);
  ResponseCache::Ticket before_write;
  EXPECT_EQ(cache.Find(7, "v", before_write), nullptr);  // A reader reads the old row...
  cache.Invalidate(7);                                   // ...a write commits...
  cache.Store(7, "v", Body("old"), before_write);        // ...the reader stores what it read.
  ResponseCache::Ticket t;
  EXPECT_EQ(cache.Find(7, "v", t), nullptr);
  cache.Store(7, "v", Body("new"), t);
  EXPECT_EQ(*cache.Find(7, "v", t), "new");
}

TEST(ResponseCache, StaysWithinItsCapacity) {
  ResponseCache off(0);
  ResponseCache::Ticket t;
  off.Find(1, "v", t);
  off.Store(1, "v", Body("x"), t);
  EXPECT_EQ(off.Find(1, "v", t), nullptr);

  ResponseCache small(32);  // Two per shard.
  int kept = 0;
  for (std::int64_t id = 0; id < 1000; ++id) {
    small.Find(id, "v", t);
    small.Store(id, "v", Body("x"), t);
  }
  for (std::int64_t id = 0; id < 1000; ++id) {
    kept += small.Find(id, "v", t) != nullptr ? 1 : 0;
  }
  EXPECT_LE(kept, 16 * 3);
  EXPECT_GT(kept, 0);
}

}  // namespace
}  // namespace ratusz::http
