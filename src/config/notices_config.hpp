#pragma once

// Reads the area and topic notices' part of the configuration (internal to config).

#include "config/toml_read.hpp"
#include "residents/notices.hpp"
#include "residents/templates.hpp"

namespace ratusz::config::detail {

// [notices], [[notice_topic]] and [[area]].
residents::NoticeSetup ReadNotices(const toml::table& root, Problems& problems);

// [[notice_template]]: the wording of notices about cases, replacing the built-in one.
std::vector<residents::CaseNoticeTemplate> ReadNoticeTemplates(const toml::table& root,
                                                               Problems& problems);

}  // namespace ratusz::config::detail
