#pragma once

#include "common/clock.hpp"

namespace ratusz::testing {

// A clock that moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = FromMicros(1'780'000'000'000'000)) : now_(start) {}
  Timestamp Now() const override { return now_; }
  void Advance(std::chrono::microseconds by) { now_ += by; }

 private:
  Timestamp now_;
};

}  // namespace ratusz::testing
