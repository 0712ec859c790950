// A whole Open311 report: form-decoded, mapped as Open311 POST maps it, then validated against a
// service with every attribute type. Nothing may crash, and a report that passes holds valid UTF-8
// with LF newlines only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cases/report.hpp"
#include "common/check.hpp"
#include "common/text.hpp"
#include "http/form.hpp"
#include "support/test_catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ratusz::cases::Catalog catalog = ratusz::testing::TestCatalog();
  ratusz::http::Params params;
  if (!ratusz::http::ParseUrlEncoded(std::string_view(reinterpret_cast<const char*>(data), size),
                                     {}, params)) {
    return 0;
  }
  auto in = ratusz::http::ReportInputFromParams(params);
  if (!in) {
    return 0;
  }
  const auto v = ratusz::cases::ValidateReport(*in, catalog, catalog.jurisdictions().front(), {});
  if (v.report) {
    RATUSZ_CHECK(ratusz::IsValidUtf8(v.report->draft.description));
    RATUSZ_CHECK(v.report->draft.description.find('\r') == std::string::npos);
  }
  return 0;
}
