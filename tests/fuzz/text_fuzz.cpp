// Small parsers of untrusted text: W3C dates, case numbers, decimals, telephone numbers and
// e-mail addresses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cases/case_number.hpp"
#include "cases/report.hpp"
#include "common/check.hpp"
#include "common/time_format.hpp"
#include "residents/phone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto t = ratusz::ParseW3c(text)) {
    // Whatever parses formats back to something that parses to the same second.
    const auto again = ratusz::ParseW3c(ratusz::FormatW3c(*t));
    RATUSZ_CHECK(again.has_value());
  }
  if (const auto number = ratusz::cases::NormalizeCaseNumber(text)) {
    const auto id = ratusz::cases::CaseIdFromNumber(*number);
    RATUSZ_CHECK(!id || ratusz::cases::CaseNumberFor(*id) == *number);
  }
  (void)ratusz::cases::CaseIdFromToken(text);
  (void)ratusz::cases::ParseDecimal(text);
  if (const auto e164 = ratusz::residents::NormalisePhone(text, "PL")) {
    // A normalised number is a fixed point, whatever the default country.
    RATUSZ_CHECK(e164.value().size() >= 9 && e164.value()[0] == '+');
    RATUSZ_CHECK(ratusz::residents::NormalisePhone(e164.value(), "US").value() == e164.value());
  }
  if (const auto email = ratusz::residents::NormaliseEmail(text)) {
    RATUSZ_CHECK(ratusz::residents::NormaliseEmail(email.value()).value() == email.value());
  }
  return 0;
}
