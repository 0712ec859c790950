#pragma once

// Reads the area and topic notices' part of the configuration, and the knowledge base's topics
// (internal to config).

#include "config/toml_read.hpp"
#include "contact/setup.hpp"
#include "kb/article.hpp"
#include "residents/notices.hpp"
#include "residents/templates.hpp"

namespace ratusz::config::detail {

// [notices], [[notice_topic]] and [[area]].
residents::NoticeSetup ReadNotices(const toml::table& root, Problems& problems);

// [[notice_template]]: the wording of notices about cases, replacing the built-in one.
std::vector<residents::CaseNoticeTemplate> ReadNoticeTemplates(const toml::table& root,
                                                               Problems& problems);

// [[kb_topic]]: subjects of residents' questions (the knowledge base's reports) and the queues
// of their experts (the expert line), which must be [[queue]]s of `contact`.
std::vector<kb::Topic> ReadKbTopics(const toml::table& root, const contact::CenterSetup& contact,
                                    Problems& problems);

}  // namespace ratusz::config::detail
