#pragma once

// Live and historical queue statistics from the stream of contact events (what the supervisor's
// wallboard shows, and what the 15-minute interval reports keep). Pure: time comes in.
//
// Events that make no sense (a second arrival of one contact, an answer for one never seen, an
// event before the contact arrived or after it ended) are refused with a reason and change
// nothing, so a confused telephone system cannot corrupt the figures.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "contact/router.hpp"

namespace ratusz::contact {

struct QueueStats {
  std::string queue;
  int waiting = 0;
  double longest_wait_s = 0;
  std::int64_t offered = 0;  // Arrived in the period.
  std::int64_t answered = 0;
  std::int64_t abandoned = 0;
  double abandon_rate = 0;  // abandoned / (answered + abandoned)
  double average_speed_of_answer_s = 0;
  double service_level = 0;     // answered within the target / (answered + abandoned)
  double average_handle_s = 0;  // Of contacts that ended in the period.
};

struct AgentStats {
  std::string agent;
  AgentState state = AgentState::kOffline;
  double in_state_s = 0;
  std::int64_t handled = 0;
};

struct IntervalStats {
  Timestamp start;  // Of the 15 minutes.
  QueueStats queue;
};

class Monitor {
 public:
  // Service-level target per queue (seconds); queues not named use 20 s.
  explicit Monitor(std::map<std::string, double, std::less<>> targets = {});

  [[nodiscard]] Status Arrived(std::int64_t id, std::string_view queue, Timestamp at);
  [[nodiscard]] Status Answered(std::int64_t id, std::string_view agent, Timestamp at);
  [[nodiscard]] Status Abandoned(std::int64_t id, Timestamp at);
  [[nodiscard]] Status Ended(std::int64_t id, Timestamp at);
  [[nodiscard]] Status AgentChanged(std::string_view agent, AgentState state, Timestamp at);

  // Everything the monitor was given (a day's monitor is the caller's choice), with the
  // contacts waiting at `now`.
  std::vector<QueueStats> Queues(Timestamp now) const;
  std::vector<AgentStats> Agents(Timestamp now) const;
  // Agents by state, and occupancy: time busy / time available, busy or in wrap-up, over the
  // states each agent has left.
  std::map<AgentState, int> AgentsByState() const;
  double Occupancy() const;
  // A queue's 15-minute intervals (by arrival), oldest first, the current one too.
  std::vector<IntervalStats> Intervals(std::string_view queue) const;

 private:
  struct Contact {
    std::string queue;
    Timestamp arrived;
    std::optional<Timestamp> answered;
    std::string agent;
    bool done = false;
  };
  struct Counts {
    std::int64_t offered = 0;
    std::int64_t answered = 0;
    std::int64_t abandoned = 0;
    std::int64_t answered_in_target = 0;
    std::int64_t ended = 0;
    double wait_sum_s = 0;
    double handle_sum_s = 0;
  };
  struct AgentRec {
    AgentState state = AgentState::kOffline;
    Timestamp since;
    std::int64_t handled = 0;
  };
  Counts& Bucket(const std::string& queue, Timestamp at);
  // The contact, if it is still waiting and `at` is not before it arrived.
  Result<Contact*> StillWaiting(std::int64_t id, Timestamp at, const char* what);
  double Target(std::string_view queue) const;
  static QueueStats Summarise(const std::string& queue, const Counts& c);
  void Account(AgentRec& agent, Timestamp until);

  std::map<std::string, double, std::less<>> targets_;
  std::map<std::int64_t, Contact> contacts_;
  std::map<std::string, Counts, std::less<>> totals_;
  std::map<std::pair<std::string, std::int64_t>, Counts> intervals_;  // (queue, 15-min index)
  std::map<std::string, AgentRec, std::less<>> agents_;
  double handling_s_ = 0;  // Agent-seconds busy (for occupancy).
  double staffed_s_ = 0;   // Agent-seconds available or busy.
};

}  // namespace ratusz::contact
