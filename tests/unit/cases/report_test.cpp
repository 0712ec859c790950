#include "cases/report.hpp"

#include <gtest/gtest.h>

#include "support/test_catalog.hpp"

namespace ratusz::cases {
namespace {

class ReportTest : public ::testing::Test {
 protected:
  ReportInput Valid() {
    ReportInput in;
    in.service_code = "pothole";
    in.lat = "51.1";
    in.lon = "17.0";
    in.attributes["size"] = {"large"};
    return in;
  }
  ReportValidation Validate(const ReportInput& in) {
    return ValidateReport(in, catalog_, *catalog_.FindJurisdiction("test.pl"), limits_);
  }
  // The fields named by the errors, for compact assertions.
  static std::vector<std::string> Fields(const ReportValidation& v) {
    std::vector<std::string> out;
    for (const auto& e : v.errors) {
      out.push_back(e.field);
    }
    return out;
  }

  Catalog catalog_ = testing::TestCatalog();
  ReportLimits limits_;
};

TEST_F(ReportTest, AcceptsAValidReportAndNormalisesIt) {
  ReportInput in = Valid();
  in.description = "  Duża dziura\r\nprzy przejściu  ";
  in.attributes["hazards"] = {"water", "cars", "water"};
  in.attributes["depth"] = {"12.5"};
  in.attributes["seen"] = {"2026-01-31T08:00:00+01:00"};
  in.reporter.email = "jan@example.pl";
  const auto v = Validate(in);
  ASSERT_TRUE(v.errors.empty()) << v.errors.front().message;
  const ServiceRequest& r = v.report->draft;
  EXPECT_EQ(r.jurisdiction_id, "test.pl");
  EXPECT_EQ(r.service_code, "pothole");
  EXPECT_EQ(r.description, "Duża dziura\nprzy przejściu");
  ASSERT_TRUE(r.location);
  EXPECT_DOUBLE_EQ(r.location->lat, 51.1);
  ASSERT_EQ(r.attributes.size(), 4u);
  EXPECT_EQ(r.attributes[0].code, "size");  // In the service's order, not the input's.
  EXPECT_EQ(r.attributes[1].values, (std::vector<std::string>{"water", "cars"}));
}

TEST_F(ReportTest, AnAddressIsEnoughWithoutCoordinates) {
  ReportInput in = Valid();
  in.lat.clear();
  in.lon.clear();
  in.address_string = "ul. Źródłowa 5";
  EXPECT_TRUE(Validate(in).errors.empty());
}

TEST_F(ReportTest, ReportsEveryProblemAtOnce) {
  ReportInput in = Valid();
  in.lat = "91";
  in.attributes.erase("size");
  in.attributes["bogus"] = {"1"};
  in.reporter.email = "not-an-address";
  const auto v = Validate(in);
  EXPECT_FALSE(v.report);
  EXPECT_EQ(Fields(v),
            (std::vector<std::string>{"lat", "email", "attribute[bogus]", "attribute[size]"}));
}

TEST_F(ReportTest, RejectsUnknownServiceAsNotFound) {
  ReportInput in = Valid();
  in.service_code = "nope";
  const auto v = Validate(in);
  ASSERT_FALSE(v.errors.empty());
  EXPECT_EQ(v.errors.front().code, ErrorCode::kNotFound);
}

TEST_F(ReportTest, RequiresALocation) {
  ReportInput in = Valid();
  in.lat.clear();
  in.lon.clear();
  EXPECT_EQ(Fields(Validate(in)), (std::vector<std::string>{"lat"}));
}

TEST_F(ReportTest, RejectsBadCoordinates) {
  for (const auto& [lat, lon] :
       std::vector<std::pair<std::string, std::string>>{{"51.1", ""},
                                                        {"abc", "17"},
                                                        {"nan", "17"},
                                                        {"inf", "17"},
                                                        {"0x33", "17"},
                                                        {"51.1", "181"},
                                                        {"51.1e999", "17"},
                                                        {"52.5", "17.0"} /* outside the city */}) {
    ReportInput in = Valid();
    in.lat = lat;
    in.lon = lon;
    EXPECT_FALSE(Validate(in).errors.empty()) << lat << "," << lon;
  }
}

TEST_F(ReportTest, ChecksAttributeTypes) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"size", "huge"},     {"depth", "deep"}, {"depth", "1e999"},
      {"seen", "tomorrow"}, {"plate", "a\nb"}, {"info", "answer"}};
  for (const auto& [code, value] : bad) {
    ReportInput in = Valid();
    in.attributes[code] = {value};
    EXPECT_FALSE(Validate(in).errors.empty()) << code << "=" << value;
  }
  ReportInput two = Valid();
  two.attributes["size"] = {"small", "large"};
  EXPECT_FALSE(Validate(two).errors.empty()) << "a single-value list takes one value";
}

TEST_F(ReportTest, EnforcesLengthsAndEncoding) {
  ReportInput in = Valid();
  in.description = std::string(4000, 'x');
  EXPECT_TRUE(Validate(in).errors.empty());
  in.description = std::string(4001, 'x');
  EXPECT_EQ(Fields(Validate(in)), (std::vector<std::string>{"description"}));
  in.description = "bad \xC5";
  EXPECT_EQ(Fields(Validate(in)), (std::vector<std::string>{"description"}));
  in.description = std::string("nul\0inside", 10);
  EXPECT_EQ(Fields(Validate(in)), (std::vector<std::string>{"description"}));
}

TEST_F(ReportTest, CountsCharactersNotBytes) {
  ReportInput in = Valid();
  std::string polish;
  for (int i = 0; i < 4000; ++i) {
    polish += "ż";
  }
  in.description = polish;
  EXPECT_TRUE(Validate(in).errors.empty());
}

TEST_F(ReportTest, AcceptsOnlyHttpMediaUrls) {
  ReportInput in = Valid();
  in.media_urls = {"https://example.pl/a.jpg"};
  EXPECT_TRUE(Validate(in).errors.empty());
  in.media_urls = {"javascript:alert(1)"};
  EXPECT_EQ(Fields(Validate(in)), (std::vector<std::string>{"media_url"}));
}

TEST(ParseDecimal, AcceptsOnlyPlainDecimals) {
  EXPECT_EQ(ParseDecimal("51.1079"), 51.1079);
  EXPECT_EQ(ParseDecimal("-0.5"), -0.5);
  EXPECT_EQ(ParseDecimal("+17"), 17);
  EXPECT_FALSE(ParseDecimal(""));
  EXPECT_FALSE(ParseDecimal("1,5"));
  EXPECT_FALSE(ParseDecimal("1.5 "));
  EXPECT_FALSE(ParseDecimal("infinity"));
}

}  // namespace
}  // namespace ratusz::cases
