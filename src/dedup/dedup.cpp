#include "dedup/dedup.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "common/text.hpp"

namespace ratusz::dedup {
namespace {

constexpr double kEarthRadiusM = 6371008.8;
constexpr double kMetresPerDegree = 111320.0;
constexpr std::size_t kStemBytes = 5;

double Radians(double degrees) { return degrees * M_PI / 180.0; }

std::set<std::string> Stems(std::string_view text) {
  std::set<std::string> out;
  for (const auto& word : SearchWords(text)) {
    if (word.size() >= 3) {
      out.insert(word.substr(0, kStemBytes));
    }
  }
  return out;
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

double TextSimilarity(std::string_view a, std::string_view b) {
  const auto x = Stems(a);
  const auto y = Stems(b);
  if (x.empty() || y.empty()) {
    return 0;
  }
  std::size_t common = 0;
  for (const auto& s : x) {
    common += y.count(s);
  }
  return static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
}

std::vector<Candidate> Rank(const Probe& probe, const Rule& rule, const std::vector<Stored>& stored,
                            double min_score, std::size_t limit) {
  std::vector<Candidate> out;
  const auto window = std::chrono::hours(24) * rule.window_days;
  for (const auto& s : stored) {
    const bool same = s.service_code == probe.service_code;
    const bool related = std::find(rule.related_services.begin(), rule.related_services.end(),
                                   s.service_code) != rule.related_services.end();
    if (!same && !related) {
      continue;
    }
    const double distance = DistanceMeters(probe.location, s.location);
    if (distance > rule.radius_m) {
      continue;
    }
    const auto age = probe.at - s.requested_at;
    if (age > window || age < -window) {
      continue;
    }
    const double nearness = rule.radius_m > 0 ? 1.0 - distance / rule.radius_m : 1.0;
    const double age_share =
        window.count() > 0
            ? std::abs(static_cast<double>(age.count())) /
                  static_cast<double>(
                      std::chrono::duration_cast<std::chrono::microseconds>(window).count())
            : 0.0;
    const double recency = 1.0 - std::min(1.0, age_share);
    const double text = TextSimilarity(probe.text, s.text);
    // Place counts most, then what the residents wrote, then time. A related service or a
    // case already closed is less likely the same problem.
    double score = 0.5 * nearness + 0.3 * text + 0.2 * recency;
    if (!same) {
      score *= 0.7;
    }
    const bool open = cases::IsOpen(s.status) || !s.master_number.empty();
    if (!open) {
      score *= 0.8;
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
    if (score < min_score) {
      continue;
    }
    const auto existing = std::find_if(out.begin(), out.end(),
                                       [&](const Candidate& o) { return o.number == c.number; });
    if (existing == out.end()) {
      out.push_back(std::move(c));
    } else if (existing->score < c.score) {
      *existing = std::move(c);
    }
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.number < b.number;
  });
  if (out.size() > limit) {
    out.resize(limit);
  }
  return out;
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
