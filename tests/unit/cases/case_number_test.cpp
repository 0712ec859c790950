#include "cases/case_number.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ratusz::cases {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

TEST(CaseNumber, HasTheReadableShape) {
  const std::string number = CaseNumberFor(1);
  ASSERT_EQ(number.size(), 9u);
  EXPECT_EQ(number[4], '-');
  for (std::size_t i = 0; i < number.size(); ++i) {
    if (i != 4) {
      EXPECT_NE(kAlphabet.find(number[i]), std::string_view::npos) << number;
    }
  }
}

TEST(CaseNumber, RoundTripsAcrossTheWholeRange) {
  for (std::int64_t id : {std::int64_t{1}, std::int64_t{2}, std::int64_t{31}, std::int64_t{32},
                          std::int64_t{99'999}, std::int64_t{1} << 34, kMaxCaseId}) {
    const std::string number = CaseNumberFor(id);
    EXPECT_EQ(CaseIdFromNumber(number), id) << number;
  }
}

TEST(CaseNumber, IsUniqueAndDoesNotLookSequential) {
  std::set<std::string> seen;
  int shared_prefix = 0;
  std::string previous;
  for (std::int64_t id = 1; id <= 200'000; ++id) {
    const std::string number = CaseNumberFor(id);
    ASSERT_TRUE(seen.insert(number).second) << "duplicate " << number << " for id " << id;
    if (!previous.empty() && previous.substr(0, 4) == number.substr(0, 4)) {
      ++shared_prefix;
    }
    previous = number;
  }
  // Consecutive ids must not produce look-alike numbers (a sequential code would share the
  // first group almost always).
  EXPECT_LT(shared_prefix, 1000);
}

TEST(CaseNumber, AcceptsWhatPeopleTypeOrSay) {
  const std::string number = CaseNumberFor(4242);
  std::string typed;
  for (const char c : number) {
    if (c != '-') {
      typed.push_back(static_cast<char>(std::tolower(c)));
    }
  }
  EXPECT_EQ(NormalizeCaseNumber(typed), number);
  EXPECT_EQ(NormalizeCaseNumber(" " + number.substr(0, 4) + " " + number.substr(5) + " "), number);
  // O is read as 0, I and L as 1.
  std::string spoken = number;
  for (auto& c : spoken) {
    if (c == '0') {
      c = 'O';
    } else if (c == '1') {
      c = 'l';
    }
  }
  EXPECT_EQ(NormalizeCaseNumber(spoken), number);
}

TEST(CaseNumber, DetectsEverySingleMistypedSymbol) {
  for (std::int64_t id : {std::int64_t{1}, std::int64_t{777}, std::int64_t{123'456'789}}) {
    const std::string number = CaseNumberFor(id);
    for (std::size_t pos = 0; pos < number.size(); ++pos) {
      if (number[pos] == '-') {
        continue;
      }
      for (const char replacement : kAlphabet) {
        if (replacement == number[pos]) {
          continue;
        }
        std::string wrong = number;
        wrong[pos] = replacement;
        EXPECT_FALSE(NormalizeCaseNumber(wrong).has_value()) << number << " -> " << wrong;
      }
    }
  }
}

TEST(CaseNumber, DetectsSwappedNeighbours) {
  int checked = 0;
  for (std::int64_t id = 1; id <= 2000; ++id) {
    std::string digits;
    for (const char c : CaseNumberFor(id)) {
      if (c != '-') {
        digits.push_back(c);
      }
    }
    for (std::size_t pos = 0; pos + 1 < digits.size(); ++pos) {
      if (digits[pos] == digits[pos + 1]) {
        continue;
      }
      std::string swapped = digits;
      std::swap(swapped[pos], swapped[pos + 1]);
      EXPECT_FALSE(NormalizeCaseNumber(swapped).has_value()) << digits << " -> " << swapped;
      ++checked;
    }
  }
  EXPECT_GT(checked, 10000);
}

TEST(CaseNumber, RejectsWrongLengthAndForeignCharacters) {
  EXPECT_FALSE(NormalizeCaseNumber("").has_value());
  EXPECT_FALSE(NormalizeCaseNumber("ABCD-EFG").has_value());
  EXPECT_FALSE(NormalizeCaseNumber("ABCD-EFGHJ").has_value());
  EXPECT_FALSE(NormalizeCaseNumber("ABCD-EFG!").has_value());
  EXPECT_FALSE(NormalizeCaseNumber("ABCD-EFGU").has_value());  // U is not in the alphabet.
  EXPECT_FALSE(CaseIdFromNumber("1' OR '1'='1").has_value());
}

}  // namespace
}  // namespace ratusz::cases
