#include "dedup/dedup.hpp"

#include <gtest/gtest.h>

#include "common/time_format.hpp"

namespace ratusz::dedup {
namespace {

Timestamp At(const char* w3c) { return ParseW3c(w3c).value(); }

TEST(DedupTest, DistanceIsHaversine) {
  // Wrocław market square to the cathedral: about 1.2 km.
  const double d = DistanceMeters({51.1100, 17.0320}, {51.1142, 17.0468});
  EXPECT_NEAR(d, 1130, 20);
  EXPECT_DOUBLE_EQ(DistanceMeters({51.1, 17.0}, {51.1, 17.0}), 0.0);
}

TEST(DedupTest, TextSimilarityIgnoresCaseDiacriticsAndPolishEndings) {
  EXPECT_DOUBLE_EQ(TextSimilarity("Dziura w jezdni", "DZIURY W JEZDNI!"), 1.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("Źródłowa", "zrodlowa"), 1.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("kot na drzewie", "awaria wodociągu"), 0.0);
  EXPECT_DOUBLE_EQ(TextSimilarity("", "cokolwiek"), 0.0);
}

TEST(DedupTest, BoxCoversTheRadiusAndTheWindow) {
  const Probe p{"j", "pothole", {52.0, 21.0}, At("2026-03-31T00:00:00Z"), ""};
  const auto box = BoxFor(p, Rule{100, 30, {"sidewalk"}});
  EXPECT_NEAR((box.north - box.south) * 111320 / 2, 100, 0.5);
  EXPECT_GT(box.east - box.west, box.north - box.south);  // Longitude degrees are shorter.
  EXPECT_EQ(FormatW3c(box.since), "2026-03-01T00:00:00Z");
  EXPECT_EQ(box.service_codes, (std::vector<std::string>{"pothole", "sidewalk"}));
}

TEST(DedupTest, RankPrefersNearRecentSimilarOpenCases) {
  const Probe p{
      "j", "pothole", {51.1079, 17.0385}, At("2026-03-02T12:00:00Z"), "Dziura na przejściu"};
  std::vector<Stored> stored = {
      {"NEAR",
       "pothole",
       {51.10791, 17.03851},
       At("2026-03-02T11:00:00Z"),
       cases::Status::kOpen,
       "",
       "Dziura na przejściu"},
      {"EDGE",
       "pothole",
       {51.1083, 17.0385},
       At("2026-02-10T11:00:00Z"),
       cases::Status::kOpen,
       "",
       "Coś innego"},
      {"CLOSED",
       "pothole",
       {51.10791, 17.03851},
       At("2026-03-02T11:00:00Z"),
       cases::Status::kFixed,
       "",
       "Dziura na przejściu"},
      {"OTHER",
       "noise",
       {51.1079, 17.0385},
       At("2026-03-02T11:00:00Z"),
       cases::Status::kOpen,
       "",
       "Dziura na przejściu"},
      {"DUP",
       "pothole",
       {51.1079, 17.0385},
       At("2026-03-02T11:30:00Z"),
       cases::Status::kDuplicate,
       "NEAR",
       "Dziura"},
  };
  const auto ranked = Rank(p, Rule{50, 30, {}}, stored, 0.0, 10);
  ASSERT_EQ(ranked.size(), 3u);  // OTHER is another service; DUP counts for its master NEAR.
  EXPECT_EQ(ranked[0].number, "NEAR");
  EXPECT_GT(ranked[0].score, 0.95);
  EXPECT_EQ(ranked[1].number, "CLOSED");
  EXPECT_EQ(ranked[2].number, "EDGE");
  EXPECT_LT(ranked[2].score, 0.4);
  const auto decision = Decide(ranked, 0.95);
  ASSERT_TRUE(decision.merge_into);
  EXPECT_EQ(*decision.merge_into, "NEAR");
  EXPECT_FALSE(Decide(ranked, 0.999).merge_into);
}

}  // namespace
}  // namespace ratusz::dedup
