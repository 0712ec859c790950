#pragma once

// Public case numbers: short, readable over the phone, with a check character.
//
// A number is 8 symbols shown as two groups of four, "K7M2-QX4P". The symbols are Crockford's
// base-32 alphabet (digits and letters without I, L, O, U), so "O" and "0", "I", "L" and "1"
// can never be confused. The first 7 symbols encode the internal case id (35 bits) passed
// through a fixed pseudo-random permutation, so consecutive cases do not get look-alike numbers
// and numbers do not reveal how many cases a city has. The 8th symbol is a Damm check symbol
// over GF(32): any single mistyped symbol and any swap of two neighbours is detected, so a misheard
// number is rejected instead of finding somebody else's case.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ratusz::cases {

// Largest internal id that has a case number (2^35 - 1, about 34 billion).
inline constexpr std::int64_t kMaxCaseId = (std::int64_t{1} << 35) - 1;

// The case number of internal id `id` (1 <= id <= kMaxCaseId), e.g. "K7M2-QX4P".
std::string CaseNumberFor(std::int64_t id);

// Normalises what a person typed or said: ignores spaces and dashes, accepts lower case and
// reads O as 0 and I/L as 1. Returns the canonical "XXXX-XXXX" form, or nothing when the
// length or the check symbol is wrong.
std::optional<std::string> NormalizeCaseNumber(std::string_view typed);

// The internal id behind a canonical or typed number, or nothing when it is not valid.
std::optional<std::int64_t> CaseIdFromNumber(std::string_view typed);

// Open311 tokens (for clients that poll tokens/{token}): the case number without its dash, then
// an unguessable secret, so a token finds its case without an index and cannot be guessed from
// the number.
std::string TokenFor(std::string_view number, std::string_view secret);
std::optional<std::int64_t> CaseIdFromToken(std::string_view token);

}  // namespace ratusz::cases
