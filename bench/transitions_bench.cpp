// Status transitions per second through the real write path: CaseDesk -> SqlStore writer
// (load the case file, check the version, run the workflow, write state, events and outbox,
// group commit with synchronous=FULL). Registers N cases of the demo city, then moves every
// case's task new -> acknowledged -> in_progress -> resolved, all submitted at once.
//
//   transitions_bench --cases 20000 --dir /tmp/transitions

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <string>
#include <vector>

#include "app/case_desk.hpp"
#include "app/intake.hpp"
#include "common/time_format.hpp"
#include "config/config.hpp"
#include "store/sql/store.hpp"

using namespace ratusz;

int main(int argc, char** argv) {
  int n = 20000;
  std::string dir = "/tmp/ratusz-transitions-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--cases") {
      n = std::stoi(argv[i + 1]);
    } else if (std::string(argv[i]) == "--dir") {
      dir = argv[i + 1];
    }
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto cfg = config::LoadConfig("", {});
  auto store = store::sql::SqlStore::Open({dir + "/ratusz.db"});
  if (!cfg || !store) {
    std::cerr << "cannot start\n";
    return 1;
  }
  SystemClock clock;
  const workflow::Workflow wf(*cfg->catalog, *cfg->rules);
  app::Intake intake(*cfg->catalog, (*store)->cases(), clock, cfg->limits, &wf);
  app::CaseDesk desk(wf, (*store)->cases(), clock);
  const auto* jurisdiction = cfg->catalog->FindJurisdiction("wroclaw.pl");

  std::vector<std::string> numbers(static_cast<std::size_t>(n));
  {
    std::atomic<int> left{n};
    std::promise<void> all;
    for (int i = 0; i < n; ++i) {
      app::ReportSubmission s;
      s.input.jurisdiction_id = "wroclaw.pl";
      s.input.service_code = "pothole";
      s.input.lat = std::to_string(51.06 + 0.0006 * (i % 240));
      s.input.lon = std::to_string(16.85 + 0.001 * ((i / 240) % 300));
      s.input.description = "Dziura numer " + std::to_string(i);
      s.input.attributes["size"] = {"large"};
      s.auto_merge = false;
      intake.Submit(*jurisdiction, std::move(s), [&, i](app::SubmitOutcome out) {
        if (out.created) {
          numbers[static_cast<std::size_t>(i)] = out.created->request.number;
        }
        if (--left == 0) {
          all.set_value();
        }
      });
    }
    all.get_future().wait();
  }
  cases::Actor actor{"user:bench", cases::Role::kSupervisor, {}, {}};
  const workflow::TaskState steps[] = {workflow::TaskState::kAcknowledged,
                                       workflow::TaskState::kInProgress,
                                       workflow::TaskState::kResolved};
  std::atomic<int> left{n * 3};
  std::atomic<int> failed{0};
  std::promise<void> all;
  const auto start = std::chrono::steady_clock::now();
  for (const auto to : steps) {
    for (const auto& number : numbers) {
      desk.Act(
          actor, number, std::nullopt,
          [&wf, &actor, to](workflow::CaseFile& file, Timestamp now) {
            return wf.SetTaskState(file, "roads-authority", to, "", false, actor, now);
          },
          [&](Result<workflow::CaseFile> r) {
            if (!r) {
              ++failed;
            }
            if (--left == 0) {
              all.set_value();
            }
          });
    }
  }
  all.get_future().wait();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = n * 3 / seconds;
  const std::string stamp = FormatW3c(clock.Now());
  char line[256];
  std::snprintf(line, sizeof line,
                "status transitions: %d in %.2f s = %.0f per second (durable, group commit), "
                "%d refused\n",
                n * 3, seconds, rate, failed.load());
  std::cout << line;
  std::filesystem::create_directories("bench/results");
  std::ofstream("bench/results/transitions-" + stamp + ".txt") << line;
  std::ofstream("bench/results/transitions-latest.json")
      << "{\"transitions\": " << n * 3 << ", \"seconds\": " << seconds
      << ", \"per_second\": " << rate << ", \"refused\": " << failed.load() << ", \"at\": \""
      << stamp << "\"}\n";
  return failed.load() == 0 ? 0 : 1;
}
