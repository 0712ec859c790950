#pragma once

// Configuration: one TOML file (or the embedded demo city), overridden by environment
// variables RATUSZ_<SECTION>__<KEY>, overridden by command-line flags. Parsed once here into
// plain structs and validated as a whole: every problem is reported, not only the first.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cases/catalog.hpp"
#include "cases/report.hpp"
#include "common/result.hpp"
#include "contact/setup.hpp"
#include "kb/article.hpp"
#include "residents/notices.hpp"
#include "residents/resident.hpp"
#include "residents/templates.hpp"
#include "workflow/process.hpp"

namespace ratusz::config {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;                              // 0: one per CPU core.
  std::size_t body_limit = 1024 * 1024;         // Bytes of a request body.
  std::size_t upload_limit = 16 * 1024 * 1024;  // Bytes of an attached file.
  std::size_t header_limit = 16 * 1024;         // Bytes of all request headers together.
  int read_timeout_seconds = 15;                // To receive a whole request once it started.
  int idle_timeout_seconds = 60;                // Keep-alive connection without a request.
  std::string public_url;                       // e.g. "https://19115.example.pl"; for discovery.
  std::string web_dir;  // The built web front end (web/dist); empty or missing: not served.
};

struct StorageConfig {
  std::string backend = "sqlite";
  std::string data_dir = "data";  // Holds ratusz.db (and later files).
  std::size_t max_batch = 2048;   // Group commit: writes per transaction at most.
  // backend = "postgresql": the database (postgresql://user@host:port/db) and the readers'
  // connections at most. The data directory still holds the keys and the media files.
  std::string url;
  std::size_t pool_size = 8;
};

struct Open311Config {
  std::string contact = "";
  std::string key_service = "";
  std::size_t max_page_size = 1000;
  int max_range_days = 90;
  std::size_t cache_entries = 100000;  // Rendered single-case answers kept in memory.
};

struct AuthConfig {
  int session_hours = 12;
};

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error
  std::string format = "text";  // text or json
};

// Delivery of the outbox: retries with exponential backoff, then a dead letter.
struct OutboxConfig {
  int max_attempts = 8;
  int retry_first_seconds = 30;  // Doubled after every failed attempt ...
  int retry_max_seconds = 3600;  // ... up to this.
  int connect_timeout_seconds = 5;
  int timeout_seconds = 15;
};

// E-mail in: `ratusz mailgate` hands each message to the server, which files it.
struct MailConfig {
  std::string token;            // The mail gateway's bearer token; empty: e-mail in is off.
  std::string queue = "email";  // New messages wait here.
  std::string server_url;       // Where mailgate finds the server; default: from server.listen.
  std::vector<std::string> fax_senders;  // A fax gateway's addresses: their mail is a fax ...
  std::string fax_queue = "fax";         // ... waiting here.
};

// The resident portal (web/): which city it reports to and its map. Tiles may fail to load
// (or be blocked by an intranet): reporting never needs the map.
struct PortalConfig {
  std::string jurisdiction;  // Empty: the first [[jurisdiction]].
  std::string tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::string tile_attribution = "© OpenStreetMap contributors";
  int max_photos = 3;  // Per report; each photo is resized in the browser before upload.
  // Reports one network address may send an hour (0: no limit). Behind a proxy every resident
  // shares the proxy's address: raise it there, or limit at the proxy.
  int reports_per_hour = 30;
};

// SMS through Kannel: its callbacks to us (get-url for messages in, dlr-url for delivery
// reports) carry `secret`; we send through its sendsms interface.
struct SmsConfig {
  struct Keyword {
    std::string keyword;  // "DZIURA": "DZIURA ul. Legnicka 5" reports a pothole there.
    std::string jurisdiction_id;
    std::string service_code;
  };
  std::string secret;       // Empty: SMS is off.
  std::string sendsms_url;  // "http://127.0.0.1:13013/cgi-bin/sendsms"; empty: nothing sent.
  std::string username;     // Kannel's sendsms-user.
  std::string password;
  std::string from = "19115";  // The sender residents see.
  std::string callback_url;    // Where Kannel reaches us; default: server.public_url.
  std::string queue = "sms";   // Messages for agents wait here.
  // Notices are not texted in these local hours ("21:00-08:00"); -1: no quiet hours.
  int quiet_from = -1;  // Minutes after midnight.
  int quiet_to = -1;
  std::vector<Keyword> keywords;
};

// Personal data (S26): the keys it is sealed with, how long contact details stay on closed
// cases, and the consent texts residents agree to.
struct PrivacyConfig {
  // The key file (security::Sealer). Empty: RATUSZ_PERSONAL_KEYS if set, else
  // <data_dir>/personal.keys, created at the first start.
  std::string key_file;
  std::string default_country = "PL";  // For numbers written without a country code.
  int retention_days = 365;            // 0: kept.
  std::vector<residents::ConsentText> consent_texts;
};

struct Config {
  ServerConfig server;
  StorageConfig storage;
  Open311Config open311;
  AuthConfig auth;
  LogConfig log;
  OutboxConfig outbox;
  MailConfig mail;
  PrivacyConfig privacy;
  SmsConfig sms;
  PortalConfig portal;
  residents::NoticeSetup notices;  // [notices], [[notice_topic]], [[area]].
  std::vector<residents::CaseNoticeTemplate> notice_templates;  // [[notice_template]]
  std::vector<kb::Topic> kb_topics;                             // [[kb_topic]]
  int survey_window_days = 14;  // [surveys] window_days: answers (and "not fixed") after closure.
  cases::ReportLimits limits;
  std::shared_ptr<const cases::Catalog> catalog;
  std::shared_ptr<const workflow::Rules> rules;
  contact::CenterSetup contact;  // Queues, wrap-up codes and timing of the contact center.
  std::string source;            // Where it came from, for messages.

  std::string DatabasePath() const { return storage.data_dir + "/ratusz.db"; }
};

// The demo city compiled into the binary (config/demo/ratusz.toml).
std::string_view EmbeddedDemoConfig();

// Parses TOML text. `env` holds RATUSZ_* variables to apply (pass the process environment).
[[nodiscard]] Result<Config> ParseConfig(std::string_view toml_text, std::string_view source,
                                         const std::map<std::string, std::string>& env);

// Reads `path`, or the embedded demo city when `path` is empty.
[[nodiscard]] Result<Config> LoadConfig(const std::string& path,
                                        const std::map<std::string, std::string>& env);

// The effective configuration as TOML, without the catalog.
std::string DescribeConfig(const Config& config);

// RATUSZ_* variables of the current process.
std::map<std::string, std::string> RatuszEnvironment();

}  // namespace ratusz::config
