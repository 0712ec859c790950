#pragma once

// A JSON answer of the staff API: UTF-8, never cached. Internal to http (includes Boost.JSON).

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "http/message.hpp"

namespace ratusz::http {

inline HttpResponse JsonResponse(int status, const boost::json::value& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = boost::json::serialize(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

inline boost::json::array JsonStrings(const std::vector<std::string>& values) {
  boost::json::array out;
  for (const auto& v : values) {
    out.emplace_back(v);
  }
  return out;
}

// {"code": "...", "message": "...", "field": "..."}: one error as the API reports it.
inline boost::json::object ErrorJson(const Error& error) {
  boost::json::object o{{"code", ErrorCodeName(error.code)}, {"message", error.message}};
  if (!error.field.empty()) {
    o["field"] = error.field;
  }
  return o;
}

}  // namespace ratusz::http
