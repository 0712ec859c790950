#include "residents/resident.hpp"

#include <gtest/gtest.h>

namespace ratusz::residents {
namespace {

const Timestamp kT0 = FromMicros(1'790'000'000'000'000);

std::vector<ConsentText> Texts() {
  return {{Purpose::kRecognition, "2026-01", "Zgoda PL", "Consent EN"},
          {Purpose::kNotifications, "2026-01", "Powiadomienia", "Notifications"}};
}

TEST(Resident, ProfileIsNormalisedAndDuplicatesDropped) {
  ResidentInput in;
  in.name = "  Anna Nowak ";
  in.phones = {"600 123 456", "+48600123456", "(22) 612 34 56"};
  in.emails = {"Anna <Anna.Nowak@Example.pl>", "anna.nowak@example.pl"};
  auto r = ValidateResident(in, "PL");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->name, "Anna Nowak");
  EXPECT_EQ(r->phones, (std::vector<std::string>{"+48600123456", "+48226123456"}));
  EXPECT_EQ(r->emails, (std::vector<std::string>{"anna.nowak@example.pl"}));
}

TEST(Resident, EveryProblemIsReportedAtOnce) {
  ResidentInput in;
  in.phones = {"12"};
  in.emails = {"nope"};
  in.language = "de";
  in.channel = "fax";
  auto r = ValidateResident(in, "PL");
  ASSERT_FALSE(r);
  const auto& m = r.error().message;
  EXPECT_NE(m.find("not a telephone number"), std::string::npos) << m;
  EXPECT_NE(m.find("not an e-mail address"), std::string::npos) << m;
  EXPECT_NE(m.find("language is pl or en"), std::string::npos) << m;
  EXPECT_NE(m.find("channel is email, sms or none"), std::string::npos) << m;
}

TEST(Resident, APreferredChannelNeedsItsAddress) {
  ResidentInput in;
  in.phones = {"600123456"};
  in.channel = "email";
  EXPECT_FALSE(ValidateResident(in, "PL"));
  in.channel = "sms";
  EXPECT_TRUE(ValidateResident(in, "PL"));
  ResidentInput nothing;
  nothing.channel = "none";
  EXPECT_FALSE(ValidateResident(nothing, "PL")) << "nothing to recognise the resident by";
}

TEST(Consent, OnlyAConfiguredTextVersionCanBeAgreedTo) {
  auto c = CheckConsent("recognition", "2026-01", "voice", Texts(), kT0);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->purpose, Purpose::kRecognition);
  EXPECT_EQ(c->given_at, kT0);
  EXPECT_TRUE(c->Active());
  EXPECT_EQ(CheckConsent("surveys", "2026-01", "voice", Texts(), kT0).error().field,
            "text_version");
  EXPECT_EQ(CheckConsent("recognition", "2025-01", "voice", Texts(), kT0).error().field,
            "text_version");
  EXPECT_EQ(CheckConsent("marketing", "2026-01", "voice", Texts(), kT0).error().field, "purpose");
  EXPECT_EQ(CheckConsent("recognition", "2026-01", "pigeon", Texts(), kT0).error().field,
            "channel");
}

TEST(Consent, WithdrawingIsPerPurposeAndKeepsTheRecord) {
  Resident r;
  r.consents.push_back(CheckConsent("recognition", "2026-01", "voice", Texts(), kT0).value());
  r.consents.push_back(CheckConsent("notifications", "2026-01", "web", Texts(), kT0).value());
  EXPECT_TRUE(r.Consents(Purpose::kRecognition));
  const Timestamp later = kT0 + std::chrono::hours(24);
  ASSERT_TRUE(Withdraw(r, Purpose::kRecognition, "sms", later));
  EXPECT_FALSE(r.Consents(Purpose::kRecognition));
  EXPECT_TRUE(r.Consents(Purpose::kNotifications));
  EXPECT_TRUE(r.HasAnyConsent());
  EXPECT_EQ(r.consents[0].withdrawn_at, later);
  EXPECT_EQ(r.consents[0].withdrawn_channel, "sms");
  EXPECT_EQ(Withdraw(r, Purpose::kRecognition, "sms", later).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(Withdraw(r, Purpose::kNotifications, "email", later));
  EXPECT_FALSE(r.HasAnyConsent());
  EXPECT_EQ(r.consents.size(), 2U) << "the history of consent stays";
}

TEST(Consent, AnErasedProfileConsentsToNothing) {
  Resident r;
  r.consents.push_back(CheckConsent("recognition", "2026-01", "voice", Texts(), kT0).value());
  r.erased_at = kT0;
  EXPECT_FALSE(r.Consents(Purpose::kRecognition));
}

TEST(Purpose, NamesRoundTrip) {
  for (const auto p : {Purpose::kRecognition, Purpose::kNotifications, Purpose::kSurveys}) {
    EXPECT_EQ(ParsePurpose(PurposeName(p)), p);
  }
  EXPECT_FALSE(ParsePurpose("Recognition"));
}

}  // namespace
}  // namespace ratusz::residents
