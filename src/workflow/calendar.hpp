#pragma once

// Business time: when a unit works (weekly hours in its time zone, closed on public holidays,
// or around the clock), and SLA arithmetic in that time ("8 working hours from Friday 14:00").

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "workflow/time_zone.hpp"

namespace ratusz::workflow {

using Micros = std::chrono::microseconds;

// Polish public holidays (Ustawa o dniach wolnych od pracy): the fixed days, Easter Sunday and
// Monday, Pentecost and Corpus Christi, and Christmas Eve from 2025 on.
bool IsPolishPublicHoliday(std::chrono::year_month_day day);
// Easter Sunday of the Gregorian calendar.
std::chrono::year_month_day EasterSunday(std::chrono::year year);

struct OpenInterval {
  std::chrono::minutes from{0};  // Local time of day, 0..1440.
  std::chrono::minutes to{0};
};

struct CalendarSpec {
  std::string id;
  TimeZone zone;
  bool always_open = false;  // A 24/7 unit: business time is wall time.
  // Index 0 is Monday. Intervals are sorted and do not overlap.
  std::array<std::vector<OpenInterval>, 7> hours;
  bool polish_holidays = true;
  std::vector<std::chrono::year_month_day> extra_closed_days;  // e.g. a day off given in lieu.
};

class BusinessCalendar {
 public:
  explicit BusinessCalendar(CalendarSpec spec) : spec_(std::move(spec)) {}

  const std::string& id() const { return spec_.id; }
  const TimeZone& zone() const { return spec_.zone; }
  bool always_open() const { return spec_.always_open; }

  bool IsClosedDay(std::chrono::year_month_day day) const;
  // Business time in [from, to); zero when to <= from.
  Micros Between(Timestamp from, Timestamp to) const;
  // The instant when `amount` of business time has passed after `start`. A calendar with no
  // open hours at all never gets there: the result is Timestamp::max().
  Timestamp Add(Timestamp start, Micros amount) const;

 private:
  // The open intervals of one local day, as UTC instants.
  std::vector<std::pair<Timestamp, Timestamp>> OpenOn(std::chrono::local_days day) const;

  CalendarSpec spec_;
};

}  // namespace ratusz::workflow
