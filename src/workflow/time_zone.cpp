#include "workflow/time_zone.hpp"

#include <cctype>
#include <optional>

namespace ratusz::workflow {
namespace {

using std::chrono::seconds;

class RuleReader {
 public:
  explicit RuleReader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  bool Take(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // A zone abbreviation: three or more letters, or anything between < and >.
  bool Name() {
    if (Take('<')) {
      const auto end = text_.find('>', pos_);
      if (end == std::string_view::npos || end == pos_) {
        return false;
      }
      pos_ = end + 1;
      return true;
    }
    const auto start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
    return pos_ - start >= 3;
  }
  bool StartsOffset() const {
    return pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '+' || text_[pos_] == '-');
  }
  std::optional<int> Number(int max) {
    const auto start = pos_;
    int value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) &&
           pos_ - start < 3) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start || value > max) {
      return std::nullopt;
    }
    return value;
  }
  // [+-]hh[:mm[:ss]]
  std::optional<seconds> Duration(int max_hours) {
    int sign = 1;
    if (Take('-')) {
      sign = -1;
    } else {
      (void)Take('+');
    }
    const auto h = Number(max_hours);
    if (!h) {
      return std::nullopt;
    }
    int m = 0;
    int s = 0;
    if (Take(':')) {
      const auto mm = Number(59);
      if (!mm) {
        return std::nullopt;
      }
      m = *mm;
      if (Take(':')) {
        const auto ss = Number(59);
        if (!ss) {
          return std::nullopt;
        }
        s = *ss;
      }
    }
    return seconds{sign * (*h * 3600 + m * 60 + s)};
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<TimeZone> TimeZone::FromPosixRule(std::string_view rule) {
  const auto bad = [&](const char* why) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "time zone rule '" + std::string(rule.substr(0, 60)) + "' " + why);
  };
  RuleReader r(rule);
  TimeZone tz;
  tz.rule_ = std::string(rule);
  if (!r.Name()) {
    return bad("has no zone name");
  }
  const auto std_off = r.Duration(24);
  if (!std_off) {
    return bad("has no valid UTC offset");
  }
  tz.std_offset_ = -*std_off;  // POSIX counts west of Greenwich as positive.
  if (r.AtEnd()) {
    return tz;
  }
  if (!r.Name()) {
    return bad("has a malformed daylight-saving name");
  }
  tz.has_dst_ = true;
  tz.dst_offset_ = tz.std_offset_ + seconds{3600};
  if (r.StartsOffset()) {
    const auto dst_off = r.Duration(24);
    if (!dst_off) {
      return bad("has a malformed daylight-saving offset");
    }
    tz.dst_offset_ = -*dst_off;
  }
  const auto transition = [&](Transition& out) -> bool {
    if (!r.Take(',') || !r.Take('M')) {
      return false;
    }
    const auto month = r.Number(12);
    if (!month || *month < 1 || !r.Take('.')) {
      return false;
    }
    const auto week = r.Number(5);
    if (!week || *week < 1 || !r.Take('.')) {
      return false;
    }
    const auto day = r.Number(6);
    if (!day) {
      return false;
    }
    out.month = static_cast<unsigned>(*month);
    out.week = static_cast<unsigned>(*week);
    out.weekday = static_cast<unsigned>(*day);
    if (r.Take('/')) {
      const auto time = r.Duration(167);
      if (!time) {
        return false;
      }
      out.time = *time;
    }
    return true;
  };
  if (!transition(tz.dst_start_) || !transition(tz.dst_end_) || !r.AtEnd()) {
    return bad("has daylight-saving rules other than ,Mm.w.d[/time],Mm.w.d[/time]");
  }
  return tz;
}

std::chrono::sys_seconds TimeZone::TransitionIn(int year, const Transition& rule, seconds offset) {
  using namespace std::chrono;
  const auto wd = weekday{rule.weekday};
  sys_days day;
  if (rule.week == 5) {
    day = sys_days{std::chrono::year{year} / month{rule.month} / wd[last]};
  } else {
    day = sys_days{std::chrono::year{year} / month{rule.month} / wd[rule.week]};
  }
  return sys_seconds{day} + rule.time - offset;
}

bool TimeZone::IsDst(std::chrono::sys_seconds t) const {
  if (!has_dst_) {
    return false;
  }
  using namespace std::chrono;
  const int year = static_cast<int>(year_month_day{floor<days>(t)}.year());
  // Near New Year the transitions of the neighbouring year may apply (southern zones).
  for (int y = year - 1; y <= year + 1; ++y) {
    const auto start = TransitionIn(y, dst_start_, std_offset_);
    const auto end = TransitionIn(y, dst_end_, dst_offset_);
    if (start < end) {
      if (t >= start && t < end) {
        return true;
      }
    } else if (t >= start && t < TransitionIn(y + 1, dst_end_, dst_offset_)) {
      return true;
    }
  }
  return false;
}

seconds TimeZone::OffsetAt(Timestamp t) const {
  return IsDst(std::chrono::floor<seconds>(t)) ? dst_offset_ : std_offset_;
}

LocalTime TimeZone::ToLocal(Timestamp t) const {
  const auto s = std::chrono::floor<seconds>(t);
  return LocalTime{s.time_since_epoch() + OffsetAt(t)};
}

Timestamp TimeZone::ToUtc(LocalTime local) const {
  const std::chrono::sys_seconds as_dst{local.time_since_epoch() - dst_offset_};
  if (has_dst_ && IsDst(as_dst)) {
    return as_dst;
  }
  return std::chrono::sys_seconds{local.time_since_epoch() - std_offset_};
}

}  // namespace ratusz::workflow
