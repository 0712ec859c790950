// The contact center use case over a real SQLite file, with a fake clock: offers that time out,
// opening hours, restarts, the day's figures and the stored 15-minute intervals.

#include "app/contact_center.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include "../support/fake_clock.hpp"
#include "common/time_format.hpp"
#include "config/config.hpp"
#include "store/sql/store.hpp"
#include "support/test_database.hpp"

namespace ratusz::app {
namespace {

using Kind = ContactNotice::Kind;

class Recorder final : public ContactListener {
 public:
  void Notify(const ContactNotice& n) override { notices.push_back(n); }
  std::vector<ContactNotice> Of(Kind kind) const {
    std::vector<ContactNotice> out;
    for (const auto& n : notices) {
      if (n.kind == kind) {
        out.push_back(n);
      }
    }
    return out;
  }
  std::vector<ContactNotice> notices;
};

Timestamp At(const char* w3c) { return ParseW3c(w3c).value(); }

class ContactCenterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ratusz-contact-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto cfg = config::LoadConfig("", {});
    ASSERT_TRUE(cfg) << cfg.error().message;
    config_ = std::move(cfg).value();
    config_.contact.routing.offer_timeout = std::chrono::seconds(15);
    // Thursday 10:00 in Warsaw: the office is open.
    clock_ = std::make_unique<testing::FakeClock>(At("2026-11-26T09:00:00Z"));
    Open();
  }
  void TearDown() override {
    center_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open() {
    center_.reset();
    store_.reset();
    auto s = store::sql::SqlStore::Open(testing::TestDatabase(dir_ / "r.db"));
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(s).value();
    center_ = std::make_unique<ContactCenter>(config_.contact, *config_.rules, store_->contact(),
                                              store_->cases(), *clock_);
    ASSERT_TRUE(center_->Start());
    center_->SetListener(&recorder_);
  }
  void Durable() {
    std::promise<Status> done;
    center_->Flush([&](Status s) { done.set_value(std::move(s)); });
    ASSERT_TRUE(done.get_future().get());
  }
  void Agent(const std::string& name, std::map<std::string, int, std::less<>> skills) {
    AgentProfile p;
    p.username = name;
    p.skills = std::move(skills);
    p.languages = {"pl"};
    ASSERT_TRUE(center_->SetProfile(p));
    ASSERT_TRUE(center_->SetState(name, contact::AgentState::kAvailable, ""));
  }
  Routing Call(const std::string& id, const std::string& dialled = "19115") {
    NewContact c;
    c.external_id = id;
    c.dialled = dialled;
    c.address = "+48600100200";
    auto r = center_->Open(c);
    if (!r) {
      ADD_FAILURE() << r.error().message;
      return Routing{};
    }
    return r.value();
  }
  void Advance(std::chrono::seconds s) { clock_->Advance(s); }

  std::filesystem::path dir_;
  config::Config config_;
  std::unique_ptr<testing::FakeClock> clock_;
  std::unique_ptr<store::sql::SqlStore> store_;
  std::unique_ptr<ContactCenter> center_;
  Recorder recorder_;
};

TEST_F(ContactCenterTest, AnOfferThatTimesOutGoesToTheNextAgentAndBothAreTold) {
  Agent("ala", {{"first-line", 8}});
  Agent("bob", {{"first-line", 5}});
  const auto first = Call("c1");
  EXPECT_EQ(first.action, "ring");
  EXPECT_EQ(first.agent, "ala");
  Advance(std::chrono::seconds(14));
  center_->Tick();
  EXPECT_EQ(center_->RouteOf(first.interaction.id)->agent, "ala") << "not yet";
  Advance(std::chrono::seconds(2));
  center_->Tick();
  const auto now = center_->RouteOf(first.interaction.id);
  EXPECT_EQ(now->action, "ring");
  EXPECT_EQ(now->agent, "bob");
  const auto offers = recorder_.Of(Kind::kOffer);
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers[0].agent, "ala");
  EXPECT_EQ(offers[1].agent, "bob");
  ASSERT_EQ(recorder_.Of(Kind::kOfferGone).size(), 1u);
  EXPECT_EQ(recorder_.Of(Kind::kOfferGone)[0].agent, "ala");
  bool ala_on_break = false;
  for (const auto& n : recorder_.Of(Kind::kAgent)) {
    ala_on_break |= n.agent == "ala" && n.state == "break" && n.reason == "missed offer";
  }
  EXPECT_TRUE(ala_on_break);
}

TEST_F(ContactCenterTest, AWarmTransferFreesTheFirstAgentWhenTheExpertTakesIt) {
  Agent("ala", {{"first-line", 8}});
  const auto call = Call("warm");
  ASSERT_TRUE(center_->Accept(call.interaction.id, "ala"));
  const auto moved = center_->Transfer(call.interaction.id, "experts-roads", /*warm=*/true);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->action, "queue") << "no expert is logged in";
  Agent("exp", {{"expert-roads", 9}});
  EXPECT_EQ(center_->RouteOf(call.interaction.id)->agent, "exp");
  recorder_.notices.clear();
  ASSERT_TRUE(center_->Accept(call.interaction.id, "exp"));
  std::vector<std::string> states;
  for (const auto& n : recorder_.Of(Kind::kAgent)) {
    states.push_back(n.agent + ":" + n.state);
  }
  // The expert counts as busy from the offer on; only ala changes.
  EXPECT_EQ(states, (std::vector<std::string>{"ala:wrap_up"}));
  EXPECT_EQ(center_->Load(call.interaction.id)->queue, "experts-roads");
}

TEST_F(ContactCenterTest, AQueueOutOfHoursRefusesWithItsMessageAndKeepsTheRecord) {
  // voice-en keeps office hours; Sunday it is closed.
  clock_ = std::make_unique<testing::FakeClock>(At("2026-11-29T12:00:00Z"));
  Open();
  const auto r = Call("c-en", "19116");
  EXPECT_EQ(r.action, "refused");
  EXPECT_EQ(r.message, "The line is closed now.");
  Durable();
  auto stored = store_->contact().LoadInteraction(r.interaction.id);
  ASSERT_TRUE(stored && stored.value());
  EXPECT_EQ(stored.value()->state, "refused");
  for (const auto& q : center_->Live().queues) {
    EXPECT_EQ(q.offered, 0) << q.queue << ": refused contacts are not offered";
  }
}

TEST_F(ContactCenterTest, TooManyWaitingAreTurnedAway) {
  config_.contact.queues.front().max_waiting = 2;  // voice-pl
  Open();
  EXPECT_EQ(Call("w1").action, "queue");
  EXPECT_EQ(Call("w2").action, "queue");
  const auto third = Call("w3");
  EXPECT_EQ(third.action, "refused");
  EXPECT_NE(third.message.find("zajęci"), std::string::npos) << third.message;
}

TEST_F(ContactCenterTest, AfterARestartOpenContactsWaitAgainAndChatsGoOn) {
  auto chat = center_->OpenChat("chat-pl", "pl", "Pytanie");
  ASSERT_TRUE(chat);
  ASSERT_TRUE(center_->Say(chat->interaction.id, "resident", "Dzień dobry"));
  Call("before-restart");
  Durable();
  Open();
  const auto again = center_->ChatOfSecret(chat->secret);
  ASSERT_TRUE(again);
  EXPECT_EQ(center_->RouteOf(*again)->action, "queue");
  auto line = center_->Say(*again, "resident", "Halo?");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->seq, 2);
  const auto call = center_->InteractionOfCall("before-restart");
  ASSERT_TRUE(call);
  EXPECT_EQ(center_->RouteOf(*call)->action, "queue");
  EXPECT_FALSE(center_->Open([] {
    NewContact c;
    c.external_id = "before-restart";
    c.dialled = "19115";
    return c;
  }()))
      << "a call id is offered once, across restarts too";
}

TEST_F(ContactCenterTest, TheDaysFiguresStartAtLocalMidnightAndIntervalsAreStored) {
  clock_ = std::make_unique<testing::FakeClock>(At("2026-11-26T22:40:00Z"));  // 23:40 in Warsaw
  Open();
  Agent("ala", {{"first-line", 8}});
  const auto answered = Call("d1");
  ASSERT_TRUE(center_->Accept(answered.interaction.id, "ala"));
  Advance(std::chrono::seconds(30));
  ASSERT_TRUE(center_->End(answered.interaction.id));
  const auto waiting = Call("d2");  // Ala wraps up: it waits.
  EXPECT_EQ(waiting.action, "queue");
  center_->Tick();
  auto before = center_->Live().queues.front();
  EXPECT_EQ(before.offered, 2);
  EXPECT_EQ(before.answered, 1);
  Advance(std::chrono::minutes(30));  // 00:10 the next day.
  center_->Tick();
  Durable();
  auto after = center_->Live().queues.front();
  EXPECT_EQ(after.offered, 1) << "only the contact still open carries over";
  EXPECT_EQ(after.answered, 0);
  EXPECT_EQ(center_->RouteOf(waiting.interaction.id)->agent, "ala")
      << "offered to ala when her wrap-up ended";
  auto rows = store_->contact().Intervals("voice-pl", At("2026-11-26T22:30:00Z"),
                                          At("2026-11-27T00:00:00Z"));
  ASSERT_TRUE(rows);
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ(rows->front().start, At("2026-11-26T22:30:00Z"));
  EXPECT_EQ(rows->front().offered, 2);
  EXPECT_EQ(rows->front().answered, 1);
}

}  // namespace
}  // namespace ratusz::app
