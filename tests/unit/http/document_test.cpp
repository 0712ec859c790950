#include "http/document.hpp"

#include <gtest/gtest.h>

#include "http/status.hpp"

namespace ratusz::http {
namespace {

Doc Sample() {
  Doc root = Doc::List("service_requests");
  Doc& r = root.Add(Doc::Object("request"));
  r.Add(Doc::Text("service_request_id", "5XAP-NW16"));
  r.Add(Doc::Text("description", "<b>\"A&B\"</b> it's"));
  r.Add(Doc::Number("lat", 51.11));
  r.Add(Doc::Null("long"));
  r.Add(Doc::Bool("metadata", true));
  return root;
}

TEST(Document, RendersXmlWithEscapingAndEmptyElements) {
  const std::string xml = RenderXml(Sample());
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            "<service_requests><request><service_request_id>5XAP-NW16</service_request_id>"
            "<description>&lt;b&gt;\"A&amp;B\"&lt;/b&gt; it's</description>"
            "<lat>51.11</lat><long/><metadata>true</metadata></request></service_requests>");
}

TEST(Document, RendersJsonBySparkConvention) {
  EXPECT_EQ(RenderJson(Sample()),
            "[{\"service_request_id\":\"5XAP-NW16\",\"description\":\"<b>\\\"A&B\\\"</b> it's\","
            "\"lat\":51.11,\"long\":null,\"metadata\":true}]");
}

TEST(Status, MapsErrorCodesToHttp) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
  EXPECT_EQ(Open311Status(ErrorCode::kUnauthenticated), 403);
  EXPECT_EQ(Open311Status(ErrorCode::kFailedPrecondition), 400);
  EXPECT_EQ(Open311Status(ErrorCode::kNotFound), 404);
}

}  // namespace
}  // namespace ratusz::http
