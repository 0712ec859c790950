#pragma once

// Staffing arithmetic for a queue: Erlang C (callers wait as long as it takes) and Erlang A
// (callers give up after an exponentially distributed patience). Pure.

#include <chrono>

namespace ratusz::contact {

struct Traffic {
  double calls_per_hour = 0;
  double handle_seconds = 0;  // Average handling time (talk + wrap-up).
  double Erlangs() const { return calls_per_hour * handle_seconds / 3600.0; }
};

struct ErlangC {
  double wait_probability = 0;  // A caller waits at all.
  double service_level = 0;     // Share answered within the target time.
  double average_speed_of_answer_s = 0;
  double occupancy = 0;
};

// With `agents` agents; when agents <= offered traffic the queue never settles: every value
// says "waits" (probability 1, service level 0, infinite ASA).
ErlangC ErlangCFor(const Traffic& traffic, int agents, double target_seconds);

// The fewest agents that reach `share` answered within `target_seconds` (and occupancy below
// `max_occupancy`).
int AgentsNeeded(const Traffic& traffic, double target_seconds, double share,
                 double max_occupancy = 1.0);

struct ErlangA {
  double wait_probability = 0;
  double abandon_share = 0;   // Of all callers.
  double average_wait_s = 0;  // Of all callers, served or not.
  double occupancy = 0;
};

// `patience_seconds`: the callers' mean patience. Computed exactly on the birth-death chain.
ErlangA ErlangAFor(const Traffic& traffic, int agents, double patience_seconds);

}  // namespace ratusz::contact
