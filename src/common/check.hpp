#pragma once

// Checks for programmer errors (never for user input or the environment).
// RATUSZ_CHECK always runs and aborts with a message; RATUSZ_ASSERT only in debug builds.

namespace ratusz::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace ratusz::internal

#define RATUSZ_CHECK(condition)                                        \
  do {                                                                 \
    if (!(condition)) {                                                \
      ::ratusz::internal::CheckFailed(#condition, __FILE__, __LINE__); \
    }                                                                  \
  } while (false)

#ifdef NDEBUG
#define RATUSZ_ASSERT(condition) \
  do {                           \
  } while (false)
#else
#define RATUSZ_ASSERT(condition) RATUSZ_CHECK(condition)
#endif
