#include "workflow/calendar.hpp"

#include <algorithm>

namespace ratusz::workflow {
namespace {

using namespace std::chrono;

constexpr int kMaxDaysSearched = 3 * 366;  // A calendar closed that long is misconfigured.

}  // namespace

year_month_day EasterSunday(year y) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = static_cast<int>(y) % 19;
  const int b = static_cast<int>(y) / 100;
  const int c = static_cast<int>(y) % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month_number = (h + l - 7 * m + 114) / 31;
  const int day_number = ((h + l - 7 * m + 114) % 31) + 1;
  return y / month{static_cast<unsigned>(month_number)} / day{static_cast<unsigned>(day_number)};
}

bool IsPolishPublicHoliday(year_month_day date) {
  const unsigned m = static_cast<unsigned>(date.month());
  const unsigned d = static_cast<unsigned>(date.day());
  struct Fixed {
    unsigned month;
    unsigned day;
  };
  static constexpr Fixed kFixed[] = {{1, 1},  {1, 6},   {5, 1},   {5, 3},  {8, 15},
                                     {11, 1}, {11, 11}, {12, 25}, {12, 26}};
  for (const auto& f : kFixed) {
    if (f.month == m && f.day == d) {
      return true;
    }
  }
  if (m == 12 && d == 24 && date.year() >= year{2025}) {
    return true;  // Wigilia, a public holiday since the 2024 amendment.
  }
  const sys_days easter{EasterSunday(date.year())};
  const sys_days today{date};
  const auto after = (today - easter).count();
  return after == 0 || after == 1 || after == 49 || after == 60;
}

bool BusinessCalendar::IsClosedDay(year_month_day day) const {
  if (spec_.polish_holidays && IsPolishPublicHoliday(day)) {
    return true;
  }
  return std::find(spec_.extra_closed_days.begin(), spec_.extra_closed_days.end(), day) !=
         spec_.extra_closed_days.end();
}

std::vector<std::pair<Timestamp, Timestamp>> BusinessCalendar::OpenOn(local_days day) const {
  std::vector<std::pair<Timestamp, Timestamp>> out;
  if (IsClosedDay(year_month_day{sys_days{day.time_since_epoch()}})) {
    return out;
  }
  const unsigned monday_index = (weekday{day}.c_encoding() + 6) % 7;
  for (const auto& interval : spec_.hours[monday_index]) {
    const LocalTime from{day.time_since_epoch() + duration_cast<seconds>(interval.from)};
    const LocalTime to{day.time_since_epoch() + duration_cast<seconds>(interval.to)};
    out.emplace_back(spec_.zone.ToUtc(from), spec_.zone.ToUtc(to));
  }
  return out;
}

Micros BusinessCalendar::Between(Timestamp from, Timestamp to) const {
  if (to <= from) {
    return Micros{0};
  }
  if (spec_.always_open) {
    return to - from;
  }
  Micros total{0};
  auto day = floor<days>(spec_.zone.ToLocal(from));
  const auto last = floor<days>(spec_.zone.ToLocal(to));
  for (; day <= last; day += days{1}) {
    for (const auto& [open, close] : OpenOn(day)) {
      const auto a = std::max(open, from);
      const auto b = std::min(close, to);
      if (b > a) {
        total += b - a;
      }
    }
  }
  return total;
}

Timestamp BusinessCalendar::Add(Timestamp start, Micros amount) const {
  if (amount <= Micros{0}) {
    return start;
  }
  if (spec_.always_open) {
    return start + amount;
  }
  auto day = floor<days>(spec_.zone.ToLocal(start));
  Micros left = amount;
  for (int i = 0; i < kMaxDaysSearched; ++i, day += days{1}) {
    for (const auto& [open, close] : OpenOn(day)) {
      const auto a = std::max(open, start);
      if (close <= a) {
        continue;
      }
      if (close - a >= left) {
        return a + left;
      }
      left -= close - a;
    }
  }
  return Timestamp::max();
}

}  // namespace ratusz::workflow
