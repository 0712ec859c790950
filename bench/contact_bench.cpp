// The contact center as the CTI endpoint drives it: app::ContactCenter (routing, live figures,
// notices, records written through the single SQLite writer) with 1,000 agents and 50 queues.
// Times each call the telephone system makes: a call offered (route it), answered, ended (the
// agent wraps up, then takes the next); reports calls/s through the whole use case and the
// latency of each step. The router alone is routing_bench; the difference is the wiring.
//
//   contact_bench [--calls 100000]

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "app/contact_center.hpp"
#include "common/time_format.hpp"
#include "percentile.hpp"
#include "store/sql/store.hpp"
#include "workflow/process.hpp"

using namespace ratusz;

namespace {

class BenchClock final : public Clock {
 public:
  Timestamp Now() const override { return now; }
  Timestamp now = FromMicros(1'780'000'000'000'000);
};

using bench::Percentile;

}  // namespace

int main(int argc, char** argv) {
  long calls = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--calls") {
      calls = std::stol(argv[i + 1]);
    }
  }
  constexpr int kAgents = 1000;
  constexpr int kQueues = 50;
  const auto dir = std::filesystem::temp_directory_path() / "ratusz-contact-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = store::sql::SqlStore::Open({(dir / "bench.db").string()});
  if (!store) {
    std::cerr << store.error().message << "\n";
    return 1;
  }
  contact::CenterSetup setup;
  setup.routing.wrap_up = std::chrono::seconds(0);
  for (int q = 0; q < kQueues; ++q) {
    contact::QueueSetup s;
    s.routing.id = "q" + std::to_string(q);
    s.routing.skill = "s" + std::to_string(q);
    s.routing.language = "pl";
    s.numbers = {std::to_string(19000 + q)};
    setup.queues.push_back(s);
  }
  const workflow::Rules rules;
  BenchClock clock;
  app::ContactCenter center(setup, rules, (*store)->contact(), (*store)->cases(), clock);
  if (auto s = center.Start(); !s) {
    std::cerr << s.error().message << "\n";
    return 1;
  }
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> any_queue(0, kQueues - 1);
  std::uniform_int_distribution<int> level(1, 10);
  for (int a = 0; a < kAgents; ++a) {
    app::AgentProfile p;
    p.username = "a" + std::to_string(a);
    for (int k = 0; k < 4; ++k) {
      p.skills["s" + std::to_string(any_queue(rng))] = level(rng);
    }
    p.languages = {"pl"};
    if (!center.SetProfile(p) ||
        !center.SetState(p.username, contact::AgentState::kAvailable, "")) {
      std::cerr << "cannot add agent\n";
      return 1;
    }
  }
  // About 900 calls in progress at any time: each call is answered at once by the agent it
  // rings and ended when 900 newer calls have been offered.
  constexpr std::size_t kInProgress = 900;
  std::vector<double> offer_us;
  std::vector<double> answer_us;
  std::vector<double> end_us;
  std::vector<std::int64_t> talking;
  std::vector<std::int64_t> queued;
  const auto us_since = [](auto start) {
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
        .count();
  };
  const auto answer = [&](std::int64_t id, const std::string& agent) {
    const auto t = std::chrono::steady_clock::now();
    if (center.Accept(id, agent)) {
      answer_us.push_back(us_since(t));
      talking.push_back(id);
    }
  };
  const auto wall = std::chrono::steady_clock::now();
  for (long c = 0; c < calls; ++c) {
    clock.now += std::chrono::milliseconds(300);
    app::NewContact contact;
    contact.external_id = "call-" + std::to_string(c);
    contact.dialled = std::to_string(19000 + any_queue(rng));
    contact.address = "+4860010" + std::to_string(c % 10000);
    auto t = std::chrono::steady_clock::now();
    auto routing = center.Open(std::move(contact));
    offer_us.push_back(us_since(t));
    if (!routing) {
      std::cerr << routing.error().message << "\n";
      return 1;
    }
    if (routing->action == "ring") {
      answer(routing->interaction.id, routing->agent);
    } else {
      queued.push_back(routing->interaction.id);
    }
    if (talking.size() > kInProgress) {
      const auto id = talking.front();
      talking.erase(talking.begin());
      t = std::chrono::steady_clock::now();
      (void)center.End(id);
      end_us.push_back(us_since(t));
      // The freed agent may have been offered a waiting call: answer it.
      for (auto it = queued.begin(); it != queued.end();) {
        auto r = center.RouteOf(*it);
        if (r && r->action == "ring") {
          answer(*it, r->agent);
          it = queued.erase(it);
        } else {
          ++it;
        }
      }
    }
    if (c % 1000 == 0) {
      center.Tick();
    }
  }
  std::promise<Status> flushed;
  center.Flush([&](Status s) { flushed.set_value(std::move(s)); });
  (void)flushed.get_future().get();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  std::ostringstream report;
  report << "contact center: " << kAgents << " agents, " << kQueues << " queues, " << calls
         << " calls through app::ContactCenter with SQLite (" << queued.size()
         << " waiting at the end)\n"
         << "offered (route a call): p50 " << Percentile(offer_us, 0.5) << " us, p99 "
         << Percentile(offer_us, 0.99) << " us\n"
         << "answered: p50 " << Percentile(answer_us, 0.5) << " us, p99 "
         << Percentile(answer_us, 0.99) << " us\n"
         << "ended (agent takes the next): p50 " << Percentile(end_us, 0.5) << " us, p99 "
         << Percentile(end_us, 0.99) << " us\n"
         << "throughput: " << static_cast<double>(calls) / seconds
         << " calls/s (offered + answered + ended, all written durably)\n";
  std::cout << report.str();
  const std::string stamp = FormatW3c(SystemClock().Now());
  std::filesystem::create_directories("bench/results");
  std::ofstream("bench/results/contact-" + stamp + ".txt") << report.str();
  std::ofstream("bench/results/contact-latest.json")
      << "{\"agents\": " << kAgents << ", \"queues\": " << kQueues << ", \"calls\": " << calls
      << ", \"offer_p50_us\": " << Percentile(offer_us, 0.5)
      << ", \"offer_p99_us\": " << Percentile(offer_us, 0.99)
      << ", \"answer_p50_us\": " << Percentile(answer_us, 0.5)
      << ", \"end_p50_us\": " << Percentile(end_us, 0.5)
      << ", \"end_p99_us\": " << Percentile(end_us, 0.99)
      << ", \"calls_per_s\": " << static_cast<double>(calls) / seconds << ", \"at\": \"" << stamp
      << "\"}\n";
  std::filesystem::remove_all(dir);
  return 0;
}
