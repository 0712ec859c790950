#include "config/contact_config.hpp"

#include <algorithm>
#include <chrono>

namespace ratusz::config::detail {
namespace {

void ReadTexts(const toml::table& t, const char* key, const std::string& where, contact::Texts& out,
               Problems& problems) {
  cases::LocalizedText text{out.pl, out.en};
  ReadText(t, key, where, text, problems);
  out.pl = text.pl;
  out.en = text.en;
}

void ReadSeconds(const toml::table& t, const char* key, const std::string& where,
                 std::chrono::seconds& out, int min, int max, Problems& problems) {
  int value = static_cast<int>(out.count());
  ReadInt(t, key, where, value, min, max, problems);
  out = std::chrono::seconds(value);
}

contact::QueueSetup ReadQueue(const toml::table& t, const std::string& w,
                              const std::set<std::string>& calendars, Problems& problems) {
  CheckKeys(t, w,
            {"id", "name", "channel", "skill", "language", "priority", "service_level_seconds",
             "service_level_share", "overflow_skill", "overflow_after_seconds", "calendar",
             "numbers", "max_waiting", "closed_message", "full_message"},
            problems);
  contact::QueueSetup q;
  auto& r = q.routing;
  ReadString(t, "id", w, r.id, problems);
  if (r.id.empty()) {
    problems.Add(w + ".id", "a queue needs an id");
  }
  ReadTexts(t, "name", w, q.name, problems);
  std::string channel = "voice";
  ReadString(t, "channel", w, channel, problems);
  if (const auto parsed = contact::ParseChannel(channel)) {
    r.channel = *parsed;
  } else {
    problems.Add(w + ".channel",
                 "must be voice, chat, email, sms, web_form, fax, walk_in or consult");
  }
  ReadString(t, "skill", w, r.skill, problems);
  if (r.skill.empty()) {
    problems.Add(w + ".skill", "a queue needs the skill its agents have");
  }
  ReadString(t, "language", w, r.language, problems);
  ReadInt(t, "priority", w, r.priority, -100, 100, problems);
  ReadSeconds(t, "service_level_seconds", w, r.service_level_time, 1, 86400, problems);
  ReadDouble(t, "service_level_share", w, r.service_level_share, problems);
  if (r.service_level_share <= 0 || r.service_level_share > 1) {
    problems.Add(w + ".service_level_share", "must be above 0 and at most 1");
  }
  ReadString(t, "overflow_skill", w, r.overflow_skill, problems);
  ReadSeconds(t, "overflow_after_seconds", w, r.overflow_after, 0, 86400, problems);
  ReadString(t, "calendar", w, q.calendar, problems);
  if (!q.calendar.empty() && !calendars.count(q.calendar)) {
    problems.Add(w + ".calendar", "no [[calendar]] with id '" + q.calendar + "'");
  }
  ReadStrings(t, "numbers", w, q.numbers, problems);
  ReadInt(t, "max_waiting", w, q.max_waiting, 0, 1'000'000, problems);
  q.closed_message = {"Infolinia jest teraz nieczynna.", "The line is closed now."};
  q.full_message = {"Wszyscy konsultanci są zajęci. Prosimy spróbować później.",
                    "All our consultants are busy. Please try again later."};
  ReadTexts(t, "closed_message", w, q.closed_message, problems);
  ReadTexts(t, "full_message", w, q.full_message, problems);
  if (q.name.pl.empty()) {
    q.name = {r.id, r.id};
  }
  return q;
}

}  // namespace

contact::CenterSetup ReadContact(const toml::table& root, const std::set<std::string>& calendars,
                                 Problems& problems) {
  contact::CenterSetup setup;
  if (const auto* node = root.get("contact")) {
    const auto* t = node->as_table();
    if (t == nullptr) {
      problems.Add("contact", "must be a table");
    } else {
      const std::string w = "contact";
      CheckKeys(*t, w,
                {"offer_timeout_seconds", "wrap_up_seconds", "aging_per_second",
                 "missed_offer_makes_unavailable", "agent_disconnect_grace_seconds",
                 "chat_abandon_after_seconds", "repeat_window_days", "wrap_up_codes", "cti_token",
                 "cti_token_file"},
                problems);
      auto& o = setup.routing;
      ReadSeconds(*t, "offer_timeout_seconds", w, o.offer_timeout, 1, 3600, problems);
      ReadSeconds(*t, "wrap_up_seconds", w, o.wrap_up, 0, 3600, problems);
      ReadDouble(*t, "aging_per_second", w, o.aging_per_second, problems);
      if (o.aging_per_second < 0) {
        problems.Add(w + ".aging_per_second", "must not be negative");
      }
      ReadBool(*t, "missed_offer_makes_unavailable", w, o.missed_offer_makes_unavailable, problems);
      ReadSeconds(*t, "agent_disconnect_grace_seconds", w, setup.agent_disconnect_grace, 0, 3600,
                  problems);
      ReadSeconds(*t, "chat_abandon_after_seconds", w, setup.chat_abandon_after, 1, 86400,
                  problems);
      ReadSecret(*t, "cti_token", w, setup.cti_token, problems);
      if (!setup.cti_token.empty() && setup.cti_token.size() < 16) {
        problems.Add(w + ".cti_token", "must be at least 16 characters");
      }
      int days = 7;
      ReadInt(*t, "repeat_window_days", w, days, 1, 90, problems);
      setup.repeat_window = std::chrono::hours(24 * days);
      ForEachTable(*t, "wrap_up_codes", problems, [&](const toml::table& c, const std::string& cw) {
        CheckKeys(c, w + "." + cw, {"code", "name"}, problems);
        contact::WrapUpCode code;
        ReadString(c, "code", w + "." + cw, code.code, problems);
        ReadTexts(c, "name", w + "." + cw, code.name, problems);
        if (code.code.empty()) {
          problems.Add(w + "." + cw + ".code", "a wrap-up code needs a code");
        }
        setup.wrap_up_codes.push_back(std::move(code));
      });
    }
  }
  std::set<std::string> ids;
  std::set<std::string> numbers;
  ForEachTable(root, "queue", problems, [&](const toml::table& t, const std::string& w) {
    auto q = ReadQueue(t, w, calendars, problems);
    if (!q.routing.id.empty() && !ids.insert(q.routing.id).second) {
      problems.Add(w + ".id", "queue '" + q.routing.id + "' is defined twice");
    }
    for (const auto& n : q.numbers) {
      if (!numbers.insert(n).second) {
        problems.Add(w + ".numbers", "number " + n + " already reaches another queue");
      }
    }
    setup.queues.push_back(std::move(q));
  });
  return setup;
}

}  // namespace ratusz::config::detail
