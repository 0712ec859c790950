#include "dedup/recent_grid.hpp"

#include <gtest/gtest.h>

#include "cases/case_number.hpp"
#include "common/time_format.hpp"

namespace ratusz::dedup {
namespace {

Timestamp At(const char* w3c) { return ParseW3c(w3c).value(); }

std::vector<std::string> Numbers(const std::vector<Stored>& list) {
  std::vector<std::string> out;
  for (const auto& s : list) {
    out.push_back(s.number);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class RecentGridTest : public ::testing::Test {
 protected:
  RecentGridTest() {
    const auto t = At("2026-03-10T12:00:00Z");
    grid_.Put(1, "wroclaw.pl", "pothole", {51.1000, 17.0300}, t, cases::Status::kOpen, "",
              "Dziura na przejściu");
    grid_.Put(2, "wroclaw.pl", "pothole", {51.1004, 17.0303}, t, cases::Status::kFixed, "",
              "Dziury w jezdni");
    grid_.Put(3, "wroclaw.pl", "noise", {51.1001, 17.0301}, t, cases::Status::kOpen, "", "");
    grid_.Put(4, "warszawa.pl", "pothole", {51.1001, 17.0301}, t, cases::Status::kOpen, "", "");
    grid_.Put(5, "wroclaw.pl", "pothole", {51.1030, 17.0300}, t, cases::Status::kOpen, "", "");
    grid_.Put(6, "wroclaw.pl", "pothole", {51.1001, 17.0301}, At("2026-01-01T00:00:00Z"),
              cases::Status::kOpen, "", "");
  }

  SearchBox Box() const {
    const Probe p{"wroclaw.pl", "pothole", {51.1001, 17.0301}, At("2026-03-11T00:00:00Z"), ""};
    return BoxFor(p, Rule{100, 30, {}});
  }

  RecentGrid grid_;
};

TEST_F(RecentGridTest, FindsTheCasesOfTheJurisdictionServicePlaceAndWindow) {
  const auto found = grid_.InBox("wroclaw.pl", Box(), 100);
  EXPECT_EQ(Numbers(found),
            (std::vector<std::string>{cases::CaseNumberFor(1), cases::CaseNumberFor(2)}));
  for (const auto& s : found) {
    EXPECT_TRUE(s.complete);
    EXPECT_FALSE(s.stems.empty());
  }
  EXPECT_TRUE(grid_.InBox("krakow.pl", Box(), 100).empty());
  EXPECT_EQ(grid_.InBox("wroclaw.pl", Box(), 1).size(), 1u);
}

TEST_F(RecentGridTest, KnowsStatusAndStemsAsRankNeedsThem) {
  const auto found = grid_.InBox("wroclaw.pl", Box(), 100);
  const Probe p{
      "wroclaw.pl", "pothole", {51.1001, 17.0301}, At("2026-03-11T00:00:00Z"), "dziura przejście"};
  const auto ranked = Rank(p, Rule{100, 30, {}}, found, 0.0, 10);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].number, cases::CaseNumberFor(1)) << "open and similar text ranks first";
  EXPECT_EQ(ranked[1].status, cases::Status::kFixed);
}

TEST_F(RecentGridTest, ReclassifyingOrClosingUpdatesTheEntry) {
  grid_.Put(1, "wroclaw.pl", "noise", {51.1000, 17.0300}, At("2026-03-10T12:00:00Z"),
            cases::Status::kOpen, "", "");
  EXPECT_EQ(Numbers(grid_.InBox("wroclaw.pl", Box(), 100)),
            (std::vector<std::string>{cases::CaseNumberFor(2)}));
  grid_.SetStatus(2, cases::Status::kOpen);
  EXPECT_EQ(grid_.InBox("wroclaw.pl", Box(), 100).front().status, cases::Status::kOpen);
  EXPECT_EQ(grid_.size(), 6u);
}

TEST_F(RecentGridTest, DropsWhatIsOlderThanItsMemory) {
  grid_.DropBefore(At("2026-02-01T00:00:00Z"));
  EXPECT_EQ(grid_.size(), 5u);
  grid_.DropBefore(At("2026-04-01T00:00:00Z"));
  EXPECT_EQ(grid_.size(), 0u);
  EXPECT_TRUE(grid_.InBox("wroclaw.pl", Box(), 100).empty());
}

}  // namespace
}  // namespace ratusz::dedup
