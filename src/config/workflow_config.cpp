// The workflow part of the configuration: business calendars, task processes, each unit's
// calendar and escalation, each service's dispatch and SLA, emergencies and duplicates.

#include "config/workflow_config.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "config/toml_read.hpp"

namespace ratusz::config::detail {
namespace {

constexpr const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// "07:30-15:30" as minutes of the day.
std::optional<workflow::OpenInterval> ParseHours(std::string_view text) {
  const auto minutes = [](std::string_view hhmm) -> std::optional<int> {
    if (hhmm.size() != 5 || hhmm[2] != ':' || !std::isdigit(hhmm[0]) || !std::isdigit(hhmm[1]) ||
        !std::isdigit(hhmm[3]) || !std::isdigit(hhmm[4])) {
      return std::nullopt;
    }
    const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    const int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) {
      return std::nullopt;
    }
    return h * 60 + m;
  };
  if (text.size() != 11 || text[5] != '-') {
    return std::nullopt;
  }
  const auto from = minutes(text.substr(0, 5));
  const auto to = minutes(text.substr(6, 5));
  if (!from || !to || *to <= *from) {
    return std::nullopt;
  }
  return workflow::OpenInterval{std::chrono::minutes{*from}, std::chrono::minutes{*to}};
}

// delivery = { kind = "webhook", url = "...", secret_file = "..." } or
// { kind = "open311", url = ".../open311/v2", api_key_file = "...", service_codes = {...} }.
workflow::DeliveryChannel ReadChannel(const toml::table& parent, const char* key,
                                      const std::string& at, Problems& problems) {
  workflow::DeliveryChannel c;
  const auto* node = parent.get(key);
  if (node == nullptr) {
    return c;
  }
  const std::string where = at.empty() ? std::string(key) : at + "." + key;
  const auto* t = node->as_table();
  if (t == nullptr) {
    problems.Add(where, "must be a table { kind = \"webhook\" | \"open311\", url = ... }");
    return c;
  }
  CheckKeys(*t, where,
            {"kind", "url", "secret", "secret_file", "api_key", "api_key_file", "jurisdiction_id",
             "service_codes", "poll_seconds", "from", "to"},
            problems);
  std::string kind = "none";
  ReadString(*t, "kind", where, kind, problems);
  if (const auto k = workflow::ParseDeliveryKind(kind)) {
    c.kind = *k;
  } else {
    problems.Add(where + ".kind", "must be \"none\", \"webhook\", \"open311\" or \"email\"");
  }
  if (c.kind == workflow::DeliveryKind::kSms) {
    problems.Add(where + ".kind", "SMS goes through Kannel: configure it in [sms]");
  }
  ReadString(*t, "url", where, c.url, problems);
  ReadString(*t, "from", where, c.from, problems);
  ReadString(*t, "to", where, c.to, problems);
  ReadSecret(*t, "secret", where, c.secret, problems);
  ReadSecret(*t, "api_key", where, c.api_key, problems);
  ReadString(*t, "jurisdiction_id", where, c.jurisdiction_id, problems);
  ReadInt(*t, "poll_seconds", where, c.poll_seconds, 1, 86400, problems);
  if (const auto* codes = t->get("service_codes")) {
    if (const auto* table = codes->as_table()) {
      for (const auto& [ours, theirs] : *table) {
        if (const auto* code = theirs.as_string()) {
          c.service_codes.emplace(std::string(ours.str()), code->get());
        } else {
          problems.Add(where + ".service_codes." + std::string(ours.str()), "must be a string");
        }
      }
    } else {
      problems.Add(where + ".service_codes", "must be a table { our_code = \"their_code\" }");
    }
  }
  const bool http = c.url.rfind("http://", 0) == 0 || c.url.rfind("https://", 0) == 0;
  const bool smtp = c.url.rfind("smtp://", 0) == 0 || c.url.rfind("smtps://", 0) == 0;
  if (c.kind == workflow::DeliveryKind::kEmail) {
    if (!smtp) {
      problems.Add(where + ".url", "must be an smtp:// or smtps:// URL of the mail server");
    }
    if (c.from.find('@') == std::string::npos) {
      problems.Add(where + ".from", "e-mail needs a sender, e.g. \"Ratusz <kontakt@city.pl>\"");
    }
  } else if (c.kind != workflow::DeliveryKind::kNone && !http) {
    problems.Add(where + ".url", "must be an http:// or https:// URL");
  }
  if (c.kind == workflow::DeliveryKind::kWebhook && c.secret.size() < 16) {
    problems.Add(where + ".secret", "a webhook needs a shared secret of at least 16 characters");
  }
  if (c.kind == workflow::DeliveryKind::kOpen311 && c.api_key.empty()) {
    problems.Add(where + ".api_key", "an Open311 agency needs our api_key there");
  }
  return c;
}

}  // namespace

Result<workflow::TimeZone> LoadTimeZone(const std::string& name) {
  if (name == "UTC" || name == "Etc/UTC") {
    return workflow::TimeZone{};
  }
  std::ifstream in(std::string(kZoneInfoDir) + "/" + name, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound, "time zone '" + name + "' is not in " + kZoneInfoDir +
                                               " (install the tzdata package)");
  }
  std::ostringstream data;
  data << in.rdbuf();
  std::string bytes = data.str();
  // A TZif file of version 2 or later ends with "\n<POSIX TZ rule>\n".
  if (bytes.size() < 3 || bytes.back() != '\n') {
    return MakeError(ErrorCode::kInvalidArgument, "time zone file of '" + name + "' has no rule");
  }
  bytes.pop_back();
  const auto start = bytes.rfind('\n');
  if (start == std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "time zone file of '" + name + "' has no rule");
  }
  return workflow::TimeZone::FromPosixRule(bytes.substr(start + 1));
}

std::shared_ptr<const workflow::Rules> ReadWorkflow(
    const toml::table& root, const std::vector<cases::Jurisdiction>& jurisdictions,
    Problems& problems) {
  const std::string default_zone =
      jurisdictions.empty() ? std::string("UTC") : jurisdictions.front().time_zone;

  std::vector<workflow::BusinessCalendar> calendars;
  ForEachTable(root, "calendar", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"id", "time_zone", "always_open", "hours", "holidays", "closed_days"},
              problems);
    workflow::CalendarSpec spec;
    ReadString(t, "id", w, spec.id, problems);
    std::string zone = default_zone;
    ReadString(t, "time_zone", w, zone, problems);
    if (auto tz = LoadTimeZone(zone)) {
      spec.zone = tz.value();
    } else {
      problems.Add(w + ".time_zone", tz.error().message);
    }
    ReadBool(t, "always_open", w, spec.always_open, problems);
    std::string holidays = "pl";
    ReadString(t, "holidays", w, holidays, problems);
    if (holidays != "pl" && holidays != "none") {
      problems.Add(w + ".holidays", "must be \"pl\" (Polish public holidays) or \"none\"");
    }
    spec.polish_holidays = holidays == "pl";
    std::vector<std::string> closed;
    ReadStrings(t, "closed_days", w, closed, problems);
    for (const auto& day : closed) {
      int y = 0;
      unsigned m = 0;
      unsigned d = 0;
      if (std::sscanf(day.c_str(), "%d-%u-%u", &y, &m, &d) != 3 ||
          !std::chrono::year_month_day{std::chrono::year{y} / m / d}.ok()) {
        problems.Add(w + ".closed_days", "'" + day + "' is not a date YYYY-MM-DD");
      } else {
        spec.extra_closed_days.push_back(std::chrono::year{y} / m / d);
      }
    }
    if (const auto* node = t.get("hours")) {
      const auto* hours = node->as_table();
      if (hours == nullptr) {
        problems.Add(w + ".hours", "must be a table such as { mon = \"07:30-15:30\" }");
      } else {
        CheckKeys(*hours, w + ".hours", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
                  problems);
        for (int i = 0; i < 7; ++i) {
          std::vector<std::string> spans;
          std::string single;
          if (const auto* day = hours->get(kWeekdays[i]); day && day->is_string()) {
            ReadString(*hours, kWeekdays[i], w + ".hours", single, problems);
            spans = {single};
          } else {
            ReadStrings(*hours, kWeekdays[i], w + ".hours", spans, problems);
          }
          for (const auto& span : spans) {
            if (const auto interval = ParseHours(span)) {
              spec.hours[i].push_back(*interval);
            } else {
              problems.Add(w + ".hours." + kWeekdays[i], "'" + span + "' is not HH:MM-HH:MM");
            }
          }
        }
      }
    } else if (!spec.always_open) {
      spec.hours = workflow::OfficeCalendar(spec.zone).hours;
    }
    calendars.emplace_back(std::move(spec));
  });
  if (std::none_of(calendars.begin(), calendars.end(),
                   [](const auto& c) { return c.id() == "office"; })) {
    auto zone = LoadTimeZone(default_zone);
    calendars.emplace_back(workflow::OfficeCalendar(zone ? zone.value() : workflow::TimeZone{}));
  }
  const auto has_calendar = [&](const std::string& id) {
    return std::any_of(calendars.begin(), calendars.end(),
                       [&](const auto& c) { return c.id() == id; });
  };

  std::vector<workflow::Process> processes;
  ForEachTable(root, "workflow", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"id", "transitions", "paused", "warn_at"}, problems);
    workflow::Process p;
    ReadString(t, "id", w, p.id, problems);
    ReadDouble(t, "warn_at", w, p.warn_share, problems);
    if (p.warn_share <= 0 || p.warn_share >= 1) {
      problems.Add(w + ".warn_at", "must be a share between 0 and 1, such as 0.8");
    }
    const auto state = [&](const std::string& name, const std::string& where) {
      const auto s = workflow::ParseTaskState(name);
      if (!s) {
        problems.Add(where, "'" + name + "' is not a task state");
      }
      return s.value_or(workflow::TaskState::kNew);
    };
    std::vector<std::string> paused;
    ReadStrings(t, "paused", w, paused, problems);
    for (const auto& s : paused) {
      p.paused.push_back(state(s, w + ".paused"));
    }
    const auto* transitions = t.get("transitions") ? t.get("transitions")->as_table() : nullptr;
    if (transitions == nullptr) {
      problems.Add(w + ".transitions", "must be a table: state = [next states]");
    } else {
      for (const auto& [from, _] : *transitions) {
        std::vector<std::string> to;
        const std::string key(from.str());
        ReadStrings(*transitions, key.c_str(), w + ".transitions", to, problems);
        auto& next = p.transitions[state(key, w + ".transitions")];
        for (const auto& s : to) {
          next.push_back(state(s, w + ".transitions." + key));
        }
      }
    }
    processes.push_back(std::move(p));
  });
  const auto has_process = [&](const std::string& id) {
    return id == "standard" || std::any_of(processes.begin(), processes.end(),
                                           [&](const auto& p) { return p.id == id; });
  };

  std::vector<workflow::UnitRules> units;
  ForEachTable(root, "department", problems, [&](const toml::table& t, const std::string& w) {
    workflow::UnitRules u;
    ReadString(t, "id", w, u.department, problems);
    ReadString(t, "calendar", w, u.calendar, problems);
    ReadString(t, "escalate_to", w, u.escalate_to, problems);
    ReadBool(t, "external", w, u.external, problems);
    u.channel = ReadChannel(t, "delivery", w, problems);
    if (u.channel.kind == workflow::DeliveryKind::kEmail &&
        u.channel.to.find('@') == std::string::npos) {
      problems.Add(w + ".delivery.to",
                   "e-mail to a unit needs its mailbox, e.g. \"zadania@zdm.pl\"");
    }
    if (!has_calendar(u.calendar)) {
      problems.Add(w + ".calendar", "no [[calendar]] with id '" + u.calendar + "'");
    }
    units.push_back(std::move(u));
  });

  std::vector<workflow::ServiceProcess> services;
  ForEachTable(root, "service", problems, [&](const toml::table& t, const std::string& w) {
    workflow::ServiceProcess s;
    ReadString(t, "code", w, s.service_code, problems);
    ReadString(t, "workflow", w, s.process_id, problems);
    if (!has_process(s.process_id)) {
      problems.Add(w + ".workflow", "no [[workflow]] with id '" + s.process_id + "'");
    }
    ReadStrings(t, "dispatch", w, s.dispatch, problems);
    std::string close = "all_tasks";
    ReadString(t, "close", w, close, problems);
    if (close != "all_tasks" && close != "lead_unit") {
      problems.Add(w + ".close", "must be \"all_tasks\" or \"lead_unit\"");
    }
    s.close_rule =
        close == "lead_unit" ? workflow::CloseRule::kLeadUnit : workflow::CloseRule::kAllTasks;
    std::string priority = "normal";
    ReadString(t, "priority", w, priority, problems);
    if (const auto p = workflow::ParsePriority(priority)) {
      s.priority = *p;
    } else {
      problems.Add(w + ".priority", "must be urgent, high, normal or low");
    }
    if (const auto* node = t.get("sla_hours")) {
      if (const auto* sla = node->as_table()) {
        CheckKeys(*sla, w + ".sla_hours", {"urgent", "high", "normal", "low"}, problems);
        const char* names[] = {"urgent", "high", "normal", "low"};
        for (std::size_t i = 0; i < 4; ++i) {
          ReadDouble(*sla, names[i], w + ".sla_hours", s.sla_hours[i], problems);
          if (s.sla_hours[i] <= 0 || s.sla_hours[i] > 24 * 366) {
            problems.Add(w + ".sla_hours." + names[i], "must be between 0 and a year of hours");
          }
        }
      } else {
        problems.Add(w + ".sla_hours", "must be a table { urgent = 4, normal = 72, ... }");
      }
    }
    ReadBool(t, "emergency", w, s.emergency, problems);
    ReadDouble(t, "duplicate_radius_m", w, s.duplicate_radius_m, problems);
    ReadInt(t, "duplicate_window_days", w, s.duplicate_window_days, 0, 3660, problems);
    ReadStrings(t, "related", w, s.related_services, problems);
    services.push_back(std::move(s));
  });

  workflow::EmergencyRules emergency;
  workflow::DuplicateRules duplicates;
  const toml::table empty;
  const auto* emergency_node = root.get("emergency");
  const auto& e =
      emergency_node && emergency_node->as_table() ? *emergency_node->as_table() : empty;
  CheckKeys(e, "emergency", {"department", "phrases"}, problems);
  ReadString(e, "department", "emergency", emergency.department, problems);
  ReadStrings(e, "phrases", "emergency", emergency.phrases, problems);
  const auto* duplicates_node = root.get("duplicates");
  const auto& d =
      duplicates_node && duplicates_node->as_table() ? *duplicates_node->as_table() : empty;
  CheckKeys(d, "duplicates", {"auto_merge_score", "suggest_score"}, problems);
  ReadDouble(d, "auto_merge_score", "duplicates", duplicates.auto_merge_score, problems);
  ReadDouble(d, "suggest_score", "duplicates", duplicates.suggest_score, problems);

  auto resident_channel = ReadChannel(root, "resident_delivery", "", problems);
  if (!resident_channel.to.empty()) {
    problems.Add("resident_delivery.to", "residents are written to at their own addresses");
  }
  if (resident_channel.kind == workflow::DeliveryKind::kOpen311) {
    problems.Add("resident_delivery.kind",
                 "residents are reached by \"email\" or \"webhook\" (or \"none\")");
  }

  return std::make_shared<const workflow::Rules>(
      std::move(processes), std::move(calendars), std::move(units), std::move(services),
      std::move(emergency), duplicates, std::move(resident_channel));
}

}  // namespace ratusz::config::detail
