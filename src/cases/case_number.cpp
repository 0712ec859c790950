#include "cases/case_number.hpp"

#include <array>

#include "common/check.hpp"

namespace ratusz::cases {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kDataSymbols = 7;
constexpr std::uint64_t kHalfBits = 18;  // Feistel over 36 bits, cycle-walked down to 35.
constexpr std::uint64_t kHalfMask = (std::uint64_t{1} << kHalfBits) - 1;
constexpr std::array<std::uint64_t, 4> kRoundKeys = {0x9E3779B97F4A7C15ULL, 0xC2B2AE3D27D4EB4FULL,
                                                     0x165667B19E3779F9ULL, 0xD6E8FEB86659FD93ULL};

std::uint64_t Round(std::uint64_t half, std::uint64_t key) {
  std::uint64_t x = (half + key) * 0xFF51AFD7ED558CCDULL;
  x ^= x >> 29;
  x *= 0xC4CEB9FE1A85EC53ULL;
  x ^= x >> 32;
  return x & kHalfMask;
}

std::uint64_t Feistel(std::uint64_t v) {
  std::uint64_t left = v >> kHalfBits;
  std::uint64_t right = v & kHalfMask;
  for (const auto key : kRoundKeys) {
    const std::uint64_t next = left ^ Round(right, key);
    left = right;
    right = next;
  }
  return (left << kHalfBits) | right;
}

std::uint64_t FeistelInverse(std::uint64_t v) {
  std::uint64_t left = v >> kHalfBits;
  std::uint64_t right = v & kHalfMask;
  for (auto it = kRoundKeys.rbegin(); it != kRoundKeys.rend(); ++it) {
    const std::uint64_t prev = right ^ Round(left, *it);
    right = left;
    left = prev;
  }
  return (left << kHalfBits) | right;
}

// Cycle walking keeps the permutation inside [0, 2^35): apply again until the value fits.
// It terminates because the values of a permutation's cycle include the starting one.
std::uint64_t Permute(std::uint64_t v) {
  do {
    v = Feistel(v);
  } while (v > static_cast<std::uint64_t>(kMaxCaseId));
  return v;
}

std::uint64_t Unpermute(std::uint64_t v) {
  do {
    v = FeistelInverse(v);
  } while (v > static_cast<std::uint64_t>(kMaxCaseId));
  return v;
}

int SymbolValue(char c) {
  if (c >= 'a' && c <= 'z') {
    c = static_cast<char>(c - 'a' + 'A');
  }
  if (c == 'O') {
    c = '0';
  } else if (c == 'I' || c == 'L') {
    c = '1';
  }
  const auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Damm's algorithm over the quasigroup x * y = 2x + y in GF(32) (polynomial x^5 + x^2 + 1).
// The operation is totally anti-symmetric ((c*x)*y == (c*y)*x only when x == y), which is what
// makes every single substitution and every swap of neighbours (the check symbol included)
// change the result. Luhn mod 32 would miss swaps of 0 and Z.
int Times2(int v) {
  v <<= 1;
  if ((v & 32) != 0) {
    v ^= 0b100101;
  }
  return v;
}

int Fold(const std::array<int, kDataSymbols>& values) {
  int interim = 0;
  for (const int v : values) {
    interim = Times2(interim) ^ v;
  }
  return interim;
}

// The symbol c with Fold(values) * c == 0.
int CheckSymbol(const std::array<int, kDataSymbols>& values) { return Times2(Fold(values)); }

std::string Format(const std::array<int, kDataSymbols>& values, int check) {
  std::string out;
  out.reserve(9);
  for (int i = 0; i < kDataSymbols; ++i) {
    if (i == 4) {
      out.push_back('-');
    }
    out.push_back(kAlphabet[static_cast<std::size_t>(values[static_cast<std::size_t>(i)])]);
  }
  out.push_back(kAlphabet[static_cast<std::size_t>(check)]);
  return out;
}

}  // namespace

std::string CaseNumberFor(std::int64_t id) {
  RATUSZ_CHECK(id >= 1 && id <= kMaxCaseId);  // Ids come from the store's own sequence.
  std::uint64_t v = Permute(static_cast<std::uint64_t>(id));
  std::array<int, kDataSymbols> values{};
  for (int i = kDataSymbols - 1; i >= 0; --i) {
    values[static_cast<std::size_t>(i)] = static_cast<int>(v & 31);
    v >>= 5;
  }
  return Format(values, CheckSymbol(values));
}

std::optional<std::string> NormalizeCaseNumber(std::string_view typed) {
  std::array<int, kDataSymbols> values{};
  int count = 0;
  int check = -1;
  for (const char c : typed) {
    if (c == '-' || c == ' ') {
      continue;
    }
    const int v = SymbolValue(c);
    if (v < 0 || count > kDataSymbols) {
      return std::nullopt;
    }
    if (count < kDataSymbols) {
      values[static_cast<std::size_t>(count)] = v;
    } else {
      check = v;
    }
    ++count;
  }
  if (count != kDataSymbols + 1 || CheckSymbol(values) != check) {
    return std::nullopt;
  }
  return Format(values, check);
}

std::optional<std::int64_t> CaseIdFromNumber(std::string_view typed) {
  const auto canonical = NormalizeCaseNumber(typed);
  if (!canonical) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  for (const char c : *canonical) {
    if (c == '-') {
      continue;
    }
    v = (v << 5) | static_cast<std::uint64_t>(SymbolValue(c));
  }
  v >>= 5;  // Drop the check symbol.
  const auto id = static_cast<std::int64_t>(Unpermute(v));
  if (id < 1) {
    return std::nullopt;
  }
  return id;
}

std::string TokenFor(std::string_view number, std::string_view secret) {
  std::string token;
  for (const char c : number) {
    if (c != '-') {
      token.push_back(c);
    }
  }
  token.append(secret);
  return token;
}

std::optional<std::int64_t> CaseIdFromToken(std::string_view token) {
  if (token.size() <= kDataSymbols + 1) {
    return std::nullopt;
  }
  return CaseIdFromNumber(token.substr(0, kDataSymbols + 1));
}

}  // namespace ratusz::cases
