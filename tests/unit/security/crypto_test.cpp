#include "security/crypto.hpp"

#include <gtest/gtest.h>

namespace ratusz::security {
namespace {

TEST(Hmac, MatchesRfc4231TestCase2) {
  ASSERT_TRUE(Initialize());
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, KeyLongerThanABlockIsHashedFirst) {
  // RFC 4231 test case 6: a 131-byte key of 0xaa.
  ASSERT_TRUE(Initialize());
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'),
                          "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(WebhookSignature, VerifiesOnlyTheSignedTimestampAndBody) {
  ASSERT_TRUE(Initialize());
  const auto sig = SignWebhook("s3cret", "1700000000", R"({"case":"K7M2-QX4P"})");
  EXPECT_EQ(sig.substr(0, 7), "sha256=");
  EXPECT_TRUE(VerifyWebhook("s3cret", "1700000000", R"({"case":"K7M2-QX4P"})", sig));
  EXPECT_FALSE(VerifyWebhook("s3cret", "1700000001", R"({"case":"K7M2-QX4P"})", sig));
  EXPECT_FALSE(VerifyWebhook("s3cret", "1700000000", R"({"case":"K7M2-QX4Q"})", sig));
  EXPECT_FALSE(VerifyWebhook("other", "1700000000", R"({"case":"K7M2-QX4P"})", sig));
  EXPECT_FALSE(VerifyWebhook("s3cret", "1700000000", R"({"case":"K7M2-QX4P"})", ""));
}

}  // namespace
}  // namespace ratusz::security
