#pragma once

// A staff account as the API shows it (never its password hash). Internal to http.

#include <boost/json.hpp>

#include "app/ports.hpp"
#include "common/time_format.hpp"
#include "http/json_response.hpp"

namespace ratusz::http {

inline boost::json::object UserJson(const app::User& u) {
  return boost::json::object{{"username", u.username},
                             {"display_name", u.display_name},
                             {"role", app::RoleName(u.role)},
                             {"jurisdictions", JsonStrings(u.jurisdictions)},
                             {"departments", JsonStrings(u.departments)},
                             {"disabled", u.disabled},
                             {"created_at", FormatW3c(u.created_at)}};
}

}  // namespace ratusz::http
