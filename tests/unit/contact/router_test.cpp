#include "contact/router.hpp"

#include <gtest/gtest.h>

#include "support/fake_clock.hpp"

namespace ratusz::contact {
namespace {

using std::chrono::seconds;

AgentConfig Agent(std::string id, std::map<std::string, int, std::less<>> skills,
                  std::vector<std::string> languages = {"pl"}) {
  AgentConfig a;
  a.id = std::move(id);
  a.skills = std::move(skills);
  a.languages = std::move(languages);
  return a;
}

QueueConfig Queue(std::string id, std::string skill, Channel channel = Channel::kVoice) {
  QueueConfig q;
  q.id = std::move(id);
  q.skill = std::move(skill);
  q.channel = channel;
  return q;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    auto roads = Queue("roads", "roads");
    auto english = Queue("english", "general");
    english.language = "en";
    auto waste = Queue("waste", "waste");
    waste.overflow_skill = "general";
    waste.overflow_after = seconds(60);
    auto chat = Queue("chat", "general", Channel::kChat);
    auto experts = Queue("experts", "expert-roads");
    auto urgent = Queue("urgent", "roads");
    urgent.priority = 5;
    router_ = std::make_unique<Router>(
        std::vector<QueueConfig>{roads, english, waste, chat, experts, urgent}, Options());
  }
  static RouterOptions Options() {
    RouterOptions o;
    o.offer_timeout = seconds(15);
    o.wrap_up = seconds(30);
    return o;
  }
  Timestamp Now() const { return clock_.Now(); }
  void Later(int s) { clock_.Advance(seconds(s)); }
  void Ready(const std::string& agent) {
    ASSERT_TRUE(router_->SetAgentState(agent, AgentState::kAvailable, "", Now()));
  }
  std::vector<Offer> Arrive(std::int64_t id, const std::string& queue, int priority = 0) {
    auto offers = router_->Arrive(id, queue, priority, Now());
    EXPECT_TRUE(offers) << offers.error().message;
    return offers ? offers.value() : std::vector<Offer>{};
  }

  testing::FakeClock clock_;
  std::unique_ptr<Router> router_;
};

TEST_F(RouterTest, OffersToTheMostProficientThenTheLongestIdle) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 6}})));
  ASSERT_TRUE(router_->AddAgent(Agent("bob", {{"roads", 9}})));
  ASSERT_TRUE(router_->AddAgent(Agent("cyd", {{"roads", 9}})));
  ASSERT_TRUE(router_->AddAgent(Agent("dan", {{"waste", 10}})));
  for (const char* a : {"ala", "bob", "cyd", "dan"}) {
    Ready(a);
  }
  auto first = Arrive(1, "roads");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].agent, "bob") << "proficiency 9, and bob sorts before cyd";
  auto second = Arrive(2, "roads");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].agent, "cyd");
  auto third = Arrive(3, "roads");
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].agent, "ala") << "the 9s are busy; dan lacks the skill";
  EXPECT_TRUE(Arrive(4, "roads").empty());
  EXPECT_EQ(router_->Waiting("roads"), 1u);
}

TEST_F(RouterTest, LanguageIsRequired) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"general", 10}}, {"pl"})));
  ASSERT_TRUE(router_->AddAgent(Agent("eve", {{"general", 2}}, {"pl", "en"})));
  Ready("ala");
  Ready("eve");
  auto offers = Arrive(1, "english");
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].agent, "eve");
}

TEST_F(RouterTest, AFreedAgentTakesTheHighestPriorityAndAgingPreventsStarvation) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 5}})));
  Arrive(1, "roads");  // Nobody is ready: they wait.
  Later(10);
  Arrive(2, "urgent");  // Queue priority 5.
  Ready("ala");
  ASSERT_EQ(router_->Interaction(2)->agent, "ala") << "priority 5 beats 10 s of waiting";
  ASSERT_TRUE(router_->Accept(2, "ala", Now()));

  // A long wait outweighs priority: at 0.01 a second, 600 s is worth 6 points.
  Later(600);
  Arrive(3, "urgent");
  auto next = router_->Finish(2, Now());
  ASSERT_TRUE(next);
  Later(30);  // Wrap-up.
  auto offers = router_->Tick(Now());
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].interaction, 1) << "the normal call that waited 610 s goes first";
}

TEST_F(RouterTest, AMissedOfferGoesToTheNextAgentAndIsNeverLost) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 9}})));
  ASSERT_TRUE(router_->AddAgent(Agent("bob", {{"roads", 5}})));
  Ready("ala");
  Ready("bob");
  ASSERT_EQ(Arrive(1, "roads").at(0).agent, "ala");
  Later(14);
  EXPECT_TRUE(router_->Tick(Now()).empty()) << "not yet timed out";
  Later(1);
  auto offers = router_->Tick(Now());
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].agent, "bob");
  EXPECT_EQ(router_->Agent("ala")->state, AgentState::kBreak);
  EXPECT_EQ(router_->Agent("ala")->reason, "missed offer");
  EXPECT_FALSE(router_->Accept(1, "ala", Now())) << "the timed-out offer cannot be taken";

  // Bob declines: nobody else has the skill; the call waits, and ala back from her break
  // gets it, but bob never again.
  auto declined = router_->Decline(1, "bob", Now());
  ASSERT_TRUE(declined);
  EXPECT_TRUE(declined->empty());
  EXPECT_EQ(router_->Waiting("roads"), 1u);
  auto back = router_->SetAgentState("ala", AgentState::kAvailable, "", Now());
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ(back->at(0).agent, "ala");
}

TEST_F(RouterTest, OverflowToTheBackupSkillAfterItsWait) {
  ASSERT_TRUE(router_->AddAgent(Agent("gen", {{"general", 5}})));
  Ready("gen");
  EXPECT_TRUE(Arrive(1, "waste").empty()) << "general agents wait for the overflow time";
  Later(59);
  EXPECT_TRUE(router_->Tick(Now()).empty());
  Later(1);
  auto offers = router_->Tick(Now());
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].agent, "gen");
}

TEST_F(RouterTest, BlendedAgentsTakeSeveralChatsButACallAlone) {
  auto blended = Agent("bea", {{"general", 7}, {"roads", 7}});
  blended.capacity[static_cast<std::size_t>(Channel::kChat)] = 2;
  ASSERT_TRUE(router_->AddAgent(blended));
  Ready("bea");
  ASSERT_EQ(Arrive(1, "chat").size(), 1u);
  ASSERT_EQ(Arrive(2, "chat").size(), 1u);
  EXPECT_TRUE(Arrive(3, "chat").empty()) << "capacity two chats";
  EXPECT_TRUE(Arrive(4, "roads").empty()) << "no call while chatting";
  ASSERT_TRUE(router_->Accept(1, "bea", Now()));
  ASSERT_TRUE(router_->Accept(2, "bea", Now()));
  EXPECT_EQ(router_->Agent("bea")->state, AgentState::kBusy);
  auto after = router_->Finish(1, Now());
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->at(0).interaction, 3) << "the waiting chat, not the call";
}

TEST_F(RouterTest, WrapUpAfterACallThenTheNext) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 5}})));
  Ready("ala");
  Arrive(1, "roads");
  ASSERT_TRUE(router_->Accept(1, "ala", Now()));
  Arrive(2, "roads");
  auto finished = router_->Finish(1, Now());
  ASSERT_TRUE(finished);
  EXPECT_TRUE(finished->empty());
  EXPECT_EQ(router_->Agent("ala")->state, AgentState::kWrapUp);
  Later(29);
  EXPECT_TRUE(router_->Tick(Now()).empty());
  Later(1);
  ASSERT_EQ(router_->Tick(Now()).size(), 1u);
}

TEST_F(RouterTest, WarmTransferToTheExpertLineKeepsTheAgentUntilTheExpertTakesIt) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 5}})));
  ASSERT_TRUE(router_->AddAgent(Agent("exp", {{"expert-roads", 10}})));
  Ready("ala");
  Arrive(1, "roads");
  ASSERT_TRUE(router_->Accept(1, "ala", Now()));
  auto offers = router_->Transfer(1, "experts", /*warm=*/true, Now());
  EXPECT_TRUE(offers && offers->empty()) << "no expert is ready yet";
  EXPECT_EQ(router_->Agent("ala")->state, AgentState::kBusy) << "ala stays on the line";
  auto expert = router_->SetAgentState("exp", AgentState::kAvailable, "", Now());
  ASSERT_TRUE(expert);
  ASSERT_EQ(expert->size(), 1u);
  ASSERT_TRUE(router_->Accept(1, "exp", Now()));
  EXPECT_EQ(router_->Agent("ala")->state, AgentState::kWrapUp);
  EXPECT_EQ(router_->Interaction(1)->agent, "exp");
  EXPECT_EQ(router_->Interaction(1)->queue, "experts");
}

TEST_F(RouterTest, ACallerWhoHangsUpDuringAWarmTransferFreesTheFirstAgent) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 5}})));
  Ready("ala");
  Arrive(1, "roads");
  ASSERT_TRUE(router_->Accept(1, "ala", Now()));
  ASSERT_TRUE(router_->Transfer(1, "experts", /*warm=*/true, Now()));
  Arrive(2, "roads");
  EXPECT_EQ(router_->Interaction(2)->agent, "") << "ala is still on the line";
  ASSERT_TRUE(router_->Abandon(1, Now()));
  EXPECT_EQ(router_->Agent("ala")->state, AgentState::kWrapUp);
  EXPECT_EQ(router_->Agent("ala")->load[0], 0);
  Later(31);
  const auto next = router_->Tick(Now());
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].interaction, 2);
}

TEST_F(RouterTest, AnAgentWhoDisconnectsHasTheirWorkRequeued) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"general", 5}})));
  ASSERT_TRUE(router_->AddAgent(Agent("bob", {{"general", 3}})));
  Ready("ala");
  Arrive(1, "chat");
  ASSERT_TRUE(router_->Accept(1, "ala", Now()));
  Ready("bob");
  auto moved = router_->SetAgentState("ala", AgentState::kOffline, "", Now());
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->size(), 1u);
  EXPECT_EQ(moved->at(0).agent, "bob");
  EXPECT_EQ(moved->at(0).interaction, 1);
}

TEST_F(RouterTest, BadCallsAreRefusedAndChangeNothing) {
  EXPECT_EQ(router_->Arrive(1, "nope", 0, Now()).error().code, ErrorCode::kNotFound);
  Arrive(1, "roads");
  EXPECT_EQ(router_->Arrive(1, "roads", 0, Now()).error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(router_->Accept(9, "ala", Now()).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(router_->Finish(1, Now()).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(router_->AddAgent(Agent("x", {{"roads", 11}})));
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 5}})));
  EXPECT_FALSE(router_->SetAgentState("ala", AgentState::kBreak, "", Now())) << "reason needed";
  EXPECT_FALSE(router_->SetAgentState("ala", AgentState::kBusy, "", Now()));
  EXPECT_FALSE(router_->SetAgentState("zed", AgentState::kAvailable, "", Now()));
  ASSERT_TRUE(router_->Abandon(1, Now()));
  EXPECT_EQ(router_->Waiting("roads"), 0u);
  EXPECT_FALSE(router_->Interaction(1));
}

TEST_F(RouterTest, SkillsChangeOnlyWhileTheAgentIsLoggedOut) {
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"roads", 5}})));
  ASSERT_TRUE(router_->SetAgentState("ala", AgentState::kAvailable, "", Now()));
  EXPECT_EQ(router_->AddAgent(Agent("ala", {{"waste", 5}})).error().code,
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(router_->SetAgentState("ala", AgentState::kOffline, "", Now()));
  ASSERT_TRUE(router_->AddAgent(Agent("ala", {{"waste", 5}})));
  ASSERT_TRUE(router_->SetAgentState("ala", AgentState::kAvailable, "", Now()));
  auto offers = router_->Arrive(1, "roads", 0, Now());
  ASSERT_TRUE(offers);
  EXPECT_TRUE(offers->empty()) << "ala no longer has the roads skill";
}

TEST_F(RouterTest, TheSameInputsGiveTheSameDecisions) {
  const auto run = [] {
    Router r({Queue("q", "s")}, RouterOptions{});
    for (int i = 0; i < 20; ++i) {
      (void)r.AddAgent(Agent("a" + std::to_string(i), {{"s", 1 + i % 10}}));
    }
    testing::FakeClock clock;
    std::vector<std::string> decisions;
    for (int i = 0; i < 20; ++i) {
      (void)r.SetAgentState("a" + std::to_string(i), AgentState::kAvailable, "", clock.Now());
    }
    for (int i = 0; i < 30; ++i) {
      clock.Advance(seconds(1));
      const auto offers = r.Arrive(i, "q", i % 3, clock.Now());
      for (const auto& o : offers.value()) {
        decisions.push_back(o.agent + ":" + std::to_string(o.interaction));
      }
    }
    return decisions;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace ratusz::contact
