#include "config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/text.hpp"
#include "config/contact_config.hpp"
#include "config/notices_config.hpp"
#include "config/toml_read.hpp"
#include "config/workflow_config.hpp"
#include "residents/phone.hpp"

extern char** environ;

namespace ratusz::config {
namespace {

using namespace detail;  // NOLINT: the readers are this file's vocabulary.

// The system's time zone database, when it has one (Debian's tzdata).
constexpr const char* kZoneInfo = kZoneInfoDir;

const char kEmbeddedDemo[] = {
#include "demo_config.inc"
};

void ApplyEnvironment(toml::table& root, const std::map<std::string, std::string>& env,
                      Problems& problems) {
  for (const auto& [name, value] : env) {
    const auto sep = name.find("__");
    if (name.rfind("RATUSZ_", 0) != 0 || sep == std::string::npos) {
      continue;
    }
    std::string section = name.substr(7, sep - 7);
    std::string key = name.substr(sep + 2);
    for (auto& c : section) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (auto& c : key) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (section.empty() || key.empty()) {
      problems.Add(name, "environment overrides are named RATUSZ_<SECTION>__<KEY>");
      continue;
    }
    if (!root.contains(section)) {
      root.insert(section, toml::table{});
    }
    auto* table = root.get(section)->as_table();
    if (table == nullptr) {
      problems.Add(name, "section '" + section + "' is not a table");
      continue;
    }
    const bool is_int = !value.empty() &&
                        value.find_first_not_of("0123456789") == std::string::npos &&
                        value.size() < 18;
    if (is_int) {
      table->insert_or_assign(key, std::stoll(value));
    } else if (value == "true" || value == "false") {
      table->insert_or_assign(key, value == "true");
    } else {
      table->insert_or_assign(key, value);
    }
  }
}

std::optional<cases::Bounds> ReadBounds(const toml::table& t, const std::string& where,
                                        Problems& problems) {
  const auto* node = t.get("bounds");
  if (node == nullptr) {
    return std::nullopt;
  }
  const auto* table = node->as_table();
  if (table == nullptr) {
    problems.Add(where + ".bounds", "must be { south, west, north, east }");
    return std::nullopt;
  }
  CheckKeys(*table, where + ".bounds", {"south", "west", "north", "east"}, problems);
  cases::Bounds b;
  ReadDouble(*table, "south", where + ".bounds", b.south, problems);
  ReadDouble(*table, "west", where + ".bounds", b.west, problems);
  ReadDouble(*table, "north", where + ".bounds", b.north, problems);
  ReadDouble(*table, "east", where + ".bounds", b.east, problems);
  return b;
}

cases::AttributeDefinition ReadAttribute(const toml::table& t, const std::string& where,
                                         Problems& problems) {
  CheckKeys(t, where,
            {"code", "variable", "datatype", "required", "order", "description",
             "datatype_description", "values"},
            problems);
  cases::AttributeDefinition a;
  ReadString(t, "code", where, a.code, problems);
  ReadBool(t, "variable", where, a.variable, problems);
  std::string datatype = "string";
  ReadString(t, "datatype", where, datatype, problems);
  if (const auto type = cases::ParseAttributeType(datatype)) {
    a.datatype = *type;
  } else {
    problems.Add(where + ".datatype",
                 "must be string, number, datetime, text, singlevaluelist or multivaluelist");
  }
  ReadBool(t, "required", where, a.required, problems);
  ReadInt(t, "order", where, a.order, 1, 1000, problems);
  ReadText(t, "description", where, a.description, problems);
  ReadText(t, "datatype_description", where, a.datatype_description, problems);
  ForEachTable(t, "values", problems, [&](const toml::table& v, const std::string&) {
    cases::AttributeOption option;
    ReadString(v, "key", where + ".values", option.key, problems);
    ReadText(v, "name", where + ".values", option.name, problems);
    a.values.push_back(std::move(option));
  });
  return a;
}

void ReadPrivacy(const toml::table& root, PrivacyConfig& out, Problems& problems) {
  if (const auto* node = root.get("privacy")) {
    if (const auto* t = node->as_table()) {
      CheckKeys(*t, "privacy", {"key_file", "default_country", "retention_days"}, problems);
      ReadString(*t, "key_file", "privacy", out.key_file, problems);
      ReadString(*t, "default_country", "privacy", out.default_country, problems);
      ReadInt(*t, "retention_days", "privacy", out.retention_days, 0, 36500, problems);
    } else {
      problems.Add("privacy", "must be a table");
    }
  }
  if (!residents::KnownCountry(out.default_country)) {
    problems.Add("privacy.default_country",
                 "'" + out.default_country +
                     "' is not one of PL, UA, DE, CZ, SK, LT, BY, GB, IE, FR, NL, US, CA, NO");
  }
  ForEachTable(root, "consent_text", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"purpose", "version", "text"}, problems);
    std::string purpose;
    residents::ConsentText text;
    ReadString(t, "purpose", w, purpose, problems);
    ReadString(t, "version", w, text.version, problems);
    cases::LocalizedText wording;
    ReadText(t, "text", w, wording, problems);
    text.text_pl = wording.pl;
    text.text_en = wording.en;
    if (const auto p = residents::ParsePurpose(purpose)) {
      text.purpose = *p;
    } else {
      problems.Add(w + ".purpose", "must be recognition, notifications or surveys");
    }
    if (text.version.empty() || text.version.size() > 40) {
      problems.Add(w + ".version", "must be 1 to 40 characters");
    }
    if (text.text_pl.empty() || text.text_en.empty()) {
      problems.Add(w + ".text", "must be given in Polish and English");
    }
    for (const auto& other : out.consent_texts) {
      if (other.purpose == text.purpose && other.version == text.version) {
        problems.Add(w + ".version", "'" + text.version + "' appears twice for " + purpose);
      }
    }
    out.consent_texts.push_back(std::move(text));
  });
}

}  // namespace

std::string_view EmbeddedDemoConfig() { return {kEmbeddedDemo, sizeof(kEmbeddedDemo) - 1}; }

std::map<std::string, std::string> RatuszEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos && entry.rfind("RATUSZ_", 0) == 0) {
      out[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
  }
  return out;
}

Result<Config> ParseConfig(std::string_view toml_text, std::string_view source,
                           const std::map<std::string, std::string>& env) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream where;
    where << e.source().begin;
    return MakeError(ErrorCode::kInvalidArgument, "cannot parse configuration " +
                                                      std::string(source) + " at " + where.str() +
                                                      ": " + std::string(e.description()));
  }
  Problems problems;
  ApplyEnvironment(root, env, problems);
  CheckKeys(root, "", {"server",       "storage",      "open311",     "auth",
                       "log",          "outbox",       "limits",      "jurisdiction",
                       "department",   "group",        "service",     "calendar",
                       "workflow",     "emergency",    "duplicates",  "resident_delivery",
                       "contact",      "queue",        "mail",        "privacy",
                       "consent_text", "sms",          "sms_keyword", "surveys",
                       "notices",      "notice_topic", "area",        "notice_template",
                       "kb_topic",     "portal"},
            problems);

  Config c;
  c.source = std::string(source);
  const toml::table empty;
  const auto section = [&](const char* name) -> const toml::table& {
    if (const auto* node = root.get(name)) {
      if (const auto* t = node->as_table()) {
        return *t;
      }
      problems.Add(name, "must be a table");
    }
    return empty;
  };

  const auto& server = section("server");
  CheckKeys(server, "server",
            {"listen", "threads", "body_limit", "upload_limit", "header_limit",
             "read_timeout_seconds", "idle_timeout_seconds", "public_url", "web_dir"},
            problems);
  ReadString(server, "listen", "server", c.server.listen, problems);
  ReadString(server, "web_dir", "server", c.server.web_dir, problems);
  ReadInt(server, "threads", "server", c.server.threads, 0, 256, problems);
  ReadInt(server, "body_limit", "server", c.server.body_limit, 1024, 1LL << 30, problems);
  ReadInt(server, "upload_limit", "server", c.server.upload_limit, 1024, 1LL << 30, problems);
  ReadInt(server, "header_limit", "server", c.server.header_limit, 1024, 1 << 20, problems);
  ReadInt(server, "read_timeout_seconds", "server", c.server.read_timeout_seconds, 1, 3600,
          problems);
  ReadInt(server, "idle_timeout_seconds", "server", c.server.idle_timeout_seconds, 1, 86400,
          problems);
  ReadString(server, "public_url", "server", c.server.public_url, problems);

  const auto& storage = section("storage");
  CheckKeys(storage, "storage", {"backend", "data_dir", "max_batch", "url", "pool_size"}, problems);
  ReadString(storage, "backend", "storage", c.storage.backend, problems);
  ReadString(storage, "data_dir", "storage", c.storage.data_dir, problems);
  ReadInt(storage, "max_batch", "storage", c.storage.max_batch, 1, 100000, problems);
  ReadString(storage, "url", "storage", c.storage.url, problems);
  ReadInt(storage, "pool_size", "storage", c.storage.pool_size, 1, 1000, problems);
  if (c.storage.backend != "sqlite" && c.storage.backend != "postgresql") {
    problems.Add("storage.backend", "is \"sqlite\" or \"postgresql\"");
  } else if (c.storage.backend == "postgresql" && c.storage.url.empty()) {
    problems.Add("storage.url",
                 "is needed with backend = \"postgresql\" (postgresql://user@host:port/db)");
  }

  const auto& open311 = section("open311");
  CheckKeys(open311, "open311",
            {"contact", "key_service", "max_page_size", "max_range_days", "cache_entries"},
            problems);
  ReadString(open311, "contact", "open311", c.open311.contact, problems);
  ReadString(open311, "key_service", "open311", c.open311.key_service, problems);
  ReadInt(open311, "max_page_size", "open311", c.open311.max_page_size, 1, 10000, problems);
  ReadInt(open311, "max_range_days", "open311", c.open311.max_range_days, 1, 3660, problems);
  ReadInt(open311, "cache_entries", "open311", c.open311.cache_entries, 0, 10'000'000, problems);

  const auto& auth = section("auth");
  CheckKeys(auth, "auth", {"session_hours"}, problems);
  ReadInt(auth, "session_hours", "auth", c.auth.session_hours, 1, 24 * 90, problems);

  const auto& log = section("log");
  CheckKeys(log, "log", {"level", "format"}, problems);
  ReadString(log, "level", "log", c.log.level, problems);
  ReadString(log, "format", "log", c.log.format, problems);
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (!kLevels.count(c.log.level)) {
    problems.Add("log.level", "must be trace, debug, info, warn or error");
  }
  if (c.log.format != "text" && c.log.format != "json") {
    problems.Add("log.format", "must be text or json");
  }

  const auto& outbox = section("outbox");
  CheckKeys(outbox, "outbox",
            {"max_attempts", "retry_first_seconds", "retry_max_seconds", "connect_timeout_seconds",
             "timeout_seconds"},
            problems);
  ReadInt(outbox, "max_attempts", "outbox", c.outbox.max_attempts, 1, 100, problems);
  ReadInt(outbox, "retry_first_seconds", "outbox", c.outbox.retry_first_seconds, 1, 86400,
          problems);
  ReadInt(outbox, "retry_max_seconds", "outbox", c.outbox.retry_max_seconds, 1, 7 * 86400,
          problems);
  ReadInt(outbox, "connect_timeout_seconds", "outbox", c.outbox.connect_timeout_seconds, 1, 300,
          problems);
  ReadInt(outbox, "timeout_seconds", "outbox", c.outbox.timeout_seconds, 1, 600, problems);

  const auto& limits = section("limits");
  CheckKeys(limits, "limits", {"description_chars", "media_urls"}, problems);
  ReadInt(limits, "description_chars", "limits", c.limits.description_chars, 1, 100000, problems);
  ReadInt(limits, "media_urls", "limits", c.limits.media_urls, 0, 100, problems);

  std::vector<cases::Jurisdiction> jurisdictions;
  ForEachTable(root, "jurisdiction", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"id", "name", "time_zone", "locale", "center", "bounds", "service_notice"},
              problems);
    cases::Jurisdiction j;
    ReadString(t, "id", w, j.id, problems);
    ReadText(t, "name", w, j.name, problems);
    ReadString(t, "time_zone", w, j.time_zone, problems);
    j.locale = "pl";
    ReadString(t, "locale", w, j.locale, problems);
    if (j.locale != "pl" && j.locale != "en") {
      problems.Add(w + ".locale", "must be \"pl\" or \"en\"");
    }
    if (j.time_zone.empty() || j.time_zone.find('/') == std::string::npos ||
        j.time_zone.find("..") != std::string::npos) {
      problems.Add(w + ".time_zone", "must be an IANA zone such as \"Europe/Warsaw\"");
    } else if (std::filesystem::is_directory(kZoneInfo) &&
               !std::filesystem::exists(std::string(kZoneInfo) + "/" + j.time_zone)) {
      problems.Add(w + ".time_zone", "'" + j.time_zone +
                                         "' is not a time zone known to this "
                                         "system (" +
                                         kZoneInfo + ")");
    }
    if (const auto* center = t.get("center")) {
      const auto* a = center->as_array();
      if (a == nullptr || a->size() != 2 || !a->get(0)->value<double>() ||
          !a->get(1)->value<double>()) {
        problems.Add(w + ".center", "must be [lat, long]");
      } else {
        j.center_lat = *a->get(0)->value<double>();
        j.center_lon = *a->get(1)->value<double>();
      }
    }
    j.bounds = ReadBounds(t, w, problems);
    cases::LocalizedText notice;
    ReadText(t, "service_notice", w, notice, problems);
    j.service_notice = notice.In(j.locale);
    jurisdictions.push_back(std::move(j));
  });

  std::vector<std::string> all_jurisdictions;
  for (const auto& j : jurisdictions) {
    all_jurisdictions.push_back(j.id);
  }

  std::vector<cases::Department> departments;
  ForEachTable(root, "department", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w,
              {"id", "name", "jurisdictions", "calendar", "escalate_to", "external", "delivery"},
              problems);
    cases::Department d;
    ReadString(t, "id", w, d.id, problems);
    ReadText(t, "name", w, d.name, problems);
    d.jurisdictions = all_jurisdictions;
    ReadStrings(t, "jurisdictions", w, d.jurisdictions, problems);
    departments.push_back(std::move(d));
  });

  std::vector<cases::ServiceGroup> groups;
  ForEachTable(root, "group", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"id", "name"}, problems);
    cases::ServiceGroup g;
    ReadString(t, "id", w, g.id, problems);
    ReadText(t, "name", w, g.name, problems);
    groups.push_back(std::move(g));
  });

  std::vector<cases::Service> services;
  ForEachTable(root, "service", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(
        t, w,
        {"code", "name", "description", "group", "keywords", "type", "jurisdictions", "department",
         "service_notice", "attribute", "workflow", "dispatch", "close", "priority", "sla_hours",
         "emergency", "duplicate_radius_m", "duplicate_window_days", "related"},
        problems);
    cases::Service s;
    ReadString(t, "code", w, s.code, problems);
    ReadText(t, "name", w, s.name, problems);
    ReadText(t, "description", w, s.description, problems);
    ReadString(t, "group", w, s.group, problems);
    ReadStrings(t, "keywords", w, s.keywords, problems);
    std::string type = "realtime";
    ReadString(t, "type", w, type, problems);
    if (const auto parsed = cases::ParseServiceType(type)) {
      s.type = *parsed;
    } else {
      problems.Add(w + ".type", "must be realtime, batch or blackbox");
    }
    s.jurisdictions = all_jurisdictions;
    ReadStrings(t, "jurisdictions", w, s.jurisdictions, problems);
    ReadString(t, "department", w, s.department, problems);
    ReadText(t, "service_notice", w, s.service_notice, problems);
    ForEachTable(t, "attribute", problems, [&](const toml::table& a, const std::string& aw) {
      s.attributes.push_back(ReadAttribute(a, w + "." + aw, problems));
    });
    services.push_back(std::move(s));
  });

  c.rules = ReadWorkflow(root, jurisdictions, problems);
  if (c.rules) {
    std::set<std::string> calendars;
    for (const auto& calendar : c.rules->calendars()) {
      calendars.insert(calendar.id());
    }
    c.contact = ReadContact(root, calendars, problems);
  }
  const auto& mail = section("mail");
  CheckKeys(mail, "mail",
            {"token", "token_file", "queue", "server_url", "fax_senders", "fax_queue"}, problems);
  ReadStrings(mail, "fax_senders", "mail", c.mail.fax_senders, problems);
  ReadString(mail, "fax_queue", "mail", c.mail.fax_queue, problems);
  for (auto& sender : c.mail.fax_senders) {
    for (auto& ch : sender) {
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  const auto has_queue = [&](const std::string& id, contact::Channel channel) {
    return std::any_of(c.contact.queues.begin(), c.contact.queues.end(), [&](const auto& q) {
      return q.routing.id == id && q.routing.channel == channel;
    });
  };
  if (!c.mail.fax_senders.empty() && !has_queue(c.mail.fax_queue, contact::Channel::kFax)) {
    problems.Add("mail.fax_queue",
                 "no [[queue]] with id '" + c.mail.fax_queue + "' and channel = \"fax\"");
  }
  ReadSecret(mail, "token", "mail", c.mail.token, problems);
  ReadString(mail, "queue", "mail", c.mail.queue, problems);
  ReadString(mail, "server_url", "mail", c.mail.server_url, problems);
  const auto check_gateway = [&](const std::string& section_name, const char* secret_key,
                                 const std::string& secret, const std::string& queue,
                                 contact::Channel channel) {
    if (secret.empty()) {
      return;  // Off.
    }
    if (secret.size() < 16) {
      problems.Add(section_name + "." + secret_key, "must be at least 16 characters");
    }
    if (!has_queue(queue, channel)) {
      problems.Add(section_name + ".queue", "no [[queue]] with id '" + queue +
                                                "' and channel = \"" +
                                                std::string(contact::ChannelName(channel)) + "\"");
    }
  };
  check_gateway("mail", "token", c.mail.token, c.mail.queue, contact::Channel::kEmail);
  ReadPrivacy(root, c.privacy, problems);
  c.notices = ReadNotices(root, problems);
  c.notice_templates = ReadNoticeTemplates(root, problems);
  c.kb_topics = ReadKbTopics(root, c.contact, problems);
  const auto& surveys = section("surveys");
  CheckKeys(surveys, "surveys", {"window_days"}, problems);
  ReadInt(surveys, "window_days", "surveys", c.survey_window_days, 1, 365, problems);
  const auto& sms = section("sms");
  CheckKeys(sms, "sms",
            {"secret", "secret_file", "sendsms_url", "username", "password", "password_file",
             "from", "callback_url", "queue", "quiet_hours"},
            problems);
  if (std::string quiet; (ReadString(sms, "quiet_hours", "sms", quiet, problems), !quiet.empty())) {
    // "HH:MM-HH:MM"
    const auto minutes = [](std::string_view t) -> int {
      if (t.size() != 5 || t[2] != ':' || !std::isdigit(static_cast<unsigned char>(t[0])) ||
          !std::isdigit(static_cast<unsigned char>(t[1])) ||
          !std::isdigit(static_cast<unsigned char>(t[3])) ||
          !std::isdigit(static_cast<unsigned char>(t[4]))) {
        return -1;
      }
      const int h = (t[0] - '0') * 10 + (t[1] - '0');
      const int m = (t[3] - '0') * 10 + (t[4] - '0');
      return h < 24 && m < 60 ? h * 60 + m : -1;
    };
    const auto dash = quiet.find('-');
    c.sms.quiet_from = dash == std::string::npos ? -1 : minutes(quiet.substr(0, dash));
    c.sms.quiet_to = dash == std::string::npos ? -1 : minutes(quiet.substr(dash + 1));
    if (c.sms.quiet_from < 0 || c.sms.quiet_to < 0 || c.sms.quiet_from == c.sms.quiet_to) {
      problems.Add("sms.quiet_hours", "must be \"HH:MM-HH:MM\" (local time), e.g. 21:00-08:00");
      c.sms.quiet_from = c.sms.quiet_to = -1;
    }
  }
  ReadSecret(sms, "secret", "sms", c.sms.secret, problems);
  ReadString(sms, "sendsms_url", "sms", c.sms.sendsms_url, problems);
  ReadString(sms, "username", "sms", c.sms.username, problems);
  ReadSecret(sms, "password", "sms", c.sms.password, problems);
  ReadString(sms, "from", "sms", c.sms.from, problems);
  ReadString(sms, "callback_url", "sms", c.sms.callback_url, problems);
  ReadString(sms, "queue", "sms", c.sms.queue, problems);
  check_gateway("sms", "secret", c.sms.secret, c.sms.queue, contact::Channel::kSms);
  if (!c.sms.sendsms_url.empty() && c.sms.sendsms_url.rfind("http://", 0) != 0 &&
      c.sms.sendsms_url.rfind("https://", 0) != 0) {
    problems.Add("sms.sendsms_url", "must be an http:// or https:// URL");
  }
  if (!c.sms.sendsms_url.empty() && (c.sms.secret.empty() || c.sms.username.empty())) {
    problems.Add("sms.sendsms_url",
                 "sending needs sms.secret (for the delivery reports) and sms.username");
  }
  ForEachTable(root, "sms_keyword", problems, [&](const toml::table& t, const std::string& w) {
    CheckKeys(t, w, {"keyword", "jurisdiction_id", "service_code"}, problems);
    SmsConfig::Keyword k;
    ReadString(t, "keyword", w, k.keyword, problems);
    ReadString(t, "jurisdiction_id", w, k.jurisdiction_id, problems);
    ReadString(t, "service_code", w, k.service_code, problems);
    if (k.keyword.empty() || k.keyword.find(' ') != std::string::npos) {
      problems.Add(w + ".keyword", "must be one word");
    }
    for (const auto& other : c.sms.keywords) {
      if (FoldForSearch(other.keyword) == FoldForSearch(k.keyword)) {
        problems.Add(w + ".keyword", "'" + k.keyword + "' appears twice");
      }
    }
    const bool known = std::any_of(services.begin(), services.end(),
                                   [&](const auto& s) { return s.code == k.service_code; });
    if (!known) {
      problems.Add(w + ".service_code", "no [[service]] with code '" + k.service_code + "'");
    }
    const bool place = std::any_of(jurisdictions.begin(), jurisdictions.end(),
                                   [&](const auto& j) { return j.id == k.jurisdiction_id; });
    if (!place) {
      problems.Add(w + ".jurisdiction_id",
                   "no [[jurisdiction]] with id '" + k.jurisdiction_id + "'");
    }
    c.sms.keywords.push_back(std::move(k));
  });
  const auto& portal = section("portal");
  CheckKeys(portal, "portal",
            {"jurisdiction", "tile_url", "tile_attribution", "max_photos", "reports_per_hour"},
            problems);
  ReadString(portal, "jurisdiction", "portal", c.portal.jurisdiction, problems);
  ReadString(portal, "tile_url", "portal", c.portal.tile_url, problems);
  ReadString(portal, "tile_attribution", "portal", c.portal.tile_attribution, problems);
  ReadInt(portal, "max_photos", "portal", c.portal.max_photos, 0, 10, problems);
  ReadInt(portal, "reports_per_hour", "portal", c.portal.reports_per_hour, 0, 1000000, problems);
  if (c.portal.jurisdiction.empty() && !jurisdictions.empty()) {
    c.portal.jurisdiction = jurisdictions.front().id;
  }
  if (std::none_of(jurisdictions.begin(), jurisdictions.end(),
                   [&](const auto& j) { return j.id == c.portal.jurisdiction; })) {
    problems.Add("portal.jurisdiction",
                 "no [[jurisdiction]] with id '" + c.portal.jurisdiction + "'");
  }
  const std::string& tiles = c.portal.tile_url;
  if (!tiles.empty() &&
      ((tiles.rfind("https://", 0) != 0 && tiles.rfind("http://", 0) != 0) ||
       tiles.find("{z}") == std::string::npos || tiles.find("{x}") == std::string::npos ||
       tiles.find("{y}") == std::string::npos)) {
    problems.Add("portal.tile_url",
                 "must be an http(s) URL with {z}, {x} and {y}, or empty for no map tiles");
  }
  if (!problems.Empty()) {
    return problems.ToError(source);
  }
  auto catalog = cases::Catalog::Build(std::move(jurisdictions), std::move(departments),
                                       std::move(groups), std::move(services));
  if (!catalog) {
    problems.Add("city", catalog.error().message);
    return problems.ToError(source);
  }
  c.catalog = std::make_shared<const cases::Catalog>(std::move(catalog).value());
  return c;
}

Result<Config> LoadConfig(const std::string& path, const std::map<std::string, std::string>& env) {
  if (path.empty()) {
    return ParseConfig(EmbeddedDemoConfig(), "(embedded demo city)", env);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kFailedPrecondition, "cannot read configuration file " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path, env);
}

namespace {

// A database URL as it may be shown: postgresql://user:secret@host/db -> user:***@host.
std::string WithoutPassword(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) {
    return url;
  }
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) {
    return url;
  }
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

std::string DescribeConfig(const Config& c) {
  toml::table root;
  root.insert("server", toml::table{
                            {"listen", c.server.listen},
                            {"threads", c.server.threads},
                            {"body_limit", static_cast<std::int64_t>(c.server.body_limit)},
                            {"upload_limit", static_cast<std::int64_t>(c.server.upload_limit)},
                            {"header_limit", static_cast<std::int64_t>(c.server.header_limit)},
                            {"read_timeout_seconds", c.server.read_timeout_seconds},
                            {"idle_timeout_seconds", c.server.idle_timeout_seconds},
                            {"public_url", c.server.public_url},
                        });
  root.insert("storage",
              toml::table{{"backend", c.storage.backend},
                          {"data_dir", c.storage.data_dir},
                          {"max_batch", static_cast<std::int64_t>(c.storage.max_batch)},
                          {"url", WithoutPassword(c.storage.url)},
                          {"pool_size", static_cast<std::int64_t>(c.storage.pool_size)}});
  root.insert("open311",
              toml::table{{"contact", c.open311.contact},
                          {"key_service", c.open311.key_service},
                          {"max_page_size", static_cast<std::int64_t>(c.open311.max_page_size)},
                          {"max_range_days", c.open311.max_range_days},
                          {"cache_entries", static_cast<std::int64_t>(c.open311.cache_entries)}});
  root.insert("auth", toml::table{{"session_hours", c.auth.session_hours}});
  root.insert("portal", toml::table{{"jurisdiction", c.portal.jurisdiction},
                                    {"tile_url", c.portal.tile_url},
                                    {"tile_attribution", c.portal.tile_attribution},
                                    {"max_photos", c.portal.max_photos},
                                    {"reports_per_hour", c.portal.reports_per_hour}});
  root.insert("log", toml::table{{"level", c.log.level}, {"format", c.log.format}});
  root.insert("outbox", toml::table{{"max_attempts", c.outbox.max_attempts},
                                    {"retry_first_seconds", c.outbox.retry_first_seconds},
                                    {"retry_max_seconds", c.outbox.retry_max_seconds},
                                    {"connect_timeout_seconds", c.outbox.connect_timeout_seconds},
                                    {"timeout_seconds", c.outbox.timeout_seconds}});
  root.insert(
      "limits",
      toml::table{{"description_chars", static_cast<std::int64_t>(c.limits.description_chars)},
                  {"media_urls", static_cast<std::int64_t>(c.limits.media_urls)}});
  std::ostringstream out;
  out << "# source: " << c.source << "\n"
      << "# city: " << c.catalog->jurisdictions().size() << " jurisdictions, "
      << c.catalog->departments().size() << " departments, " << c.catalog->services().size()
      << " services\n"
      << root << "\n";
  return out.str();
}

}  // namespace ratusz::config
