#include "cases/case_number.hpp"

#include <gtest/gtest.h>

namespace ratusz::cases {
namespace {

TEST(CaseNumber, RoundTrips) {
  for (std::int64_t id : {std::int64_t{1}, std::int64_t{2}, std::int64_t{99999}, kMaxCaseId}) {
    const std::string number = CaseNumberFor(id);
    EXPECT_EQ(CaseIdFromNumber(number), id) << number;
  }
}

}  // namespace
}  // namespace ratusz::cases
