#pragma once

// Rendered answers for single cases (GET requests/{id}), kept until the case changes.
//
// The store tells us after every commit which case changed (CaseStore::SetChangeListener), and
// Invalidate drops every rendering of it before the writer's client gets its answer. A reader
// that rendered from the database while a write was being committed must not put its stale
// rendering back: each shard has a generation, bumped by every invalidation, and Store refuses
// an entry whose ticket was taken before the last bump. Thread-safe.

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ratusz::http {

class ResponseCache {
 public:
  // `capacity`: renderings kept at most (capacity / kShards per shard; a full shard is emptied).
  // 0 keeps nothing.
  explicit ResponseCache(std::size_t capacity)
      : per_shard_(capacity == 0 ? 0 : capacity / kShards + 1) {}

  struct Ticket {
    std::uint64_t generation = 0;
  };

  // The rendering of `variant` (e.g. "wroclaw.pl json pl") of case `id`, or null. Fills `ticket`
  // for a later Store.
  std::shared_ptr<const std::string> Find(std::int64_t id, const std::string& variant,
                                          Ticket& ticket);
  void Store(std::int64_t id, std::string variant, std::shared_ptr<const std::string> body,
             const Ticket& ticket);
  void Invalidate(std::int64_t id);

 private:
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mutex;
    std::uint64_t generation = 0;  // Guarded by mutex.
    std::size_t size = 0;          // Guarded by mutex.
    std::unordered_map<std::int64_t,
                       std::vector<std::pair<std::string, std::shared_ptr<const std::string>>>>
        entries;  // Guarded by mutex.
  };
  Shard& ShardOf(std::int64_t id) { return shards_[static_cast<std::size_t>(id) % kShards]; }

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace ratusz::http
