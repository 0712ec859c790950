#include "app/dispatcher.hpp"

#include <gtest/gtest.h>

#include <set>

#include "common/time_format.hpp"
#include "support/fake_clock.hpp"
#include "support/memory_store.hpp"
#include "support/test_catalog.hpp"

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

TEST(QuietHours, TextsWaitUntilMorningInTheCitysTime) {
  const auto warsaw = workflow::TimeZone::FromPosixRule("CET-1CEST,M3.5.0,M10.5.0/3").value();
  const int from = 21 * 60;
  const int to = 8 * 60;
  // 2026-11-29 (winter, UTC+1): 22:30 local is 21:30 UTC; quiet until 08:00 local = 07:00 UTC.
  const Timestamp late = ParseW3c("2026-11-29T21:30:00Z").value();
  EXPECT_EQ(QuietUntil(late, warsaw, from, to), ParseW3c("2026-11-30T07:00:00Z").value());
  // 06:00 local, after midnight: until 08:00 the same day.
  const Timestamp early = ParseW3c("2026-11-30T05:00:00Z").value();
  EXPECT_EQ(QuietUntil(early, warsaw, from, to), ParseW3c("2026-11-30T07:00:00Z").value());
  // Summer (UTC+2): 07:59 local is still quiet, 08:00 is not.
  EXPECT_EQ(QuietUntil(ParseW3c("2026-07-01T05:59:00Z").value(), warsaw, from, to),
            ParseW3c("2026-07-01T06:00:00Z").value());
  EXPECT_FALSE(QuietUntil(ParseW3c("2026-07-01T06:00:00Z").value(), warsaw, from, to));
  EXPECT_FALSE(QuietUntil(ParseW3c("2026-11-29T12:00:00Z").value(), warsaw, from, to));
  // A window inside one day, and none at all.
  EXPECT_EQ(QuietUntil(ParseW3c("2026-11-29T12:30:00Z").value(), warsaw, 13 * 60, 14 * 60),
            ParseW3c("2026-11-29T13:00:00Z").value());
  EXPECT_FALSE(QuietUntil(late, warsaw, -1, -1));
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

// --- The dispatcher's decisions, with a fake clock, a fake courier and stores in memory ---

namespace ratusz::app {
namespace {

class MemoryOutbox final : public OutboxStore {
 public:
  Result<std::vector<OutboxItem>> DueOutbox(Timestamp now, int limit) override {
    std::vector<OutboxItem> due;
    for (const auto& [id, m] : items) {
      if (m.state == DeliveryState::kPending && m.next_attempt_at <= now &&
          static_cast<int>(due.size()) < limit) {
        due.push_back(m);
      }
    }
    return due;
  }
  void RecordDeliveries(std::vector<DeliveryRecord> records, Timestamp,
                        Callback<Status> done) override {
    for (const auto& r : records) {
      auto& m = items.at(r.outbox_id);
      m.state = r.state;
      m.attempts = r.attempts;
      m.next_attempt_at = r.next_attempt_at;
      m.last_error = r.error;
      m.channel = r.channel;
      if (!r.external_id.empty()) {
        external_ids[r.department] = r.external_id;
      }
    }
    done(Status{});
  }
  Result<std::vector<OutboxItem>> ListOutbox(DeliveryState, std::int64_t, int) override {
    return std::vector<OutboxItem>{};
  }
  void RecordBounce(std::int64_t, std::string, Timestamp, Callback<Status> done) override {
    done(Status{});
  }
  void ReplayOutbox(std::int64_t, Timestamp, Callback<Result<OutboxItem>> done) override {
    done(MakeError(ErrorCode::kNotFound, "not here"));
  }
  void RememberUndeliverable(std::string address, std::string, Timestamp,
                             Callback<Status> done) override {
    undeliverable.insert(std::move(address));
    done(Status{});
  }
  void ForgetUndeliverable(std::string address, Callback<Status> done) override {
    undeliverable.erase(address);
    done(Status{});
  }
  Result<bool> IsUndeliverable(std::string_view address) override {
    return undeliverable.count(std::string(address)) > 0;
  }
  void RecordReceipt(std::int64_t id, std::string note, Callback<Result<bool>> done) override {
    auto it = items.find(id);
    const bool found = it != items.end();
    if (found) {
      it->second.receipt = note;
    }
    done(found);
  }
  Result<std::optional<std::string>> CaseOfExternalId(std::string_view, std::string_view) override {
    return std::optional<std::string>{};
  }
  Result<std::optional<Timestamp>> AgencyCursor(std::string_view) override {
    return std::optional<Timestamp>{};
  }
  void SetAgencyCursor(std::string, Timestamp, Callback<Status> done) override { done({}); }

  std::int64_t Add(const std::string& number, const std::string& topic,
                   const std::string& recipient, Timestamp now) {
    OutboxItem m;
    m.id = static_cast<std::int64_t>(items.size()) + 1;
    m.case_number = number;
    m.topic = topic;
    m.recipient = recipient;
    m.payload_json = "{}";
    m.next_attempt_at = now;
    items[m.id] = m;
    return m.id;
  }

  std::map<std::int64_t, OutboxItem> items;
  std::map<std::string, std::string> external_ids;
  std::set<std::string> undeliverable;
};

// Answers each parcel by its channel's URL: ".../ok", ".../down" (503), ".../refuse" (400).
class FakeCourier final : public Courier {
 public:
  std::vector<ParcelResult> Send(const std::vector<Parcel>& parcels) override {
    std::vector<ParcelResult> out;
    for (const auto& p : parcels) {
      sent.push_back(p);
      const auto& url = p.channel.url;
      if (url.ends_with("/down")) {
        out.push_back({ParcelOutcome::kRetry, "HTTP 503", ""});
      } else if (url.ends_with("/refuse")) {
        out.push_back({ParcelOutcome::kRejected, "HTTP 400: no", ""});
      } else {
        out.push_back({ParcelOutcome::kDelivered, "",
                       p.channel.kind == workflow::DeliveryKind::kOpen311 ? "THEIRS-1" : ""});
      }
    }
    return out;
  }
  Result<std::vector<AgencyUpdate>> FetchUpdates(const workflow::DeliveryChannel& agency, Timestamp,
                                                 Timestamp) override {
    if (unreachable) {
      return MakeError(ErrorCode::kUnavailable, "cannot read " + agency.url);
    }
    return std::vector<AgencyUpdate>{{"u1", "", "THEIRS-404", "fixed", ""}};
  }
  bool unreachable = false;
  std::vector<Parcel> sent;
};

workflow::UnitRules UnitWith(std::string id, workflow::DeliveryKind kind, std::string url) {
  workflow::UnitRules u;
  u.department = std::move(id);
  u.channel.kind = kind;
  u.channel.url = std::move(url);
  return u;
}

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : catalog_(testing::TestCatalog()),
        rules_({}, {},
               {UnitWith("hook", workflow::DeliveryKind::kWebhook, "http://x/ok"),
                UnitWith("down", workflow::DeliveryKind::kWebhook, "http://x/down"),
                UnitWith("refuse", workflow::DeliveryKind::kWebhook, "http://x/refuse"),
                UnitWith("agency", workflow::DeliveryKind::kOpen311, "http://zdm/open311/v2"),
                UnitWith("quiet", workflow::DeliveryKind::kNone, "")},
               {}, workflow::EmergencyRules{}, workflow::DuplicateRules{}),
        workflow_(catalog_, rules_),
        desk_(workflow_, cases_, clock_),
        dispatcher_(rules_, cases_, outbox_, courier_, desk_, clock_, Policy()) {
    cases::ServiceRequest r;
    r.jurisdiction_id = "test.pl";
    r.service_code = "graffiti";
    r.reporter.email = "jan@example.org";
    app::CreateCaseCommand c;
    c.request = r;
    cases_.CreateCase(std::move(c),
                      [&](Result<CreatedCase> created) { number_ = created->request.number; });
  }

  static DispatchPolicy Policy() {
    DispatchPolicy p;
    p.max_attempts = 3;
    p.first_retry = std::chrono::seconds(30);
    return p;
  }

  const OutboxItem& Item(std::int64_t id) { return outbox_.items.at(id); }

  cases::Catalog catalog_;
  workflow::Rules rules_;
  workflow::Workflow workflow_;
  testing::FakeClock clock_;
  testing::MemoryCaseStore cases_;
  MemoryOutbox outbox_;
  FakeCourier courier_;
  CaseDesk desk_;
  Dispatcher dispatcher_;
  std::string number_;
};

TEST_F(DispatcherTest, UnitsWithoutAChannelWorkFromTheirQueueResidentsWait) {
  const auto quiet = outbox_.Add(number_, "unit.dispatch", "quiet", clock_.Now());
  const auto resident = outbox_.Add(number_, "resident.received", "resident", clock_.Now());
  ASSERT_EQ(dispatcher_.DeliverDue().value(), 2);
  EXPECT_TRUE(courier_.sent.empty());
  EXPECT_EQ(Item(quiet).state, DeliveryState::kDelivered);
  EXPECT_EQ(Item(quiet).channel, "work queue");
  EXPECT_EQ(Item(resident).state, DeliveryState::kHeld);
}

TEST_F(DispatcherTest, FailuresAreRetriedWithBackoffThenDead) {
  const auto id = outbox_.Add(number_, "unit.dispatch", "down", clock_.Now());
  ASSERT_TRUE(dispatcher_.DeliverDue());
  EXPECT_EQ(Item(id).state, DeliveryState::kPending);
  EXPECT_EQ(Item(id).attempts, 1);
  EXPECT_EQ(Item(id).next_attempt_at, clock_.Now() + std::chrono::seconds(30));
  EXPECT_EQ(Item(id).last_error, "HTTP 503");

  clock_.Advance(std::chrono::seconds(29));
  ASSERT_EQ(dispatcher_.DeliverDue().value(), 0) << "not due yet";
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_EQ(dispatcher_.DeliverDue().value(), 1);
  EXPECT_EQ(Item(id).attempts, 2);
  EXPECT_EQ(Item(id).next_attempt_at, clock_.Now() + std::chrono::seconds(60));

  clock_.Advance(std::chrono::seconds(60));
  ASSERT_EQ(dispatcher_.DeliverDue().value(), 1);
  EXPECT_EQ(Item(id).attempts, 3);
  EXPECT_EQ(Item(id).state, DeliveryState::kDead) << "max_attempts reached";
  EXPECT_EQ(courier_.sent.size(), 3u);
}

TEST_F(DispatcherTest, ARefusalIsFinalAtOnce) {
  const auto id = outbox_.Add(number_, "unit.dispatch", "refuse", clock_.Now());
  ASSERT_TRUE(dispatcher_.DeliverDue());
  EXPECT_EQ(Item(id).state, DeliveryState::kDead);
  EXPECT_EQ(Item(id).attempts, 1);
  EXPECT_EQ(Item(id).last_error, "HTTP 400: no");
}

TEST_F(DispatcherTest, AnOpen311AgencyGetsDispatchesOnlyAndItsIdIsKept) {
  const auto dispatch = outbox_.Add(number_, "unit.dispatch", "agency", clock_.Now());
  const auto warning = outbox_.Add(number_, "unit.sla_warning", "agency", clock_.Now());
  ASSERT_TRUE(dispatcher_.DeliverDue());
  ASSERT_EQ(courier_.sent.size(), 1u);
  EXPECT_EQ(courier_.sent[0].about.number, number_);
  EXPECT_EQ(Item(dispatch).state, DeliveryState::kDelivered);
  EXPECT_EQ(outbox_.external_ids.at("agency"), "THEIRS-1");
  EXPECT_EQ(Item(warning).state, DeliveryState::kDelivered);
  EXPECT_NE(Item(warning).channel.find("work queue"), std::string::npos);
}

TEST_F(DispatcherTest, AWebhookToAUnitCarriesNoContactAResidentsDoes) {
  outbox_.Add(number_, "unit.dispatch", "hook", clock_.Now());
  ASSERT_TRUE(dispatcher_.DeliverDue());
  ASSERT_EQ(courier_.sent.size(), 1u);
  EXPECT_FALSE(courier_.sent[0].reporter);
  EXPECT_EQ(courier_.sent[0].department, "hook");
}

TEST_F(DispatcherTest, AnUnreachableAgencyIsReportedNotSwallowed) {
  courier_.unreachable = true;
  auto poll = dispatcher_.PollAgencies();
  ASSERT_TRUE(poll);
  ASSERT_EQ(poll->problems.size(), 1u);
  EXPECT_NE(poll->problems[0].find("agency: cannot read http://zdm"), std::string::npos);

  // Reachable, with an update about a request that is not ours: expected, not a problem.
  courier_.unreachable = false;
  clock_.Advance(std::chrono::hours(1));
  poll = dispatcher_.PollAgencies();
  ASSERT_TRUE(poll);
  EXPECT_TRUE(poll->problems.empty());
  EXPECT_EQ(poll->applied, 0);
}

}  // namespace
}  // namespace ratusz::app
