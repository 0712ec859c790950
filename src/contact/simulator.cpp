#include "contact/simulator.hpp"

#include <queue>
#include <random>
#include <tuple>

namespace ratusz::contact {
namespace {

enum class Kind { kEnd, kGiveUp, kArrival };  // At the same instant: ends first.

}  // namespace

SimulationResult Simulate(const SimulationSetup& setup) {
  QueueConfig queue;
  queue.id = "q";
  queue.skill = "s";
  RouterOptions options;
  options.wrap_up = Seconds(0);
  options.offer_timeout = Seconds(3600);  // Offers are taken at once here.
  Router router({queue}, options);
  for (int a = 0; a < setup.agents; ++a) {
    AgentConfig agent;
    agent.id = "a" + std::to_string(a);
    agent.skills["s"] = 5;
    (void)router.AddAgent(agent);
  }
  std::mt19937_64 rng(setup.seed);
  std::exponential_distribution<double> gap(setup.calls_per_hour / 3600.0);
  std::exponential_distribution<double> handle(1.0 / setup.handle_seconds);
  std::exponential_distribution<double> patience(
      setup.patience_seconds ? 1.0 / *setup.patience_seconds : 1.0);
  const Timestamp start = FromMicros(1'780'000'000'000'000);
  for (int a = 0; a < setup.agents; ++a) {
    (void)router.SetAgentState("a" + std::to_string(a), AgentState::kAvailable, "", start);
  }
  const auto at = [&](double seconds) {
    return start + std::chrono::microseconds(static_cast<std::int64_t>(seconds * 1e6));
  };
  using Event = std::tuple<Timestamp, Kind, std::int64_t>;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
  SimulationResult r;
  std::vector<Timestamp> arrived;
  double waited = 0;
  const auto take = [&](const std::vector<Offer>& offers, Timestamp now) {
    for (const auto& o : offers) {
      (void)router.Accept(o.interaction, o.agent, now);
      ++r.events;
      ++r.answered;
      const double wait =
          std::chrono::duration<double>(now - arrived[static_cast<std::size_t>(o.interaction)])
              .count();
      waited += wait;
      if (wait <= setup.target_seconds) {
        r.service_level += 1;
      }
      if (wait > 0) {
        r.wait_probability += 1;
      }
      events.emplace(now + std::chrono::microseconds(static_cast<std::int64_t>(handle(rng) * 1e6)),
                     Kind::kEnd, o.interaction);
    }
  };
  double t = gap(rng);
  events.emplace(at(t), Kind::kArrival, 0);
  const Timestamp end = at(setup.hours * 3600);
  while (!events.empty()) {
    const auto [now, kind, id] = events.top();
    events.pop();
    if (kind == Kind::kArrival) {
      if (now > end) {
        continue;  // No more arrivals; the calls in the system finish.
      }
      const auto call = static_cast<std::int64_t>(arrived.size());
      arrived.push_back(now);
      ++r.calls;
      auto offers = router.Arrive(call, "q", 0, now);
      ++r.events;
      if (offers && offers->empty()) {
        if (setup.patience_seconds) {
          events.emplace(
              now + std::chrono::microseconds(static_cast<std::int64_t>(patience(rng) * 1e6)),
              Kind::kGiveUp, call);
        }
      } else if (offers) {
        take(offers.value(), now);
      }
      t += gap(rng);
      events.emplace(at(t), Kind::kArrival, 0);
    } else if (kind == Kind::kEnd) {
      auto offers = router.Finish(id, now);
      ++r.events;
      if (offers) {
        take(offers.value(), now);
      }
    } else {
      const auto view = router.Interaction(id);
      if (view && view->waiting) {
        (void)router.Abandon(id, now);
        ++r.events;
        ++r.abandoned;
      }
    }
  }
  // Calls answered at once have waited 0: counted in the service level, not as waiting.
  if (r.calls > 0) {
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
