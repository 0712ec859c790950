#pragma once

// Telephone numbers in E.164 ("+48226123456"), so a caller is recognised whatever way the
// number was written: "600 123 456", "+48 600-123-456", "0048600123456", "(0-22) 612 34 56",
// "+48 (0) 22 612 34 56", "tel:+48600123456", "22 612 34 56 wew. 12". Our own small normaliser
// (DESIGN.md: libphonenumber cannot be installed beside Boost 1.81): a number is put in
// international form with the jurisdiction's default country; lengths are checked for the
// countries in the table, and any other country code only against E.164's 8-15 digits.

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ratusz::residents {

// `default_country` is an ISO 3166 code ("PL", "US" ...) from the table; numbers written
// without a country code are taken to be from there.
[[nodiscard]] Result<std::string> NormalisePhone(std::string_view written,
                                                 std::string_view default_country);

// Whether `country` is in the table.
bool KnownCountry(std::string_view country);

// An e-mail address for lookups: trimmed, lower case; "Ala <ala@x.pl>" -> "ala@x.pl".
[[nodiscard]] Result<std::string> NormaliseEmail(std::string_view written);

}  // namespace ratusz::residents
