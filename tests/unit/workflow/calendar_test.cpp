#include "workflow/calendar.hpp"

#include <gtest/gtest.h>

#include "common/time_format.hpp"
#include "workflow/time_zone.hpp"

namespace ratusz::workflow {
namespace {

using namespace std::chrono;

Timestamp At(const char* w3c) { return ParseW3c(w3c).value(); }

TEST(EasterTest, KnownDates) {
  EXPECT_EQ(EasterSunday(year{2024}), 2024y / March / 31);
  EXPECT_EQ(EasterSunday(year{2025}), 2025y / April / 20);
  EXPECT_EQ(EasterSunday(year{2026}), 2026y / April / 5);
  EXPECT_EQ(EasterSunday(year{2027}), 2027y / March / 28);
  EXPECT_EQ(EasterSunday(year{2038}), 2038y / April / 25);
}

TEST(PolishHolidaysTest, FixedMovableAndChristmasEve) {
  EXPECT_TRUE(IsPolishPublicHoliday(2026y / November / 11));
  EXPECT_TRUE(IsPolishPublicHoliday(2026y / April / 6));  // Easter Monday.
  EXPECT_TRUE(IsPolishPublicHoliday(2026y / May / 24));   // Pentecost.
  EXPECT_TRUE(IsPolishPublicHoliday(2026y / June / 4));   // Corpus Christi.
  EXPECT_TRUE(IsPolishPublicHoliday(2025y / December / 24));
  EXPECT_FALSE(IsPolishPublicHoliday(2024y / December / 24));
  EXPECT_FALSE(IsPolishPublicHoliday(2026y / April / 7));
  EXPECT_FALSE(IsPolishPublicHoliday(2026y / November / 12));
}

TEST(TimeZoneTest, WarsawRuleGivesSummerAndWinterOffsets) {
  const auto tz = TimeZone::FromPosixRule("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(tz) << tz.error().message;
  EXPECT_EQ(tz->OffsetAt(At("2026-01-15T12:00:00Z")), hours{1});
  EXPECT_EQ(tz->OffsetAt(At("2026-07-15T12:00:00Z")), hours{2});
  // Spring forward at 01:00 UTC on the last Sunday of March, back at 01:00 UTC in October.
  EXPECT_EQ(tz->OffsetAt(At("2026-03-29T00:59:59Z")), hours{1});
  EXPECT_EQ(tz->OffsetAt(At("2026-03-29T01:00:00Z")), hours{2});
  EXPECT_EQ(tz->OffsetAt(At("2026-10-25T00:59:59Z")), hours{2});
  EXPECT_EQ(tz->OffsetAt(At("2026-10-25T01:00:00Z")), hours{1});
  const LocalTime noon{local_days{2026y / July / 1}.time_since_epoch() + hours{12}};
  EXPECT_EQ(FormatW3c(tz->ToUtc(noon)), "2026-07-01T10:00:00Z");
}

TEST(TimeZoneTest, SouthernHemisphereAndFixedZones) {
  const auto sydney = TimeZone::FromPosixRule("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(sydney);
  EXPECT_EQ(sydney->OffsetAt(At("2026-01-15T00:00:00Z")), hours{11});
  EXPECT_EQ(sydney->OffsetAt(At("2026-07-15T00:00:00Z")), hours{10});
  const auto fixed = TimeZone::FromPosixRule("<+03>-3");
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->OffsetAt(At("2026-07-15T00:00:00Z")), hours{3});
}

TEST(TimeZoneTest, RejectsRulesItCannotEvaluate) {
  EXPECT_FALSE(TimeZone::FromPosixRule(""));
  EXPECT_FALSE(TimeZone::FromPosixRule("CET"));
  EXPECT_FALSE(TimeZone::FromPosixRule("CET-1CEST,J60,J300"));
  EXPECT_FALSE(TimeZone::FromPosixRule("CET-1CEST,M13.5.0,M10.5.0"));
  EXPECT_FALSE(TimeZone::FromPosixRule("CET-1CEST,M3.5.0,M10.5.0/3trailing"));
}

TEST(BusinessCalendarTest, BetweenAndAddAreInverse) {
  auto spec = CalendarSpec{};
  spec.zone = TimeZone::FromPosixRule("CET-1CEST,M3.5.0,M10.5.0/3").value();
  for (int d = 0; d < 5; ++d) {
    spec.hours[d] = {{minutes{450}, minutes{930}}};
  }
  const BusinessCalendar office(spec);
  const auto start = At("2026-04-30T12:00:00Z");
  for (int h : {1, 3, 8, 17, 40, 100}) {
    const auto end = office.Add(start, hours{h});
    EXPECT_EQ(office.Between(start, end), hours{h}) << h;
  }
  EXPECT_EQ(office.Between(At("2026-05-02T08:00:00Z"), At("2026-05-03T20:00:00Z")), hours{0});
}

TEST(BusinessCalendarTest, ClosedCalendarNeverReachesTheTarget) {
  CalendarSpec spec;  // No open hours at all.
  const BusinessCalendar closed(spec);
  EXPECT_EQ(closed.Add(At("2026-01-01T00:00:00Z"), hours{1}), Timestamp::max());
}

}  // namespace
}  // namespace ratusz::workflow
