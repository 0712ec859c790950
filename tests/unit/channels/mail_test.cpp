// E-mail parsing with GMime on a corpus of awkward messages (tests/data/mail), and finding the
// case a message is about.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/mail_intake.hpp"
#include "cases/case_number.hpp"
#include "channels/gmime_parser.hpp"
#include "common/text.hpp"

namespace ratusz::channels {
namespace {

std::string Corpus(const std::string& name) {
  std::ifstream in(std::string(RATUSZ_TEST_DATA_DIR) + "/mail/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST(Mail, DecodesIso88592QuotedPrintableAndEncodedWords) {
  MimeParser parser;
  const auto m = parser.Parse(Corpus("iso-8859-2.eml"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->from_address, "jan@example.pl");
  EXPECT_EQ(m->from_name, "Jan Kowalski");
  EXPECT_EQ(m->subject, "Złamane drzewo na Źródłowej");
  EXPECT_EQ(m->message_id, "iso1@example.pl");
  EXPECT_NE(m->text.find("na ulicy Źródłowej leży złamane drzewo"), std::string::npos) << m->text;
  EXPECT_TRUE(m->automatic.empty());
}

TEST(Mail, DecodesWindows1250Base64) {
  MimeParser parser;
  const auto m = parser.Parse(Corpus("windows-1250.eml"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->subject, "Oświetlenie w parku");
  EXPECT_EQ(m->text,
            "Witam, w parku przy ul. Ślężnej nie działa oświetlenie. Pozdrawiam, Małgorzata");
}

TEST(Mail, TakesTheTextOfHtmlOnlyMailWithoutScripts) {
  MimeParser parser;
  const auto m = parser.Parse(Corpus("html-only.eml"));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->from_html);
  // Paragraphs stay apart; a <br> is one line break.
  EXPECT_EQ(m->text, "Dzień dobry,\n\ndziura & woda na jezdni\nul. Legnicka 5\n\nPozdrawiam – Ewa");
  EXPECT_EQ(m->text.find("alert"), std::string::npos);
  EXPECT_EQ(m->text.find("color"), std::string::npos);
}

TEST(Mail, HtmlWithUnclosedMarkupEndsWhereTheMarkupBegins) {
  // Found by the fuzzer: a script that never closes ran past the end of the text.
  EXPECT_EQ(HtmlToText("Tekst<script>alert(1)"), "Tekst");
  EXPECT_EQ(HtmlToText("a <b"), "a");
  EXPECT_EQ(HtmlToText("<>x<"), "x");
  EXPECT_EQ(HtmlToText("&#xD800;&#1114112;&#65;"), "&#xD800;&#1114112;A");
}

TEST(Mail, PrefersPlainTextAndKeepsAttachmentsOfNestedMultipart) {
  MimeParser parser;
  const std::string number = cases::CaseNumberFor(4242);
  const auto m = parser.Parse(Replace(Corpus("reply-with-attachment.eml"), "{NUMBER}", number));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->text, "Drzewo nadal leży, dołączam pismo.");
  EXPECT_FALSE(m->from_html);
  ASSERT_EQ(m->attachments.size(), 1u);
  EXPECT_EQ(m->attachments[0].name, "pismo.pdf");
  EXPECT_EQ(m->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(m->attachments[0].bytes.rfind("%PDF-1.4", 0), 0u);
  EXPECT_EQ(app::CaseNumbersIn(m.value()), std::vector<std::string>{number});
}

TEST(Mail, RecognisesMailSentByMachines) {
  MimeParser parser;
  const auto m = parser.Parse(Corpus("auto-reply.eml"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->automatic, "Auto-Submitted: auto-replied");
  const auto bounce =
      parser.Parse("From: MAILER-DAEMON@example.pl\r\nSubject: Undelivered\r\n\r\nsorry\r\n");
  ASSERT_TRUE(bounce);
  EXPECT_FALSE(bounce->automatic.empty());
  const auto list = parser.Parse(
      "From: news@example.pl\r\nList-Id: <news.example.pl>\r\nSubject: Newsletter\r\n\r\nhi\r\n");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->automatic, "List-Id present");
}

TEST(Mail, ReadsADeliveryReportForTheMessageThatFailed) {
  MimeParser parser;
  const std::string number = cases::CaseNumberFor(4242);
  const auto m = parser.Parse(Replace(Corpus("bounce-dsn.eml"), "{NUMBER}", number));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_FALSE(m->automatic.empty());
  EXPECT_EQ(m->bounced_message_id, "case-" + number + ".17@ratusz.test");
  EXPECT_EQ(m->bounce_status, "5.1.1");
  EXPECT_EQ(m->bounce_recipient, "nobody@bounce.example.org");
  const auto ours = app::OutboxMessageOf(m->bounced_message_id);
  ASSERT_TRUE(ours);
  EXPECT_EQ(ours->first, number);
  EXPECT_EQ(ours->second, 17);
  EXPECT_FALSE(app::OutboxMessageOf("case-" + number + "@ratusz.test"));
  EXPECT_FALSE(app::OutboxMessageOf("case-" + number + ".x@ratusz.test"));
  EXPECT_FALSE(app::OutboxMessageOf("case-" + number + ".17"));
  EXPECT_FALSE(app::OutboxMessageOf("someone-else@example.org"));
  EXPECT_FALSE(app::OutboxMessageOf(""));
}

TEST(Mail, RefusesWhatIsNotAMessageAndWhatIsTooLarge) {
  MimeParser parser;
  EXPECT_EQ(parser.Parse(Corpus("no-sender.eml")).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(parser.Parse(""));
  EXPECT_FALSE(parser.Parse(std::string(5000, '\0')));
  MailLimits small;
  small.max_bytes = 100;
  MimeParser strict(small);
  EXPECT_EQ(strict.Parse(Corpus("iso-8859-2.eml")).error().code, ErrorCode::kResourceExhausted);
}

TEST(Mail, AnUnknownCharsetOrABrokenMultipartStillGivesReadableText) {
  MimeParser parser;
  // A charset nobody knows (here ISO-8859-2 under another name): read as Polish mail is.
  const auto odd = parser.Parse(
      "From: jan@example.pl\r\nSubject: =?x-klingon?Q?Qapla=27?=\r\nMessage-ID: <k1@x>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=x-klingon\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\nLatarnia nie \xB6wieci.\r\n");
  ASSERT_TRUE(odd) << odd.error().message;
  EXPECT_TRUE(IsValidUtf8(odd->text)) << odd->text;
  EXPECT_NE(odd->text.find("Latarnia nie świeci"), std::string::npos) << odd->text;
  EXPECT_TRUE(IsValidUtf8(odd->subject));
  // A multipart whose closing boundary never comes, and a part with no headers.
  const auto broken = parser.Parse(
      "From: jan@example.pl\r\nSubject: zdjecie\r\nMessage-ID: <k2@x>\r\n"
      "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\nDziura przy szkole.\r\n--zz\r\n\r\n"
      "bez naglowkow\r\n--zz\r\nContent-Type: image/jpeg; name=a.jpg\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ###not base64");
  ASSERT_TRUE(broken) << broken.error().message;
  EXPECT_NE(broken->text.find("Dziura przy szkole."), std::string::npos) << broken->text;
  // A boundary that never appears: the body is still read as the message's text.
  const auto lost = parser.Parse(
      "From: jan@example.pl\r\nSubject: x\r\nMessage-ID: <k3@x>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=never\r\n\r\nTylko tekst.\r\n");
  ASSERT_TRUE(lost) << lost.error().message;
  EXPECT_TRUE(IsValidUtf8(lost->text));
}

TEST(Mail, KeepsLongTextWithinTheLimitOnACharacterBoundary) {
  MailLimits limits;
  limits.max_text_bytes = 101;
  MimeParser parser(limits);
  std::string body;
  for (int i = 0; i < 100; ++i) {
    body += "ż";
  }
  const auto m =
      parser.Parse("From: a@example.pl\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->text.substr(0, 100), body.substr(0, 100));
  EXPECT_EQ(m->text.substr(100), "\n[...]");
}

TEST(Mail, FindsCaseNumbersOnlyWhereTheyAreValid) {
  app::ParsedMail m;
  const std::string good = cases::CaseNumberFor(777);
  std::string bad = good;
  bad[0] = bad[0] == 'A' ? 'B' : 'A';  // The check symbol no longer holds.
  m.subject = "Re: zgłoszenie " + bad + " i " + good + " oraz X" + good;
  EXPECT_EQ(app::CaseNumbersIn(m), std::vector<std::string>{good});
  m.subject = "bez numeru";
  m.references = {"case-" + good + ".3@ratusz.example"};
  EXPECT_EQ(app::CaseNumbersIn(m), std::vector<std::string>{good});
}

}  // namespace
}  // namespace ratusz::channels
