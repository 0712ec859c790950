#pragma once

// Typed values from a request's query string (internal to http).

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/result.hpp"
#include "common/time_format.hpp"
#include "http/form.hpp"

namespace ratusz::http {

// A positive integer written in full, or nothing.
inline std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) {
    return std::nullopt;
  }
  return v;
}

// The W3C date-time in `key`, if given; an error names the key.
inline Status TimeParam(const Params& p, const char* key, std::optional<Timestamp>& out) {
  if (const auto& v = p.Get(key); !v.empty()) {
    auto t = ParseW3c(v);
    if (!t) {
      return MakeError(ErrorCode::kInvalidArgument, std::string(key) + " must be a W3C date-time",
                       key);
    }
    out = t.value();
  }
  return {};
}

// A required period: `from` and `to`, W3C date-times, `from` before `to`.
inline Result<std::pair<Timestamp, Timestamp>> PeriodParams(const Params& p) {
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  for (auto [key, out] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    if (auto s = TimeParam(p, key, *out); !s) {
      return s.error();
    }
  }
  if (!from || !to || *to <= *from) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "from and to (W3C date-times, from before to) are required", "from");
  }
  return std::pair{*from, *to};
}

// The request's query string as parameters.
inline Result<Params> QueryOf(const HttpRequest& request) {
  Params p;
  if (auto s = ParseUrlEncoded(request.query, FormLimits{}, p); !s) {
    return s.error();
  }
  return p;
}

}  // namespace ratusz::http
