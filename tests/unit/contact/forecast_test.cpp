#include "contact/forecast.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace ratusz::contact {
namespace {

std::vector<Week> LoadNycWeeks() {
  std::ifstream in(std::string(RATUSZ_TEST_DATA_DIR) + "/nyc311-interpreter-calls-per-15min.txt");
  EXPECT_TRUE(in);
  std::vector<Week> weeks;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream f(line);
    Week w;
    for (double c = 0; f >> c;) {
      w.push_back(c);
    }
    EXPECT_EQ(w.size(), static_cast<std::size_t>(kIntervalsPerWeek));
    weeks.push_back(std::move(w));
  }
  return weeks;
}

// Rolling origin: each of the last four weeks is forecast from the weeks before it only.
TEST(Forecast, BeatsLastWeekOnHeldOutWeeksOfNycCalls) {
  const auto weeks = LoadNycWeeks();
  ASSERT_EQ(weeks.size(), 9u);
  double ours[3] = {0, 0, 0};
  double naive[3] = {0, 0, 0};
  for (std::size_t t = 5; t < 9; ++t) {
    const std::vector<Week> history(weeks.begin(), weeks.begin() + static_cast<long>(t));
    const Week f = ForecastWeek(history);
    const Week& actual = weeks[t];
    const Week& last = weeks[t - 1];
    const int levels[3] = {1, 4, 96};
    for (int l = 0; l < 3; ++l) {
      ours[l] += Wape(Aggregate(actual, levels[l]), Aggregate(f, levels[l])) / 4;
      naive[l] += Wape(Aggregate(actual, levels[l]), Aggregate(last, levels[l])) / 4;
    }
  }
  std::cout << "WAPE per 15 min / hour / day: forecast " << ours[0] << " / " << ours[1] << " / "
            << ours[2] << "; same as last week " << naive[0] << " / " << naive[1] << " / "
            << naive[2] << "\n";
  EXPECT_LT(ours[0], naive[0]);
  EXPECT_LT(ours[1], naive[1]);
  EXPECT_LT(ours[0], 0.42);
  EXPECT_LT(ours[1], 0.30);
  EXPECT_LT(ours[2], 0.20);
}

TEST(Forecast, FollowsATrendAndKeepsTheShape) {
  // Three weeks growing by 100 calls, all in two intervals 2:1.
  std::vector<Week> history;
  for (int w = 0; w < 3; ++w) {
    Week week(kIntervalsPerWeek, 0.0);
    week[100] = 2 * (100 + 100 * w) / 3.0;
    week[400] = (100 + 100 * w) / 3.0;
    history.push_back(week);
  }
  const Week f = ForecastWeek(history);
  double total = 0;
  for (const double v : f) {
    total += v;
  }
  EXPECT_NEAR(total, 400, 1e-6) << "100, 200, 300 -> 400";
  EXPECT_NEAR(f[100] + f[99] + f[101], 2 * (f[400] + f[399] + f[401]), 1e-6);
  EXPECT_EQ(ForecastWeek({}), Week(kIntervalsPerWeek, 0.0));
}

}  // namespace
}  // namespace ratusz::contact
