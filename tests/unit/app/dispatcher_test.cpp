#include "app/dispatcher.hpp"

#include <gtest/gtest.h>

namespace ratusz::app {
namespace {

using std::chrono::seconds;

TEST(RetryDelay, DoublesFromTheFirstAndStopsAtTheCap) {
  DispatchPolicy p;
  p.first_retry = seconds(30);
  p.max_retry = seconds(3600);
  EXPECT_EQ(RetryDelay(p, 1), seconds(30));
  EXPECT_EQ(RetryDelay(p, 2), seconds(60));
  EXPECT_EQ(RetryDelay(p, 3), seconds(120));
  EXPECT_EQ(RetryDelay(p, 7), seconds(1920));
  EXPECT_EQ(RetryDelay(p, 8), seconds(3600));
  EXPECT_EQ(RetryDelay(p, 1000), seconds(3600));
}

TEST(AgencyStatus, MapsMySocietyStatusesToTaskStates) {
  using workflow::TaskState;
  EXPECT_EQ(TaskStateForAgencyStatus("investigating"), TaskState::kInProgress);
  EXPECT_EQ(TaskStateForAgencyStatus("action_scheduled"), TaskState::kInProgress);
  EXPECT_EQ(TaskStateForAgencyStatus("fixed"), TaskState::kResolved);
  EXPECT_EQ(TaskStateForAgencyStatus("closed"), TaskState::kResolved);
  EXPECT_EQ(TaskStateForAgencyStatus("not_councils_responsibility"), TaskState::kRejected);
  EXPECT_EQ(TaskStateForAgencyStatus("open"), std::nullopt);
  EXPECT_EQ(TaskStateForAgencyStatus("exploded"), std::nullopt);
}

TEST(AgencyActor, IsASpecialistOfThatUnitOnly) {
  const auto a = AgencyActor("roads-authority");
  EXPECT_EQ(a.id, "agency:roads-authority");
  EXPECT_EQ(a.role, cases::Role::kSpecialist);
  EXPECT_TRUE(a.InDepartment("roads-authority"));
  EXPECT_FALSE(a.InDepartment("city-guard"));
}

}  // namespace
}  // namespace ratusz::app
