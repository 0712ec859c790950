#pragma once

// JSON of the contact center's records, shared by the APIs that show them (internal to http).

#include <boost/json.hpp>

#include "app/ports.hpp"

namespace ratusz::http {

boost::json::object InteractionJson(const app::InteractionRecord& r);
// A W3C time, or null.
boost::json::value OptionalTime(const std::optional<Timestamp>& t);

}  // namespace ratusz::http
