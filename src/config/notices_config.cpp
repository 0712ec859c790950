#include "config/notices_config.hpp"

#include <algorithm>
#include <set>

namespace ratusz::config::detail {
namespace {

bool IsCode(std::string_view code) {
  return !code.empty() && code.size() <= 40 && std::all_of(code.begin(), code.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
  });
}

// polygon = [[lat, lon], ...]
residents::Polygon ReadPolygon(const toml::table& t, const std::string& where, Problems& problems) {
  residents::Polygon out;
  const auto* array = t.get_as<toml::array>("polygon");
  if (array == nullptr) {
    problems.Add(where + ".polygon", "must be an array of [latitude, longitude] pairs");
    return out;
  }
  for (const auto& item : *array) {
    const auto* pair = item.as_array();
    const auto lat =
        pair != nullptr && pair->size() == 2 ? (*pair)[0].value<double>() : std::nullopt;
    const auto lon =
        pair != nullptr && pair->size() == 2 ? (*pair)[1].value<double>() : std::nullopt;
    if (!lat || !lon) {
      problems.Add(where + ".polygon", "must be an array of [latitude, longitude] pairs");
      return {};
    }
    out.push_back({*lat, *lon});
  }
  if (auto s = residents::CheckPolygon(out, where + ".polygon"); !s) {
    problems.Add(where + ".polygon", s.error().message);
  }
  return out;
}

// A topic's or an area's code (unique among its kind: `seen`) and its names in both languages.
template <typename Item>
void ReadNamed(const toml::table& t, const std::string& w, const char* kind,
               std::set<std::string>& seen, Item& item, Problems& problems) {
  cases::LocalizedText name;
  ReadString(t, "code", w, item.code, problems);
  ReadText(t, "name", w, name, problems);
  if (!IsCode(item.code)) {
    problems.Add(w + ".code", "must be a short code of a-z, 0-9, _ and -");
  } else if (!seen.insert(std::string(kind) + ":" + item.code).second) {
    problems.Add(w + ".code", "'" + item.code + "' appears twice");
  }
  if (name.pl.empty() || name.en.empty()) {
    problems.Add(w + ".name", "needs a name in Polish and English");
  }
  item.name_pl = std::move(name.pl);
  item.name_en = std::move(name.en);
}

}  // namespace

residents::NoticeSetup ReadNotices(const toml::table& root, Problems& problems) {
  residents::NoticeSetup setup;
  if (const auto* node = root.get("notices")) {
    if (const auto* t = node->as_table()) {
      CheckKeys(*t, "notices", {"max_per_day"}, problems);
      ReadInt(*t, "max_per_day", "notices", setup.max_per_day, 0, 100, problems);
    } else {
      problems.Add("notices", "must be a table");
    }
  }
  std::set<std::string> seen;
  ForEachTable(root, "notice_topic", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"code", "name"}, problems);
    residents::NoticeTopic topic;
    ReadNamed(t, w, "topic", seen, topic, problems);
    setup.topics.push_back(std::move(topic));
  });
  ForEachTable(root, "area", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"code", "name", "polygon"}, problems);
    residents::NoticeArea area;
    ReadNamed(t, w, "area", seen, area, problems);
    area.polygon = ReadPolygon(t, w, problems);
    setup.areas.push_back(std::move(area));
  });
  return setup;
}

std::vector<residents::CaseNoticeTemplate> ReadNoticeTemplates(const toml::table& root,
                                                               Problems& problems) {
  std::vector<residents::CaseNoticeTemplate> out;
  const auto& topics = residents::CaseNoticeTopics();
  ForEachTable(root, "notice_template", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"topic", "subject", "text"}, problems);
    residents::CaseNoticeTemplate n;
    ReadString(t, "topic", w, n.topic, problems);
    if (std::find(topics.begin(), topics.end(), n.topic) == topics.end()) {
      std::string known;
      for (const auto topic : topics) {
        known += (known.empty() ? "" : ", ") + std::string(topic);
      }
      problems.Add(w + ".topic", "must be one of " + known);
    }
    for (const auto& other : out) {
      if (other.topic == n.topic) {
        problems.Add(w + ".topic", "'" + n.topic + "' has a template already");
      }
    }
    for (const char* key : {"subject", "text"}) {
      cases::LocalizedText text;
      ReadText(t, key, w, text, problems);
      if (text.pl.empty() || text.en.empty()) {
        problems.Add(w + "." + key, "needs its Polish and English wording");
      }
      for (const auto& written : {text.pl, text.en}) {
        for (const auto& unknown : residents::UnknownPlaceholders(written, {"number", "status"})) {
          problems.Add(w + "." + key, unknown + " is not {number} or {status}");
        }
      }
      (std::string_view(key) == "subject" ? n.subject_pl : n.text_pl) = text.pl;
      (std::string_view(key) == "subject" ? n.subject_en : n.text_en) = text.en;
    }
    out.push_back(std::move(n));
  });
  return out;
}

std::vector<kb::Topic> ReadKbTopics(const toml::table& root, const contact::CenterSetup& contact,
                                    Problems& problems) {
  std::vector<kb::Topic> out;
  std::set<std::string> seen;
  ForEachTable(root, "kb_topic", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"code", "name", "expert_queue"}, problems);
    kb::Topic topic;
    ReadNamed(t, w, "kb_topic", seen, topic, problems);
    ReadString(t, "expert_queue", w, topic.expert_queue, problems);
    if (!topic.expert_queue.empty() &&
        std::none_of(contact.queues.begin(), contact.queues.end(), [&](const auto& q) {
          return q.routing.id == topic.expert_queue &&
                 q.routing.channel == contact::Channel::kConsult;
        })) {
      problems.Add(w + ".expert_queue",
                   "'" + topic.expert_queue + "' is not a [[queue]] with channel = \"consult\"");
    }
    out.push_back(std::move(topic));
  });
  return out;
}

}  // namespace ratusz::config::detail
