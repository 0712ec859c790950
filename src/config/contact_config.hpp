#pragma once

// Reads the contact center's part of the configuration (internal to config).

#include <set>
#include <string>

#include "config/toml_read.hpp"
#include "contact/setup.hpp"

namespace ratusz::config::detail {

// [contact] and [[queue]]. `calendars` are the [[calendar]] ids, for the queues' opening hours.
contact::CenterSetup ReadContact(const toml::table& root, const std::set<std::string>& calendars,
                                 Problems& problems);

}  // namespace ratusz::config::detail
