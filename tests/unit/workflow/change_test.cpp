#include <gtest/gtest.h>

#include "workflow/case_file.hpp"

namespace ratusz::workflow {
namespace {

TEST(ChangeTest, AppendKeepsEverythingOfBothChanges) {
  Change first;
  first.events.push_back({cases::EventKind::kNote, "", "first", false, ""});
  Change second;
  second.events.push_back({cases::EventKind::kAttached, "", "photo.jpg", true, "photo ab"});
  second.outbox.push_back({"unit.dispatch", "roads", 5, {}});
  second.new_followers.push_back("AAAA-BBBB");
  second.dropped_followers.push_back("CCCC-DDDD");
  cases::Attachment photo;
  photo.sha256 = "ab";
  second.attachments.push_back(photo);

  first.Append(std::move(second));

  ASSERT_EQ(first.events.size(), 2u);
  EXPECT_EQ(first.events[1].description, "photo.jpg");
  EXPECT_EQ(first.outbox.size(), 1u);
  EXPECT_EQ(first.new_followers, std::vector<std::string>{"AAAA-BBBB"});
  EXPECT_EQ(first.dropped_followers, std::vector<std::string>{"CCCC-DDDD"});
  ASSERT_EQ(first.attachments.size(), 1u);  // Were dropped before: a photo sent with a report.
  EXPECT_EQ(first.attachments[0].sha256, "ab");
}

}  // namespace
}  // namespace ratusz::workflow
