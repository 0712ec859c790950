#include "residents/notices.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ratusz::residents {
namespace {

const Timestamp kT0 = FromMicros(1'790'000'000'000'000);

// Two districts side by side (west and east of lon 21.0), and a third far north.
NoticeSetup City() {
  NoticeSetup s;
  s.topics = {{"road_works", "Roboty drogowe", "Road works"}, {"fees", "Opłaty", "Fees"}};
  s.areas = {
      {"west", "Zachód", "West", {{52.20, 20.90}, {52.20, 21.00}, {52.25, 21.00}, {52.25, 20.90}}},
      {"east", "Wschód", "East", {{52.20, 21.00}, {52.20, 21.10}, {52.25, 21.10}, {52.25, 21.00}}},
      {"north",
       "Północ",
       "North",
       {{52.40, 20.90}, {52.40, 21.10}, {52.45, 21.10}, {52.45, 20.90}}},
  };
  return s;
}

TEST(Notices, PointInPolygon) {
  const Polygon square = {{0, 0}, {0, 10}, {10, 10}, {10, 0}};
  EXPECT_TRUE(Contains(square, {5, 5}));
  EXPECT_FALSE(Contains(square, {11, 5}));
  EXPECT_FALSE(Contains(square, {5, -0.1}));
  // A concave "U": the notch is outside.
  const Polygon u = {{0, 0}, {0, 3}, {3, 3}, {3, 2}, {1, 2}, {1, 1}, {3, 1}, {3, 0}};
  EXPECT_TRUE(Contains(u, {0.5, 1.5}));
  EXPECT_FALSE(Contains(u, {2, 1.5}));
}

TEST(Notices, PolygonsOverlapWhenCornersInsideOrEdgesCross) {
  const Polygon a = {{0, 0}, {0, 10}, {10, 10}, {10, 0}};
  EXPECT_TRUE(Overlap(a, {{2, 2}, {2, 3}, {3, 3}}));              // Inside.
  EXPECT_TRUE(Overlap({{2, 2}, {2, 3}, {3, 3}}, a));              // Around it.
  EXPECT_TRUE(Overlap(a, {{-1, 5}, {11, 5}, {11, 6}, {-1, 6}}));  // A band across: no corner in.
  EXPECT_FALSE(Overlap(a, {{20, 20}, {20, 30}, {30, 30}}));       // Apart.
  EXPECT_FALSE(Overlap(a, {{11, -1}, {11, 11}, {12, 11}, {12, -1}}));  // Beside, not touching.
}

TEST(Notices, BadPolygonsAreRefused) {
  EXPECT_FALSE(CheckPolygon({{0, 0}, {1, 1}}, "polygon"));
  EXPECT_FALSE(CheckPolygon({{0, 0}, {1, 1}, {2, 2}}, "polygon"));  // In line.
  EXPECT_FALSE(CheckPolygon({{0, 0}, {91, 1}, {2, 0}}, "polygon"));
  EXPECT_FALSE(CheckPolygon({{0, 0}, {std::nan(""), 1}, {2, 0}}, "polygon"));
  EXPECT_TRUE(CheckPolygon({{0, 0}, {0, 1}, {1, 0}}, "polygon"));
}

TEST(Notices, BroadcastOverADrawnPolygonReachesTheAreasItTouches) {
  BroadcastInput in;
  in.topic = "road_works";
  // A closure along a street just west of the border, 52.22-52.23.
  in.polygon = {{52.22, 20.98}, {52.22, 20.99}, {52.23, 20.99}, {52.23, 20.98}};
  in.title_pl = "Zamknięcie ulicy";
  in.text_pl = "Ulica zamknięta do piątku.";
  auto b = ValidateBroadcast(in, City(), kT0);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->reach, (std::vector<std::string>{"west"}));
  EXPECT_FALSE(b->city_wide);
  EXPECT_EQ(b->send_at, kT0);

  in.polygon = {{52.22, 20.98}, {52.22, 21.02}, {52.23, 21.02}, {52.23, 20.98}};  // Across.
  b = ValidateBroadcast(in, City(), kT0);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->reach, (std::vector<std::string>{"west", "east"}));

  in.polygon.clear();
  in.area = "north";
  b = ValidateBroadcast(in, City(), kT0);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->reach, (std::vector<std::string>{"north"}));

  in.area.clear();
  in.send_at = kT0 + std::chrono::days(3);  // A reminder.
  b = ValidateBroadcast(in, City(), kT0);
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->city_wide);
  EXPECT_EQ(b->send_at, kT0 + std::chrono::days(3));
}

TEST(Notices, BroadcastProblemsAreAllReported) {
  BroadcastInput in;
  in.topic = "parades";
  in.area = "south";
  in.title_en = "Only a title";
  in.send_at = kT0 + std::chrono::days(400);
  auto b = ValidateBroadcast(in, City(), kT0);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("no notice topic 'parades'"), std::string::npos);
  EXPECT_NE(b.error().message.find("no area 'south'"), std::string::npos);
  EXPECT_NE(b.error().message.find("both its title and its text"), std::string::npos);
  EXPECT_NE(b.error().message.find("a year ahead"), std::string::npos);

  BroadcastInput both;
  both.topic = "fees";
  both.area = "west";
  both.polygon = {{0, 0}, {0, 1}, {1, 0}};
  both.title_pl = "T";
  both.text_pl = std::string(2001, 'x');
  b = ValidateBroadcast(both, City(), kT0);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("not both"), std::string::npos);
  EXPECT_NE(b.error().message.find("text_pl is longer"), std::string::npos);
}

TEST(Notices, SubscriptionsAreNormalisedPerTopicAndArea) {
  SubscriptionInput in;
  in.address = " Ala <ALA@Example.PL> ";
  in.topics = {"road_works", "fees", "road_works"};
  in.areas = {"west", "east"};
  in.language = "en";
  in.consent_version = "2026-01";
  auto r = ValidateSubscription(in, City(), {"2026-01"}, "PL");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->kind, "email");
  EXPECT_EQ(r->address, "ala@example.pl");
  EXPECT_EQ(r->pairs.size(), 4u);

  in.address = "600 123 456";
  in.areas.clear();
  r = ValidateSubscription(in, City(), {"2026-01"}, "PL");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, "sms");
  EXPECT_EQ(r->address, "+48600123456");
  ASSERT_EQ(r->pairs.size(), 2u);
  EXPECT_EQ(r->pairs[0], (std::pair<std::string, std::string>{"road_works", ""}));

  SubscriptionInput bad;
  bad.address = "12";
  bad.areas = {"south"};
  bad.language = "de";
  bad.consent_version = "1999";
  r = ValidateSubscription(bad, City(), {"2026-01"}, "PL");
  ASSERT_FALSE(r);
  for (const char* part :
       {"address", "topics must name", "no area 'south'", "language", "consent_version"}) {
    EXPECT_NE(r.error().message.find(part), std::string::npos) << part;
  }
}

TEST(Notices, FollowingACaseIsOnePairAndTakesNoTopics) {
  SubscriptionInput in;
  in.address = "ola@example.org";
  in.consent_version = "2026-01";
  auto r = ValidateSubscription(in, City(), {"2026-01"}, "PL", "K7M2-QX4P");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->pairs.size(), 1U);
  EXPECT_EQ(r->pairs[0].first, CaseTopic("K7M2-QX4P"));
  EXPECT_EQ(CaseOfTopic(r->pairs[0].first), "K7M2-QX4P");
  EXPECT_EQ(CaseOfTopic("road_works"), "");
  in.topics = {"fees"};
  EXPECT_FALSE(ValidateSubscription(in, City(), {"2026-01"}, "PL", "K7M2-QX4P"));
}

TEST(Notices, TheTextFollowsTheLanguageAndFallsBack) {
  EXPECT_EQ(InLanguage("en", "Polski", "English"), "English");
  EXPECT_EQ(InLanguage("pl", "Polski", "English"), "Polski");
  EXPECT_EQ(InLanguage("en", "Polski", ""), "Polski");
  EXPECT_EQ(InLanguage("pl", "", "English"), "English");
}

TEST(Notices, ThrottleKeepsAnyDayUnderTheLimit) {
  using std::chrono::hours;
  // Three sent in the last day: the next waits until the oldest of them is a day old.
  const std::vector<Timestamp> sent = {kT0 - hours(30), kT0 - hours(20), kT0 - hours(5),
                                       kT0 - hours(1)};
  EXPECT_EQ(ThrottledUntil(sent, 3, kT0), kT0 - hours(20) + hours(24));
  EXPECT_EQ(ThrottledUntil(sent, 4, kT0), std::nullopt);
  EXPECT_EQ(ThrottledUntil(sent, 2, kT0), kT0 - hours(5) + hours(24));
  EXPECT_EQ(ThrottledUntil({}, 1, kT0), std::nullopt);
  EXPECT_EQ(ThrottledUntil(sent, 0, kT0), std::nullopt);  // No limit.
  // At that time it may go.
  EXPECT_EQ(ThrottledUntil(sent, 3, kT0 + hours(4)), std::nullopt);
}

}  // namespace
}  // namespace ratusz::residents
