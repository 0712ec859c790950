#include "cases/case.hpp"

#include <gtest/gtest.h>

#include "support/test_catalog.hpp"

namespace ratusz::cases {
namespace {

TEST(Status, MapsToOpenAndClosed) {
  EXPECT_TRUE(IsOpen(Status::kOpen));
  EXPECT_TRUE(IsOpen(Status::kInProgress));
  EXPECT_TRUE(IsOpen(Status::kActionScheduled));
  EXPECT_FALSE(IsOpen(Status::kFixed));
  EXPECT_FALSE(IsOpen(Status::kDuplicate));
  EXPECT_FALSE(IsOpen(Status::kNotCouncilsResponsibility));
}

TEST(Status, ParsesMySocietyNamesInAnyCase) {
  EXPECT_EQ(ParseStatus("IN_PROGRESS"), Status::kInProgress);
  EXPECT_EQ(ParseStatus("fixed"), Status::kFixed);
  EXPECT_EQ(ParseStatus("REOPEN"), Status::kOpen);
  EXPECT_FALSE(ParseStatus("resolved-ish"));
  for (const auto s : {Status::kOpen, Status::kForTriage, Status::kNoFurtherAction}) {
    EXPECT_EQ(ParseStatus(StatusName(s)), s);
  }
}

TEST(Status, NotesCarryTheDetailedStatusInBothLanguages) {
  EXPECT_EQ(StatusNotes(Status::kOpen, "", "pl"), "");
  EXPECT_EQ(StatusNotes(Status::kClosed, "Zrobione", "pl"), "Zrobione");
  EXPECT_EQ(StatusNotes(Status::kInProgress, "", "pl"), "W realizacji");
  EXPECT_EQ(StatusNotes(Status::kInProgress, "Ekipa w drodze", "pl"),
            "W realizacji: Ekipa w drodze");
  EXPECT_EQ(StatusNotes(Status::kFixed, "Done", "en"), "Fixed: Done");
  for (const auto s : {Status::kForTriage, Status::kDuplicate, Status::kCancelled}) {
    EXPECT_NE(StatusLabel(s, "pl"), StatusLabel(s, "en"));
  }
}

TEST(Catalog, RejectsInconsistentConfiguration) {
  Jurisdiction j;
  j.id = "a.pl";
  Service s;
  s.code = "x";
  s.name.pl = "X";
  s.jurisdictions = {"b.pl"};
  EXPECT_FALSE(Catalog::Build({j}, {}, {}, {s}));  // Unknown jurisdiction.
  s.jurisdictions = {"a.pl"};
  EXPECT_TRUE(Catalog::Build({j}, {}, {}, {s}));
  s.code = "bad code";
  EXPECT_FALSE(Catalog::Build({j}, {}, {}, {s}));  // Not URL-safe.
  s.code = "x";
  AttributeDefinition list;
  list.code = "l";
  list.order = 1;
  list.datatype = AttributeType::kSingleValueList;
  s.attributes = {list};
  EXPECT_FALSE(Catalog::Build({j}, {}, {}, {s}));  // A list without values.
}

TEST(Catalog, FindsServicesPerJurisdiction) {
  const Catalog c = testing::TestCatalog();
  EXPECT_NE(c.FindService("test.pl", "pothole"), nullptr);
  EXPECT_EQ(c.FindService("other.pl", "pothole"), nullptr);
  // Attributes come sorted by order.
  EXPECT_EQ(c.FindService("test.pl", "pothole")->attributes.front().code, "size");
}

}  // namespace
}  // namespace ratusz::cases
