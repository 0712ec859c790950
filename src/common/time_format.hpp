#pragma once

// W3C (ISO 8601 profile) date-times as Open311 uses them: YYYY-MM-DDThh:mm:ss with a zone.

#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz {

// Formats as "2026-11-28T17:21:11Z" (whole seconds, UTC).
std::string FormatW3c(Timestamp t);

// Parses "YYYY-MM-DDThh:mm:ss" followed by "Z" or "±hh:mm" (an optional ".fff" fraction is
// accepted and dropped). A zone is mandatory: a local time without one is ambiguous.
[[nodiscard]] Result<Timestamp> ParseW3c(std::string_view text);

}  // namespace ratusz
