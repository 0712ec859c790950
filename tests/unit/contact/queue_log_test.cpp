#include "contact/queue_log.hpp"

#include <gtest/gtest.h>

namespace ratusz::contact {
namespace {

// The sample queue_log of "Asterisk: The Definitive Guide" (3rd edition, chapter "Automatic
// Call Distribution", section on the queue_log file): two calls into queue 7100, one member
// removed and added again.
constexpr const char* kSample[] = {
    "1292281046|psy1-1292281041.87|7100|NONE|ENTERQUEUE||4165551212|1",
    "1292281046|psy1-1292281041.87|7100|Local/9996@MemberConnector|RINGNOANSWER|0",
    "1292281048|psy1-1292281041.87|7100|Local/9990@MemberConnector|CONNECT|2|psy1-1292281046.90|0",
    "1292284121|psy1-1292281041.87|7100|Local/9990@MemberConnector|COMPLETECALLER|2|3073|1",
    "1292284222|MANAGER|7100|Local/9990@MemberConnector|REMOVEMEMBER|",
    "1292284222|MANAGER|7200|Local/9990@MemberConnector|REMOVEMEMBER|",
    "1292284491|MANAGER|7100|Local/9990@MemberConnector|ADDMEMBER|",
    "1292284491|MANAGER|7200|Local/9990@MemberConnector|ADDMEMBER|",
    "1292284519|psy1-1292284515.93|7100|NONE|ENTERQUEUE||4165551212|1",
    "1292284519|psy1-1292284515.93|7100|Local/9996@MemberConnector|RINGNOANSWER|0",
    "1292284521|psy1-1292284515.93|7100|Local/9990@MemberConnector|CONNECT|2|psy1-1292284519.96|0",
};

TEST(QueueLog, ParsesTheFields) {
  const auto e = ParseQueueLogLine(kSample[3]);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(ToMicros(e->at), 1292284121LL * 1'000'000);
  EXPECT_EQ(e->call_id, "psy1-1292281041.87");
  EXPECT_EQ(e->queue, "7100");
  EXPECT_EQ(e->agent, "Local/9990@MemberConnector");
  EXPECT_EQ(e->event, "COMPLETECALLER");
  EXPECT_EQ(e->data, (std::vector<std::string>{"2", "3073", "1"}));
  EXPECT_TRUE(ParseQueueLogLine("1292284222|MANAGER|7100|Local/9990|REMOVEMEMBER|\r\n"));
}

TEST(QueueLog, TheDocumentedSampleGivesTheQueuesFigures) {
  Monitor monitor;
  QueueLogFeed feed(monitor);
  for (const char* line : kSample) {
    ASSERT_TRUE(feed.Apply(line)) << line;
  }
  const auto q = monitor.Queues(FromMicros(1292284600LL * 1'000'000)).front();
  EXPECT_EQ(q.queue, "7100");
  EXPECT_EQ(q.offered, 2);
  EXPECT_EQ(q.answered, 2);
  EXPECT_DOUBLE_EQ(q.average_speed_of_answer_s, 2);
  // The first call's handling, from CONNECT to COMPLETECALLER, is the 3073 s Asterisk logged.
  EXPECT_DOUBLE_EQ(q.average_handle_s, 3073);
  EXPECT_EQ(q.waiting, 0);
  EXPECT_EQ(monitor.AgentsByState().at(AgentState::kAvailable), 1);  // Added back.
}

TEST(QueueLog, AbandonsAndTimeoutsCountAsAbandoned) {
  Monitor monitor;
  QueueLogFeed feed(monitor);
  ASSERT_TRUE(feed.Apply("1292290000|c1|7100|NONE|ENTERQUEUE||48600100200|1"));
  ASSERT_TRUE(feed.Apply("1292290000|c2|7100|NONE|ENTERQUEUE||48600100201|2"));
  ASSERT_TRUE(feed.Apply("1292290030|c1|7100|NONE|ABANDON|1|1|30"));
  ASSERT_TRUE(feed.Apply("1292290300|c2|7100|NONE|EXITWITHTIMEOUT|1|2|300"));
  const auto q = monitor.Queues(FromMicros(1292290400LL * 1'000'000)).front();
  EXPECT_EQ(q.abandoned, 2);
  EXPECT_DOUBLE_EQ(q.abandon_rate, 1.0);
}

TEST(QueueLog, BadLinesAreRefusedAndChangeNothing) {
  Monitor monitor;
  QueueLogFeed feed(monitor);
  EXPECT_FALSE(feed.Apply("garbage"));
  EXPECT_FALSE(feed.Apply("noon|c1|7100|NONE|ENTERQUEUE||1|1"));
  EXPECT_FALSE(feed.Apply("1292290000||7100|NONE|ENTERQUEUE||1|1"));
  EXPECT_FALSE(feed.Apply("1292290000|c9|7100|SIP/1|CONNECT|2|x|0")) << "never entered";
  ASSERT_TRUE(feed.Apply("1292290000|c1|7100|NONE|ENTERQUEUE||1|1"));
  EXPECT_FALSE(feed.Apply("1292290001|c1|7100|NONE|ENTERQUEUE||1|1")) << "entered twice";
  EXPECT_FALSE(feed.Apply("1292289000|c1|7100|SIP/1|CONNECT|2|x|0")) << "before it entered";
  EXPECT_FALSE(feed.Apply(std::string(5000, '1')));
  EXPECT_TRUE(feed.Apply("1292290000|NONE|NONE|NONE|QUEUESTART|")) << "accepted, not counted";
  const auto q = monitor.Queues(FromMicros(1292290100LL * 1'000'000)).front();
  EXPECT_EQ(q.offered, 1);
  EXPECT_EQ(q.answered, 0);
  EXPECT_EQ(q.waiting, 1);
}

}  // namespace
}  // namespace ratusz::contact
