#pragma once

// The automatic call distributor: one engine for every channel. Interactions wait in queues;
// agents with skills (proficiency 1-10), languages and a capacity per channel take them.
//
// When an interaction arrives, it is offered to the best ready agent: the queue's skill and
// language first, then proficiency, then the agent who has waited longest since their last
// assignment. When an agent frees up, they are offered the waiting interaction with the
// highest priority, where waiting raises priority (aging), so nothing starves. An offer that
// times out or is declined returns the interaction to its queue; it is never lost. After a
// queue's overflow time an interaction may also go to the backup skill.
//
// Pure and deterministic: time comes in with every call, containers are ordered, ties are
// broken by id. Each call returns the offers it made; the caller delivers them (CTI, agent
// WebSocket) and reports back with Accept/Decline.

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::contact {

// kConsult: an agent's question to the expert line (written, between staff).
enum class Channel { kVoice, kChat, kEmail, kSms, kWebForm, kFax, kWalkIn, kConsult };
constexpr std::size_t kChannels = 8;
std::string_view ChannelName(Channel channel);  // "voice", "chat", ...
std::optional<Channel> ParseChannel(std::string_view name);

enum class AgentState { kOffline, kAvailable, kBusy, kWrapUp, kBreak };
std::string_view AgentStateName(AgentState state);
std::optional<AgentState> ParseAgentState(std::string_view name);

using Seconds = std::chrono::seconds;

struct QueueConfig {
  std::string id;
  Channel channel = Channel::kVoice;
  std::string skill;               // Agents need it.
  std::string language;            // Agents need it too; empty: any.
  int priority = 0;                // Higher first.
  Seconds service_level_time{20};  // "80 % answered within 20 s".
  double service_level_share = 0.8;
  std::string overflow_skill;  // After overflow_after, agents with it may take it too.
  Seconds overflow_after{60};
};

struct AgentConfig {
  std::string id;
  std::map<std::string, int, std::less<>> skills;  // Skill -> proficiency 1..10.
  std::vector<std::string> languages;
  // How many at once per channel: one call; several chats or e-mails (blended work).
  std::array<int, kChannels> capacity = {1, 3, 5, 5, 5, 1, 1, 3};
};

struct RouterOptions {
  Seconds offer_timeout{15};
  Seconds wrap_up{30};  // After an interaction ends, before the agent is ready again.
  // Priority points one second of waiting is worth: a priority-0 contact that waited 100 s
  // comes before a new priority-1 one at 0.01.
  double aging_per_second = 0.01;
  bool missed_offer_makes_unavailable = true;  // The agent goes on break ("missed offer").
};

struct Offer {
  std::int64_t interaction = 0;
  std::string agent;
  std::string queue;
  Timestamp expires_at;
};

struct InteractionView {
  std::int64_t id = 0;
  std::string queue;
  Channel channel = Channel::kVoice;
  int priority = 0;
  Timestamp arrived_at;
  std::optional<Timestamp> answered_at;
  std::string agent;  // Offered to or handled by.
  bool waiting = false;
};

struct AgentView {
  std::string id;
  AgentState state = AgentState::kOffline;
  std::string reason;  // Of a break.
  Timestamp since;     // In this state.
  std::array<int, kChannels> load{};
  int pending_offers = 0;
};

class Router {
 public:
  Router(std::vector<QueueConfig> queues, RouterOptions options = {});

  // Adds an agent, or replaces the skills, languages and capacity of one who is offline.
  [[nodiscard]] Status AddAgent(AgentConfig agent);
  // Logs in (available), breaks with a reason, or logs out. An agent who goes offline hands
  // back their offers; their accepted interactions are re-queued.
  [[nodiscard]] Result<std::vector<Offer>> SetAgentState(std::string_view agent, AgentState state,
                                                         std::string reason, Timestamp now);

  // A new interaction (`priority` adds to the queue's). Returns the offer made, if any.
  [[nodiscard]] Result<std::vector<Offer>> Arrive(std::int64_t id, std::string_view queue,
                                                  int priority, Timestamp now);
  [[nodiscard]] Result<std::vector<Offer>> Accept(std::int64_t interaction, std::string_view agent,
                                                  Timestamp now);
  // The agent said no: the interaction goes to someone else, never to them again.
  [[nodiscard]] Result<std::vector<Offer>> Decline(std::int64_t interaction, std::string_view agent,
                                                   Timestamp now);
  // The agent finished it: wrap-up, then ready for the next.
  [[nodiscard]] Result<std::vector<Offer>> Finish(std::int64_t interaction, Timestamp now);
  // The caller hung up while waiting (abandoned), or the interaction was withdrawn. An agent
  // who was handing it over (warm transfer) is freed and may be offered the next one.
  [[nodiscard]] Result<std::vector<Offer>> Abandon(std::int64_t interaction, Timestamp now);
  // Hands an answered interaction to another queue (the expert line). Blind: the agent is free
  // at once. Warm: the agent keeps it until the new agent accepts.
  [[nodiscard]] Result<std::vector<Offer>> Transfer(std::int64_t interaction,
                                                    std::string_view queue, bool warm,
                                                    Timestamp now);
  // Expired offers, wrap-ups that ended, interactions that reached their overflow time.
  [[nodiscard]] std::vector<Offer> Tick(Timestamp now);

  std::optional<InteractionView> Interaction(std::int64_t id) const;
  std::optional<AgentView> Agent(std::string_view id) const;
  std::size_t Waiting(std::string_view queue) const;

 private:
  struct AgentRec;
  struct Item;
  // Ready agents per skill, best first: (-proficiency, last assigned, id).
  using ReadyKey = std::tuple<int, Timestamp, std::string>;

  std::optional<std::string> BestAgent(const Item& item) const;
  // The interaction offered to this agent, or why there is none.
  Result<Item*> OfferedTo(std::int64_t id, std::string_view agent);
  // Offers the item to the best agent that can take it, if any.
  bool TryOffer(Item& item, Timestamp now, std::vector<contact::Offer>& out);
  // Offers an agent with room the best waiting interactions it can take.
  void OfferTo(AgentRec& agent, Timestamp now, std::vector<contact::Offer>& out);
  void MakeOffer(AgentRec& agent, Item& item, Timestamp now, std::vector<contact::Offer>& out);
  void Enqueue(Item& item);
  void Dequeue(const Item& item);
  void Reindex(AgentRec& agent);  // After a change of state, load or last assignment.
  void Unindex(AgentRec& agent);
  bool CanTake(const AgentRec& agent, const Item& item) const;
  // Whether the agent could take a contact of this queue now (state, language, room).
  bool CanServe(const AgentRec& agent, const QueueConfig& queue, Channel channel) const;
  double Rank(const Item& item) const;  // Higher first; time-invariant form of aging.
  void Release(AgentRec& agent, const Item& item, Timestamp now, bool wrap_up);
  // Warm transfer: the agent who kept the contact until now is free (after wrap-up).
  void FreeHandingOver(Item& item, Timestamp now, std::vector<contact::Offer>& out);

  RouterOptions options_;
  std::map<std::string, QueueConfig, std::less<>> queues_;
  std::map<std::string, AgentRec, std::less<>> agents_;
  std::map<std::int64_t, Item> items_;
  std::map<std::string, std::set<ReadyKey>, std::less<>> ready_;  // By skill.
  // Waiting interactions per queue, best first: (-rank, arrival, id).
  std::map<std::string, std::set<std::tuple<double, Timestamp, std::int64_t>>, std::less<>>
      waiting_;
  std::set<std::pair<Timestamp, std::int64_t>> offer_deadlines_;
  std::set<std::pair<Timestamp, std::string>> wrap_up_ends_;
  std::set<std::pair<Timestamp, std::int64_t>> overflow_times_;
};

// The router's private records, declared here so that the maps above can hold them.
struct Router::AgentRec {
  AgentConfig config;
  AgentState state = AgentState::kOffline;
  std::string reason;
  Timestamp since;
  Timestamp last_assigned;
  std::array<int, kChannels> load{};
  int pending_offers = 0;
  bool indexed = false;
  std::set<std::int64_t> interactions;  // Offered or accepted.
};

// What the outside sees of an interaction, and what only routing needs.
struct Router::Item : InteractionView {
  std::string handing_over;  // Warm transfer: the agent who keeps it until accepted.
  bool overflowed = false;
  std::optional<Timestamp> offer_expires;
  std::set<std::string, std::less<>> declined;
};

}  // namespace ratusz::contact
