#include "contact/forecast.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ratusz::contact {

Week ForecastWeek(const std::vector<Week>& history, int weeks) {
  Week out(kIntervalsPerWeek, 0.0);
  const int k = std::min<int>(weeks, static_cast<int>(history.size()));
  if (k <= 0) {
    return out;
  }
  const auto first = history.end() - k;
  std::vector<double> totals;
  Week summed(kIntervalsPerWeek, 0.0);
  for (auto w = first; w != history.end(); ++w) {
    totals.push_back(std::accumulate(w->begin(), w->end(), 0.0));
    for (int i = 0; i < kIntervalsPerWeek && i < static_cast<int>(w->size()); ++i) {
      summed[static_cast<std::size_t>(i)] += (*w)[static_cast<std::size_t>(i)];
    }
  }
  const double all = std::accumulate(totals.begin(), totals.end(), 0.0);
  if (all <= 0) {
    return out;
  }
  // The week's shape, smoothed over neighbouring intervals (the week wraps around).
  Week shape(kIntervalsPerWeek, 0.0);
  for (int i = 0; i < kIntervalsPerWeek; ++i) {
    double s = 0;
    for (int d = -1; d <= 1; ++d) {
      s += summed[static_cast<std::size_t>((i + d + kIntervalsPerWeek) % kIntervalsPerWeek)];
    }
    shape[static_cast<std::size_t>(i)] = s / 3.0 / all;
  }
  // The next week's volume: least-squares line through the weeks' totals, one step on.
  double next = totals.back();
  if (k >= 2) {
    const double n = static_cast<double>(k);
    const double mean_x = (n - 1) / 2.0;
    const double mean_y = all / n;
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < k; ++i) {
      sxy += (i - mean_x) * (totals[static_cast<std::size_t>(i)] - mean_y);
      sxx += (i - mean_x) * (i - mean_x);
    }
    next = mean_y + (sxx > 0 ? sxy / sxx : 0) * (n - mean_x);
    next = std::clamp(next, 0.5 * totals.back(), 1.5 * totals.back());
  }
  for (int i = 0; i < kIntervalsPerWeek; ++i) {
    out[static_cast<std::size_t>(i)] = next * shape[static_cast<std::size_t>(i)];
  }
  return out;
}

double Wape(const std::vector<double>& actual, const std::vector<double>& forecast) {
  double error = 0;
  double total = 0;
  for (std::size_t i = 0; i < actual.size() && i < forecast.size(); ++i) {
    error += std::abs(actual[i] - forecast[i]);
    total += actual[i];
  }
  return total > 0 ? error / total : 0;
}

std::vector<double> Aggregate(const std::vector<double>& values, int n) {
  std::vector<double> out;
  for (std::size_t i = 0; i < values.size(); i += static_cast<std::size_t>(n)) {
    double s = 0;
    for (std::size_t j = i; j < std::min(values.size(), i + static_cast<std::size_t>(n)); ++j) {
      s += values[j];
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace ratusz::contact
