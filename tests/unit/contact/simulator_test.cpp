#include "contact/simulator.hpp"

#include <gtest/gtest.h>

#include "contact/erlang.hpp"

namespace ratusz::contact {
namespace {

// The routing engine, driven by Poisson arrivals and exponential handling, must reproduce
// what queueing theory predicts for the same queue: within two percentage points.
TEST(Simulator, AgreesWithErlangCOnTheTextbookCases) {
  for (const int agents : {11, 12, 13, 14}) {
    SimulationSetup s;
    s.agents = agents;
    s.calls_per_hour = 200;
    s.handle_seconds = 180;
    s.hours = 1000;
    s.seed = 42 + static_cast<std::uint64_t>(agents);
    const auto sim = Simulate(s);
    const auto theory = ErlangCFor(Traffic{200, 180}, agents, 20);
    EXPECT_NEAR(sim.wait_probability, theory.wait_probability, 0.02) << agents << " agents";
    EXPECT_NEAR(sim.service_level, theory.service_level, 0.02) << agents << " agents";
    EXPECT_GT(sim.calls, 150000);
    EXPECT_EQ(sim.answered, sim.calls) << "nobody gives up in Erlang C";
  }
}

TEST(Simulator, AgreesWithErlangAWhenCallersGiveUp) {
  for (const int agents : {8, 10, 12}) {
    SimulationSetup s;
    s.agents = agents;
    s.calls_per_hour = 200;
    s.handle_seconds = 180;
    s.patience_seconds = 120;
    s.hours = 1000;
    s.seed = 7 + static_cast<std::uint64_t>(agents);
    const auto sim = Simulate(s);
    const auto theory = ErlangAFor(Traffic{200, 180}, agents, 120);
    EXPECT_NEAR(sim.abandon_share, theory.abandon_share, 0.02) << agents << " agents";
    EXPECT_NEAR(sim.wait_probability, theory.wait_probability, 0.02) << agents << " agents";
    EXPECT_EQ(sim.answered + sim.abandoned, sim.calls);
  }
}

TEST(Simulator, IsReproducible) {
  SimulationSetup s;
  s.agents = 5;
  s.calls_per_hour = 80;
  s.hours = 50;
  s.patience_seconds = 60;
  const auto a = Simulate(s);
  const auto b = Simulate(s);
  EXPECT_EQ(a.calls, b.calls);
  EXPECT_EQ(a.abandoned, b.abandoned);
  EXPECT_DOUBLE_EQ(a.average_wait_s, b.average_wait_s);
}

}  // namespace
}  // namespace ratusz::contact
