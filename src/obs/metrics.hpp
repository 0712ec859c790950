#pragma once

// Process metrics in Prometheus text format. Counters are relaxed atomics: cheap on the hot path,
// exact enough for monitoring. Thread-safe.

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace ratusz::obs {

// Which part of the API a request went to; one label value each.
enum class Route { kOpen311Read, kOpen311Write, kApi, kHealth, kMetrics, kOther, kCount };

class Metrics {
 public:
  static constexpr std::array<double, 12> kBucketsSeconds = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  void RecordRequest(Route route, int status, double seconds);
  void CaseCreated() { cases_created_.fetch_add(1, std::memory_order_relaxed); }

  std::string RenderPrometheus() const;

 private:
  static constexpr std::size_t kRoutes = static_cast<std::size_t>(Route::kCount);
  static constexpr std::size_t kClasses = 5;  // 1xx..5xx
  std::array<std::array<std::atomic<std::uint64_t>, kClasses>, kRoutes> requests_{};
  std::array<std::array<std::atomic<std::uint64_t>, kBucketsSeconds.size() + 1>, kRoutes>
      buckets_{};
  std::array<std::atomic<std::uint64_t>, kRoutes> latency_micros_sum_{};
  std::atomic<std::uint64_t> cases_created_{0};
};

}  // namespace ratusz::obs
