// Duplicate candidates at scale: fills a Ratusz database (the real schema, through the real
// migrations) with N cases resampled from real reports, then times the intake's candidate
// search (as app::Intake::Candidates does: grid-cell index scans in SqlStore::CasesInBox, then
// dedup::RankLazily reading the text of the most promising cases only) for random new reports.
//
//   dedup_bench --data stuttgart.csv --cases 1000000 --dir /tmp/dedup --probes 20000
//
// The cases are the Stuttgart "Gelbe Karte" reports (lat, lon, category, time) resampled:
// every copy is jittered by up to 100 m and shifted by up to ±30 days, keeping the city's
// real hotspots and category mix. Prints p50, p99 and max per probe.
//
// With --postgres URL (an empty database) the same runs on PostgreSQL: the grid-cell index
// there, measured as on SQLite.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cases/case_number.hpp"
#include "common/time_format.hpp"
#include "dedup/dedup.hpp"
#include "percentile.hpp"
#include "store/sql/store.hpp"

namespace {

using namespace ratusz;

struct Row {
  double lat;
  double lon;
  int category;
  Timestamp at;
};

std::vector<Row> ReadRows(const std::string& path) {
  std::ifstream in(path);
  std::vector<Row> rows;
  std::vector<std::string> categories;
  std::string line;
  std::getline(in, line);  // Header.
  while (std::getline(in, line)) {
    const auto c2 = line.rfind(',');
    const auto c1 = line.rfind(',', c2 - 1);
    if (c1 == std::string::npos) {
      continue;
    }
    std::vector<std::string> head;
    std::stringstream ss(line.substr(0, c1));
    std::string field;
    for (int i = 0; i < 5 && std::getline(ss, field, ','); ++i) {
      head.push_back(field);
    }
    auto t = ParseW3c(head.at(0) + "Z");
    if (!t || head.size() < 5) {
      continue;
    }
    auto it = std::find(categories.begin(), categories.end(), head[4]);
    if (it == categories.end()) {
      categories.push_back(head[4]);
      it = categories.end() - 1;
    }
    rows.push_back({std::stod(line.substr(c1 + 1, c2 - c1 - 1)), std::stod(line.substr(c2 + 1)),
                    static_cast<int>(it - categories.begin()), t.value()});
  }
  return rows;
}

void Check(const Status& s, const char* what) {
  if (!s) {
    std::cerr << what << ": " << s.error().message << "\n";
    std::exit(1);
  }
}

using bench::Percentile;

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  std::string dir = "/tmp/ratusz-dedup-bench";
  long cases_wanted = 1000000;
  int probes = 20000;
  std::string postgres;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--data") {
      data = argv[i + 1];
    } else if (flag == "--cases") {
      cases_wanted = std::stol(argv[i + 1]);
    } else if (flag == "--dir") {
      dir = argv[i + 1];
    } else if (flag == "--probes") {
      probes = std::stoi(argv[i + 1]);
    } else if (flag == "--postgres") {
      postgres = argv[i + 1];
    }
  }
  const auto rows = ReadRows(data);
  if (rows.empty()) {
    std::cerr << "no rows in " << data << "\n";
    return 1;
  }
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/ratusz.db";
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> jitter(-0.0009, 0.0009);  // About ±100 m.
  std::uniform_int_distribution<long> shift_minutes(-30 * 24 * 60, 30 * 24 * 60);
  std::uniform_int_distribution<std::size_t> pick(0, rows.size() - 1);

  store::sql::StoreOptions base(path);
  base.url = postgres;
  bool fresh = postgres.empty() ? !std::filesystem::exists(path) : true;
  if (fresh) {
    {
      auto store = store::sql::SqlStore::Open(base);
      if (!store) {
        std::cerr << store.error().message << "\n";
        return 1;
      }
    }
    auto db = store::sql::Connect(base, store::sql::Connection::Mode::kReadWrite);
    if (!db) {
      std::cerr << db.error().message << "\n";
      return 1;
    }
    auto& conn = **db;
    if (conn.dialect() == store::sql::Dialect::kSqlite) {
      Check(conn.Exec("PRAGMA synchronous=OFF"), "pragma");
    }
    const std::string insert =
        "INSERT INTO cases (id, number, token, jurisdiction_id, service_code, status, "
        "description, lat, lon, channel, requested_at, updated_at, geo_cell) VALUES (?, ?, '', "
        "'stuttgart.de', ?, 'open', 'Meldung', ?, ?, 'web', ?, ?, ?)";
    const auto start = std::chrono::steady_clock::now();
    Check(conn.Exec("BEGIN"), "begin");
    for (long id = 1; id <= cases_wanted; ++id) {
      const Row& r = rows[pick(rng)];
      const double lat = r.lat + jitter(rng);
      const double lon = r.lon + jitter(rng) * 1.5;
      const Timestamp at = r.at + std::chrono::minutes(shift_minutes(rng));
      const std::string number = cases::CaseNumberFor(id);
      const std::string service = "cat-" + std::to_string(r.category);
      // Sent: PostgreSQL takes the rows in its pipeline, SQLite writes each at once.
      Check(store::sql::Send(conn, insert,
                             [&](store::sql::Statement& q) {
                               q.Bind(1, std::int64_t{id}).Bind(2, number).Bind(3, service);
                               q.Bind(4, lat).Bind(5, lon).Bind(6, ToMicros(at));
                               q.Bind(7, ToMicros(at));
                               q.Bind(8, std::int64_t{dedup::GridCell({lat, lon})});
                             }),
            "insert case");
      if (id % 200000 == 0) {
        Check(conn.Exec("COMMIT; BEGIN"), "commit");
      }
    }
    Check(conn.Exec("COMMIT"), "commit");
    if (conn.dialect() == store::sql::Dialect::kPostgres) {
      Check(conn.Exec("ANALYZE cases"), "analyze");
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("loaded %ld cases in %.1f s (%.0f rows/s)\n", cases_wanted, seconds,
                static_cast<double>(cases_wanted) / seconds);
  }

  // A new report arrives at the end of the data ("now"): the server compares it with the last
  // 30 days, which it keeps in memory (dedup::RecentGrid). A probe at a random past time
  // ("history") takes the grid-cell index in SQLite instead, as the server does for windows
  // reaching before its memory.
  Timestamp end = rows.front().at;
  for (const auto& r : rows) {
    end = std::max(end, r.at);
  }
  std::ostringstream json;
  json << "{\"cases\": " << cases_wanted << ", \"probes\": " << probes;
  for (const std::string mode : {"now", "history"}) {
    store::sql::StoreOptions options = base;
    if (mode == "now") {
      options.recent_days = 31;
      options.jurisdictions = {"stuttgart.de"};
      options.now = [end] { return end; };
    }
    auto store = store::sql::SqlStore::Open(options);
    if (!store) {
      std::cerr << store.error().message << "\n";
      return 1;
    }
    std::vector<double> micros;
    std::vector<double> box_sizes;
    std::size_t found = 0;
    std::size_t rows_read = 0;
    // New reports come where reports come now: their places are those of the last 30 days.
    std::vector<const Row*> recent;
    for (const auto& r : rows) {
      if (r.at >= end - std::chrono::hours(24 * 30)) {
        recent.push_back(&r);
      }
    }
    std::uniform_int_distribution<std::size_t> pick_recent(0, recent.size() - 1);
    for (int i = 0; i < probes + 1000; ++i) {  // The first 1000 warm the caches.
      const Row& r = mode == "now" ? *recent[pick_recent(rng)] : rows[pick(rng)];
      const Timestamp at = mode == "now" ? end : r.at + std::chrono::minutes(shift_minutes(rng));
      dedup::Probe probe{"stuttgart.de",
                         "cat-" + std::to_string(r.category),
                         {r.lat + jitter(rng), r.lon + jitter(rng) * 1.5},
                         at,
                         "Meldung in der Nähe"};
      const dedup::Rule rule{100, 30, {}};
      const auto start = std::chrono::steady_clock::now();
      const auto box = dedup::BoxFor(probe, rule);
      auto stored = (*store)->cases().CasesInBox(probe.jurisdiction_id, box, 1000);
      if (!stored) {
        std::cerr << stored.error().message << "\n";
        return 1;
      }
      const std::size_t located = stored->size();
      std::size_t read = 0;
      const auto ranked = dedup::RankLazily(
          probe, rule, std::move(stored).value(),
          [&](std::vector<dedup::Stored>& batch) {
            read += batch.size();
            return static_cast<bool>((*store)->cases().CompleteCandidates(batch));
          },
          0.4, 10);
      const double us =
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count();
      if (i >= 1000) {
        micros.push_back(us);
        found += ranked.size();
        box_sizes.push_back(static_cast<double>(located));
        rows_read += read;
      }
    }
    double located_sum = 0;
    for (const double b : box_sizes) {
      located_sum += b;
    }
    const double p50 = Percentile(micros, 0.50);
    const double p99 = Percentile(micros, 0.99);
    const double max = Percentile(micros, 1.0);
    std::ostringstream report;
    report << "dedup candidates [" << mode << "] on "
           << (postgres.empty() ? "SQLite" : "PostgreSQL") << ", " << cases_wanted
           << " stored cases (Stuttgart reports resampled), " << probes
           << " probes, radius 100 m, window 30 days\n"
           << "p50 " << p50 << " us, p99 " << p99 << " us, max " << max << " us\n"
           << "cases in the box: mean " << located_sum / probes << ", p99 "
           << Percentile(box_sizes, 0.99) << " (" << (mode == "now" ? "memory" : "index")
           << "); cases scored " << static_cast<double>(rows_read) / probes << "; candidates "
           << static_cast<double>(found) / probes << "\n";
    std::cout << report.str();
    const std::string stamp = FormatW3c(SystemClock().Now());
    std::filesystem::create_directories("bench/results");
    const std::string backend = postgres.empty() ? "" : "postgresql-";
    std::ofstream("bench/results/dedup-" + backend + std::to_string(cases_wanted) + "-" + mode +
                  "-" + stamp + ".txt")
        << report.str();
    json << ", \"" << mode << "\": {\"p50_us\": " << p50 << ", \"p99_us\": " << p99
         << ", \"max_us\": " << max << ", \"box_mean\": " << located_sum / probes << ", \"at\": \""
         << stamp << "\"}";
  }
  std::cout << "target (DESIGN.md): p99 <= 1000 us at 10 M cases (a new report: [now])\n";
  std::ofstream("bench/results/dedup-" + std::string(postgres.empty() ? "" : "postgresql-") +
                std::to_string(cases_wanted) + "-latest.json")
      << json.str() << "}\n";
  return 0;
}
