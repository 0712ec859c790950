#include <gtest/gtest.h>

#include "app/dispatcher.hpp"
#include "app/sms_intake.hpp"
#include "app/surveys.hpp"
#include "http/sms_api.hpp"
#include "outbound/courier.hpp"

namespace ratusz {
namespace {

TEST(SmsText, KannelsCodingsBecomeUtf8) {
  EXPECT_EQ(http::SmsText("Dziura na \xC5\xB9r\xC3\xB3"
                          "d\xC5\x82owej",
                          "0", "UTF-8"),
            "Dziura na Źródłowej");
  // UCS-2 (UTF-16BE) when Kannel does not recode: "Łódź".
  EXPECT_EQ(http::SmsText(std::string("\x01\x41\x00\xF3\x00\x64\x01\x7A", 8), "2", ""), "Łódź");
  // A surrogate pair: an emoji from a phone.
  EXPECT_EQ(http::SmsText(std::string("\xD8\x3D\xDE\x00", 4), "2", "UTF-16BE"), "😀");
  EXPECT_EQ(http::SmsText("caf\xE9", "0", "ISO-8859-1"), "café");
  EXPECT_FALSE(http::SmsText("caf\xE9", "0", "UTF-8")) << "not UTF-8";
  EXPECT_FALSE(http::SmsText(std::string("\x00\x41\x00", 3), "2", "")) << "odd length";
  EXPECT_FALSE(http::SmsText(std::string("\xDC\x00\x00\x41", 4), "2", "")) << "lone surrogate";
}

TEST(SmsKeyword, MatchedWithoutCaseOrDiacritics) {
  const std::vector<app::SmsKeyword> keywords{{"DZIURA", "wroclaw.pl", "pothole"},
                                              {"ŚMIECI", "wroclaw.pl", "overflowing-bin"}};
  auto m = app::MatchKeyword(keywords, "  dziura ul. Legnicka 5 ");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->first->service_code, "pothole");
  EXPECT_EQ(m->second, "ul. Legnicka 5");
  m = app::MatchKeyword(keywords, "Smieci: pl. Grunwaldzki 2");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->first->service_code, "overflowing-bin");
  EXPECT_EQ(m->second, "pl. Grunwaldzki 2");
  EXPECT_FALSE(app::MatchKeyword(keywords, "Dziurawa droga na Legnickiej"));
  EXPECT_FALSE(app::MatchKeyword(keywords, ""));
}

TEST(SmsSurvey, ADigitOrNo) {
  auto r = app::ParseSmsSurvey(" 4 szybko naprawione");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->score, 4);
  EXPECT_TRUE(r->fixed);
  EXPECT_EQ(r->comment, "szybko naprawione");
  r = app::ParseSmsSurvey("Nie. Dziura jest dalej");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->score);
  EXPECT_FALSE(r->fixed);
  EXPECT_EQ(r->comment, "Dziura jest dalej");
  EXPECT_TRUE(app::ParseSmsSurvey("no"));
  for (const char* other : {"6", "0", "45", "Nieczynna latarnia", "", "K7M2-QX4P 5"}) {
    EXPECT_FALSE(app::ParseSmsSurvey(other)) << other;
  }
}

TEST(SurveyKey, DependsOnTheCasesSecretToken) {
  EXPECT_EQ(app::SurveyKey("abc").size(), 20U);
  EXPECT_EQ(app::SurveyKey("abc"), app::SurveyKey("abc"));
  EXPECT_NE(app::SurveyKey("abc"), app::SurveyKey("abd"));
}

TEST(ResidentSms, ShortBilingualWithTheNumberAndHowToStop) {
  app::Parcel p;
  p.item.id = 42;
  p.item.topic = "resident.status";
  p.item.case_number = "K7M2-QX4P";
  p.item.payload_json = R"({"case":"K7M2-QX4P","status":"in_progress"})";
  p.channel.kind = workflow::DeliveryKind::kSms;
  p.channel.url = "http://127.0.0.1:13013/cgi-bin/sendsms";
  p.channel.api_key = "ratusz";
  p.channel.secret = "p&ss";
  p.channel.from = "19115";
  p.channel.callback_url = "http://ratusz.example/api/v1/channels/sms/dlr?secret=s3";
  p.reporter = cases::Reporter{};
  p.reporter->phone = "+48600100200";
  const std::string text = outbound::ResidentSms(p, "https://19115.example.pl");
  EXPECT_NE(text.find("K7M2-QX4P (W realizacji)"), std::string::npos) << text;
  EXPECT_NE(text.find("https://19115.example.pl/c/K7M2-QX4P"), std::string::npos) << text;
  EXPECT_NE(text.find("STOP"), std::string::npos) << text;
  EXPECT_LE(text.size(), 280U) << "at most a few SMS parts";
  const std::string url = outbound::SendSmsUrl(p, "Zażółć");
  EXPECT_EQ(url.rfind("http://127.0.0.1:13013/cgi-bin/sendsms?username=ratusz&password=p%26ss", 0),
            0U)
      << url;
  EXPECT_NE(url.find("&to=%2B48600100200"), std::string::npos) << url;
  EXPECT_NE(url.find("&text=Za%C5%BC%C3%B3%C5%82%C4%87"), std::string::npos) << url;
  EXPECT_NE(url.find("&coding=2"), std::string::npos) << url;
  // The delivery report comes back with the outbox id and Kannel's placeholders.
  EXPECT_NE(url.find("dlr-url=http%3A%2F%2Fratusz.example%2Fapi%2Fv1%2Fchannels%2Fsms%2Fdlr%3F"
                     "secret%3Ds3%26outbox%3D42%26type%3D%25d%26answer%3D%25A"),
            std::string::npos)
      << url;
}

}  // namespace
}  // namespace ratusz
