#include "dedup/dedup.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"

namespace ratusz::dedup {
namespace {

constexpr double kEarthRadiusM = 6371008.8;
constexpr double kMetresPerDegree = 111320.0;
constexpr std::size_t kStemBytes = 5;

double Radians(double degrees) { return degrees * M_PI / 180.0; }

// Jaccard similarity of two stem sets.
double Jaccard(const StemSet& x, const StemSet& y) {
  if (x.empty() || y.empty()) {
    return 0;
  }
  std::size_t common = 0;
  for (auto i = x.begin(), j = y.begin(); i != x.end() && j != y.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
}

std::string Percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

std::string Age(std::chrono::microseconds age) {
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(age).count();
  if (hours < 1) {
    return std::to_string(std::chrono::duration_cast<std::chrono::minutes>(age).count()) +
           " min ago";
  }
  if (hours < 48) {
    return std::to_string(hours) + " h ago";
  }
  return std::to_string(hours / 24) + " days ago";
}

}  // namespace

SearchBox BoxFor(const Probe& probe, const Rule& rule) {
  const double dlat = rule.radius_m / kMetresPerDegree;
  const double dlon = dlat / std::max(std::cos(Radians(probe.location.lat)), 0.01);
  SearchBox box;
  box.south = probe.location.lat - dlat;
  box.north = probe.location.lat + dlat;
  box.west = probe.location.lon - dlon;
  box.east = probe.location.lon + dlon;
  box.since = probe.at - std::chrono::hours(24) * rule.window_days;
  box.until = probe.at + std::chrono::hours(24) * rule.window_days;
  box.service_codes.push_back(probe.service_code);
  for (const auto& s : rule.related_services) {
    if (s != probe.service_code) {
      box.service_codes.push_back(s);
    }
  }
  return box;
}

namespace {

constexpr double kCellLat = 0.001;
constexpr double kCellLon = 0.0015;
constexpr std::int64_t kLonCells = 240001;  // 360° / 0.0015 + 1

std::int64_t LatIndex(double lat) {
  return static_cast<std::int64_t>(std::floor((lat + 90.0) / kCellLat));
}
std::int64_t LonIndex(double lon) {
  return static_cast<std::int64_t>(std::floor((lon + 180.0) / kCellLon));
}

}  // namespace

std::int64_t GridCell(cases::GeoPoint point) {
  return LatIndex(point.lat) * kLonCells + LonIndex(point.lon);
}

std::vector<std::int64_t> CellsOf(const SearchBox& box) {
  std::vector<std::int64_t> out;
  for (auto i = LatIndex(box.south); i <= LatIndex(box.north); ++i) {
    for (auto j = LonIndex(box.west); j <= LonIndex(box.east); ++j) {
      out.push_back(i * kLonCells + j);
    }
  }
  return out;
}

double DistanceMeters(cases::GeoPoint a, cases::GeoPoint b) {
  const double dlat = Radians(b.lat - a.lat);
  const double dlon = Radians(b.lon - a.lon);
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(Radians(a.lat)) * std::cos(Radians(b.lat)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

namespace {

// Place counts most, then what the residents wrote, then time. A related service or a case
// already closed is less likely the same problem.
double Score(const Rule& rule, double distance, std::chrono::microseconds age, double text,
             bool same_service, bool open) {
  const auto window = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::hours(24) *
                                                                            rule.window_days);
  const double nearness = rule.radius_m > 0 ? 1.0 - distance / rule.radius_m : 1.0;
  const double age_share = window.count() > 0 ? std::abs(static_cast<double>(age.count())) /
                                                    static_cast<double>(window.count())
                                              : 0.0;
  const double recency = 1.0 - std::min(1.0, age_share);
  double score = 0.5 * nearness + 0.3 * text + 0.2 * recency;
  if (!same_service) {
    score *= 0.7;
  }
  if (!open) {
    score *= 0.8;
  }
  return score;
}

}  // namespace

StemSet StemsOf(std::string_view text) {
  StemSet out;
  for (const auto& word : SearchWords(text)) {
    if (word.size() >= 3) {
      std::uint64_t packed = 0;
      for (std::size_t i = 0; i < std::min(word.size(), kStemBytes); ++i) {
        packed = (packed << 8) | static_cast<unsigned char>(word[i]);
      }
      out.push_back(packed);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double TextSimilarity(std::string_view a, std::string_view b) {
  return Jaccard(StemsOf(a), StemsOf(b));
}

double ScoreBound(const Probe& probe, const Rule& rule, const Stored& s) {
  const bool same = s.service_code == probe.service_code;
  const bool related = std::find(rule.related_services.begin(), rule.related_services.end(),
                                 s.service_code) != rule.related_services.end();
  const double distance = DistanceMeters(probe.location, s.location);
  const auto window = std::chrono::hours(24) * rule.window_days;
  const auto age = probe.at - s.requested_at;
  if ((!same && !related) || distance > rule.radius_m || age > window || age < -window) {
    return -1;
  }
  return Score(rule, distance, age, /*text=*/1.0, same, /*open=*/true);
}

std::vector<Candidate> Rank(const Probe& probe, const Rule& rule, const std::vector<Stored>& stored,
                            double min_score, std::size_t limit) {
  std::vector<Candidate> out;
  const auto probe_stems = StemsOf(probe.text);
  for (const auto& s : stored) {
    if (ScoreBound(probe, rule, s) < 0) {
      continue;  // Another service, too far or outside the window.
    }
    const bool same = s.service_code == probe.service_code;
    const double distance = DistanceMeters(probe.location, s.location);
    const auto age = probe.at - s.requested_at;
    const double text =
        s.complete ? Jaccard(probe_stems, s.stems) : Jaccard(probe_stems, StemsOf(s.text));
    const bool open = cases::IsOpen(s.status) || !s.master_number.empty();
    const double score = Score(rule, distance, age, text, same, open);
    if (score < min_score) {
      continue;
    }
    Candidate c;
    c.number = s.master_number.empty() ? s.number : s.master_number;
    c.score = score;
    c.distance_m = distance;
    c.service_code = s.service_code;
    c.status = s.status;
    c.requested_at = s.requested_at;
    c.reasons.push_back(std::to_string(static_cast<int>(std::lround(distance))) + " m away");
    c.reasons.push_back(same ? "same service" : "related service " + s.service_code);
    c.reasons.push_back("reported " + Age(std::chrono::abs(age)));
    if (text > 0) {
      c.reasons.push_back("text " + Percent(text) + " similar");
    }
    if (!open) {
      c.reasons.push_back("already closed (" + std::string(cases::StatusName(s.status)) + ")");
    }
    if (!s.master_number.empty()) {
      c.reasons.push_back("via its duplicate " + s.number);
    }
    out.push_back(std::move(c));
  }
  KeepBest(out, limit);
  return out;
}

void KeepBest(std::vector<Candidate>& list, std::size_t limit) {
  const auto better = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.number < b.number;
  };
  std::sort(list.begin(), list.end(), [&](const Candidate& a, const Candidate& b) {
    return a.number != b.number ? a.number < b.number : better(a, b);
  });
  list.erase(
      std::unique(list.begin(), list.end(),
                  [](const Candidate& a, const Candidate& b) { return a.number == b.number; }),
      list.end());
  std::sort(list.begin(), list.end(), better);
  if (list.size() > limit) {
    list.resize(limit);
  }
}

Decision Decide(std::vector<Candidate> ranked, double auto_merge_score) {
  Decision d;
  if (!ranked.empty() && ranked.front().score >= auto_merge_score) {
    d.merge_into = ranked.front().number;
  }
  d.suggestions = std::move(ranked);
  return d;
}

}  // namespace ratusz::dedup
