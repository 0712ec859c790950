#pragma once

// Reading a JSON request body of the staff API with every field's type checked. Internal to
// http (includes Boost.JSON).

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "common/text.hpp"
#include "http/message.hpp"

namespace ratusz::http {

// The JSON object of a request body, or an error response.
inline Result<boost::json::object> BodyObject(const HttpRequest& request) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(request.body, ec);
  if (ec || !v.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "send a JSON object in the body");
  }
  return std::move(v.as_object());
}

// Reads optional fields with their types checked; the first problem is kept.
class Fields {
 public:
  explicit Fields(const boost::json::object& o) : o_(o) {}

  std::string String(std::string_view key) {
    const auto* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) {
      return {};
    }
    if (!v->is_string()) {
      Problem(key, "must be a string");
      return {};
    }
    std::string s(v->as_string());
    if (!IsValidUtf8(s) || HasControlChars(s) || s.size() > 20000) {
      Problem(key, "must be text of at most 20000 bytes");
      return {};
    }
    return s;
  }
  std::optional<std::int64_t> Int(std::string_view key) {
    const auto* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) {
      return std::nullopt;
    }
    if (!v->is_int64()) {
      Problem(key, "must be an integer");
      return std::nullopt;
    }
    return v->as_int64();
  }
  bool Bool(std::string_view key) {
    const auto* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) {
      return false;
    }
    if (!v->is_bool()) {
      Problem(key, "must be true or false");
      return false;
    }
    return v->as_bool();
  }
  // A number sent as a JSON number or as text.
  std::string Decimal(std::string_view key) {
    const auto* v = o_.if_contains(key);
    if (v != nullptr && v->is_number()) {
      return std::to_string(v->to_number<double>());
    }
    return String(key);
  }
  std::optional<Error> error;

 private:
  void Problem(std::string_view key, const char* what) {
    if (!error) {
      error =
          MakeError(ErrorCode::kInvalidArgument, std::string(key) + " " + what, std::string(key));
    }
  }
  const boost::json::object& o_;
};

// A list of at most `max_items` strings of at most `max_bytes` each in `key` (none: empty); the
// error names the field.
inline Result<std::vector<std::string>> StringList(const boost::json::object& o,
                                                   std::string_view key, std::size_t max_items,
                                                   std::size_t max_bytes) {
  std::vector<std::string> out;
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    return out;
  }
  const auto problem = [&] {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(key) + " must be a list of at most " + std::to_string(max_items) +
                         " strings of at most " + std::to_string(max_bytes) + " bytes",
                     std::string(key));
  };
  if (!v->is_array() || v->as_array().size() > max_items) {
    return problem();
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_string() || item.as_string().size() > max_bytes) {
      return problem();
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace ratusz::http
