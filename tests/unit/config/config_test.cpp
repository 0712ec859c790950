#include "config/config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace ratusz::config {
namespace {

TEST(Config, DemoCityIsCompleteAndBilingual) {
  auto c = LoadConfig("", {});
  ASSERT_TRUE(c) << c.error().message;
  const cases::Catalog& catalog = *c->catalog;
  ASSERT_EQ(catalog.jurisdictions().size(), 2u);
  EXPECT_NE(catalog.FindJurisdiction("wroclaw.pl"), nullptr);
  EXPECT_NE(catalog.FindJurisdiction("warszawa.pl"), nullptr);
  EXPECT_GE(catalog.services().size(), 30u);
  std::set<std::string> groups;
  int with_attributes = 0;
  int with_lists = 0;
  for (const auto& s : catalog.services()) {
    groups.insert(s.group);
    EXPECT_FALSE(s.name.pl.empty()) << s.code;
    EXPECT_FALSE(s.name.en.empty()) << s.code;
    EXPECT_FALSE(s.department.empty()) << s.code;
    with_attributes += s.attributes.empty() ? 0 : 1;
    for (const auto& a : s.attributes) {
      if (a.datatype == cases::AttributeType::kMultiValueList ||
          a.datatype == cases::AttributeType::kSingleValueList) {
        ++with_lists;
        break;
      }
    }
  }
  EXPECT_GE(groups.size(), 6u);
  EXPECT_GE(with_attributes, 5);
  EXPECT_GE(with_lists, 5);
}

TEST(Config, ReportsEveryProblemWithItsPlace) {
  const auto c = ParseConfig(R"(
[server]
threads = -1
colour = "blue"
[[jurisdiction]]
id = "x.pl"
time_zone = "Warsaw"
[[service]]
code = "a"
name = "A"
type = "sometimes"
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("server.threads"), std::string::npos) << m;
  EXPECT_NE(m.find("server.colour: unknown key"), std::string::npos) << m;
  EXPECT_NE(m.find("jurisdiction[0].time_zone"), std::string::npos) << m;
  EXPECT_NE(m.find("service[0].type"), std::string::npos) << m;
}

TEST(Config, RejectsUnknownTimeZones) {
  if (!std::filesystem::is_directory("/usr/share/zoneinfo")) {
    GTEST_SKIP() << "no time zone database on this system";
  }
  const auto c = ParseConfig(R"(
[[jurisdiction]]
id = "x.pl"
time_zone = "Europe/Atlantis"
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("Europe/Atlantis"), std::string::npos) << c.error().message;
}

TEST(Config, ReportsTomlSyntaxErrorsWithAPosition) {
  const auto c = ParseConfig("[server\nlisten=", "broken.toml", {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("broken.toml"), std::string::npos);
  EXPECT_NE(c.error().message.find("line 1"), std::string::npos) << c.error().message;
}

TEST(Config, EnvironmentOverridesTheFile) {
  auto c = LoadConfig("", {{"RATUSZ_SERVER__LISTEN", "0.0.0.0:9000"},
                           {"RATUSZ_STORAGE__MAX_BATCH", "64"},
                           {"RATUSZ_DATA_DIR", "ignored-here"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen, "0.0.0.0:9000");
  EXPECT_EQ(c->storage.max_batch, 64u);
  auto bad = LoadConfig("", {{"RATUSZ_SERVER__THREADS", "many"}});
  EXPECT_FALSE(bad);
}

TEST(Config, PostgresqlNeedsItsUrlAndNeverShowsItsPassword) {
  auto missing = LoadConfig("", {{"RATUSZ_STORAGE__BACKEND", "postgresql"}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("storage.url"), std::string::npos)
      << missing.error().message;
  auto unknown = LoadConfig("", {{"RATUSZ_STORAGE__BACKEND", "mysql"}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("\"sqlite\" or \"postgresql\""), std::string::npos);
  auto c = LoadConfig("", {{"RATUSZ_STORAGE__BACKEND", "postgresql"},
                           {"RATUSZ_STORAGE__URL", "postgresql://city:s3cret@db:5432/ratusz"},
                           {"RATUSZ_STORAGE__POOL_SIZE", "4"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->storage.url, "postgresql://city:s3cret@db:5432/ratusz");
  EXPECT_EQ(c->storage.pool_size, 4u);
  const std::string shown = DescribeConfig(*c);
  EXPECT_EQ(shown.find("s3cret"), std::string::npos) << shown;
  EXPECT_NE(shown.find("postgresql://city:***@db:5432/ratusz"), std::string::npos) << shown;
}

}  // namespace
}  // namespace ratusz::config

namespace ratusz::config {
namespace {

TEST(Config, ReportsEveryWorkflowProblem) {
  const auto c = ParseConfig(R"(
[[jurisdiction]]
id = "x.pl"
time_zone = "Europe/Warsaw"
[[calendar]]
id = "office"
hours = { mon = "15:30-07:30", fun = "08:00-09:00" }
closed_days = ["2026-02-30"]
[[workflow]]
id = "mine"
transitions = { new = ["flying"] }
warn_at = 1.5
[[department]]
id = "roads"
name = "Drogi"
calendar = "night"
[[service]]
code = "pothole"
name = "Dziura"
department = "roads"
workflow = "nope"
close = "whenever"
priority = "asap"
sla_hours = { normal = -1 }
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  for (const char* part : {"'15:30-07:30' is not HH:MM-HH:MM", "calendar[0].hours.fun",
                           "'2026-02-30' is not a date", "'flying' is not a task state", "warn_at",
                           "no [[calendar]] with id 'night'", "no [[workflow]] with id 'nope'",
                           "service[0].close", "service[0].priority", "sla_hours.normal"}) {
    EXPECT_NE(m.find(part), std::string::npos) << part << " in\n" << m;
  }
}

TEST(Config, ReportsEveryContactCenterProblem) {
  const auto c = ParseConfig(R"(
[[jurisdiction]]
id = "x.pl"
time_zone = "Europe/Warsaw"
[contact]
offer_timeout_seconds = -5
cti_token = "short"
wrap_up_codes = [{ name = "Bez kodu" }]
[[queue]]
id = "phone"
channel = "pigeon"
skill = "general"
numbers = ["19115"]
calendar = "never"
[[queue]]
id = "phone"
skill = ""
numbers = ["19115"]
service_level_share = 1.5
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  for (const char* part :
       {"contact.offer_timeout_seconds", "contact.cti_token", "wrap_up_codes[0].code",
        "queue[0].channel", "no [[calendar]] with id 'never'", "queue 'phone' is defined twice",
        "queue[1].skill", "number 19115 already reaches another queue",
        "queue[1].service_level_share"}) {
    EXPECT_NE(m.find(part), std::string::npos) << part << " in\n" << m;
  }
}

TEST(Config, MailNeedsItsQueuesAndALongToken) {
  const auto c = ParseConfig(R"(
[[jurisdiction]]
id = "x.pl"
time_zone = "Europe/Warsaw"
[[queue]]
id = "email"
channel = "chat"
skill = "written"
[mail]
token = "short"
fax_senders = ["fax@example.pl"]
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  for (const char* part : {"mail.token", "mail.queue: no [[queue]] with id 'email' and channel",
                           "mail.fax_queue: no [[queue]] with id 'fax'"}) {
    EXPECT_NE(m.find(part), std::string::npos) << part << " in\n" << m;
  }
}

TEST(Config, SmsAndPrivacyReportEveryProblem) {
  const auto c = ParseConfig(R"(
[[jurisdiction]]
id = "x.pl"
time_zone = "Europe/Warsaw"
[sms]
secret = "short"
sendsms_url = "ftp://gateway"
quiet_hours = "21:00-25:00"
[[sms_keyword]]
keyword = "TWO WORDS"
jurisdiction_id = "y.pl"
service_code = "nothing"
[privacy]
default_country = "XX"
retention_days = -1
[[consent_text]]
purpose = "marketing"
version = ""
text = { pl = "tak" }
[surveys]
window_days = 0
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  for (const char* part :
       {"sms.secret: must be at least 16", "sms.queue: no [[queue]] with id 'sms'",
        "sms.sendsms_url: must be an http", "sms.quiet_hours",
        "sms_keyword[0].keyword: must be one word", "sms_keyword[0].service_code: no [[service]]",
        "sms_keyword[0].jurisdiction_id", "privacy.default_country", "privacy.retention_days",
        "consent_text[0].purpose", "consent_text[0].version",
        "consent_text[0].text: must be given in Polish and English", "surveys.window_days"}) {
    EXPECT_NE(m.find(part), std::string::npos) << part << " in\n" << m;
  }
}

TEST(Config, NoticeTopicsAndAreasReportEveryProblem) {
  const auto c = ParseConfig(R"(
[notices]
max_per_day = 1000
[[notice_topic]]
code = "Road Works"
name = { pl = "Roboty" }
[[notice_topic]]
code = "fees"
name = { pl = "Opłaty", en = "Fees" }
[[notice_topic]]
code = "fees"
name = { pl = "Opłaty", en = "Fees" }
[[area]]
code = "line"
name = { pl = "Linia", en = "Line" }
polygon = [[51.0, 17.0], [51.1, 17.1], [51.2, 17.2]]
[[area]]
code = "words"
name = { pl = "Słowa", en = "Words" }
polygon = ["north", "south"]
[[notice_template]]
topic = "resident.lost"
subject = { pl = "Zgubione {nmber}", en = "Lost" }
text = { pl = "Tekst" }
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  for (const char* part :
       {"notices.max_per_day", "notice_topic[0].code: must be a short code",
        "notice_topic[0].name: needs a name in Polish and English",
        "notice_topic[2].code: 'fees' appears twice", "area[0].polygon has no area",
        "area[1].polygon: must be an array of [latitude, longitude] pairs",
        "notice_template[0].topic: must be one of resident.received",
        "notice_template[0].subject: {nmber} is not {number} or {status}",
        "notice_template[0].text: needs its Polish and English wording"}) {
    EXPECT_NE(m.find(part), std::string::npos) << part << " in\n" << m;
  }
}

TEST(Config, KnowledgeBaseTopicsNeedConsultQueues) {
  const auto c = ParseConfig(R"(
[[queue]]
id = "voice-experts"
channel = "voice"
skill = "expert"
[[queue]]
id = "ask"
channel = "consult"
skill = "expert"
[[kb_topic]]
code = "waste"
name = { pl = "Odpady", en = "Waste" }
expert_queue = "voice-experts"
[[kb_topic]]
code = "waste"
name = { pl = "Odpady", en = "Waste" }
expert_queue = "ask"
[[kb_topic]]
code = "roads"
name = { pl = "Drogi" }
expert_queue = "nowhere"
)",
                             "test.toml", {});
  ASSERT_FALSE(c);
  const std::string& m = c.error().message;
  for (const char* part :
       {"kb_topic[0].expert_queue: 'voice-experts' is not a [[queue]] with channel = \"consult\"",
        "kb_topic[1].code: 'waste' appears twice", "kb_topic[2].name: needs a name in Polish",
        "kb_topic[2].expert_queue: 'nowhere' is not a [[queue]]"}) {
    EXPECT_NE(m.find(part), std::string::npos) << part << " in\n" << m;
  }
  const auto demo = LoadConfig("", {});
  ASSERT_TRUE(demo) << demo.error().message;
  EXPECT_GE(demo->kb_topics.size(), 10U);
}

TEST(Config, DemoCityHasNoticeTopicsAndDistricts) {
  const auto c = LoadConfig("", {});
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_NE(c->notices.Topic("road_works"), nullptr);
  const auto* krzyki = c->notices.Area("wroclaw-krzyki");
  ASSERT_NE(krzyki, nullptr);
  EXPECT_TRUE(residents::Contains(krzyki->polygon, {51.08, 17.02}));  // ul. Powstańców Śl.
  // Each district's middle lies in that district alone.
  for (const auto& a : c->notices.areas) {
    residents::GeoPoint middle;
    for (const auto& p : a.polygon) {
      middle.lat += p.lat / static_cast<double>(a.polygon.size());
      middle.lon += p.lon / static_cast<double>(a.polygon.size());
    }
    for (const auto& b : c->notices.areas) {
      EXPECT_EQ(residents::Contains(b.polygon, middle), &a == &b) << a.code << " " << b.code;
    }
  }
}

TEST(Config, DemoCityHasConsentTextsAndSmsKeywords) {
  const auto c = LoadConfig("", {});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->privacy.consent_texts.size(), 3U);
  EXPECT_EQ(c->privacy.default_country, "PL");
  EXPECT_TRUE(c->sms.secret.empty()) << "SMS is off until a city sets it up";
  EXPECT_FALSE(c->sms.keywords.empty());
}

TEST(Config, PortalDefaultsToTheFirstCityAndChecksItsMap) {
  const auto demo = LoadConfig("", {});
  ASSERT_TRUE(demo) << demo.error().message;
  EXPECT_EQ(demo->portal.jurisdiction, "wroclaw.pl");
  EXPECT_NE(demo->portal.tile_url.find("{z}"), std::string::npos);

  std::string text(EmbeddedDemoConfig());
  const auto with = [&](const std::string& portal) {
    return ParseConfig(text + "\n[portal]\n" + portal + "\n", "portal.toml", {});
  };
  const auto warsaw = with("jurisdiction = \"warszawa.pl\"\ntile_url = \"\"");
  ASSERT_TRUE(warsaw) << warsaw.error().message;
  EXPECT_EQ(warsaw->portal.jurisdiction, "warszawa.pl");
  EXPECT_TRUE(warsaw->portal.tile_url.empty()) << "no tiles: the portal works without a map";

  const auto nowhere = with("jurisdiction = \"gdansk.pl\"");
  ASSERT_FALSE(nowhere);
  EXPECT_NE(nowhere.error().message.find("portal.jurisdiction"), std::string::npos);
  const auto bad_tiles = with("tile_url = \"javascript:alert(1)//{z}{x}{y}\"");
  ASSERT_FALSE(bad_tiles);
  EXPECT_NE(bad_tiles.error().message.find("portal.tile_url"), std::string::npos);
  EXPECT_FALSE(with("max_photos = 11"));
  EXPECT_EQ(demo->portal.reports_per_hour, 30);
  EXPECT_FALSE(with("reports_per_hour = -1"));
  const auto unlimited = with("reports_per_hour = 0");
  ASSERT_TRUE(unlimited) << unlimited.error().message;
  EXPECT_EQ(unlimited->portal.reports_per_hour, 0);
  EXPECT_FALSE(with("photos = 2")) << "unknown keys are errors";
}

TEST(Config, DemoCityHasAContactCenter) {
  const auto c = LoadConfig("", {});
  ASSERT_TRUE(c) << c.error().message;
  const auto& queues = c->contact.queues;
  ASSERT_GE(queues.size(), 4u);
  const auto voice = std::find_if(queues.begin(), queues.end(),
                                  [](const auto& q) { return q.routing.id == "voice-pl"; });
  ASSERT_NE(voice, queues.end());
  EXPECT_EQ(voice->numbers.front(), "19115");
  EXPECT_EQ(voice->calendar, "24x7");
  EXPECT_FALSE(c->contact.wrap_up_codes.empty());
  EXPECT_TRUE(c->contact.cti_token.empty()) << "CTI is off until a city sets its token";
}

TEST(Config, DemoCityDispatchesTheFallenTreeToThreeUnits) {
  const auto c = LoadConfig("", {});
  ASSERT_TRUE(c) << c.error().message;
  const auto tree = c->rules->ForService("fallen-tree", "greenery");
  EXPECT_EQ(tree.dispatch, (std::vector<std::string>{"city-guard", "fire-brigade", "greenery"}));
  EXPECT_TRUE(c->rules->ForService("flooding-emergency", "").emergency);
  EXPECT_TRUE(c->rules->EmergencyPhraseIn("Czuć gaz na klatce"));
  EXPECT_TRUE(c->rules->CalendarOf("fire-brigade").always_open());
  EXPECT_FALSE(c->rules->CalendarOf("roads-authority").always_open());
  EXPECT_EQ(c->rules->RelatedTo("damaged-sidewalk"), (std::vector<std::string>{"pothole"}));
}

TEST(Config, ReadsAndChecksDeliveryChannels) {
  const auto ok = ParseConfig(R"(
[[jurisdiction]]
id = "x.pl"
time_zone = "Europe/Warsaw"
[[department]]
id = "roads"
name = "Drogi"
external = true
delivery = { kind = "open311", url = "https://zdm.example/open311/v2", api_key = "k1", service_codes = { pothole = "ROAD-HOLE" }, poll_seconds = 30 }
[[department]]
id = "guard"
name = "Straż"
delivery = { kind = "webhook", url = "https://guard.example/hook", secret = "0123456789abcdef" }
[resident_delivery]
kind = "webhook"
url = "http://notify.example/residents"
secret = "fedcba9876543210"
)",
                              "ok.toml", {});
  ASSERT_TRUE(ok) << ok.error().message;
  const auto& roads = ok->rules->Unit("roads").channel;
  EXPECT_EQ(roads.kind, workflow::DeliveryKind::kOpen311);
  EXPECT_EQ(roads.service_codes.at("pothole"), "ROAD-HOLE");
  EXPECT_EQ(roads.poll_seconds, 30);
  EXPECT_EQ(ok->rules->Unit("guard").channel.secret, "0123456789abcdef");
  EXPECT_EQ(ok->rules->resident_channel().kind, workflow::DeliveryKind::kWebhook);
  EXPECT_EQ(ok->rules->UnitsWithChannel(workflow::DeliveryKind::kOpen311).size(), 1u);

  const auto bad = ParseConfig(R"(
[[jurisdiction]]
id = "x.pl"
time_zone = "Europe/Warsaw"
[[department]]
id = "roads"
name = "Drogi"
delivery = { kind = "open311", url = "ftp://zdm.example", service_codes = { pothole = 7 } }
[[department]]
id = "guard"
name = "Straż"
delivery = { kind = "carrier-pigeon", secret_file = "/nonexistent/secret" }
[[department]]
id = "fire"
name = "PSP"
delivery = { kind = "webhook", url = "https://psp.example", secret = "short", colour = "red" }
[[department]]
id = "green"
name = "Zieleń"
delivery = { kind = "email", url = "smtp://127.0.0.1", from = "Ratusz <r@x.pl>" }
[resident_delivery]
kind = "open311"
url = "https://x.example"
api_key = "k"
to = "everyone@x.pl"
)",
                               "bad.toml", {});
  ASSERT_FALSE(bad);
  const std::string& m = bad.error().message;
  for (const char* part :
       {"department[0].delivery.url: must be an http:// or https:// URL",
        "department[0].delivery.api_key", "service_codes.pothole: must be a string",
        "department[1].delivery.kind", "cannot read /nonexistent/secret",
        "department[2].delivery.secret: a webhook needs a shared secret",
        "department[2].delivery.colour: unknown key", "resident_delivery.kind",
        "department[3].delivery.to: e-mail to a unit needs its mailbox",
        "resident_delivery.to: residents are written to at their own addresses"}) {
    EXPECT_NE(m.find(part), std::string::npos) << part << " in\n" << m;
  }
}

}  // namespace
}  // namespace ratusz::config
