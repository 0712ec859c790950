#include "dedup/dedup.hpp"

#include <gtest/gtest.h>

#include <map>

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
       "Dziura na przejściu",
       false,
       {}},
      {"EDGE",
       "pothole",
       {51.1083, 17.0385},
       At("2026-02-10T11:00:00Z"),
       cases::Status::kOpen,
       "",
       "Coś innego",
       false,
       {}},
      {"CLOSED",
       "pothole",
       {51.10791, 17.03851},
       At("2026-03-02T11:00:00Z"),
       cases::Status::kFixed,
       "",
       "Dziura na przejściu",
       false,
       {}},
      {"OTHER",
       "noise",
       {51.1079, 17.0385},
       At("2026-03-02T11:00:00Z"),
       cases::Status::kOpen,
       "",
       "Dziura na przejściu",
       false,
       {}},
      {"DUP",
       "pothole",
       {51.1079, 17.0385},
       At("2026-03-02T11:30:00Z"),
       cases::Status::kDuplicate,
       "NEAR",
       "Dziura",
       false,
       {}},
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

TEST(DedupTest, LazyRankingReadsFewCasesAndAgreesWithTheFullOne) {
  // 400 reports of the same kind around one spot (a busy crossing), with varied texts, times
  // and statuses: the lazy ranking reads the text of the most promising only and finds the
  // same ten.
  const Probe p{"j", "pothole", {51.1, 17.0}, At("2026-03-15T12:00:00Z"), "dziura przejście"};
  const Rule rule{100, 30, {"sidewalk"}};
  std::vector<Stored> full;
  for (int i = 0; i < 400; ++i) {
    Stored s;
    s.number = "C" + std::to_string(i);
    s.service_code = i % 7 == 0 ? "sidewalk" : (i % 11 == 0 ? "graffiti" : "pothole");
    s.location = {51.1 + 0.00001 * (i % 90), 17.0 + 0.000013 * (i % 70)};
    s.requested_at = At("2026-03-15T12:00:00Z") - std::chrono::hours(3 * (i % 300));
    s.status = i % 5 == 0 ? cases::Status::kFixed : cases::Status::kOpen;
    s.text = i % 3 == 0 ? "Dziura na przejściu" : "Zniszczony znak";
    full.push_back(s);
  }
  std::vector<Stored> located = full;
  for (auto& s : located) {
    s.status = cases::Status::kOpen;
    s.text.clear();
  }
  const std::map<std::string, Stored> by_number = [&] {
    std::map<std::string, Stored> m;
    for (const auto& s : full) {
      m[s.number] = s;
    }
    return m;
  }();
  std::size_t read = 0;
  const auto lazy = RankLazily(
      p, rule, located,
      [&](std::vector<Stored>& batch) {
        for (auto& s : batch) {
          s = by_number.at(s.number);
        }
        read += batch.size();
        return true;
      },
      0.4, 10);
  const auto eager = Rank(p, rule, full, 0.4, 10);
  ASSERT_EQ(lazy.size(), eager.size());
  for (std::size_t i = 0; i < lazy.size(); ++i) {
    EXPECT_EQ(lazy[i].number, eager[i].number) << i;
    EXPECT_DOUBLE_EQ(lazy[i].score, eager[i].score) << i;
  }
  EXPECT_LT(read, 200u) << "most texts need not be read";

  bool failed = false;
  const auto broken = RankLazily(
      p, rule, located, [](std::vector<Stored>&) { return false; }, 0.4, 10, &failed);
  EXPECT_TRUE(failed);
  EXPECT_TRUE(broken.empty());
}

}  // namespace
}  // namespace ratusz::dedup
