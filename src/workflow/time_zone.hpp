#pragma once

// A time zone as the rule a POSIX TZ string states ("CET-1CEST,M3.5.0,M10.5.0/3"): the form
// that ends every TZif file in /usr/share/zoneinfo and describes the zone's current rules. The
// business calendar needs only the present and near future, for which that rule is exact.
// Parsing the text is pure; reading the file is the configuration's job.

#include <chrono>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::workflow {

using LocalTime = std::chrono::local_time<std::chrono::seconds>;

class TimeZone {
 public:
  // Coordinated Universal Time.
  TimeZone() = default;
  // Parses a POSIX TZ rule. Only the month-week-day form of DST rules ("M3.5.0/2") is
  // accepted; it is the one every IANA zone uses today.
  [[nodiscard]] static Result<TimeZone> FromPosixRule(std::string_view rule);

  // The offset from UTC in force at `t`.
  std::chrono::seconds OffsetAt(Timestamp t) const;
  LocalTime ToLocal(Timestamp t) const;
  // The instant of a local wall-clock time. In the hour skipped in spring the standard offset
  // applies; in the hour repeated in autumn, the earlier instant.
  Timestamp ToUtc(LocalTime local) const;

  const std::string& rule() const { return rule_; }

 private:
  struct Transition {
    unsigned month = 0;               // 1..12
    unsigned week = 0;                // 1..5, 5 = last
    unsigned weekday = 0;             // 0 = Sunday
    std::chrono::seconds time{7200};  // Local time of day, may exceed 24 h or be negative.
  };
  // The UTC instant of `rule` in `year`, with `offset` the offset in force before it.
  static std::chrono::sys_seconds TransitionIn(int year, const Transition& rule,
                                               std::chrono::seconds offset);
  bool IsDst(std::chrono::sys_seconds t) const;

  std::string rule_ = "UTC0";
  std::chrono::seconds std_offset_{0};
  std::chrono::seconds dst_offset_{0};
  bool has_dst_ = false;
  Transition dst_start_;
  Transition dst_end_;
};

}  // namespace ratusz::workflow
