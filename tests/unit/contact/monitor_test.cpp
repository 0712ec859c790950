#include "contact/monitor.hpp"

#include <gtest/gtest.h>

namespace ratusz::contact {
namespace {

using std::chrono::seconds;

class MonitorTest : public ::testing::Test {
 protected:
  Timestamp At(int s) const { return t0_ + seconds(s); }
  Monitor monitor_{{{"roads", 20.0}}};
  // A quarter-hour boundary, so intervals are easy to read.
  Timestamp t0_ = FromMicros(1'780'000'200'000'000 - 1'780'000'200'000'000 % (900'000'000));
};

TEST_F(MonitorTest, CountsWaitsAnswersAbandonsAndServiceLevel) {
  ASSERT_TRUE(monitor_.AgentChanged("ala", AgentState::kAvailable, At(0)));
  ASSERT_TRUE(monitor_.Arrived(1, "roads", At(0)));
  ASSERT_TRUE(monitor_.Arrived(2, "roads", At(5)));
  ASSERT_TRUE(monitor_.Arrived(3, "roads", At(10)));
  ASSERT_TRUE(monitor_.Arrived(4, "roads", At(12)));
  ASSERT_TRUE(monitor_.Answered(1, "ala", At(10)));  // 10 s: within 20 s.
  ASSERT_TRUE(monitor_.AgentChanged("ala", AgentState::kBusy, At(10)));
  ASSERT_TRUE(monitor_.Abandoned(2, At(45)));  // Gave up after 40 s.
  ASSERT_TRUE(monitor_.Ended(1, At(190)));     // 180 s of handling.
  ASSERT_TRUE(monitor_.AgentChanged("ala", AgentState::kAvailable, At(190)));
  ASSERT_TRUE(monitor_.Answered(3, "ala", At(200)));  // 190 s: late.
  const auto q = monitor_.Queues(At(212)).front();
  EXPECT_EQ(q.queue, "roads");
  EXPECT_EQ(q.offered, 4);
  EXPECT_EQ(q.answered, 2);
  EXPECT_EQ(q.abandoned, 1);
  EXPECT_EQ(q.waiting, 1);
  EXPECT_DOUBLE_EQ(q.longest_wait_s, 200);  // Contact 4 since 12 s.
  EXPECT_DOUBLE_EQ(q.abandon_rate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(q.service_level, 1.0 / 3);  // One of three answered within 20 s.
  EXPECT_DOUBLE_EQ(q.average_speed_of_answer_s, 100);
  EXPECT_DOUBLE_EQ(q.average_handle_s, 180);
  EXPECT_NEAR(monitor_.Occupancy(), 180.0 / 190.0, 1e-9);
  const auto agents = monitor_.Agents(At(212));
  ASSERT_EQ(agents.size(), 1u);
  EXPECT_EQ(agents[0].handled, 2);
  EXPECT_DOUBLE_EQ(agents[0].in_state_s, 22);
  EXPECT_EQ(monitor_.AgentsByState().at(AgentState::kAvailable), 1);
}

TEST_F(MonitorTest, KeepsFifteenMinuteIntervalsByArrival) {
  ASSERT_TRUE(monitor_.Arrived(1, "roads", At(10)));
  ASSERT_TRUE(monitor_.Arrived(2, "roads", At(899)));
  ASSERT_TRUE(monitor_.Arrived(3, "roads", At(900)));
  ASSERT_TRUE(monitor_.Answered(2, "ala", At(905)));  // Counts where it arrived.
  const auto intervals = monitor_.Intervals("roads");
  ASSERT_EQ(intervals.size(), 2u);
  EXPECT_EQ(intervals[0].start, t0_);
  EXPECT_EQ(intervals[0].queue.offered, 2);
  EXPECT_EQ(intervals[0].queue.answered, 1);
  EXPECT_EQ(intervals[1].start, t0_ + seconds(900));
  EXPECT_EQ(intervals[1].queue.offered, 1);
  EXPECT_TRUE(monitor_.Intervals("other").empty());
}

TEST_F(MonitorTest, NonsenseEventsAreRefusedAndChangeNothing) {
  ASSERT_TRUE(monitor_.Arrived(1, "roads", At(100)));
  EXPECT_EQ(monitor_.Arrived(1, "roads", At(101)).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(monitor_.Answered(9, "ala", At(102)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(monitor_.Answered(1, "ala", At(50)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(monitor_.Ended(1, At(120)).error().code, ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(monitor_.Answered(1, "ala", At(110)));
  EXPECT_FALSE(monitor_.Answered(1, "bob", At(111))) << "answered twice";
  EXPECT_FALSE(monitor_.Abandoned(1, At(112))) << "answered calls are not abandoned";
  EXPECT_FALSE(monitor_.Ended(1, At(105))) << "ends before it was answered";
  EXPECT_FALSE(monitor_.Arrived(2, "", At(1)));
  ASSERT_TRUE(monitor_.AgentChanged("ala", AgentState::kAvailable, At(100)));
  EXPECT_FALSE(monitor_.AgentChanged("ala", AgentState::kBusy, At(90)));
  const auto q = monitor_.Queues(At(200)).front();
  EXPECT_EQ(q.offered, 1);
  EXPECT_EQ(q.answered, 1);
  EXPECT_EQ(q.abandoned, 0);
  EXPECT_DOUBLE_EQ(q.average_speed_of_answer_s, 10);
}

}  // namespace
}  // namespace ratusz::contact
