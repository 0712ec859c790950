#include "residents/phone.hpp"

#include <gtest/gtest.h>

namespace ratusz::residents {
namespace {

struct Case {
  const char* written;
  const char* country;
  const char* expected;  // "" when the number must be refused.
};

// Ways Polish residents and the city's own systems write numbers (call-center logs, web forms,
// Asterisk caller ids, e-mail signatures), and foreign numbers the city hears from.
const Case kCases[] = {
    {"600123456", "PL", "+48600123456"},
    {"600 123 456", "PL", "+48600123456"},
    {"600-123-456", "PL", "+48600123456"},
    {"+48 600 123 456", "PL", "+48600123456"},
    {"+48600123456", "PL", "+48600123456"},
    {"0048 600 123 456", "PL", "+48600123456"},
    {"0048600123456", "PL", "+48600123456"},
    {"48600123456", "PL", "+48600123456"},
    {"tel:+48-600-123-456", "PL", "+48600123456"},
    {"(22) 612 34 56", "PL", "+48226123456"},
    {"(0-22) 612 34 56", "PL", "+48226123456"},
    {"022 612 34 56", "PL", "+48226123456"},
    {"+48 (0) 22 612 34 56", "PL", "+48226123456"},
    {"+48 22 612-34-56 wew. 123", "PL", "+48226123456"},
    {"71 777 77 77 w. 12", "PL", "+48717777777"},
    {"22.612.34.56", "PL", "+48226123456"},
    {"+48 71/777 77 77", "PL", "+48717777777"},
    {"19115", "PL", ""},
    {"112", "PL", ""},
    {"60012345", "PL", ""},
    {"6001234567", "PL", ""},
    {"+48 60012345", "PL", ""},
    {"+380 50 123 4567", "PL", "+380501234567"},
    {"00380501234567", "PL", "+380501234567"},
    {"+49 30 1234567", "PL", "+49301234567"},
    {"+49 (0)30 1234567", "PL", "+49301234567"},
    {"+420 601 123 456", "PL", "+420601123456"},
    {"+44 20 7946 0018", "PL", "+442079460018"},
    {"+44 (0)20 7946 0018", "PL", "+442079460018"},
    {"+1 (212) 639-9675", "PL", "+12126399675"},
    {"(212) 639-9675", "US", "+12126399675"},
    {"1-212-639-9675", "US", "+12126399675"},
    {"212.639.9675 ext. 4", "US", "+12126399675"},
    {"+1 212 639 96", "PL", ""},
    {"+86 138 0013 8000", "PL", "+8613800138000"},
    {"+999", "PL", ""},
    {"+0 600 123 456", "PL", ""},
    {"600 123 456 789 012 345", "PL", ""},
    {"six hundred", "PL", ""},
    {"600123456; DROP TABLE", "PL", "+48600123456"},
    {"", "PL", ""},
    {"+", "PL", ""},
    {"++48600123456", "PL", ""},
    {"600+123456", "PL", ""},
};

TEST(NormalisePhone, RealFormatsBecomeE164) {
  for (const auto& c : kCases) {
    auto n = NormalisePhone(c.written, c.country);
    if (std::string(c.expected).empty()) {
      EXPECT_FALSE(n) << c.written << " -> " << (n ? n.value() : "");
      if (!n) {
        EXPECT_EQ(n.error().field, "phone");
      }
    } else {
      ASSERT_TRUE(n) << c.written << ": " << n.error().message;
      EXPECT_EQ(n.value(), c.expected) << c.written;
    }
  }
}

TEST(NormalisePhone, AnUnknownDefaultCountryIsAConfigurationError) {
  EXPECT_FALSE(NormalisePhone("600123456", "XX"));
  EXPECT_TRUE(KnownCountry("PL"));
  EXPECT_FALSE(KnownCountry("pl"));
}

TEST(NormalisePhone, RefusalsSayWhatIsExpected) {
  auto n = NormalisePhone("60012345", "PL");
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().message.find("9 digits"), std::string::npos) << n.error().message;
  EXPECT_FALSE(NormalisePhone(std::string(100, '1'), "PL"));
}

TEST(NormaliseEmail, LowerCaseAndWithoutTheName) {
  EXPECT_EQ(NormaliseEmail("  Ala.Kowalska@Example.PL ").value(), "ala.kowalska@example.pl");
  EXPECT_EQ(NormaliseEmail("Ala Kowalska <ala@example.pl>").value(), "ala@example.pl");
  EXPECT_EQ(NormaliseEmail("mailto:ala@example.pl").value(), "ala@example.pl");
  EXPECT_FALSE(NormaliseEmail("ala"));
  EXPECT_FALSE(NormaliseEmail("ala@localhost"));
  EXPECT_FALSE(NormaliseEmail("@example.pl"));
  EXPECT_FALSE(NormaliseEmail("a b@example.pl"));
  EXPECT_FALSE(NormaliseEmail("Ala <ala@example.pl"));
  EXPECT_FALSE(NormaliseEmail(std::string(250, 'a') + "@example.pl"));
  // Found by the fuzzer: a normalised address must stay as it is when normalised again.
  EXPECT_EQ(NormaliseEmail("MailTo:Ala@Example.pl").value(), "ala@example.pl");
  EXPECT_EQ(NormaliseEmail("mailto: mailto:ala@example.pl").value(), "ala@example.pl");
  EXPECT_FALSE(NormaliseEmail("mailto:\vala@example.pl\x01"));
  EXPECT_FALSE(NormaliseEmail("ala\x7F@example.pl"));
}

}  // namespace
}  // namespace ratusz::residents
