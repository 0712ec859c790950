#include "dedup/recent_grid.hpp"

#include <algorithm>
#include <cmath>

#include "cases/case_number.hpp"

namespace ratusz::dedup {

std::uint32_t RecentGrid::Intern(std::string_view name) {
  const auto it = names_.find(std::string(name));
  if (it != names_.end()) {
    return it->second;
  }
  const auto n = static_cast<std::uint32_t>(by_number_.size());
  by_number_.emplace_back(name);
  names_.emplace(std::string(name), n);
  return n;
}

std::int64_t RecentGrid::Find(std::string_view name) const {
  const auto it = names_.find(std::string(name));
  return it == names_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

void RecentGrid::Erase(std::int64_t id) {
  const auto at = where_.find(id);
  if (at == where_.end()) {
    return;
  }
  auto& entries = cells_[at->second];
  entries.erase(
      std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.id == id; }),
      entries.end());
  if (entries.empty()) {
    cells_.erase(at->second);
  }
  where_.erase(at);
}

void RecentGrid::Put(std::int64_t id, std::string_view jurisdiction_id,
                     std::string_view service_code, cases::GeoPoint location,
                     Timestamp requested_at, cases::Status status, std::string_view master_number,
                     std::string_view text) {
  Erase(id);
  if (!master_number.empty()) {
    // A merged duplicate stands for its master; while the master is held, it adds nothing
    // (a burst of reports about one outage keeps one entry, not thousands).
    if (const auto master = cases::CaseIdFromNumber(master_number);
        master && where_.count(*master)) {
      return;
    }
  }
  const std::int64_t cell = GridCell(location);
  cells_[cell].push_back(Entry{id, ToMicros(requested_at), location.lat, location.lon,
                               Intern(jurisdiction_id), Intern(service_code), status,
                               std::string(master_number), StemsOf(text)});
  where_[id] = cell;
}

RecentGrid::Entry* RecentGrid::FindEntry(std::int64_t id) {
  const auto at = where_.find(id);
  if (at == where_.end()) {
    return nullptr;
  }
  for (auto& e : cells_[at->second]) {
    if (e.id == id) {
      return &e;
    }
  }
  return nullptr;
}

void RecentGrid::SetStatus(std::int64_t id, cases::Status status) {
  if (Entry* e = FindEntry(id)) {
    e->status = status;
  }
}

void RecentGrid::DropBefore(Timestamp t) {
  const std::int64_t limit = ToMicros(t);
  for (auto it = cells_.begin(); it != cells_.end();) {
    auto& entries = it->second;
    for (const auto& e : entries) {
      if (e.requested_at < limit) {
        where_.erase(e.id);
      }
    }
    entries.erase(std::remove_if(entries.begin(), entries.end(),
                                 [&](const Entry& e) { return e.requested_at < limit; }),
                  entries.end());
    it = entries.empty() ? cells_.erase(it) : std::next(it);
  }
}

std::vector<Stored> RecentGrid::InBox(std::string_view jurisdiction_id, const SearchBox& box,
                                      std::size_t limit) const {
  const std::int64_t jurisdiction = Find(jurisdiction_id);
  if (jurisdiction < 0 || box.service_codes.empty()) {
    return {};
  }
  const std::int64_t own_service = Find(box.service_codes.front());
  std::vector<std::uint32_t> services;
  for (const auto& code : box.service_codes) {
    if (const auto n = Find(code); n >= 0) {
      services.push_back(static_cast<std::uint32_t>(n));
    }
  }
  const std::int64_t since = ToMicros(box.since);
  const std::int64_t until = ToMicros(box.until);
  // The box is centred on the new report: rank the entries by a cheap estimate of how good a
  // candidate each could be (planar distance to the centre, time to the middle of the window,
  // same service) and build only the best `limit`.
  const double lat0 = (box.south + box.north) / 2;
  const double lon0 = (box.west + box.east) / 2;
  const double half_lat = (box.north - box.south) / 2;
  const double lon_scale =
      (box.east - box.west) > 0 ? (box.north - box.south) / (box.east - box.west) : 1;
  const double half_window = static_cast<double>(until - since) / 2;
  const std::int64_t middle = since + (until - since) / 2;
  std::vector<std::pair<double, const Entry*>> found;
  for (const auto cell : CellsOf(box)) {
    const auto it = cells_.find(cell);
    if (it == cells_.end()) {
      continue;
    }
    for (const auto& e : it->second) {
      if (e.jurisdiction != jurisdiction || e.requested_at < since || e.requested_at > until ||
          e.lat < box.south || e.lat > box.north || e.lon < box.west || e.lon > box.east ||
          std::find(services.begin(), services.end(), e.service) == services.end()) {
        continue;
      }
      const double dlat = (e.lat - lat0) / half_lat;
      const double dlon = (e.lon - lon0) * lon_scale / half_lat;
      const double nearness = 1.0 - std::min(1.0, std::sqrt(dlat * dlat + dlon * dlon));
      const double recency =
          half_window > 0
              ? 1.0 - std::abs(static_cast<double>(e.requested_at - middle)) / half_window
              : 1.0;
      const bool same = static_cast<std::int64_t>(e.service) == own_service;
      found.emplace_back((0.5 * nearness + 0.2 * recency + 0.3) * (same ? 1.0 : 0.7), &e);
    }
  }
  if (found.size() > limit) {
    std::nth_element(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(limit), found.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    found.resize(limit);
  }
  std::vector<Stored> out;
  out.reserve(found.size());
  for (const auto& [bound, e] : found) {
    Stored s;
    s.number = cases::CaseNumberFor(e->id);
    s.service_code = by_number_[e->service];
    s.location = {e->lat, e->lon};
    s.requested_at = FromMicros(e->requested_at);
    s.status = e->status;
    s.master_number = e->master_number;
    s.stems = e->stems;
    s.complete = true;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace ratusz::dedup
