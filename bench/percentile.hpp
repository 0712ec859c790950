#pragma once

// The p-th quantile (0..1) of a sample by the nearest rank below; 0 for an empty sample.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ratusz::bench {

inline double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace ratusz::bench
