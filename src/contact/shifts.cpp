#include "contact/shifts.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace ratusz::contact {
namespace {

struct Candidate {
  const ShiftTemplate* shift;
  int day;
  int start;  // In the week.
};

std::string Clock(int interval) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", (interval % 96) / 4, (interval % 4) * 15);
  return buffer;
}

}  // namespace

ShiftPlan PlanShifts(const std::vector<int>& required,
                     const std::vector<ShiftTemplate>& templates) {
  const int n = static_cast<int>(required.size());
  std::vector<Candidate> candidates;
  for (const auto& t : templates) {
    for (const int day : t.days) {
      candidates.push_back({&t, day, day * 96 + t.start_interval});
    }
  }
  std::vector<int> staffed(static_cast<std::size_t>(n), 0);
  std::map<std::pair<int, const ShiftTemplate*>, int> used;  // (day, template) -> agents
  ShiftPlan plan;
  for (int i = 0; i < n; ++i) {
    while (staffed[static_cast<std::size_t>(i)] < required[static_cast<std::size_t>(i)]) {
      const Candidate* best = nullptr;
      for (const auto& c : candidates) {
        const bool covers = c.start <= i && i < c.start + c.shift->length;
        const auto taken = used.find({c.day, c.shift});
        if (!covers || (taken != used.end() && taken->second >= c.shift->available)) {
          continue;
        }
        if (best == nullptr || c.start + c.shift->length > best->start + best->shift->length) {
          best = &c;
        }
      }
      if (best == nullptr) {
        plan.short_intervals.push_back(i);
        break;
      }
      used[{best->day, best->shift}] += 1;
      for (int j = best->start; j < std::min(n, best->start + best->shift->length); ++j) {
        staffed[static_cast<std::size_t>(j)] += 1;
      }
      plan.agent_hours += best->shift->length / 4.0;
    }
  }
  for (const auto& [key, agents] : used) {
    const auto& [day, shift] = key;
    plan.shifts.push_back(
        {day, shift->name, day * 96 + shift->start_interval, shift->length, agents});
  }
  std::sort(plan.shifts.begin(), plan.shifts.end(),
            [](const PlannedShift& a, const PlannedShift& b) {
              return a.start_interval != b.start_interval ? a.start_interval < b.start_interval
                                                          : a.name < b.name;
            });
  return plan;
}

std::string ShiftPlanCsv(const ShiftPlan& plan) {
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  std::string out = "day,shift,start,end,agents\n";
  for (const auto& s : plan.shifts) {
    out += std::string(kDays[s.day % 7]) + "," + s.name + "," + Clock(s.start_interval) + "," +
           Clock(s.start_interval + s.length) + "," + std::to_string(s.agents) + "\n";
  }
  return out;
}

}  // namespace ratusz::contact
