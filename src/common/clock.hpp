#pragma once

// Time as the domain sees it: UTC instants, read through a Clock so tests can fake it.

#include <chrono>
#include <cstdint>

namespace ratusz {

// Microseconds since the Unix epoch, UTC. Stored as INTEGER in the database.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The real wall clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now());
  }
};

inline std::int64_t ToMicros(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromMicros(std::int64_t us) { return Timestamp{std::chrono::microseconds{us}}; }

}  // namespace ratusz
