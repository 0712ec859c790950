#include "security/sealer.hpp"

#include <gtest/gtest.h>

#include "security/crypto.hpp"

namespace ratusz::security {
namespace {

Sealer Make(const std::string& text) {
  auto s = Sealer::FromText(text);
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s.value();
}

TEST(Sealer, SealsAndOpensWithoutShowingThePlainText) {
  ASSERT_TRUE(Initialize());
  const Sealer sealer = Make(Sealer::NewKeyFile());
  const std::string sealed = sealer.Seal("Zażółć Gęślą <ala@example.pl>");
  EXPECT_EQ(sealed.rfind("s1.1.", 0), 0U) << sealed;
  EXPECT_EQ(sealed.find("ala"), std::string::npos);
  EXPECT_NE(sealer.Seal("Zażółć Gęślą <ala@example.pl>"), sealed) << "a fresh nonce each time";
  EXPECT_EQ(sealer.Open(sealed).value(), "Zażółć Gęślą <ala@example.pl>");
  EXPECT_EQ(sealer.Seal(""), "");
  EXPECT_EQ(sealer.Open("").value(), "");
}

TEST(Sealer, AnAlteredValueOrAnotherKeyFileDoesNotOpen) {
  ASSERT_TRUE(Initialize());
  const Sealer sealer = Make(Sealer::NewKeyFile());
  std::string sealed = sealer.Seal("+48600123456");
  std::string altered = sealed;
  altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(sealer.Open(altered).error().code, ErrorCode::kInternal);
  EXPECT_FALSE(Make(Sealer::NewKeyFile()).Open(sealed));
  EXPECT_EQ(sealer.Open("s1.1.").error().code, ErrorCode::kInternal);
  EXPECT_EQ(sealer.Open("s1.x.abc").error().code, ErrorCode::kInternal);
  EXPECT_EQ(sealer.Open("s1.7.abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdef").error().code,
            ErrorCode::kFailedPrecondition);
}

TEST(Sealer, ValuesWrittenBeforeEncryptionAreReadAsTheyAre) {
  ASSERT_TRUE(Initialize());
  const Sealer sealer = Make(Sealer::NewKeyFile());
  EXPECT_EQ(sealer.Open("ala@example.pl").value(), "ala@example.pl");
  EXPECT_FALSE(sealer.IsCurrent("ala@example.pl"));
}

TEST(Sealer, AfterRotationTheNewKeySealsAndTheOldOneStillOpens) {
  ASSERT_TRUE(Initialize());
  const std::string first = Sealer::NewKeyFile();
  const Sealer before = Make(first);
  const std::string old = before.Seal("Jan Kowalski");
  const std::string second = Sealer::WithNewKey(first).value();
  const Sealer after = Make(second);
  EXPECT_EQ(after.current_key(), 2);
  EXPECT_FALSE(after.IsCurrent(old));
  EXPECT_EQ(after.Open(old).value(), "Jan Kowalski");
  const std::string resealed = after.Seal(after.Open(old).value());
  EXPECT_TRUE(after.IsCurrent(resealed));
  EXPECT_FALSE(before.Open(resealed)) << "key 2 is not in the old file";
  EXPECT_EQ(before.Lookup("+48600123456"), after.Lookup("+48600123456"))
      << "the blind index does not change with rotation";
}

TEST(Sealer, LookupIsKeyedAndStable) {
  ASSERT_TRUE(Initialize());
  const Sealer a = Make(Sealer::NewKeyFile());
  const Sealer b = Make(Sealer::NewKeyFile());
  EXPECT_EQ(a.Lookup("ala@example.pl"), a.Lookup("ala@example.pl"));
  EXPECT_NE(a.Lookup("ala@example.pl"), a.Lookup("ola@example.pl"));
  EXPECT_NE(a.Lookup("ala@example.pl"), b.Lookup("ala@example.pl"));
  EXPECT_EQ(a.Lookup("ala@example.pl").size(), 32U);
  EXPECT_EQ(a.Lookup(""), "");
}

TEST(Sealer, EveryProblemOfAKeyFileIsReported) {
  ASSERT_TRUE(Initialize());
  const std::string hex(64, 'a');
  EXPECT_TRUE(Sealer::FromText("# comment\n\nindex " + hex + "\r\nkey 1 " + hex + "\n"));
  auto bad = Sealer::FromText("index 12\nkey 0 " + hex + "\nkey 2 xyz\nkey 3 " + hex + "\nkey 3 " +
                              hex + "\nwhat\n");
  ASSERT_FALSE(bad);
  const std::string& m = bad.error().message;
  EXPECT_NE(m.find("line 1: the index key must be 64 hex digits"), std::string::npos) << m;
  EXPECT_NE(m.find("line 2: a key's number must be 1 to 9999"), std::string::npos) << m;
  EXPECT_NE(m.find("line 3: key 2 must be 64 hex digits"), std::string::npos) << m;
  EXPECT_NE(m.find("line 5: key 3 appears twice"), std::string::npos) << m;
  EXPECT_NE(m.find("line 6: expected"), std::string::npos) << m;
  EXPECT_NE(m.find("no index key"), std::string::npos) << m;
  EXPECT_FALSE(Sealer::FromText(""));
  EXPECT_FALSE(Sealer::WithNewKey("nonsense"));
}

}  // namespace
}  // namespace ratusz::security
