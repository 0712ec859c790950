#include "http/response_cache.hpp"

namespace ratusz::http {

std::shared_ptr<const std::string> ResponseCache::Find(std::int64_t id, const std::string& variant,
                                                       Ticket& ticket) {
  Shard& shard = ShardOf(id);
  std::lock_guard lock(shard.mutex);
  ticket.generation = shard.generation;
  const auto it = shard.entries.find(id);
  if (it == shard.entries.end()) {
    return nullptr;
  }
  for (const auto& [v, body] : it->second) {
    if (v == variant) {
      return body;
    }
  }
  return nullptr;
}

void ResponseCache::Store(std::int64_t id, std::string variant,
                          std::shared_ptr<const std::string> body, const Ticket& ticket) {
  Shard& shard = ShardOf(id);
  std::lock_guard lock(shard.mutex);
  if (per_shard_ == 0 || ticket.generation != shard.generation) {
    return;  // The case (or a neighbour in this shard) changed since we read it.
  }
  if (shard.size >= per_shard_) {
    shard.entries.clear();
    shard.size = 0;
  }
  auto& variants = shard.entries[id];
  for (auto& [v, b] : variants) {
    if (v == variant) {
      b = std::move(body);
      return;
    }
  }
  variants.emplace_back(std::move(variant), std::move(body));
  ++shard.size;
}

void ResponseCache::Invalidate(std::int64_t id) {
  Shard& shard = ShardOf(id);
  std::lock_guard lock(shard.mutex);
  ++shard.generation;
  const auto it = shard.entries.find(id);
  if (it != shard.entries.end()) {
    shard.size -= it->second.size();
    shard.entries.erase(it);
  }
}

}  // namespace ratusz::http
