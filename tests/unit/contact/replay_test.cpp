#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "contact/simulator.hpp"

namespace ratusz::contact {
namespace {

// "H:MM:SS" -> seconds of the day.
double Seconds(const std::string& hms) {
  int h = 0, m = 0, s = 0;
  char c1 = 0, c2 = 0;
  std::istringstream in(hms);
  in >> h >> c1 >> m >> c2 >> s;
  return h * 3600.0 + m * 60.0 + s;
}

struct Recorded {
  std::vector<ReplayCall> calls;
  std::vector<StaffingStep> staffing;
  double abandon_share = 0;
  double average_wait_s = 0;  // Of answered calls.
};

// The bank's busiest day of February 1999 (tests/data): arrivals and handling times as
// recorded (an abandoned call gets the handling time of an answered one, in turn). Patience:
// a caller who gave up had exactly the patience recorded; one who was answered at least the
// wait recorded, plus an exponential remainder with the maximum-likelihood mean (all time
// spent waiting / callers who gave up). Agents on duty per quarter hour: the agent-seconds
// spent serving in it, rounded up to whole agents.
Recorded LoadBankDay() {
  std::ifstream in(std::string(RATUSZ_TEST_DATA_DIR) + "/bank-1999-02-03-calls.tsv");
  EXPECT_TRUE(in) << "missing tests/data/bank-1999-02-03-calls.tsv";
  std::string line;
  std::getline(in, line);  // Header.
  struct Row {
    double arrival;
    double queued;
    bool answered;
    double service_start;
    double handle;
    std::string agent;
  };
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string vru_exit, q_time, outcome, ser_start, ser_time, server;
    std::getline(f, vru_exit, '\t');
    std::getline(f, q_time, '\t');
    std::getline(f, outcome, '\t');
    std::getline(f, ser_start, '\t');
    std::getline(f, ser_time, '\t');
    std::getline(f, server, '\t');
    rows.push_back({Seconds(vru_exit), std::stod(q_time), outcome == "AGENT", Seconds(ser_start),
                    std::stod(ser_time), server});
  }
  Recorded day;
  std::vector<double> handles;
  double queued = 0;
  double served_wait = 0;
  int abandoned = 0;
  int answered = 0;
  for (const auto& r : rows) {
    queued += r.queued;
    if (r.answered) {
      ++answered;
      served_wait += r.queued;
      handles.push_back(std::max(r.handle, 1.0));
    } else {
      ++abandoned;
    }
  }
  day.abandon_share = static_cast<double>(abandoned) / static_cast<double>(rows.size());
  day.average_wait_s = served_wait / answered;
  const double mean_patience = queued / abandoned;
  std::mt19937_64 rng(3);
  std::exponential_distribution<double> more_patience(1.0 / mean_patience);
  std::size_t next_handle = 0;
  for (const auto& r : rows) {
    ReplayCall c;
    c.arrival_s = r.arrival;
    c.handle_s = r.answered ? std::max(r.handle, 1.0) : handles[next_handle++ % handles.size()];
    c.patience_s = r.answered ? r.queued + more_patience(rng) : std::max(r.queued, 0.5);
    day.calls.push_back(c);
  }
  // Busy agent-seconds per quarter hour.
  std::vector<double> busy_seconds(96, 0);
  for (const auto& r : rows) {
    if (!r.answered) {
      continue;
    }
    for (double t = r.service_start; t < r.service_start + r.handle;) {
      const auto q = std::min<std::size_t>(95, static_cast<std::size_t>(t / 900));
      const double end = std::min(r.service_start + r.handle, (q + 1) * 900.0);
      busy_seconds[q] += end - t;
      t = end;
    }
  }
  std::vector<int> peak(96, 0);
  for (std::size_t q = 0; q < 96; ++q) {
    peak[q] = static_cast<int>(std::ceil(busy_seconds[q] / 900.0));
  }
  for (std::size_t q = 0; q < 96; ++q) {
    day.staffing.push_back({q * 900.0, peak[q]});
  }
  return day;
}

TEST(Replay, TheBanksRecordedDayThroughTheEngineComesCloseToWhatHappened) {
  const Recorded day = LoadBankDay();
  ASSERT_EQ(day.calls.size(), 1939u);
  const auto sim = Replay(day.calls, day.staffing, 20);
  // Recorded: 32.0 % gave up; answered callers waited 37 s on average.
  EXPECT_NEAR(day.abandon_share, 0.320, 0.001);
  EXPECT_NEAR(day.average_wait_s, 37.2, 0.1);
  RecordProperty("simulated_abandon_share", std::to_string(sim.abandon_share));
  RecordProperty("simulated_average_wait_s", std::to_string(sim.average_wait_s));
  std::cout << "bank 1999-02-03: recorded abandonment " << day.abandon_share << ", wait "
            << day.average_wait_s << " s; replayed abandonment " << sim.abandon_share << ", wait "
            << sim.average_wait_s << " s\n";
  EXPECT_EQ(sim.calls, 1939);
  EXPECT_EQ(sim.answered + sim.abandoned, sim.calls);
  EXPECT_NEAR(sim.abandon_share, day.abandon_share, 0.08);
  EXPECT_NEAR(sim.average_wait_s, day.average_wait_s, 0.5 * day.average_wait_s);
}

}  // namespace
}  // namespace ratusz::contact
