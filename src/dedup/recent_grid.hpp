#pragma once

// The located cases of the last weeks in memory, by grid cell, with what ranking needs (status,
// master, the text's stems): duplicate search at intake compares a new report with the cases
// of the last `window_days` without reading the database. A search examines the entries of the few
// cells around the point, stored side by side, so it costs microseconds however many cases are
// stored in all. Not thread-safe: the store guards it.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dedup/dedup.hpp"

namespace ratusz::dedup {

class RecentGrid {
 public:
  // Adds a case or replaces what is known of it (reclassified, closed, merged).
  void Put(std::int64_t id, std::string_view jurisdiction_id, std::string_view service_code,
           cases::GeoPoint location, Timestamp requested_at, cases::Status status,
           std::string_view master_number, std::string_view text);
  // A case's new status, if it is held.
  void SetStatus(std::int64_t id, cases::Status status);
  // Forgets the cases requested before `t`.
  void DropBefore(Timestamp t);
  // The cases of the jurisdiction and the box's services, place and window, complete (status,
  // master, stems), at most `limit`.
  std::vector<Stored> InBox(std::string_view jurisdiction_id, const SearchBox& box,
                            std::size_t limit) const;
  std::size_t size() const { return where_.size(); }

 private:
  struct Entry {
    std::int64_t id;
    std::int64_t requested_at;  // Microseconds.
    double lat;
    double lon;
    std::uint32_t jurisdiction;
    std::uint32_t service;
    cases::Status status;
    std::string master_number;
    StemSet stems;
  };
  Entry* FindEntry(std::int64_t id);
  std::uint32_t Intern(std::string_view name);
  std::int64_t Find(std::string_view name) const;  // -1 when unknown.
  void Erase(std::int64_t id);

  std::unordered_map<std::int64_t, std::vector<Entry>> cells_;
  std::unordered_map<std::int64_t, std::int64_t> where_;  // Case id -> its cell.
  std::unordered_map<std::string, std::uint32_t> names_;
  std::vector<std::string> by_number_;
};

}  // namespace ratusz::dedup
