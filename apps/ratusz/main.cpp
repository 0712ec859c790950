// The ratusz executable: the only place that reads configuration and wires the modules.

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/parse.hpp>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "app/accounts.hpp"
#include "app/case_desk.hpp"
#include "app/contact_center.hpp"
#include "app/contact_replies.hpp"
#include "app/dispatcher.hpp"
#include "app/expert_line.hpp"
#include "app/intake.hpp"
#include "app/knowledge_base.hpp"
#include "app/mail_intake.hpp"
#include "app/notices.hpp"
#include "app/residents.hpp"
#include "app/sms_intake.hpp"
#include "app/surveys.hpp"
#include "channels/gmime_parser.hpp"
#include "common/time_format.hpp"
#include "config/config.hpp"
#include "files/media.hpp"
#include "http/api.hpp"
#include "http/cases_api.hpp"
#include "http/contact_api.hpp"
#include "http/open311.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "obs/metrics.hpp"
#include "outbound/courier.hpp"
#include "outbound/post.hpp"
#include "security/crypto.hpp"
#include "store/sql/copy.hpp"
#include "store/sql/store.hpp"
#include "workflow/workflow.hpp"

namespace {

using namespace ratusz;

constexpr const char* kVersion = "0.1.0";

struct Common {
  std::string config_path;
  std::string data_dir;
};

// Start-up problems: one clear line, non-zero exit.
[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "ratusz: %s\n", message.c_str());
  std::exit(1);
}

config::Config LoadOrFail(const Common& common) {
  auto cfg = config::LoadConfig(common.config_path, config::RatuszEnvironment());
  if (!cfg) {
    Fail(cfg.error().message);
  }
  if (!common.data_dir.empty()) {
    cfg->storage.data_dir = common.data_dir;
  }
  return std::move(cfg).value();
}

void PrepareDataDir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    Fail("cannot create data directory " + dir + ": " + ec.message());
  }
  const std::string probe = dir + "/.write-test";
  {
    std::ofstream out(probe);
    if (!out) {
      Fail("data directory " + dir + " is not writable");
    }
  }
  std::filesystem::remove(probe, ec);
}

// The key file's path: privacy.key_file, else <data_dir>/personal.keys.
std::string KeyFilePath(const config::Config& cfg) {
  return cfg.privacy.key_file.empty() ? cfg.storage.data_dir + "/personal.keys"
                                      : cfg.privacy.key_file;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Fail("cannot read " + path);
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes `text` to a new file readable by its owner only; false when it already exists.
bool CreatePrivateFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return false;
  }
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    Fail("cannot write " + path);
  }
  return true;
}

// The personal-data keys: RATUSZ_PERSONAL_KEYS, else the key file; the default file in the
// data directory is created at the first start (a configured key_file must exist).
std::shared_ptr<const security::PersonalData> LoadPersonalKeys(const config::Config& cfg) {
  std::string text;
  std::string source;
  if (const char* env = std::getenv("RATUSZ_PERSONAL_KEYS"); env != nullptr && *env != '\0') {
    text = env;
    source = "RATUSZ_PERSONAL_KEYS";
  } else {
    source = KeyFilePath(cfg);
    if (!std::filesystem::exists(source)) {
      if (!cfg.privacy.key_file.empty()) {
        Fail("the personal-data key file " + source +
             " does not exist (create one with: ratusz privacy new-keys " + source + ")");
      }
      if (CreatePrivateFile(source, security::Sealer::NewKeyFile())) {
        spdlog::warn(
            "created personal-data keys in {}: back this file up apart from the "
            "database; without it personal data cannot be read",
            source);
      }
    }
    std::error_code ec;
    const auto perms = std::filesystem::status(source, ec).permissions();
    if (!ec && (perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) !=
                   std::filesystem::perms::none) {
      spdlog::warn(
          "{} can be read by other users; make it readable by the service only "
          "(chmod 600)",
          source);
    }
    text = ReadWholeFile(source);
  }
  auto sealer = security::Sealer::FromText(text);
  if (!sealer) {
    Fail(source + ": " + sealer.error().message);
  }
  return std::make_shared<const security::PersonalData>(std::move(sealer).value(),
                                                        cfg.privacy.default_country);
}

// Where the configuration keeps the database: the SQLite file in the data directory, or the
// PostgreSQL server of `storage.url`.
store::sql::StoreOptions StoreOptionsOf(const config::Config& cfg) {
  store::sql::StoreOptions options{cfg.DatabasePath(), cfg.storage.max_batch};
  if (cfg.storage.backend == "postgresql") {
    options.url = cfg.storage.url;
    options.pool_size = cfg.storage.pool_size;
  }
  return options;
}

// `serving`: the server keeps recent cases' places in memory for duplicate search (as many
// days as the longest duplicate window of any service, and one more).
std::unique_ptr<store::sql::SqlStore> OpenStoreOrFail(const config::Config& cfg,
                                                      bool serving = false) {
  PrepareDataDir(cfg.storage.data_dir);
  if (auto s = security::Initialize(); !s) {
    Fail(s.error().message);
  }
  store::sql::StoreOptions options = StoreOptionsOf(cfg);
  options.personal = LoadPersonalKeys(cfg);
  if (serving) {
    int window = 0;
    for (const auto& service : cfg.catalog->services()) {
      window = std::max(window, cfg.rules->ForService(service.code, "").duplicate_window_days);
    }
    options.recent_days = window + 1;
    options.outbox_disposition = [rules = cfg.rules, by_sms = !cfg.sms.sendsms_url.empty()](
                                     std::string_view topic, std::string_view recipient) {
      return app::LocalDisposition(*rules, topic, recipient, by_sms);
    };
    for (const auto& j : cfg.catalog->jurisdictions()) {
      options.jurisdictions.push_back(j.id);
    }
  }
  auto store = store::sql::SqlStore::Open(options);
  if (!store) {
    Fail(store.error().message);
  }
  return std::move(store).value();
}

// `ratusz migrate-data --to URL`: the SQLite database of the data directory copied into an
// empty PostgreSQL database, every table counted and checksummed on both sides.
int MigrateData(const config::Config& cfg, const std::string& url) {
  if (!std::filesystem::exists(cfg.DatabasePath())) {
    Fail("no SQLite database in " + cfg.storage.data_dir + " (" + cfg.DatabasePath() + ")");
  }
  if (auto s = security::Initialize(); !s) {
    Fail(s.error().message);
  }
  store::sql::StoreOptions from{cfg.DatabasePath(), cfg.storage.max_batch};
  const auto to = store::sql::StoreOptions::Postgres(url);
  std::printf("%-28s %12s %12s  %s\n", "table", "rows", "rows there", "checksum");
  auto report = store::sql::CopyDatabase(from, to, [](const store::sql::TableCopy& t) {
    std::printf("%-28s %12lld %12lld  %016llx %s\n", t.table.c_str(),
                static_cast<long long>(t.rows), static_cast<long long>(t.rows_there),
                static_cast<unsigned long long>(t.checksum), t.Matches() ? "matches" : "DIFFERS");
  });
  if (!report) {
    Fail("migrate-data: " + report.error().message);
  }
  if (!report->Matches()) {
    std::fprintf(stderr, "ratusz: the copy differs from the source (see the table above)\n");
    return 1;
  }
  std::printf(
      "copied %lld rows of %zu tables from %s into PostgreSQL; every table's count and checksum "
      "match\n"
      "serve from it with the same data directory (its personal-data keys and media files stay "
      "there) and [storage] backend = \"postgresql\", url = \"...\" (or RATUSZ_STORAGE__BACKEND "
      "and RATUSZ_STORAGE__URL)\n",
      static_cast<long long>(report->Rows()), report->tables.size(), cfg.DatabasePath().c_str());
  return 0;
}

void ConfigureLogging(const config::Config& cfg) {
  spdlog::set_level(spdlog::level::from_str(cfg.log.level));
  if (cfg.log.format == "json") {
    spdlog::set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","thread":%t,"message":"%v"})",
        spdlog::pattern_time_type::utc);
  }
}

int Serve(const Common& common, const std::string& listen_flag, bool print_config,
          const char* program) {
  config::Config cfg = LoadOrFail(common);
  if (!listen_flag.empty()) {
    cfg.server.listen = listen_flag;
  }
  if (print_config) {
    std::cout << config::DescribeConfig(cfg);
    return 0;
  }
  ConfigureLogging(cfg);
  auto listen = http::ParseListen(cfg.server.listen);
  if (!listen) {
    Fail(listen.error().message);
  }
  auto store = OpenStoreOrFail(cfg, /*serving=*/true);

  // Block the stop signals before any thread starts, so that only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  SystemClock clock;
  obs::Metrics metrics;
  const workflow::Workflow workflow(*cfg.catalog, *cfg.rules);
  app::Intake intake(*cfg.catalog, store->cases(), clock, cfg.limits, &workflow);
  app::CaseDesk desk(workflow, store->cases(), clock);
  app::Accounts accounts(store->accounts(), clock, std::chrono::hours(cfg.auth.session_hours));
  boost::asio::thread_pool blocking(1);  // Password hashing: slow on purpose, off the I/O threads.
  http::Open311Options open311_options;
  open311_options.public_url = cfg.server.public_url;
  open311_options.contact = cfg.open311.contact;
  open311_options.key_service = cfg.open311.key_service;
  open311_options.max_page_size = cfg.open311.max_page_size;
  open311_options.cache_entries = cfg.open311.cache_entries;
  open311_options.max_range_days = cfg.open311.max_range_days;
  open311_options.changeset = clock.Now();
  http::Open311 open311(*cfg.catalog, intake, store->cases(), accounts, clock, metrics,
                        open311_options);
  // Photos: cleaned and thumbnailed on their own two threads, off the network threads.
  if (auto s = files::InitializeImages(program); !s) {
    Fail(s.error().message);
  }
  boost::asio::thread_pool images(2);
  files::MediaLimits media_limits;
  media_limits.max_bytes = cfg.server.upload_limit;
  files::MediaFiles media(cfg.storage.data_dir + "/media", media_limits);
  http::AttachmentsApi attachments_api(
      desk, media, store->attachments(),
      [&images](std::function<void()> work) { boost::asio::post(images, std::move(work)); },
      cfg.server.public_url);
  http::CasesApi cases_api(*cfg.catalog, intake, desk, &attachments_api);
  outbound::CourierOptions courier_options;
  courier_options.templates = residents::CaseNoticeTemplates(cfg.notice_templates);
  courier_options.user_agent = std::string("Ratusz/") + kVersion;
  courier_options.public_url = cfg.server.public_url;
  courier_options.connect_timeout = std::chrono::seconds(cfg.outbox.connect_timeout_seconds);
  courier_options.timeout = std::chrono::seconds(cfg.outbox.timeout_seconds);
  for (const auto& d : cfg.catalog->departments()) {
    courier_options.names["unit:" + d.id] = d.name.pl;
  }
  for (const auto& service : cfg.catalog->services()) {
    courier_options.names["service:" + service.code] = service.name.pl;
  }
  if (!cfg.rules->calendars().empty()) {
    courier_options.zone = cfg.rules->calendars().front().zone();  // The city's own.
  }
  outbound::CurlCourier courier(courier_options, clock);
  app::DispatchPolicy policy;
  policy.max_attempts = cfg.outbox.max_attempts;
  policy.first_retry = std::chrono::seconds(cfg.outbox.retry_first_seconds);
  policy.max_retry = std::chrono::seconds(cfg.outbox.retry_max_seconds);
  if (!cfg.sms.sendsms_url.empty()) {
    policy.sms.kind = workflow::DeliveryKind::kSms;
    policy.sms.url = cfg.sms.sendsms_url;
    policy.sms.api_key = cfg.sms.username;
    policy.sms.secret = cfg.sms.password;
    policy.sms.from = cfg.sms.from;
    policy.sms.callback_url =
        (cfg.sms.callback_url.empty() ? cfg.server.public_url : cfg.sms.callback_url) +
        "/api/v1/channels/sms/dlr?secret=" + cfg.sms.secret;
    policy.sms_country = cfg.privacy.default_country;
    policy.sms_quiet_from = cfg.sms.quiet_from;
    policy.sms_quiet_to = cfg.sms.quiet_to;
    if (!cfg.rules->calendars().empty()) {
      policy.zone = cfg.rules->calendars().front().zone();  // The city's own.
    }
    policy.may_text = [&store](const std::string& e164) {
      auto out = store->residents().SmsOptedOut(store->personal().PhoneLookup(e164));
      return out && !out.value();
    };
  }
  policy.preference =
      [&store](const cases::Reporter& reporter) -> std::optional<app::ResidentPreference> {
    const auto& personal = store->personal();
    for (const auto& lookup :
         {personal.EmailLookup(reporter.email), personal.PhoneLookup(reporter.phone)}) {
      if (auto r = store->residents().ResidentByLookup(lookup);
          r && r.value() && !r.value()->erased_at) {
        return app::ResidentPreference{r.value()->channel, r.value()->language};
      }
    }
    return std::nullopt;
  };
  policy.undeliverable = [&store](const std::string& email) {
    auto bounced = store->outbox().IsUndeliverable(email);
    return bounced && bounced.value();
  };
  app::Dispatcher dispatcher(*cfg.rules, store->cases(), store->outbox(), courier, desk, clock,
                             policy);
  http::DeliveryApi delivery_api(*cfg.rules, store->outbox(), dispatcher, clock);
  app::ContactCenter contact_center(cfg.contact, *cfg.rules, store->contact(), store->cases(),
                                    clock);
  contact_center.SetAccessLog([&store](app::AccessEntry entry) {
    store->residents().LogAccess(std::move(entry), [](Status s) {
      if (!s) {
        spdlog::error("personal data access log: {}", s.error().message);
      }
    });
  });
  contact_center.SetWriteFailureSink(
      [](const Error& e) { spdlog::error("contact center: a write failed: {}", e.message); });
  if (auto s = contact_center.Start(); !s) {
    Fail("contact center: " + s.error().message);
  }
  http::ContactHub contact_hub;
  contact_center.SetListener(&contact_hub);
  attachments_api.TakeFilesFrom(&contact_center);
  http::ContactApi contact_api(contact_center, contact_hub,
                               http::ContactApiOptions{cfg.contact.cti_token}, &media);
  const bool mail_replies = cfg.rules->resident_channel().kind == workflow::DeliveryKind::kEmail;
  app::ContactReplies contact_replies(
      store->contact(), courier, clock,
      mail_replies ? cfg.rules->resident_channel() : workflow::DeliveryChannel{}, policy);
  channels::MimeParser mime_parser;
  app::MailIntake mail_intake(
      mime_parser, store->cases(), contact_center, clock,
      app::MailIntakeOptions{cfg.mail.queue, cfg.mail.fax_senders, cfg.mail.fax_queue,
                             cfg.server.public_url, mail_replies},
      &media, &desk, &store->outbox());
  http::MailApi mail_api(mail_intake, cfg.mail.token, [&images](std::function<void()> work) {
    boost::asio::post(images, std::move(work));
  });
  app::Residents residents(
      store->residents(), store->cases(), contact_center, desk, store->personal(), clock,
      app::ResidentsOptions{cfg.privacy.consent_texts, cfg.privacy.retention_days});
  http::ResidentsApi residents_api(residents);
  app::SmsIntakeOptions sms_options;
  sms_options.queue = cfg.sms.queue;
  sms_options.public_url = cfg.server.public_url;
  for (const auto& k : cfg.sms.keywords) {
    sms_options.keywords.push_back({k.keyword, k.jurisdiction_id, k.service_code});
  }
  app::Surveys surveys(store->cases(), store->surveys(), desk, clock,
                       app::SurveyOptions{cfg.survey_window_days});
  http::SurveysApi surveys_api(surveys);
  app::NoticesOptions notices_options;
  notices_options.setup = cfg.notices;
  for (const auto& text : cfg.privacy.consent_texts) {
    if (text.purpose == residents::Purpose::kNotifications) {
      notices_options.consent_versions.push_back(text.version);
    }
  }
  app::Notices notices(store->notices(), courier, store->personal(), clock,
                       mail_replies ? cfg.rules->resident_channel() : workflow::DeliveryChannel{},
                       policy, std::move(notices_options), &store->cases());
  http::NoticesApi notices_api(notices);
  app::SmsIntake sms_intake(*cfg.catalog, intake, store->cases(), contact_center,
                            store->residents(), store->contact(), store->personal(), clock,
                            std::move(sms_options), &surveys, &notices);
  http::SmsApi sms_api(sms_intake, store->outbox(), store->contact(), clock, cfg.sms.secret);
  app::KnowledgeOptions kb_options;
  kb_options.topics = cfg.kb_topics;
  app::KnowledgeBase knowledge(store->kb(), clock, std::move(kb_options));
  knowledge.SetInteractionCheck(
      [&contact_center](const cases::Actor& actor, std::int64_t id) -> Status {
        if (actor.role == app::Role::kSupervisor || actor.role == app::Role::kAdmin) {
          auto r = contact_center.Load(id);
          return r ? Status{} : Status{r.error()};
        }
        const std::string agent = actor.id.rfind("user:", 0) == 0 ? actor.id.substr(5) : actor.id;
        if (!contact_center.Handles(agent, id)) {
          return MakeError(ErrorCode::kPermissionDenied,
                           "only the agent handling the contact, or a supervisor, closes it");
        }
        return {};
      });
  app::ExpertLine expert_line(contact_center, knowledge, store->kb(), clock);
  http::KbApi kb_api(knowledge, &expert_line);
  http::PortalOptions portal_options{cfg.portal.jurisdiction,
                                     cfg.portal.tile_url,
                                     cfg.portal.tile_attribution,
                                     cfg.portal.max_photos,
                                     cfg.server.public_url,
                                     {},
                                     false,
                                     cfg.portal.reports_per_hour};
  for (const auto& text : cfg.privacy.consent_texts) {
    if (text.purpose == residents::Purpose::kNotifications) {
      portal_options.consent = text;
    }
  }
  portal_options.chat =
      std::any_of(cfg.contact.queues.begin(), cfg.contact.queues.end(),
                  [](const auto& q) { return q.routing.channel == contact::Channel::kChat; });
  http::PortalApi portal_api(
      *cfg.catalog, intake, media, std::move(portal_options),
      [&images](std::function<void()> work) { boost::asio::post(images, std::move(work)); });
  http::AdminApi admin_api(
      accounts, *cfg.catalog, *cfg.rules,
      [&blocking](std::function<void()> work) { boost::asio::post(blocking, std::move(work)); });
  http::Api api(
      accounts,
      http::ApiOptions{cfg.server.public_url.rfind("https://", 0) == 0, cfg.auth.session_hours},
      [&blocking](std::function<void()> work) { boost::asio::post(blocking, std::move(work)); },
      &cases_api, &delivery_api, &contact_api, &mail_api, &residents_api, &sms_api, &surveys_api,
      &notices_api, &kb_api, &portal_api, &admin_api);
  const http::StaticFiles web(cfg.server.web_dir);
  http::Router router(
      open311, api, metrics, [&store]() { return store->CheckReadable(); }, &web);

  http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.threads = cfg.server.threads > 0
                        ? cfg.server.threads
                        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.body_limit = cfg.server.body_limit;
  options.upload_limit = cfg.server.upload_limit;
  options.header_limit = cfg.server.header_limit;
  options.read_timeout = std::chrono::seconds(cfg.server.read_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(cfg.server.idle_timeout_seconds);
  auto server = http::Server::Start(options, router);
  if (!server) {
    Fail(server.error().message);
  }
  const std::string base = "http://" + listen->first + ":" + std::to_string((*server)->port());
  std::string cities;
  for (const auto& j : cfg.catalog->jurisdictions()) {
    cities += cities.empty() ? j.id : ", " + j.id;
  }
  std::printf(
      "Ratusz %s is listening on %s (data in %s; cities: %s)\n"
      "  Open311 discovery: %s/open311/v2/discovery.json\n"
      "  Services:          %s/open311/v2/services.json?jurisdiction_id=%s\n"
      "  API key:           %s --data-dir %s apikey create --name \"My app\"\n"
      "Stop with Ctrl+C.\n",
      kVersion, base.c_str(), cfg.storage.data_dir.c_str(), cities.c_str(), base.c_str(),
      base.c_str(), cfg.catalog->jurisdictions().front().id.c_str(), program,
      cfg.storage.data_dir.c_str());
  std::fflush(stdout);
  spdlog::info("listening on {} with {} threads", base, options.threads);
  if (!cfg.server.web_dir.empty()) {
    if (web.enabled()) {
      spdlog::info("web front end served from {}", cfg.server.web_dir);
    } else {
      spdlog::warn("no built web front end in {} (web/: npm run build); the API still answers",
                   cfg.server.web_dir);
    }
  }

  // Background work until a stop signal: SLA timers (warnings and escalations) every few
  // seconds; the outbox every half second (an emergency hand-off leaves within it), agencies'
  // updates at each agency's polling interval.
  std::mutex background_mutex;
  std::condition_variable background_wake;
  bool stopping = false;
  const auto every = [&](std::chrono::milliseconds period, auto work) {
    return std::thread([&, period, work] {
      std::unique_lock lock(background_mutex);
      while (!background_wake.wait_for(lock, period, [&] { return stopping; })) {
        lock.unlock();
        work();
        lock.lock();
      }
    });
  };
  std::thread timers = every(std::chrono::seconds(5), [&desk] {
    if (auto changed = desk.RunTimers(); !changed) {
      spdlog::warn("SLA timers: {}", changed.error().message);
    } else if (changed.value() > 0) {
      spdlog::info("SLA timers: {} case(s) warned or escalated", changed.value());
    }
  });
  // Contact details past the retention period: once at start, then hourly.
  const auto forget = [&residents] {
    residents.RunRetention([](Result<app::RetentionCounts> r) {
      if (!r) {
        spdlog::warn("retention: {}", r.error().message);
      } else if (r->cases + r->interactions > 0) {
        spdlog::info("retention: contact details removed from {} case(s) and {} contact(s)",
                     r->cases, r->interactions);
      }
    });
  };
  forget();
  std::thread retention = every(std::chrono::hours(1), forget);
  std::thread outbox =
      every(std::chrono::milliseconds(500), [&dispatcher, &contact_replies, &notices] {
        // Each sender works until nothing is due (or it fails, for the log).
        const auto drain = [](const char* what, const std::function<Result<int>()>& send) {
          for (;;) {
            auto sent = send();
            if (!sent) {
              spdlog::warn("{}: {}", what, sent.error().message);
              return;
            }
            if (sent.value() == 0) {
              return;
            }
            spdlog::debug("{}: {} message(s) handled", what, sent.value());
          }
        };
        drain("notices", [&notices] { return notices.SendDue(); });
        drain("contact replies", [&contact_replies] { return contact_replies.SendDue(); });
        drain("outbox", [&dispatcher] { return dispatcher.DeliverDue(); });
        if (auto poll = dispatcher.PollAgencies(); !poll) {
          spdlog::warn("agency updates: {}", poll.error().message);
        } else {
          for (const auto& problem : poll->problems) {
            spdlog::warn("agency updates: {}", problem);
          }
          if (poll->applied > 0) {
            spdlog::info("agency updates: {} applied", poll->applied);
          }
        }
      });

  // The contact center's clock: offers that time out, wrap-ups that end, overflow, agents
  // whose consoles closed; the supervisors' live figures once a second.
  std::thread contact_clock = every(std::chrono::milliseconds(1000), [&] {
    contact_center.Tick();
    if (contact_hub.HasSupervisors()) {
      contact_hub.PushLive(contact_center.Live());
    }
  });

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  {
    std::lock_guard lock(background_mutex);
    stopping = true;
  }
  background_wake.notify_all();
  timers.join();
  retention.join();
  outbox.join();
  contact_clock.join();
  spdlog::info("stopping on signal {}", signal_number);
  (*server)->Stop();
  blocking.join();
  images.join();
  store.reset();  // Commits what was queued.
  files::ShutdownImages();
  return 0;
}

// `ratusz mailgate`: the exit codes a mail server's pipe transport understands (sysexits.h).
int MailGate(const config::Config& cfg, std::string url) {
  constexpr int kTempFail = 75;  // EX_TEMPFAIL: the mail server keeps the message and retries.
  constexpr int kDataErr = 65;   // EX_DATAERR: bounced to the sender.
  if (url.empty()) {
    url = cfg.mail.server_url;
  }
  if (url.empty()) {
    auto listen = http::ParseListen(cfg.server.listen);
    if (!listen) {
      std::fprintf(stderr, "ratusz mailgate: %s\n", listen.error().message.c_str());
      return kTempFail;
    }
    const std::string host = listen->first == "0.0.0.0" ? "127.0.0.1" : listen->first;
    url = "http://" + host + ":" + std::to_string(listen->second);
  }
  if (cfg.mail.token.empty()) {
    std::fprintf(stderr, "ratusz mailgate: mail.token is not set\n");
    return kTempFail;
  }
  std::string message((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (!std::cin.eof() && std::cin.fail()) {
    std::fprintf(stderr, "ratusz mailgate: cannot read the message\n");
    return kTempFail;
  }
  auto answer = outbound::PostOnce(url + "/api/v1/channels/email", cfg.mail.token, "message/rfc822",
                                   message, std::chrono::seconds(120));
  if (!answer) {
    std::fprintf(stderr, "ratusz mailgate: %s\n", answer.error().message.c_str());
    return kTempFail;
  }
  if (answer->status >= 200 && answer->status < 300) {
    std::printf("%s\n", answer->body.c_str());
    return 0;
  }
  std::fprintf(stderr, "ratusz mailgate: the server answered %ld: %s\n", answer->status,
               answer->body.c_str());
  // Only a message the server can never take is bounced; anything else (our configuration,
  // a restart, a full disk) is retried by the mail server.
  return answer->status == 400 || answer->status == 413 ? kDataErr : kTempFail;
}

std::string ReadPassword() {
  if (const char* env = std::getenv("RATUSZ_PASSWORD"); env != nullptr && *env != '\0') {
    return env;
  }
  if (isatty(STDIN_FILENO)) {
    std::fprintf(stderr, "Password (at least 10 characters): ");
  }
  std::string password;
  std::getline(std::cin, password);
  return password;
}

// `ratusz kb import FILE`: publishes the articles of a JSON array (as POST /api/v1/kb/articles
// takes them) whose Polish title the knowledge base does not have yet.
int ImportArticles(app::KnowledgeStore& store, const Clock& clock, const std::string& file) {
  boost::json::error_code ec;
  const auto doc = boost::json::parse(ReadWholeFile(file), ec);
  if (ec || !doc.is_array()) {
    Fail(file + ": not a JSON array of articles");
  }
  std::set<std::string> known;
  app::KbListQuery page;
  page.now = clock.Now();
  page.limit = 500;
  for (;;) {
    auto list = store.ListArticles(page);
    if (!list) {
      Fail(list.error().message);
    }
    for (const auto& a : list.value()) {
      known.insert(a.version.content.title_pl);
      page.after_id = a.id;
    }
    if (list->size() < 500) {
      break;
    }
  }
  app::KnowledgeBase kb(store, clock, app::KnowledgeOptions{});
  const cases::Actor importer{"system:import", cases::Role::kAdmin, {}, {}};
  int imported = 0;
  int skipped = 0;
  for (std::size_t i = 0; i < doc.as_array().size(); ++i) {
    const auto& item = doc.as_array()[i];
    const auto where = file + ": article " + std::to_string(i + 1);
    if (!item.is_object()) {
      Fail(where + " is not an object");
    }
    auto content = http::KbContentFromJson(item.as_object(), kb::Limits{});
    if (!content) {
      Fail(where + ": " + content.error().field + " " + content.error().message);
    }
    if (!known.insert(content->title_pl).second) {
      ++skipped;
      continue;
    }
    std::promise<Result<kb::Article>> written;
    kb.Write(importer, 0, 0, std::move(content.value()), "imported from " + file,
             [&](Result<kb::Article> a) { written.set_value(std::move(a)); });
    auto draft = written.get_future().get();
    if (!draft) {
      Fail(where + ": " + draft.error().field + " " + draft.error().message);
    }
    std::promise<Result<kb::Article>> published;
    kb.Review(importer, draft->id, 1, true, "imported",
              [&](Result<kb::Article> a) { published.set_value(std::move(a)); });
    if (auto p = published.get_future().get(); !p) {
      Fail(where + ": " + p.error().message);
    }
    ++imported;
  }
  std::printf("%d article(s) published, %d already there\n", imported, skipped);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Ratusz - Citizen Relationship Management for cities"};
  cli.require_subcommand(1);
  Common common;
  cli.add_option("--config", common.config_path,
                 "City configuration (TOML); default: the embedded demo city")
      ->envname("RATUSZ_CONFIG");
  cli.add_option("--data-dir", common.data_dir, "Data directory (overrides storage.data_dir)")
      ->envname("RATUSZ_DATA_DIR");

  auto* serve = cli.add_subcommand("serve", "Run the server (initialises a new data directory)");
  std::string listen;
  bool print_config = false;
  serve->add_option("--listen", listen, "HOST:PORT to listen on (overrides server.listen)");
  serve->add_flag("--print-config", print_config, "Print the effective configuration and exit");

  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  auto* migrate_data = cli.add_subcommand(
      "migrate-data",
      "Copy the data directory's SQLite database into an empty PostgreSQL database and check it");
  std::string migrate_to;
  migrate_data->add_option("--to", migrate_to, "The target: postgresql://user@host:port/db")
      ->required();

  auto* user = cli.add_subcommand("user", "Staff accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand(
      "add", "Add a user; the password is read from RATUSZ_PASSWORD or standard input");
  app::User new_user;
  std::string role = "agent";
  user_add->add_option("username", new_user.username, "Login name")->required();
  user_add
      ->add_option("--role", role, "admin, supervisor, agent, specialist, expert, auditor, editor")
      ->required();
  user_add->add_option("--name", new_user.display_name, "Display name");
  user_add->add_option("--jurisdiction", new_user.jurisdictions,
                       "Jurisdictions the user works for (repeatable; default all)");
  user_add->add_option("--department", new_user.departments, "Departments (repeatable)");
  auto* user_list = user->add_subcommand("list", "List users");
  auto* user_disable = user->add_subcommand("disable", "Disable a user and end their sessions");
  std::string disable_name;
  user_disable->add_option("username", disable_name, "Login name")->required();

  auto* apikey = cli.add_subcommand("apikey", "API keys of Open311 client applications");
  apikey->require_subcommand(1);
  auto* key_create = apikey->add_subcommand("create", "Create a key; prints it on the last line");
  std::string key_name;
  key_create->add_option("--name", key_name, "The client application, e.g. \"Mobile app\"")
      ->required();
  auto* key_list = apikey->add_subcommand("list", "List keys (never their secrets)");
  auto* key_revoke = apikey->add_subcommand("revoke", "Revoke a key by its id");
  std::int64_t revoke_id = 0;
  key_revoke->add_option("id", revoke_id, "The key's id (see apikey list)")->required();

  auto* backup = cli.add_subcommand("backup", "Copy the live database to a file (online backup)");
  std::string backup_to;
  backup->add_option("file", backup_to, "Target file")->required();

  auto* privacy = cli.add_subcommand("privacy", "Personal-data keys (docs/privacy.md)");
  privacy->require_subcommand(1);
  auto* new_keys = privacy->add_subcommand(
      "new-keys", "Write a new key file (mode 0600; \"-\" prints it) for privacy.key_file");
  std::string new_keys_file;
  new_keys->add_option("file", new_keys_file, "Where (must not exist), or -")->required();
  auto* add_key = privacy->add_subcommand(
      "add-key", "Add a key to the key file; after a restart it seals everything new");
  auto* reseal = privacy->add_subcommand(
      "reseal", "Seal every personal field again with the newest key (the server may run)");

  auto* kb_command = cli.add_subcommand("kb", "Knowledge base");
  auto* kb_import = kb_command->add_subcommand(
      "import",
      "Publish the articles of a JSON file (an array of articles as POST /api/v1/kb/articles "
      "takes them); those whose Polish title is there already are skipped");
  std::string kb_file;
  kb_import->add_option("file", kb_file, "The JSON file")->required();

  auto* version = cli.add_subcommand("version", "Print the version");

  auto* mailgate = cli.add_subcommand(
      "mailgate",
      "Hand one e-mail (standard input) to the running server; for a mail server's pipe. Exit "
      "0: stored; 75: try again later; 65: the message can never be taken");
  std::string mailgate_url;
  mailgate->add_option("--url", mailgate_url,
                       "The server (overrides mail.server_url; default from server.listen)");

  CLI11_PARSE(cli, argc, argv);

  if (version->parsed()) {
    std::printf("ratusz %s (database schema %d)\n", kVersion, store::sql::LatestSchemaVersion());
    return 0;
  }
  if (serve->parsed()) {
    return Serve(common, listen, print_config, argv[0]);
  }
  if (new_keys->parsed()) {
    if (auto s = security::Initialize(); !s) {
      Fail(s.error().message);
    }
    const std::string text = security::Sealer::NewKeyFile();
    if (new_keys_file == "-") {
      std::fputs(text.c_str(), stdout);
    } else if (!CreatePrivateFile(new_keys_file, text)) {
      Fail("cannot create " + new_keys_file + " (it must not exist yet)");
    } else {
      std::printf("personal-data keys written to %s; back it up apart from the database\n",
                  new_keys_file.c_str());
    }
    return 0;
  }
  config::Config cfg = LoadOrFail(common);
  if (mailgate->parsed()) {
    return MailGate(cfg, mailgate_url);
  }
  if (add_key->parsed()) {
    if (std::getenv("RATUSZ_PERSONAL_KEYS") != nullptr) {
      Fail(
          "the keys come from RATUSZ_PERSONAL_KEYS: add a line \"key <n> <64 hex digits>\" "
          "there (ratusz privacy new-keys - prints fresh ones)");
    }
    if (auto s = security::Initialize(); !s) {
      Fail(s.error().message);
    }
    const std::string path = KeyFilePath(cfg);
    auto next = security::Sealer::WithNewKey(ReadWholeFile(path));
    if (!next) {
      Fail(path + ": " + next.error().message);
    }
    const std::string temporary = path + ".new";
    std::filesystem::remove(temporary);
    if (!CreatePrivateFile(temporary, next.value())) {
      Fail("cannot write " + temporary);
    }
    std::filesystem::rename(temporary, path);
    const int key = security::Sealer::FromText(next.value())->current_key();
    std::printf(
        "key %d added to %s. Restart the server (it seals with key %d from then on), "
        "then run: ratusz privacy reseal\n",
        key, path.c_str(), key);
    return 0;
  }
  if (migrate->parsed()) {
    PrepareDataDir(cfg.storage.data_dir);
    const auto options = StoreOptionsOf(cfg);
    auto applied = store::sql::SqlStore::Migrate(options);
    if (!applied) {
      Fail(applied.error().message);
    }
    std::printf("%zu migration(s) applied; schema is at version %d\n", applied->size(),
                store::sql::LatestSchemaVersion(options.dialect()));
    return 0;
  }
  if (migrate_data->parsed()) {
    return MigrateData(cfg, migrate_to);
  }
  auto store = OpenStoreOrFail(cfg);
  SystemClock clock;
  app::Accounts accounts(store->accounts(), clock, std::chrono::hours(cfg.auth.session_hours));

  if (user_add->parsed()) {
    const auto parsed_role = app::ParseRole(role);
    if (!parsed_role) {
      Fail("unknown role '" + role +
           "'; use admin, supervisor, agent, specialist, expert, auditor, editor");
    }
    new_user.role = *parsed_role;
    if (auto places = app::CheckPlaces(new_user, *cfg.catalog); !places) {
      Fail(places.error().message);
    }
    auto added = accounts.AddUser(new_user, ReadPassword());
    if (!added) {
      Fail(added.error().message);
    }
    std::printf("user %s added (%s)\n", added->username.c_str(),
                std::string(app::RoleName(added->role)).c_str());
  } else if (user_list->parsed()) {
    auto users = store->accounts().ListUsers();
    if (!users) {
      Fail(users.error().message);
    }
    std::printf("%-20s %-11s %-8s %s\n", "USERNAME", "ROLE", "STATE", "NAME");
    for (const auto& u : users.value()) {
      std::printf("%-20s %-11s %-8s %s\n", u.username.c_str(),
                  std::string(app::RoleName(u.role)).c_str(), u.disabled ? "disabled" : "active",
                  u.display_name.c_str());
    }
  } else if (user_disable->parsed()) {
    if (auto s = store->accounts().SetUserDisabled(disable_name, true); !s) {
      Fail(s.error().message);
    }
    std::printf("user %s disabled\n", disable_name.c_str());
  } else if (key_create->parsed()) {
    auto key = accounts.CreateApiKey(key_name);
    if (!key) {
      Fail(key.error().message);
    }
    std::printf("API key %lld for \"%s\" created. Keep it secret; it is not shown again:\n%s\n",
                static_cast<long long>(key->key.id), key->key.name.c_str(), key->secret.c_str());
  } else if (key_list->parsed()) {
    auto keys = store->accounts().ListApiKeys();
    if (!keys) {
      Fail(keys.error().message);
    }
    std::printf("%-5s %-8s %-9s %-21s %s\n", "ID", "PREFIX", "STATE", "CREATED", "NAME");
    for (const auto& k : keys.value()) {
      std::printf("%-5lld %-8s %-9s %-21s %s\n", static_cast<long long>(k.id), k.prefix.c_str(),
                  k.revoked ? "revoked" : "active", FormatW3c(k.created_at).c_str(),
                  k.name.c_str());
    }
  } else if (key_revoke->parsed()) {
    if (auto s = store->accounts().RevokeApiKey(revoke_id); !s) {
      Fail(s.error().message);
    }
    std::printf("API key %lld revoked\n", static_cast<long long>(revoke_id));
  } else if (reseal->parsed()) {
    auto changed = store->residents().Reseal();
    if (!changed) {
      Fail(changed.error().message);
    }
    std::printf(
        "%lld row(s) sealed again with key %d; older keys can now be removed from the "
        "key file (restart the server after)\n",
        static_cast<long long>(changed.value()), store->personal().sealer().current_key());
  } else if (kb_import->parsed()) {
    return ImportArticles(store->kb(), clock, kb_file);
  } else if (backup->parsed()) {
    if (auto s = store->Backup(backup_to); !s) {
      Fail(s.error().message);
    }
    std::printf("backup written to %s\n", backup_to.c_str());
  }
  return 0;
}
