#include "contact/erlang.hpp"

#include <cmath>
#include <limits>
#include <vector>

namespace ratusz::contact {

ErlangC ErlangCFor(const Traffic& traffic, int agents, double target_seconds) {
  const double a = traffic.Erlangs();
  ErlangC out;
  if (agents <= 0 || a >= agents) {
    out.wait_probability = 1;
    out.service_level = 0;
    out.average_speed_of_answer_s = std::numeric_limits<double>::infinity();
    out.occupancy = 1;
    return out;
  }
  // Erlang B by its recursion (no factorials, stable for hundreds of agents), then C from B.
  double b = 1;
  for (int n = 1; n <= agents; ++n) {
    b = a * b / (n + a * b);
  }
  const double c = agents * b / (agents - a * (1 - b));
  out.wait_probability = c;
  out.service_level = 1 - c * std::exp(-(agents - a) * target_seconds / traffic.handle_seconds);
  out.average_speed_of_answer_s = c * traffic.handle_seconds / (agents - a);
  out.occupancy = a / agents;
  return out;
}

int AgentsNeeded(const Traffic& traffic, double target_seconds, double share,
                 double max_occupancy) {
  if (traffic.Erlangs() <= 0) {
    return 0;
  }
  int n = static_cast<int>(std::floor(traffic.Erlangs())) + 1;
  for (;; ++n) {
    const auto e = ErlangCFor(traffic, n, target_seconds);
    if (e.service_level >= share && e.occupancy <= max_occupancy) {
      return n;
    }
  }
}

ErlangA ErlangAFor(const Traffic& traffic, int agents, double patience_seconds) {
  const double lambda = traffic.calls_per_hour / 3600.0;
  const double mu = 1.0 / traffic.handle_seconds;
  const double theta = 1.0 / patience_seconds;
  // Birth-death chain: state n callers in the system; births lambda; deaths min(n, N) mu
  // (served) + max(n - N, 0) theta (gave up). Probabilities relative to state 0, up to where
  // they no longer matter.
  std::vector<double> p = {1.0};
  double total = 1.0;
  for (int n = 1; n < 100000; ++n) {
    const double death = std::min(n, agents) * mu + std::max(n - agents, 0) * theta;
    p.push_back(p.back() * lambda / death);
    total += p.back();
    if (n > agents && p.back() < 1e-15 * total) {
      break;
    }
  }
  ErlangA out;
  double waiting = 0;
  double queue_length = 0;
  double busy = 0;
  for (std::size_t n = 0; n < p.size(); ++n) {
    const double pn = p[n] / total;
    const int k = static_cast<int>(n);
    if (k >= agents) {
      waiting += pn;  // An arrival (PASTA) finds every agent busy.
    }
    queue_length += std::max(k - agents, 0) * pn;
    busy += std::min(k, agents) * pn;
  }
  out.wait_probability = waiting;
  out.abandon_share = theta * queue_length / lambda;
  out.average_wait_s = queue_length / lambda;  // Little's law over all callers.
  out.occupancy = busy / agents;
  return out;
}

}  // namespace ratusz::contact
