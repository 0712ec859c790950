#pragma once

// Duplicate candidates: reports of the same (or a related) problem near the same place within
// a time window, ranked with a score and the reasons for it. Pure: the store finds the cases in
// the search box; this module decides which of them are duplicates and how likely.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "common/clock.hpp"

namespace ratusz::dedup {

// What the new report says.
struct Probe {
  std::string jurisdiction_id;
  std::string service_code;
  cases::GeoPoint location;
  Timestamp at;
  std::string text;  // Title, description and address together.
};

// When two reports of a service count as the same problem.
struct Rule {
  double radius_m = 100;
  int window_days = 30;
  std::vector<std::string> related_services;
};

// The area and time a store must search: a box around the point and the window's start.
struct SearchBox {
  double south = 0;
  double west = 0;
  double north = 0;
  double east = 0;
  Timestamp since;
  Timestamp until;
  std::vector<std::string> service_codes;  // The service and its related ones.
};
SearchBox BoxFor(const Probe& probe, const Rule& rule);

// The grid cell of a point: 0.001° of latitude by 0.0015° of longitude (about 110 x 105 m in
// Poland). Stored with every located case and indexed.
std::int64_t GridCell(cases::GeoPoint point);
// Every cell the box touches.
std::vector<std::int64_t> CellsOf(const SearchBox& box);

// A stored case in the box.
// The words of a text as folded stems (the first five bytes of every word of three or more
// letters, so Polish endings do not matter), packed into integers, sorted, without repeats.
using StemSet = std::vector<std::uint64_t>;
StemSet StemsOf(std::string_view text);

struct Stored {
  std::string number;
  std::string service_code;
  cases::GeoPoint location;
  Timestamp requested_at;
  cases::Status status = cases::Status::kOpen;
  std::string master_number;  // Set when it is itself a duplicate.
  std::string text;
  // Set when status, master and the text's stems are known (then `text` is not needed).
  bool complete = false;
  StemSet stems;
};

struct Candidate {
  std::string number;  // The case to follow (a duplicate's master, not the duplicate).
  double score = 0;    // 0..1
  double distance_m = 0;
  std::string service_code;
  cases::Status status = cases::Status::kOpen;
  Timestamp requested_at;
  std::vector<std::string> reasons;  // "38 m away", "same service", "text 62% similar", ...
};

// Great-circle distance (haversine) in metres.
double DistanceMeters(cases::GeoPoint a, cases::GeoPoint b);
// Similarity of two texts, 0..1: Jaccard over folded word stems (the first five letters, so
// Polish endings do not matter: "dziura", "dziury", "dziurą").
double TextSimilarity(std::string_view a, std::string_view b);

// Scores every stored case that is within the rule and returns those scoring at least
// `min_score`, best first, at most `limit`. Several duplicates of one master count once.
std::vector<Candidate> Rank(const Probe& probe, const Rule& rule, const std::vector<Stored>& stored,
                            double min_score, std::size_t limit);

// Keeps each case once (with its best score), best first, at most `limit`.
void KeepBest(std::vector<Candidate>& list, std::size_t limit);

// The best score a stored case could reach whatever its text and status (it is known from its
// place, time and service alone), or a negative number when the rule excludes it.
double ScoreBound(const Probe& probe, const Rule& rule, const Stored& stored);

// Rank in two steps, for a store whose index knows place, time and service but not the text:
// `located` holds only those; `complete` fills in status, master and text of a batch. Cases
// are completed best bound first, and no more once `limit` candidates score at least as much
// as any case not yet read could.
template <typename Complete>
std::vector<Candidate> RankLazily(const Probe& probe, const Rule& rule, std::vector<Stored> located,
                                  Complete complete, double min_score, std::size_t limit,
                                  bool* failed = nullptr);

// What intake does with the ranked candidates: above `auto_merge_score` the new report is
// merged into the best candidate without asking; the rest are suggestions for the agent or the
// resident ("already reported nearby — follow it").
struct Decision {
  std::optional<std::string> merge_into;
  std::vector<Candidate> suggestions;
};
Decision Decide(std::vector<Candidate> ranked, double auto_merge_score);

template <typename Complete>
std::vector<Candidate> RankLazily(const Probe& probe, const Rule& rule, std::vector<Stored> located,
                                  Complete complete, double min_score, std::size_t limit,
                                  bool* failed) {
  constexpr std::size_t kBatch = 16;
  // At a spot with hundreds of reports (a burst about one outage), the most promising few
  // hundred are scored; the rest could not change the list but by ties.
  constexpr std::size_t kMaxScored = 256;
  std::vector<std::pair<double, std::size_t>> order;
  for (std::size_t i = 0; i < located.size(); ++i) {
    const double bound = ScoreBound(probe, rule, located[i]);
    if (bound >= min_score) {
      order.emplace_back(bound, i);
    }
  }
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Candidate> ranked;
  // Whether a case already known to belong to a listed candidate could not raise its score.
  const auto redundant = [&](const Stored& s, double bound) {
    if (!s.complete) {
      return false;
    }
    const std::string& key = s.master_number.empty() ? s.number : s.master_number;
    return std::any_of(ranked.begin(), ranked.end(),
                       [&](const Candidate& c) { return c.number == key && c.score >= bound; });
  };
  std::size_t scored = 0;
  for (std::size_t next = 0; next < order.size() && scored < kMaxScored;) {
    std::vector<Stored> batch;
    for (; next < order.size() && batch.size() < kBatch; ++next) {
      Stored& s = located[order[next].second];
      if (!redundant(s, order[next].first)) {
        batch.push_back(std::move(s));
      }
    }
    if (batch.empty()) {
      continue;
    }
    scored += batch.size();
    if (!complete(batch)) {
      if (failed != nullptr) {
        *failed = true;
      }
      return {};
    }
    auto more = Rank(probe, rule, batch, min_score, batch.size());
    ranked.insert(ranked.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
    KeepBest(ranked, limit);  // Those below the first `limit` cannot come back.
    if (next < order.size() && ranked.size() >= limit &&
        ranked[limit - 1].score >= order[next].first) {
      break;  // Nothing left could make the list.
    }
  }
  return ranked;
}

}  // namespace ratusz::dedup
