// The knowledge base's pure parts: stems, query terms, typo distance, the learned boost, safe
// Markdown and content checks.

#include <gtest/gtest.h>

#include "kb/article.hpp"
#include "kb/markdown.hpp"
#include "kb/search.hpp"

namespace ratusz::kb {
namespace {

std::string PolishStemOf(std::string_view word) { return StemPolish(word); }

TEST(StemTest, PolishWordFormsShareAStem) {
  // Folded forms (no diacritics): "śmieci", "śmieciami", "śmieciach", "śmieciom".
  for (const char* w : {"smieciami", "smieciach", "smieciom"}) {
    EXPECT_EQ(PolishStemOf(w), PolishStemOf("smieci")) << w;
  }
  for (const char* w : {"odpadow", "odpadami", "odpady", "odpadu", "odpadach"}) {
    EXPECT_EQ(PolishStemOf(w), PolishStemOf("odpad")) << w;
  }
  // A fleeting "e": podatek / podatku / podatkiem, mieszkaniec / mieszkańca.
  EXPECT_EQ(PolishStemOf("podatku"), PolishStemOf("podatek"));
  EXPECT_EQ(PolishStemOf("podatkiem"), PolishStemOf("podatek"));
  EXPECT_EQ(PolishStemOf("mieszkanca"), PolishStemOf("mieszkaniec"));
  // Gerunds and verbs: parkowanie / parkowania / parkować.
  EXPECT_EQ(PolishStemOf("parkowania"), PolishStemOf("parkowanie"));
  EXPECT_EQ(PolishStemOf("parkowac"), PolishStemOf("parkowanie"));
  // Short words and stems stay whole: nothing is cut below three letters.
  EXPECT_EQ(PolishStemOf("dom"), "dom");
  EXPECT_EQ(PolishStemOf("psa"), "psa");
  EXPECT_GE(PolishStemOf("ulica").size(), 3u);
  // Words that are not plain ASCII after folding (another script) are kept as they are.
  EXPECT_EQ(PolishStemOf("київ"), "київ");
}

TEST(StemTest, EnglishPluralsAndEndings) {
  EXPECT_EQ(StemEnglish("tickets"), "ticket");
  EXPECT_EQ(StemEnglish("parking"), "park");
  EXPECT_EQ(StemEnglish("parked"), "park");
  EXPECT_EQ(StemEnglish("libraries"), "library");
  EXPECT_EQ(StemEnglish("taxes"), "tax");
  EXPECT_EQ(StemEnglish("bus"), "bus");
  EXPECT_EQ(StemEnglish("status"), "status");
}

TEST(QueryTest, TermsDropStopWordsAndKeepBothLanguagesStems) {
  const auto terms = QueryTerms("Gdzie mogę oddać starą LODÓWKĘ?");
  EXPECT_EQ(std::count(terms.begin(), terms.end(), "gdzie"), 0);
  EXPECT_EQ(std::count(terms.begin(), terms.end(), "moge"), 0);
  EXPECT_NE(std::find(terms.begin(), terms.end(), StemPolish("lodowke")), terms.end());
  EXPECT_TRUE(QueryTerms("jak i gdzie?").empty());
  std::string prefix;
  QueryTerms("odbiór gabaryt", Matching::kStems, &prefix);
  EXPECT_EQ(prefix, StemPolish("gabaryt"));
  QueryTerms("odbiór i", Matching::kStems, &prefix);
  EXPECT_EQ(prefix, "") << "a stop word is not a prefix";
}

TEST(QueryTest, PrefixesNeverCutACharacter) {
  // "what’s": four letters and a three-byte apostrophe; five bytes would end inside it.
  EXPECT_EQ(IndexTerms("what\u2019s up", "en", Matching::kPrefix5), "what up");
}

TEST(QueryTest, MatchExpressionQuotesEveryTerm) {
  EXPECT_EQ(FtsMatch({"smiec", "odpad"}), "\"smiec\" OR \"odpad\"");
  EXPECT_EQ(FtsMatch({"smiec"}, "odho"), "\"smiec\" OR \"odho\"*");
  EXPECT_EQ(FtsMatch({}, "odho"), "\"odho\"*");
  // Whatever a resident types, only folded words reach the expression.
  for (const auto& t : QueryTerms("\"a\" OR b* NEAR(c d) -e ^f")) {
    EXPECT_EQ(t.find_first_of("\"*()^-"), std::string::npos) << t;
  }
}

TEST(TypoTest, DistanceCountsEditsAndTranspositions) {
  EXPECT_EQ(EditDistance("samochod", "samochod", 2), 0);
  EXPECT_EQ(EditDistance("samochd", "samochod", 2), 1);
  EXPECT_EQ(EditDistance("samohcod", "samochod", 2), 1);
  EXPECT_EQ(EditDistance("latarnja", "latarnia", 2), 1);
  EXPECT_EQ(EditDistance("abc", "xyz", 1), 2) << "stops above the limit";
  EXPECT_EQ(EditDistance("a", "abcdef", 2), 3);
  EXPECT_EQ(TypoAllowance("dom"), 0);
  EXPECT_EQ(TypoAllowance("smiec"), 1);
  EXPECT_EQ(TypoAllowance("samochod"), 2);
}

TEST(RankingTest, UseRaisesAndUnhelpfulVotesLowerAnArticle) {
  EXPECT_DOUBLE_EQ(LearnedBoost(0, 0, 0), 1.0);
  EXPECT_GT(LearnedBoost(5, 0, 0), LearnedBoost(1, 0, 0));
  EXPECT_GT(LearnedBoost(0, 0, 3), LearnedBoost(3, 0, 0)) << "a closed question counts more";
  EXPECT_LT(LearnedBoost(0, 4, 0), 1.0);
  EXPECT_LT(LearnedBoost(1000, 0, 0), 3.0) << "popularity does not bury a better match";
}

TEST(MarkdownTest, ScriptsAndDangerousLinksAreDropped) {
  const std::string html = MarkdownToHtml(
      "# Tytuł\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1)) "
      "[data](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=alert(1)> "
      "[ok](https://um.example.pl/a?b=1&c=2)\n\n![x](vbscript:msgbox)");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("vbscript:"), std::string::npos) << html;
  EXPECT_EQ(html.find("data:text/html"), std::string::npos) << html;
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_NE(html.find("<h1>Tytuł</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"https://um.example.pl/a?b=1&amp;c=2\""), std::string::npos) << html;
  // Text that looks like HTML is shown, escaped.
  EXPECT_NE(MarkdownToHtml("a < b & c").find("a &lt; b &amp; c"), std::string::npos);
}

TEST(MarkdownTest, PlainTextKeepsWordsAndDropsSyntax) {
  EXPECT_EQ(MarkdownToText("# Opłata\n\n- **do 15.** dnia\n- [konto](https://x.pl)\n\n`kod`"),
            "Opłata\ndo 15. dnia\nkonto\nkod");
  EXPECT_EQ(MarkdownToText(""), "");
  // Invalid UTF-8 does not get through.
  const std::string text = MarkdownToText("ab\xff\xfe cd");
  EXPECT_EQ(text.find('\xff'), std::string::npos);
}

TEST(ContentTest, ValidityAndVisibility) {
  Content c;
  c.title_pl = "Tytuł";
  c.body_pl = "Treść";
  c.owner_unit = "sanitation";
  EXPECT_TRUE(ValidateContent(c));
  const Timestamp now = FromMicros(1'800'000'000'000'000);
  c.valid_until = now;
  EXPECT_TRUE(Expired(c, now));
  EXPECT_FALSE(InForce(c, now));
  c.valid_until.reset();
  c.valid_from = now + std::chrono::hours(1);
  EXPECT_FALSE(Expired(c, now));
  EXPECT_FALSE(InForce(c, now)) << "not yet in force";
  Article a;
  a.version.content = c;
  a.version.content.valid_from.reset();
  a.version.number = 1;
  a.published_version = 1;
  EXPECT_FALSE(VisibleToResidents(a, now)) << "internal by default";
  a.version.content.audience = Audience::kPublic;
  EXPECT_TRUE(VisibleToResidents(a, now));
  a.version.number = 2;  // A draft over the published version.
  EXPECT_FALSE(VisibleToResidents(a, now));
  c.owner_unit = "";
  EXPECT_EQ(ValidateContent(c).error().field, "owner_unit");
  c.owner_unit = "x";
  c.keywords.assign(41, "k");
  EXPECT_EQ(ValidateContent(c).error().field, "keywords");
}

}  // namespace
}  // namespace ratusz::kb
