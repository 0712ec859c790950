#include "contact/erlang.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ratusz::contact {
namespace {

// The textbook case (e.g. Call Centre Helper's "Erlang C formula - made simple"): 100 calls in
// half an hour, 3 minutes each (10 Erlangs), 80 % answered within 20 s.
const Traffic kTextbook{200, 180};

TEST(ErlangC, MatchesThePublishedWaitProbabilities) {
  EXPECT_DOUBLE_EQ(kTextbook.Erlangs(), 10.0);
  EXPECT_NEAR(ErlangCFor(kTextbook, 11, 20).wait_probability, 0.6821, 5e-5);
  EXPECT_NEAR(ErlangCFor(kTextbook, 12, 20).wait_probability, 0.4494, 5e-5);
  EXPECT_NEAR(ErlangCFor(kTextbook, 13, 20).wait_probability, 0.2853, 5e-5);
  EXPECT_NEAR(ErlangCFor(kTextbook, 14, 20).wait_probability, 0.1741, 5e-5);
}

TEST(ErlangC, ServiceLevelAnswerSpeedAndStaffing) {
  const auto thirteen = ErlangCFor(kTextbook, 13, 20);
  EXPECT_NEAR(thirteen.service_level, 0.796, 5e-4);
  EXPECT_NEAR(thirteen.average_speed_of_answer_s, 17.1, 0.05);
  EXPECT_NEAR(thirteen.occupancy, 10.0 / 13, 1e-9);
  EXPECT_NEAR(ErlangCFor(kTextbook, 14, 20).service_level, 0.888, 5e-4);
  EXPECT_EQ(AgentsNeeded(kTextbook, 20, 0.80), 14) << "13 agents give 79.6 %";
  EXPECT_EQ(AgentsNeeded(kTextbook, 20, 0.75), 13);
  EXPECT_EQ(AgentsNeeded(kTextbook, 20, 0.80, 0.70), 15) << "occupancy at most 70 %";
  EXPECT_EQ(AgentsNeeded(Traffic{0, 180}, 20, 0.8), 0);
}

TEST(ErlangC, TooFewAgentsNeverCatchUp) {
  const auto e = ErlangCFor(kTextbook, 10, 20);
  EXPECT_EQ(e.wait_probability, 1);
  EXPECT_EQ(e.service_level, 0);
  EXPECT_TRUE(std::isinf(e.average_speed_of_answer_s));
}

TEST(ErlangC, StaysStableForLargeCentres) {
  // 1,000 Erlangs (a national line): no overflow in the recursion, sensible staffing.
  const Traffic big{20000, 180};
  const int n = AgentsNeeded(big, 20, 0.8);
  EXPECT_GT(n, 1000);
  EXPECT_LT(n, 1060);
  EXPECT_GE(ErlangCFor(big, n, 20).service_level, 0.8);
}

TEST(ErlangA, BecomesErlangCWhenCallersArePatient) {
  const auto a = ErlangAFor(kTextbook, 12, 1e9);
  EXPECT_NEAR(a.wait_probability, ErlangCFor(kTextbook, 12, 20).wait_probability, 1e-4);
  EXPECT_LT(a.abandon_share, 1e-5);
}

TEST(ErlangA, AbandonmentKeepsAnOverloadedQueueFinite) {
  // 10 Erlangs on 8 agents: Erlang C has no answer; with two minutes of patience a fifth or
  // more give up (the fluid limit is (10 - 8) / 10; randomness idles agents now and then).
  const auto a = ErlangAFor(kTextbook, 8, 120);
  EXPECT_GT(a.abandon_share, 0.2);
  EXPECT_LT(a.abandon_share, 0.3);
  // Work is conserved: what the agents do is what was offered minus what was abandoned.
  EXPECT_NEAR(a.occupancy * 8, kTextbook.Erlangs() * (1 - a.abandon_share), 1e-6);
  // More agents: fewer wait and fewer give up.
  const auto more = ErlangAFor(kTextbook, 12, 120);
  EXPECT_LT(more.wait_probability, a.wait_probability);
  EXPECT_LT(more.abandon_share, a.abandon_share);
  EXPECT_LT(more.wait_probability, ErlangCFor(kTextbook, 12, 20).wait_probability)
      << "impatient callers leave, so fewer find everyone busy";
}

}  // namespace
}  // namespace ratusz::contact
