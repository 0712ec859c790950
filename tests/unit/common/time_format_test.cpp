#include "common/time_format.hpp"

#include <gtest/gtest.h>

namespace ratusz {
namespace {

TEST(W3cTime, FormatsUtcWithZ) {
  EXPECT_EQ(FormatW3c(FromMicros(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatW3c(FromMicros(1'271'226'658'999'999)), "2010-04-14T06:30:58Z");
}

TEST(W3cTime, ParsesZonesAndConvertsToUtc) {
  const auto utc = ParseW3c("2010-04-14T06:37:38Z");
  ASSERT_TRUE(utc);
  const auto offset = ParseW3c("2010-04-13T22:37:38-08:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(*utc, *offset);
  const auto warsaw = ParseW3c("2010-04-14T08:37:38+02:00");
  ASSERT_TRUE(warsaw);
  EXPECT_EQ(*utc, *warsaw);
  const auto fraction = ParseW3c("2010-04-14T06:37:38.123Z");
  ASSERT_TRUE(fraction);
  EXPECT_EQ(*utc, *fraction);
}

TEST(W3cTime, RejectsWhatIsNotAW3cDateTime) {
  for (const char* bad :
       {"", "2010-04-14", "2010-04-14T06:37:38", "2010-04-14 06:37:38Z", "2010-13-01T00:00:00Z",
        "2010-02-30T00:00:00Z", "2010-04-14T24:00:00Z", "2010-04-14T06:37:38+25:00",
        "2010-04-14T06:37:38Zjunk", "yesterday", "2010-04-14T06:37:38.Z"}) {
    EXPECT_FALSE(ParseW3c(bad)) << bad;
  }
}

}  // namespace
}  // namespace ratusz
