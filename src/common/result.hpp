#pragma once

// Result<T>: a value or an Error. Expected failures travel as values, never as exceptions.
// The interface follows std::expected (C++23) so that it can be swapped for it later.

#include <string>
#include <utility>
#include <variant>

#include "common/check.hpp"

namespace ratusz {

enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kPermissionDenied,
  kUnauthenticated,
  kFailedPrecondition,
  kResourceExhausted,
  kUnavailable,
  kDeadlineExceeded,
  kInternal,
};

// Stable lower-case name of a code, for logs and JSON error bodies.
const char* ErrorCodeName(ErrorCode code);

struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  // Which input the error is about (a field or parameter name), empty when none.
  std::string field;
};

[[nodiscard]] inline Error MakeError(ErrorCode code, std::string message, std::string field = {}) {
  return Error{code, std::move(message), std::move(field)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design, like expected.
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    RATUSZ_CHECK(has_value());  // Callers test has_value() first; reading an error is a bug.
    return std::get<0>(state_);
  }
  const T& value() const& {
    RATUSZ_CHECK(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    RATUSZ_CHECK(has_value());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    RATUSZ_CHECK(!has_value());  // Only meaningful on failure.
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that has no value: an empty optional error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    RATUSZ_CHECK(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace ratusz
