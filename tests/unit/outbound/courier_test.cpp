#include "outbound/courier.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/mail_intake.hpp"
#include "cases/case_number.hpp"
#include "channels/gmime_parser.hpp"
#include "common/text.hpp"

namespace ratusz::outbound {
namespace {

namespace json = boost::json;

app::Parcel Dispatch() {
  app::Parcel p;
  p.item.id = 42;
  p.item.case_number = "K7M2-QX4P";
  p.item.jurisdiction_id = "wroclaw.pl";
  p.item.topic = "unit.dispatch";
  p.item.recipient = "roads-authority";
  p.item.payload_json = R"({"case":"K7M2-QX4P","service_code":"pothole"})";
  p.item.attempts = 2;
  p.channel.kind = workflow::DeliveryKind::kOpen311;
  p.channel.api_key = "k&y=1";
  p.channel.jurisdiction_id = "zdm.wroclaw.pl";
  p.channel.service_codes = {{"pothole", "ROAD-HOLE"}};
  p.about.number = "K7M2-QX4P";
  p.about.service_code = "pothole";
  p.about.description = "Dziura na przejściu & głęboka";
  p.about.address = "ul. Legnicka 40";
  p.about.location = cases::GeoPoint{51.1, 17.03};
  p.about.reporter.email = "ala@example.org";
  return p;
}

TEST(Open311Form, MapsTheServiceCarriesOurNumberAndNoPersonalData) {
  const auto form = Open311RequestForm(Dispatch());
  EXPECT_NE(form.find("api_key=k%26y%3D1"), std::string::npos) << form;
  EXPECT_NE(form.find("service_code=ROAD-HOLE"), std::string::npos);
  EXPECT_NE(form.find("jurisdiction_id=zdm.wroclaw.pl"), std::string::npos);
  EXPECT_NE(form.find("lat=51.1"), std::string::npos);
  EXPECT_NE(form.find("description=%5BK7M2-QX4P%5D%20Dziura"), std::string::npos) << form;
  EXPECT_NE(form.find("%20%26%20g%C5%82%C4%99boka"), std::string::npos) << form;
  EXPECT_EQ(form.find("ala"), std::string::npos);
}

TEST(Open311Form, UnmappedServiceKeepsOurCode) {
  auto p = Dispatch();
  p.channel.service_codes.clear();
  EXPECT_NE(Open311RequestForm(p).find("service_code=pothole"), std::string::npos);
}

TEST(WebhookBody, CarriesTheMessageAndTheReporterOnlyForResidents) {
  auto p = Dispatch();
  auto body = json::parse(WebhookBody(p)).as_object();
  EXPECT_EQ(body["id"].as_int64(), 42);
  EXPECT_EQ(body["attempt"].as_int64(), 3);
  EXPECT_EQ(body["topic"].as_string(), "unit.dispatch");
  EXPECT_EQ(body["data"].as_object()["service_code"].as_string(), "pothole");
  EXPECT_FALSE(body.contains("reporter"));

  p.reporter = p.about.reporter;
  p.reporter_case = "AB12-CD34";
  body = json::parse(WebhookBody(p)).as_object();
  EXPECT_EQ(body["reporter"].as_object()["email"].as_string(), "ala@example.org");
  EXPECT_EQ(body["reporter"].as_object()["case"].as_string(), "AB12-CD34");
}

TEST(Open311Answers, CreatedRequestGivesTheAgencysId) {
  EXPECT_EQ(
      ParseOpen311Created(R"([{"service_request_id":"X1Y2-Z3W4","service_notice":""}])").value(),
      "X1Y2-Z3W4");
  EXPECT_EQ(ParseOpen311Created(R"([{"service_request_id":638344}])").value(), "638344");
  EXPECT_FALSE(ParseOpen311Created(R"([{"token":"abc"}])"));
  EXPECT_FALSE(ParseOpen311Created(R"({"service_request_id":"1"})"));
  EXPECT_FALSE(ParseOpen311Created("<html>502 Bad Gateway</html>"));
  EXPECT_FALSE(ParseOpen311Created("[]"));
}

TEST(Open311Answers, UpdatesWithoutTheirIdsAreSkipped) {
  const auto updates = ParseOpen311Updates(
      R"([{"update_id":"7","service_request_id":"X1","status":"IN_PROGRESS","description":"Jedziemy"},
          {"service_request_id":"X1","status":"fixed"},
          {"update_id":8,"service_request_id":"X1","status":"fixed"},
          "junk"])");
  ASSERT_TRUE(updates);
  ASSERT_EQ(updates->size(), 2u);
  EXPECT_EQ((*updates)[0].status, "in_progress");
  EXPECT_EQ((*updates)[0].description, "Jedziemy");
  EXPECT_EQ((*updates)[1].update_id, "8");
  EXPECT_FALSE(ParseOpen311Updates(R"({"errors":[]})"));
}

TEST(Outcome, RetriesOnlyWhatMaySucceedLater) {
  EXPECT_EQ(OutcomeOfStatus(200), app::ParcelOutcome::kDelivered);
  EXPECT_EQ(OutcomeOfStatus(204), app::ParcelOutcome::kDelivered);
  EXPECT_EQ(OutcomeOfStatus(0), app::ParcelOutcome::kRetry);
  EXPECT_EQ(OutcomeOfStatus(408), app::ParcelOutcome::kRetry);
  EXPECT_EQ(OutcomeOfStatus(429), app::ParcelOutcome::kRetry);
  EXPECT_EQ(OutcomeOfStatus(503), app::ParcelOutcome::kRetry);
  EXPECT_EQ(OutcomeOfStatus(400), app::ParcelOutcome::kRejected);
  EXPECT_EQ(OutcomeOfStatus(401), app::ParcelOutcome::kRejected);
  EXPECT_EQ(OutcomeOfStatus(404), app::ParcelOutcome::kRejected);
  EXPECT_EQ(OutcomeOfStatus(301), app::ParcelOutcome::kRejected);
}

}  // namespace
}  // namespace ratusz::outbound

namespace ratusz::outbound {
namespace {

const std::string kNumber = cases::CaseNumberFor(4242);

app::Parcel ClosedForResident() {
  app::Parcel p;
  p.item.id = 77;
  p.item.case_number = kNumber;
  p.item.topic = "resident.closed";
  p.item.recipient = "resident";
  p.item.payload_json = R"({"status":"closed","note":"Drzewo usunięte."})";
  p.channel.kind = workflow::DeliveryKind::kEmail;
  p.channel.url = "smtp://127.0.0.1:25";
  p.channel.from = "Ratusz Wrocław <kontakt@19115.wroclaw.pl>";
  p.reporter = cases::Reporter{};
  p.reporter->email = "ala@example.org";
  p.reporter_case = kNumber;
  return p;
}

TEST(ResidentEmail, IsBilingualThreadedByCaseAndMarkedAutomatic) {
  const auto p = ClosedForResident();
  const std::string mail = ResidentEmail(p, FromMicros(1'780'000'000'000'000));
  EXPECT_NE(mail.find("To: <ala@example.org>\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Message-ID: <case-" + kNumber + ".77@19115.wroclaw.pl>\r\n"),
            std::string::npos);
  EXPECT_NE(mail.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Zgłoszenie zostało zamknięte."), std::string::npos);
  EXPECT_NE(mail.find("Your report has been closed."), std::string::npos);
  EXPECT_NE(mail.find("Drzewo usunięte."), std::string::npos);
  EXPECT_NE(mail.find("Date: Thu, 28 May 2026 20:26:40 +0000\r\n"), std::string::npos);
  // Read back as a mail client would: the subject decodes, the thread names the case, and an
  // auto-reply to it would be recognised as automatic too.
  channels::MimeParser parser;
  const auto parsed = parser.Parse(mail);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->subject, "[" + kNumber + "] Zgłoszenie zamknięte / Your report is closed");
  EXPECT_EQ(parsed->from_address, "kontakt@19115.wroclaw.pl");
  EXPECT_EQ(parsed->automatic, "Auto-Submitted: auto-generated");
  app::ParsedMail reply;
  reply.references = {"case-" + kNumber + ".77@19115.wroclaw.pl"};
  EXPECT_EQ(app::CaseNumbersIn(reply), std::vector<std::string>{kNumber});
}

TEST(ResidentEmail, FollowsTheResidentsLanguageAndTheCitysTemplate) {
  auto p = ClosedForResident();
  p.language = "en";
  p.item.topic = "resident.acknowledged";
  p.item.payload_json = R"({"status":"in_progress"})";
  std::string mail = ResidentEmail(p, FromMicros(1'780'000'000'000'000));
  EXPECT_NE(mail.find("The unit in charge has taken your report on."), std::string::npos);
  EXPECT_NE(mail.find("Status: In progress\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Content-Language: en\r\n"), std::string::npos);
  EXPECT_EQ(mail.find("Jednostka"), std::string::npos);
  const residents::CaseNoticeTemplates city(
      {{"resident.acknowledged", "Bierzemy się: {number}", "On it: {number}",
        "Ekipa jedzie ({status}).", "The crew is on its way ({status})."}});
  p.language = "pl";
  mail = ResidentEmail(p, FromMicros(1'780'000'000'000'000), "", city);
  EXPECT_NE(mail.find("Ekipa jedzie (W realizacji)."), std::string::npos) << mail;
  EXPECT_EQ(mail.find("crew"), std::string::npos);
  channels::MimeParser parser;
  const auto parsed = parser.Parse(mail);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject, "[" + kNumber + "] Bierzemy się: " + kNumber);
  p.channel.kind = workflow::DeliveryKind::kSms;
  EXPECT_EQ(ResidentSms(p, "", city),
            "Bierzemy się: " + kNumber + " " + kNumber + " (W realizacji). STOP: rezygnacja");
}

app::Parcel Notice(bool confirmation, std::string language) {
  app::Parcel p;
  p.item.id = 9;
  p.channel.kind = workflow::DeliveryKind::kEmail;
  p.channel.from = "Miasto <kontakt@19115.wroclaw.pl>";
  p.reporter = cases::Reporter{};
  p.reporter->email = "ola@example.org";
  app::NoticeMessage n;
  n.subscriber_id = 5;
  n.key = "abc123";
  n.language = std::move(language);
  n.confirmation = confirmation;
  n.title = "Zamknięta ulica";
  n.text = "Objazd\nprzez most.";
  n.topics = "Roboty drogowe";
  n.area = "Krzyki";
  p.notice = n;
  return p;
}

TEST(NoticeEmail, CarriesItsWayOutAndReadsBackInTheSubscribersLanguage) {
  const std::string mail =
      NoticeEmail(Notice(false, "pl"), FromMicros(1'780'000'000'000'000), "https://r.example");
  const std::string out = "https://r.example/api/v1/public/subscriptions/5/unsubscribe?key=abc123";
  EXPECT_NE(mail.find("List-Unsubscribe: <" + out + ">\r\n"), std::string::npos);
  EXPECT_NE(mail.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Objazd\r\nprzez most.\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Rezygnacja: " + out), std::string::npos);
  channels::MimeParser parser;
  const auto parsed = parser.Parse(mail);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->subject, "[Roboty drogowe] Zamknięta ulica");
  EXPECT_FALSE(parsed->automatic.empty());  // Auto-replies to it are not answered.

  const std::string ask =
      NoticeEmail(Notice(true, "en"), FromMicros(1'780'000'000'000'000), "https://r.example");
  EXPECT_NE(ask.find("https://r.example/api/v1/public/subscriptions/5/confirm?key=abc123"),
            std::string::npos);
  EXPECT_NE(ask.find("If it was not you"), std::string::npos);
  EXPECT_EQ(ask.find("Ktoś"), std::string::npos);
}

TEST(NoticeSms, IsCutWithinItsLimitNeverInsideALetter) {
  auto p = Notice(false, "pl");
  p.notice->text = std::string(400, 'x') + "ąę";
  const std::string text = NoticeSms(p, 300);
  EXPECT_LE(text.size(), 300U);
  EXPECT_TRUE(text.ends_with("... STOP: rezygnacja")) << text;
  p.notice->text = "Krótko.";
  EXPECT_EQ(NoticeSms(p, 300), "Zamknięta ulica: Krótko. STOP: rezygnacja");
  p.notice->text = std::string(270, 'x') + "ąąąąą";  // The cut falls among two-byte letters.
  const std::string cut = NoticeSms(p, 300);
  EXPECT_TRUE(IsValidUtf8(cut)) << cut;
  EXPECT_NE(NoticeSms(Notice(true, "pl"), 300).find("odpisz TAK"), std::string::npos);
}

TEST(ResidentEmail, SmtpAnswersAreTakenLikeAMailServerMeansThem) {
  EXPECT_EQ(OutcomeOfSmtp(250), app::ParcelOutcome::kDelivered);
  EXPECT_EQ(OutcomeOfSmtp(451), app::ParcelOutcome::kRetry);
  EXPECT_EQ(OutcomeOfSmtp(0), app::ParcelOutcome::kRetry);
  EXPECT_EQ(OutcomeOfSmtp(550), app::ParcelOutcome::kRejected);
  EXPECT_EQ(AddressOf("Ratusz <kontakt@x.pl>"), "kontakt@x.pl");
  EXPECT_EQ(AddressOf("kontakt@x.pl"), "kontakt@x.pl");
}

}  // namespace
}  // namespace ratusz::outbound
