#pragma once

// A week's shift plan: how many agents start each shift template so that every 15-minute
// interval has at least the agents required (Erlang C on the forecast), with the fewest
// agent-hours. Greedy from the first interval short of agents: add the available shift that
// covers it and reaches furthest; with shifts of one length that may start in any interval
// this is optimal, otherwise close to it. Pure.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "contact/forecast.hpp"

namespace ratusz::contact {

struct ShiftTemplate {
  std::string name;        // "early", "day", ...
  int start_interval = 0;  // In the day, 0..95 (15-minute steps from midnight).
  int length = 32;         // Intervals (32 = 8 hours).
  std::vector<int> days = {0, 1, 2, 3, 4, 5, 6};  // Monday = 0.
  int available = 1000;                           // Agents who can work it on one day.
};

struct PlannedShift {
  int day = 0;
  std::string name;
  int start_interval = 0;  // In the week.
  int length = 0;
  int agents = 0;
};

struct ShiftPlan {
  std::vector<PlannedShift> shifts;
  double agent_hours = 0;
  std::vector<int> short_intervals;  // Where availability could not cover the requirement.
};

ShiftPlan PlanShifts(const std::vector<int>& required, const std::vector<ShiftTemplate>& templates);

// "day,shift,start,end,agents" rows; times as HH:MM, a shift past midnight ends on the next day.
std::string ShiftPlanCsv(const ShiftPlan& plan);

}  // namespace ratusz::contact
