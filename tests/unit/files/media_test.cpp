#include "files/media.hpp"

#include <gtest/gtest.h>

namespace ratusz::files {
namespace {

TEST(Sniff, TrustsTheBytesNotTheName) {
  EXPECT_EQ(SniffContentType("\xFF\xD8\xFF\xE0 rest", "photo.png"), "image/jpeg");
  EXPECT_EQ(SniffContentType("\x89PNG\r\n\x1A\n....", "x"), "image/png");
  EXPECT_EQ(SniffContentType(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16), "x"), "image/webp");
  EXPECT_EQ(SniffContentType("GIF89a....", "x"), "image/gif");
  EXPECT_EQ(SniffContentType(std::string_view("\0\0\0\x18"
                                              "ftypheic",
                                              12),
                             "x.heic"),
            "image/heif");
  EXPECT_EQ(SniffContentType("%PDF-1.7", "scan.jpg"), "application/pdf");
  EXPECT_EQ(SniffContentType("<html><script>", "note.txt"), "text/plain");
  EXPECT_EQ(SniffContentType("<html><script>", "page.html"), "");
  EXPECT_EQ(SniffContentType("MZ\x90", "setup.txt"), "");  // Not UTF-8 text.
}

TEST(Sniff, ZipIsADocumentOnlyUnderAnOfficeName) {
  EXPECT_EQ(SniffContentType("PK\x03\x04....", "pismo.odt"),
            "application/vnd.oasis.opendocument.text");
  EXPECT_EQ(SniffContentType("PK\x03\x04....", "Pismo.DOCX"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(SniffContentType("PK\x03\x04....", "archive.zip"), "");
  EXPECT_EQ(SniffContentType("PK\x03\x04....", "trojan.txt"), "");
}

TEST(Sniff, TextMustBeUtf8WithoutNul) {
  EXPECT_EQ(SniffContentType("ul. Źródłowa 5", "adres.txt"), "text/plain");
  EXPECT_EQ(SniffContentType("a;b\n1;2\n", "dane.csv"), "text/csv");
  EXPECT_EQ(SniffContentType("\xC5 broken", "x.txt"), "");
  EXPECT_EQ(SniffContentType(std::string_view("a\0b", 3), "x.txt"), "");
}

}  // namespace
}  // namespace ratusz::files
