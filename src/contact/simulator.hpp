#pragma once

// A discrete-event simulation of one queue through the real routing engine: calls arrive
// (Poisson, or given times), wait, are offered by contact::Router, handled for an exponential
// time, or given up after the caller's patience. Compares what staffing formulas predict with
// what the engine does. Pure and reproducible (seeded).

#include <cstdint>
#include <optional>
#include <vector>

#include "contact/router.hpp"

namespace ratusz::contact {

struct SimulationSetup {
  int agents = 1;
  double calls_per_hour = 0;
  double handle_seconds = 180;
  std::optional<double> patience_seconds;  // Unset: callers wait as long as it takes.
  double hours = 100;
  double target_seconds = 20;  // For the service level.
  std::uint64_t seed = 1;
};

struct SimulationResult {
  std::int64_t calls = 0;
  std::int64_t answered = 0;
  std::int64_t abandoned = 0;
  double wait_probability = 0;  // Share of calls not offered at once.
  double service_level = 0;     // Share of all calls answered within the target.
  double abandon_share = 0;
  double average_wait_s = 0;  // Of answered calls.
  std::int64_t events = 0;    // Routing engine calls made.
};

SimulationResult Simulate(const SimulationSetup& setup);

// A recorded day replayed through the engine: each call's arrival, handling time (if it is
// answered) and patience, in seconds from the day's start; the number of agents on duty as a
// step function (an agent going off duty finishes the call in hand).
struct ReplayCall {
  double arrival_s = 0;
  double handle_s = 0;
  double patience_s = 0;
};
struct StaffingStep {
  double from_s = 0;
  int agents = 0;
};
SimulationResult Replay(const std::vector<ReplayCall>& calls,
                        const std::vector<StaffingStep>& staffing, double target_seconds);

}  // namespace ratusz::contact
