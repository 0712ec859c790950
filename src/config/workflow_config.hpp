#pragma once

// Reads the workflow sections of the configuration (internal to config).

#include <memory>
#include <string>
#include <vector>

#include "cases/catalog.hpp"
#include "config/toml_read.hpp"
#include "workflow/process.hpp"

namespace ratusz::config::detail {

// The system's time zone database (Debian's tzdata).
inline constexpr const char* kZoneInfoDir = "/usr/share/zoneinfo";

// The current rule of an IANA zone, from the POSIX TZ string that ends its TZif file.
[[nodiscard]] Result<workflow::TimeZone> LoadTimeZone(const std::string& name);

// [[calendar]], [[workflow]], the workflow keys of [[department]] and [[service]], [emergency]
// and [duplicates]. Problems are added to `problems`.
std::shared_ptr<const workflow::Rules> ReadWorkflow(
    const toml::table& root, const std::vector<cases::Jurisdiction>& jurisdictions,
    Problems& problems);

}  // namespace ratusz::config::detail
