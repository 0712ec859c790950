#include "obs/metrics.hpp"

#include <cstdio>

namespace ratusz::obs {
namespace {

constexpr const char* kRouteNames[] = {"open311_read", "open311_write", "api",
                                       "health",       "metrics",       "other"};

}  // namespace

void Metrics::RecordRequest(Route route, int status, double seconds) {
  const auto r = static_cast<std::size_t>(route);
  const std::size_t cls =
      status >= 100 && status < 600 ? static_cast<std::size_t>(status / 100 - 1) : kClasses - 1;
  requests_[r][cls].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBucketsSeconds.size() && seconds > kBucketsSeconds[b]) {
    ++b;
  }
  buckets_[r][b].fetch_add(1, std::memory_order_relaxed);
  latency_micros_sum_[r].fetch_add(static_cast<std::uint64_t>(seconds * 1e6),
                                   std::memory_order_relaxed);
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  char line[256];
  out += "# HELP ratusz_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE ratusz_http_requests_total counter\n";
  for (std::size_t r = 0; r < kRoutes; ++r) {
    for (std::size_t c = 0; c < kClasses; ++c) {
      std::snprintf(line, sizeof line,
                    "ratusz_http_requests_total{route=\"%s\",status=\"%zuxx\"} %llu\n",
                    kRouteNames[r], c + 1, static_cast<unsigned long long>(requests_[r][c].load()));
      out += line;
    }
  }
  out +=
      "# HELP ratusz_http_request_duration_seconds Time from a complete request to its answer.\n";
  out += "# TYPE ratusz_http_request_duration_seconds histogram\n";
  for (std::size_t r = 0; r < kRoutes; ++r) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBucketsSeconds.size(); ++b) {
      cumulative += buckets_[r][b].load();
      if (b < kBucketsSeconds.size()) {
        std::snprintf(line, sizeof line,
                      "ratusz_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                      kRouteNames[r], kBucketsSeconds[b],
                      static_cast<unsigned long long>(cumulative));
      } else {
        std::snprintf(
            line, sizeof line,
            "ratusz_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
            kRouteNames[r], static_cast<unsigned long long>(cumulative));
      }
      out += line;
    }
    std::snprintf(line, sizeof line,
                  "ratusz_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "ratusz_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  kRouteNames[r], static_cast<double>(latency_micros_sum_[r].load()) / 1e6,
                  kRouteNames[r], static_cast<unsigned long long>(cumulative));
    out += line;
  }
  std::snprintf(line, sizeof line,
                "# HELP ratusz_cases_created_total Cases stored since start.\n"
                "# TYPE ratusz_cases_created_total counter\n"
                "ratusz_cases_created_total %llu\n",
                static_cast<unsigned long long>(cases_created_.load()));
  out += line;
  return out;
}

}  // namespace ratusz::obs
