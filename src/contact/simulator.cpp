#include "contact/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <random>
#include <tuple>

namespace ratusz::contact {
namespace {

// At the same instant: calls end first, then shifts change, then callers give up, then new
// calls arrive.
enum class Kind { kEnd, kShift, kGiveUp, kArrival };

}  // namespace

SimulationResult Simulate(const SimulationSetup& setup) {
  std::mt19937_64 rng(setup.seed);
  std::exponential_distribution<double> gap(setup.calls_per_hour / 3600.0);
  std::exponential_distribution<double> handle(1.0 / setup.handle_seconds);
  std::exponential_distribution<double> patience(
      setup.patience_seconds ? 1.0 / *setup.patience_seconds : 1.0);
  std::vector<ReplayCall> calls;
  for (double t = gap(rng); t <= setup.hours * 3600; t += gap(rng)) {
    ReplayCall c;
    c.arrival_s = t;
    c.handle_s = handle(rng);
    c.patience_s = setup.patience_seconds ? patience(rng) : std::numeric_limits<double>::infinity();
    calls.push_back(c);
  }
  return Replay(calls, {StaffingStep{0, setup.agents}}, setup.target_seconds);
}

SimulationResult Replay(const std::vector<ReplayCall>& calls,
                        const std::vector<StaffingStep>& staffing, double target_seconds) {
  QueueConfig queue;
  queue.id = "q";
  queue.skill = "s";
  RouterOptions options;
  options.wrap_up = Seconds(0);           // Handling times include it.
  options.offer_timeout = Seconds(3600);  // Offers are taken at once here.
  Router router({queue}, options);
  int most = 0;
  for (const auto& s : staffing) {
    most = std::max(most, s.agents);
  }
  for (int a = 0; a < most; ++a) {
    AgentConfig agent;
    agent.id = "a" + std::to_string(a);
    agent.skills["s"] = 5;
    (void)router.AddAgent(agent);
  }
  const Timestamp start = FromMicros(1'780'000'000'000'000);
  const auto at = [&](double seconds) {
    return start + std::chrono::microseconds(static_cast<std::int64_t>(seconds * 1e6));
  };
  using Event = std::tuple<Timestamp, Kind, std::int64_t>;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    events.emplace(at(calls[i].arrival_s), Kind::kArrival, static_cast<std::int64_t>(i));
  }
  for (std::size_t i = 0; i < staffing.size(); ++i) {
    events.emplace(at(staffing[i].from_s), Kind::kShift, static_cast<std::int64_t>(i));
  }
  SimulationResult r;
  double waited = 0;
  int on_duty = 0;
  const auto take = [&](const std::vector<Offer>& offers, Timestamp now) {
    for (const auto& o : offers) {
      (void)router.Accept(o.interaction, o.agent, now);
      ++r.events;
      ++r.answered;
      const auto& call = calls[static_cast<std::size_t>(o.interaction)];
      const double wait = std::chrono::duration<double>(now - at(call.arrival_s)).count();
      waited += wait;
      if (wait <= target_seconds) {
        r.service_level += 1;
      }
      if (wait > 0) {
        r.wait_probability += 1;
      }
      events.emplace(
          now + std::chrono::microseconds(static_cast<std::int64_t>(call.handle_s * 1e6)),
          Kind::kEnd, o.interaction);
    }
  };
  while (!events.empty()) {
    const auto [now, kind, id] = events.top();
    events.pop();
    if (kind == Kind::kArrival) {
      ++r.calls;
      auto offers = router.Arrive(id, "q", 0, now);
      ++r.events;
      const double patience = calls[static_cast<std::size_t>(id)].patience_s;
      if (offers && offers->empty() && std::isfinite(patience)) {
        events.emplace(now + std::chrono::microseconds(static_cast<std::int64_t>(patience * 1e6)),
                       Kind::kGiveUp, id);
      } else if (offers) {
        take(offers.value(), now);
      }
    } else if (kind == Kind::kEnd) {
      auto offers = router.Finish(id, now);
      ++r.events;
      if (offers) {
        take(offers.value(), now);
      }
    } else if (kind == Kind::kShift) {
      const int wanted = staffing[static_cast<std::size_t>(id)].agents;
      for (int a = 0; a < most; ++a) {
        const bool duty = a < wanted;
        if (duty == (a < on_duty)) {
          continue;
        }
        auto offers = router.SetAgentState("a" + std::to_string(a),
                                           duty ? AgentState::kAvailable : AgentState::kBreak,
                                           duty ? "" : "off duty", now);
        ++r.events;
        if (offers) {
          take(offers.value(), now);
        }
      }
      on_duty = wanted;
    } else {
      const auto view = router.Interaction(id);
      if (view && view->waiting) {
        (void)router.Abandon(id, now);
        ++r.events;
        ++r.abandoned;
      }
    }
  }
  if (r.calls > 0) {
    // Calls answered at once waited 0: in the service level, not among those who waited.
    r.wait_probability =
        (r.wait_probability + static_cast<double>(r.abandoned)) / static_cast<double>(r.calls);
    r.service_level /= static_cast<double>(r.calls);
    r.abandon_share = static_cast<double>(r.abandoned) / static_cast<double>(r.calls);
  }
  if (r.answered > 0) {
    r.average_wait_s = waited / static_cast<double>(r.answered);
  }
  return r;
}

}  // namespace ratusz::contact
