#include "contact/shifts.hpp"

#include <gtest/gtest.h>

#include "contact/erlang.hpp"

namespace ratusz::contact {
namespace {

TEST(Shifts, CoverTheRequirementWithTheFewestHours) {
  // One day: 2 agents 08:00-12:00, 4 agents 12:00-16:00, nobody else. Four-hour shifts may
  // start on every hour: 2 + 4 shifts, 24 agent-hours, is the least possible.
  std::vector<int> required(96, 0);
  for (int i = 32; i < 48; ++i) required[static_cast<std::size_t>(i)] = 2;
  for (int i = 48; i < 64; ++i) required[static_cast<std::size_t>(i)] = 4;
  std::vector<ShiftTemplate> templates;
  for (int h = 0; h < 24; ++h) {
    templates.push_back({"h" + std::to_string(h), h * 4, 16, {0}, 100});
  }
  const auto plan = PlanShifts(required, templates);
  EXPECT_DOUBLE_EQ(plan.agent_hours, 24);
  EXPECT_TRUE(plan.short_intervals.empty());
  EXPECT_EQ(ShiftPlanCsv(plan),
            "day,shift,start,end,agents\nMon,h8,08:00,12:00,2\nMon,h12,12:00,16:00,4\n");
}

TEST(Shifts, ReportsWhereAvailabilityFallsShort) {
  std::vector<int> required(96, 0);
  required[40] = 3;
  const auto plan = PlanShifts(required, {{"day", 32, 32, {0}, 2}});
  ASSERT_EQ(plan.short_intervals, std::vector<int>{40});
  EXPECT_EQ(plan.shifts.at(0).agents, 2);
}

TEST(Shifts, AWeekFromErlangCOnAForecast) {
  // Every interval of the week needs what Erlang C says for the calls forecast in it.
  Week forecast(kIntervalsPerWeek, 0.0);
  for (int i = 0; i < kIntervalsPerWeek; ++i) {
    const int hour = (i % 96) / 4;
    forecast[static_cast<std::size_t>(i)] = hour >= 8 && hour < 20 ? 40 : 5;  // Per 15 min.
  }
  std::vector<int> required;
  for (const double calls : forecast) {
    required.push_back(AgentsNeeded(Traffic{calls * 4, 240}, 20, 0.8));
  }
  std::vector<ShiftTemplate> templates = {
      {"night", 0, 32, {0, 1, 2, 3, 4, 5, 6}, 50},
      {"early", 24, 32, {0, 1, 2, 3, 4, 5, 6}, 50},
      {"day", 40, 32, {0, 1, 2, 3, 4, 5, 6}, 50},
      {"late", 64, 32, {0, 1, 2, 3, 4, 5, 6}, 50},
  };
  const auto plan = PlanShifts(required, templates);
  EXPECT_TRUE(plan.short_intervals.empty());
  // Every interval is covered.
  std::vector<int> staffed(kIntervalsPerWeek, 0);
  for (const auto& s : plan.shifts) {
    for (int j = s.start_interval; j < std::min(kIntervalsPerWeek, s.start_interval + s.length);
         ++j) {
      staffed[static_cast<std::size_t>(j)] += s.agents;
    }
  }
  for (int i = 0; i < kIntervalsPerWeek; ++i) {
    EXPECT_GE(staffed[static_cast<std::size_t>(i)], required[static_cast<std::size_t>(i)]) << i;
  }
  // The least these templates allow: 08:00-10:00 only "early" covers, 14:00-16:00 only "day",
  // 18:00-20:00 only "late": each needs the peak; "night" the night's requirement.
  const int peak = required[48];
  const int night = required[8];
  EXPECT_GT(peak, night);
  EXPECT_DOUBLE_EQ(plan.agent_hours, 7 * 8.0 * (night + 3 * peak));
}

}  // namespace
}  // namespace ratusz::contact
