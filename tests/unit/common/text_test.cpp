#include "common/text.hpp"

#include <gtest/gtest.h>

namespace ratusz {
namespace {

TEST(Utf8, AcceptsPolishAndRejectsMalformedBytes) {
  EXPECT_TRUE(IsValidUtf8("Źródłowa 5, zażółć gęślą jaźń"));
  EXPECT_TRUE(IsValidUtf8("emoji \xF0\x9F\x9A\xA7"));
  EXPECT_FALSE(IsValidUtf8("\xC5"));              // Truncated.
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // Overlong '/'.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate.
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // Above U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8, CountsCodePoints) { EXPECT_EQ(Utf8Length("żółw"), 4u); }

TEST(Text, NormalizesNewlinesAndFindsControlCharacters) {
  EXPECT_EQ(NormalizeNewlines("a\r\nb\rc\nd"), "a\nb\nc\nd");
  EXPECT_TRUE(HasControlChars(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlChars("bell\a"));
  EXPECT_FALSE(HasControlChars("tab\tand\nnewline"));
  EXPECT_TRUE(HasControlChars("not a character \xEF\xBF\xBF"));
  EXPECT_FALSE(HasControlChars("replacement \xEF\xBF\xBD is fine"));
}

TEST(Text, SplitsCommaLists) {
  EXPECT_EQ(SplitList(" a, b,,c ,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(SplitList("").empty());
}

}  // namespace
}  // namespace ratusz

namespace ratusz {
namespace {

TEST(FoldForSearchTest, RemovesPolishAndOtherLatinDiacritics) {
  EXPECT_EQ(FoldForSearch("ulica Źródłowa"), "ulica zrodlowa");
  EXPECT_EQ(FoldForSearch("ŁÓDŹ, żółć, ĄĘŚĆŃ"), "lodz, zolc, aescn");
  EXPECT_EQ(FoldForSearch("Straße Œuvre"), "strasse oeuvre");
  EXPECT_EQ(FoldForSearch("Москва"), "Москва");  // Other scripts are kept as they are.
  EXPECT_EQ(FoldForSearch(std::string("a\xC5") + "b"), "ab");  // A broken sequence is dropped.
}

}  // namespace
}  // namespace ratusz
