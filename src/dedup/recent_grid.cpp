#include "dedup/recent_grid.hpp"

#include <algorithm>

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
  std::vector<Stored> out;
  const std::int64_t jurisdiction = Find(jurisdiction_id);
  if (jurisdiction < 0) {
    return out;
  }
  std::vector<std::uint32_t> services;
  for (const auto& code : box.service_codes) {
    if (const auto n = Find(code); n >= 0) {
      services.push_back(static_cast<std::uint32_t>(n));
    }
  }
  const std::int64_t since = ToMicros(box.since);
  const std::int64_t until = ToMicros(box.until);
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
      if (out.size() >= limit) {
        return out;
      }
      Stored s;
      s.number = cases::CaseNumberFor(e.id);
      s.service_code = by_number_[e.service];
      s.location = {e.lat, e.lon};
      s.requested_at = FromMicros(e.requested_at);
      s.status = e.status;
      s.master_number = e.master_number;
      s.stems = e.stems;
      s.complete = true;
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace ratusz::dedup
