#include "http/form.hpp"

#include <gtest/gtest.h>

namespace ratusz::http {
namespace {

TEST(Form, DecodesUrlEncodedBodies) {
  Params p;
  ASSERT_TRUE(ParseUrlEncoded(
      "service_code=pothole&description=Du%C5%BCa+dziura%0D%0A&attribute[x][]=a&attribute%5Bx%5D"
      "%5B%5D=b&&empty=",
      {}, p));
  EXPECT_EQ(p.Get("description"), "Duża dziura\r\n");
  EXPECT_EQ(p.All("attribute[x][]"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(p.Has("empty"));
  EXPECT_EQ(p.Get("missing"), "");
}

TEST(Form, RejectsBadEscapesInvalidUtf8AndTooManyFields) {
  Params p;
  EXPECT_FALSE(ParseUrlEncoded("a=%zz", {}, p));
  EXPECT_FALSE(ParseUrlEncoded("a=%4", {}, p));
  EXPECT_FALSE(ParseUrlEncoded("a=%C5", {}, p));
  std::string many;
  for (int i = 0; i < 600; ++i) {
    many += "a=1&";
  }
  Params q;
  EXPECT_FALSE(ParseUrlEncoded(many, {}, q));
}

TEST(Form, ReadsMultipartFieldsAndRefusesFiles) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\npothole\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nline1\r\nline2\r\n"
      "--XyZ--\r\n";
  Params p;
  ASSERT_TRUE(ParseFormBody(body, "multipart/form-data; boundary=XyZ", {}, p));
  EXPECT_EQ(p.Get("service_code"), "pothole");
  EXPECT_EQ(p.Get("description"), "line1\r\nline2");

  const std::string file =
      "--b\r\nContent-Disposition: form-data; name=\"photo1\"; filename=\"a.jpg\"\r\n\r\nJPEG\r\n"
      "--b--\r\n";
  Params q;
  EXPECT_FALSE(ParseFormBody(file, "multipart/form-data; boundary=b", {}, q));
  // Where files are taken (the portal's reports), they come apart from the fields.
  Params with_files;
  std::vector<FilePart> files;
  ASSERT_TRUE(ParseMultipart(file, "multipart/form-data; boundary=b", {}, with_files, &files));
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].field, "photo1");
  EXPECT_EQ(files[0].filename, "a.jpg");
  EXPECT_EQ(files[0].bytes, "JPEG");
  EXPECT_FALSE(with_files.Has("photo1"));
  Params r;
  EXPECT_FALSE(ParseFormBody("--b\r\nbroken", "multipart/form-data; boundary=b", {}, r));
  EXPECT_FALSE(ParseFormBody("x", "multipart/form-data", {}, r));
}

TEST(Form, RefusesJsonBodiesOnFormEndpoints) {
  Params p;
  const auto s = ParseFormBody("{\"a\":1}", "application/json", {}, p);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("x-www-form-urlencoded"), std::string::npos);
}

}  // namespace
}  // namespace ratusz::http
