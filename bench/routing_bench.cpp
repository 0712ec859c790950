// Routing decisions at contact-center scale: 1,000 agents with 3-6 skills each (proficiency
// 1-10, Polish and some English), 50 queues (voice and chat), calls arriving so that about
// every agent is busy and queues form, each handled for 2-8 minutes with a 30 s wrap-up. Times
// every decision the engine makes: an arrival (find the best ready agent) and an agent freeing up
// (find the best waiting interaction). Target (issue 4): median <= 10 us.
//
//   routing_bench [--events 400000]

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/time_format.hpp"
#include "contact/router.hpp"
#include "contact/simulator.hpp"
#include "percentile.hpp"

using namespace ratusz;
using namespace ratusz::contact;

namespace {

using ratusz::bench::Percentile;

}  // namespace

int main(int argc, char** argv) {
  long events = 400000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--events") {
      events = std::stol(argv[i + 1]);
    }
  }
  constexpr int kAgents = 1000;
  constexpr int kQueues = 50;
  std::mt19937_64 rng(7);
  std::vector<QueueConfig> queues;
  for (int q = 0; q < kQueues; ++q) {
    QueueConfig c;
    c.id = "q" + std::to_string(q);
    c.skill = "s" + std::to_string(q);
    c.channel = q % 5 == 4 ? Channel::kChat : Channel::kVoice;
    c.language = q % 10 == 9 ? "en" : "pl";
    c.priority = q % 7 == 0 ? 2 : 0;
    if (q % 3 == 0) {
      c.overflow_skill = "s" + std::to_string((q + 1) % kQueues);
    }
    queues.push_back(c);
  }
  RouterOptions options;
  options.wrap_up = std::chrono::seconds(30);
  Router router(queues, options);
  std::uniform_int_distribution<int> skill_count(3, 6);
  std::uniform_int_distribution<int> any_queue(0, kQueues - 1);
  std::uniform_int_distribution<int> level(1, 10);
  Timestamp now = FromMicros(1'780'000'000'000'000);
  for (int a = 0; a < kAgents; ++a) {
    AgentConfig c;
    c.id = "a" + std::to_string(a);
    for (int k = skill_count(rng); k > 0; --k) {
      c.skills["s" + std::to_string(any_queue(rng))] = level(rng);
    }
    c.languages =
        a % 4 == 0 ? std::vector<std::string>{"pl", "en"} : std::vector<std::string>{"pl"};
    if (!router.AddAgent(c) || !router.SetAgentState(c.id, AgentState::kAvailable, "", now)) {
      std::cerr << "cannot add agent\n";
      return 1;
    }
  }
  // 1,000 agents, 5 min + 30 s per call (chats three at a time): arrivals at 3.6/s keep queues
  // forming at the busiest skills.
  std::exponential_distribution<double> gap(3.6);
  std::uniform_int_distribution<int> handle_s(120, 480);
  using Done = std::pair<Timestamp, std::int64_t>;
  std::priority_queue<Done, std::vector<Done>, std::greater<>> ends;
  std::vector<double> arrive_us;
  std::vector<double> free_us;
  std::int64_t next_id = 1;
  std::size_t offers = 0;
  const auto time = [](auto&& f) {
    const auto start = std::chrono::steady_clock::now();
    auto r = f();
    return std::make_pair(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count(),
        std::move(r));
  };
  const auto take = [&](const std::vector<Offer>& made) {
    for (const auto& o : made) {
      ++offers;
      (void)router.Accept(o.interaction, o.agent, now);
      ends.emplace(now + std::chrono::seconds(handle_s(rng)), o.interaction);
    }
  };
  const auto wall = std::chrono::steady_clock::now();
  for (long e = 0; e < events; ++e) {
    const Timestamp arrival = now + std::chrono::microseconds(static_cast<long>(gap(rng) * 1e6));
    while (!ends.empty() && ends.top().first <= arrival) {
      now = ends.top().first;
      const auto id = ends.top().second;
      ends.pop();
      auto [us, made] = time([&] { return router.Finish(id, now); });
      free_us.push_back(us);
      take(made.value());
      take(router.Tick(now));
    }
    now = arrival;
    take(router.Tick(now));
    auto [us, made] = time(
        [&] { return router.Arrive(next_id++, "q" + std::to_string(any_queue(rng)), 0, now); });
    arrive_us.push_back(us);
    take(made.value());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  std::size_t waiting = 0;
  for (int q = 0; q < kQueues; ++q) {
    waiting += router.Waiting("q" + std::to_string(q));
  }
  // The simulator: the textbook queue (10 Erlangs, 13 agents) for 2,000 hours.
  SimulationSetup setup;
  setup.agents = 13;
  setup.calls_per_hour = 200;
  setup.hours = 2000;
  const auto sim_start = std::chrono::steady_clock::now();
  const auto sim = Simulate(setup);
  const double sim_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sim_start).count();
  std::ostringstream report;
  report << "routing: " << kAgents << " agents, " << kQueues << " queues, " << events
         << " arrivals (" << offers << " offers, " << waiting << " waiting at the end)\n"
         << "arrival decision: p50 " << Percentile(arrive_us, 0.5) << " us, p99 "
         << Percentile(arrive_us, 0.99) << " us\n"
         << "agent-free decision: p50 " << Percentile(free_us, 0.5) << " us, p99 "
         << Percentile(free_us, 0.99) << " us\n"
         << "whole simulation: "
         << (static_cast<double>(arrive_us.size() + free_us.size()) / seconds)
         << " decisions/s (with the bench's own bookkeeping)\n"
         << "target (issue 4): median <= 10 us with 1,000 agents and 50 queues\n"
         << "simulator: " << sim.calls << " calls, " << sim.events << " engine events in "
         << sim_seconds << " s = " << static_cast<double>(sim.events) / sim_seconds
         << " events/s (service level " << sim.service_level << ")\n";
  std::cout << report.str();
  const std::string stamp = FormatW3c(SystemClock().Now());
  std::filesystem::create_directories("bench/results");
  std::ofstream("bench/results/routing-" + stamp + ".txt") << report.str();
  std::ofstream("bench/results/routing-latest.json")
      << "{\"agents\": " << kAgents << ", \"queues\": " << kQueues << ", \"arrivals\": " << events
      << ", \"arrive_p50_us\": " << Percentile(arrive_us, 0.5)
      << ", \"arrive_p99_us\": " << Percentile(arrive_us, 0.99)
      << ", \"free_p50_us\": " << Percentile(free_us, 0.5)
      << ", \"free_p99_us\": " << Percentile(free_us, 0.99)
      << ", \"simulator_events_per_s\": " << static_cast<double>(sim.events) / sim_seconds
      << ", \"at\": \"" << stamp << "\"}\n";
  return 0;
}
