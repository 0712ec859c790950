#include "contact/router.hpp"

#include <algorithm>

#include "common/enum_names.hpp"

namespace ratusz::contact {
namespace {

constexpr NameTable<Channel, kChannels> kChannelNames = {{
    {Channel::kVoice, "voice"},
    {Channel::kChat, "chat"},
    {Channel::kEmail, "email"},
    {Channel::kSms, "sms"},
    {Channel::kWebForm, "web_form"},
    {Channel::kFax, "fax"},
    {Channel::kWalkIn, "walk_in"},
    {Channel::kConsult, "consult"},
}};

constexpr NameTable<AgentState, 5> kAgentStates = {{
    {AgentState::kOffline, "offline"},
    {AgentState::kAvailable, "available"},
    {AgentState::kBusy, "busy"},
    {AgentState::kWrapUp, "wrap_up"},
    {AgentState::kBreak, "break"},
}};

std::size_t Index(Channel c) { return static_cast<std::size_t>(c); }

int TotalLoad(const std::array<int, kChannels>& load) {
  int total = 0;
  for (const int n : load) {
    total += n;
  }
  return total;
}

Error NoInteraction(std::int64_t id) {
  return MakeError(ErrorCode::kNotFound, "no interaction " + std::to_string(id));
}

}  // namespace

std::string_view ChannelName(Channel channel) { return NameOf(kChannelNames, channel); }
std::optional<Channel> ParseChannel(std::string_view name) { return ValueOf(kChannelNames, name); }
std::string_view AgentStateName(AgentState state) { return NameOf(kAgentStates, state); }
std::optional<AgentState> ParseAgentState(std::string_view name) {
  return ValueOf(kAgentStates, name);
}

Router::Router(std::vector<QueueConfig> queues, RouterOptions options) : options_(options) {
  for (auto& q : queues) {
    std::string id = q.id;
    waiting_[id];
    queues_.emplace(std::move(id), std::move(q));
  }
}

Status Router::AddAgent(AgentConfig agent) {
  if (agent.id.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "an agent needs an id", "id");
  }
  for (const auto& [skill, level] : agent.skills) {
    if (level < 1 || level > 10) {
      return MakeError(ErrorCode::kInvalidArgument, "proficiency in " + skill + " must be 1 to 10",
                       "skills");
    }
  }
  if (const auto it = agents_.find(agent.id); it != agents_.end()) {
    if (it->second.state != AgentState::kOffline) {
      return MakeError(
          ErrorCode::kFailedPrecondition,
          "agent " + agent.id + " is logged in; change their skills after they log out");
    }
    it->second.config = std::move(agent);
    return {};
  }
  AgentRec rec;
  std::string id = agent.id;
  rec.config = std::move(agent);
  agents_.emplace(std::move(id), std::move(rec));
  return {};
}

double Router::Rank(const Item& item) const {
  const auto& q = queues_.at(item.queue);
  const double arrived = std::chrono::duration<double>(item.arrived_at.time_since_epoch()).count();
  return q.priority + item.priority - options_.aging_per_second * arrived;
}

void Router::Enqueue(Item& item) {
  item.waiting = true;
  waiting_[item.queue].emplace(-Rank(item), item.arrived_at, item.id);
}

void Router::Dequeue(const Item& item) {
  waiting_[item.queue].erase({-Rank(item), item.arrived_at, item.id});
}

void Router::Unindex(AgentRec& agent) {
  if (!agent.indexed) {
    return;
  }
  for (const auto& [skill, level] : agent.config.skills) {
    ready_[skill].erase({-level, agent.last_assigned, agent.config.id});
  }
  agent.indexed = false;
}

void Router::Reindex(AgentRec& agent) {
  Unindex(agent);
  if (agent.state != AgentState::kAvailable || agent.load[Index(Channel::kVoice)] > 0) {
    return;  // On a call, in wrap-up, on break or away: not offered anything.
  }
  for (const auto& [skill, level] : agent.config.skills) {
    ready_[skill].emplace(-level, agent.last_assigned, agent.config.id);
  }
  agent.indexed = true;
}

bool Router::CanTake(const AgentRec& agent, const Item& item) const {
  return !item.declined.count(agent.config.id) &&
         CanServe(agent, queues_.at(item.queue), item.channel);
}

bool Router::CanServe(const AgentRec& agent, const QueueConfig& q, Channel channel) const {
  if (agent.state != AgentState::kAvailable) {
    return false;
  }
  if (!q.language.empty() && std::find(agent.config.languages.begin(), agent.config.languages.end(),
                                       q.language) == agent.config.languages.end()) {
    return false;
  }
  // A call takes the whole agent; other channels share the agent up to their capacity.
  if (channel == Channel::kVoice) {
    return TotalLoad(agent.load) == 0 && agent.config.capacity[Index(Channel::kVoice)] > 0;
  }
  return agent.load[Index(Channel::kVoice)] == 0 &&
         agent.load[Index(channel)] < agent.config.capacity[Index(channel)];
}

std::optional<std::string> Router::BestAgent(const Item& item) const {
  const auto& q = queues_.at(item.queue);
  std::vector<const std::string*> skills = {&q.skill};
  if (item.overflowed && !q.overflow_skill.empty()) {
    skills.push_back(&q.overflow_skill);  // The queue's own skill still comes first.
  }
  for (const auto* skill : skills) {
    const auto ready = ready_.find(*skill);
    if (ready == ready_.end()) {
      continue;
    }
    for (const auto& [level, last, id] : ready->second) {
      if (CanTake(agents_.find(id)->second, item)) {
        return id;
      }
    }
  }
  return std::nullopt;
}

bool Router::TryOffer(Item& item, Timestamp now, std::vector<contact::Offer>& out) {
  const auto best = BestAgent(item);
  if (!best) {
    return false;
  }
  MakeOffer(agents_.find(*best)->second, item, now, out);
  return true;
}

void Router::MakeOffer(AgentRec& agent, Item& item, Timestamp now,
                       std::vector<contact::Offer>& out) {
  Dequeue(item);
  item.waiting = false;
  item.agent = agent.config.id;
  item.offer_expires = now + options_.offer_timeout;
  offer_deadlines_.emplace(*item.offer_expires, item.id);
  Unindex(agent);
  agent.load[Index(item.channel)] += 1;
  agent.pending_offers += 1;
  agent.last_assigned = now;
  agent.interactions.insert(item.id);
  Reindex(agent);
  out.push_back({item.id, agent.config.id, item.queue, *item.offer_expires});
}

// Offers an agent who has room the best waiting interactions it can take, one after another
// while room is left: the head of each queue of its skills (and, once overflowed, of queues
// whose backup skill it has); the best rank wins.
void Router::OfferTo(AgentRec& agent, Timestamp now, std::vector<contact::Offer>& out) {
  for (;;) {
    if (agent.state != AgentState::kAvailable) {
      return;
    }
    const std::tuple<double, Timestamp, std::int64_t>* best = nullptr;
    for (const auto& [queue_id, waiting] : waiting_) {
      const auto& q = queues_.at(queue_id);
      const bool own = agent.config.skills.count(q.skill) > 0;
      const bool backup = !q.overflow_skill.empty() && agent.config.skills.count(q.overflow_skill);
      if ((!own && !backup) || waiting.empty() || !CanServe(agent, q, q.channel)) {
        continue;  // Not its skill, nobody waits, or not its language or channel now.
      }
      for (const auto& key : waiting) {
        if (best != nullptr && *best < key) {
          break;  // Nothing further in this queue can beat the best so far.
        }
        const Item& item = items_.at(std::get<2>(key));
        if ((own || item.overflowed) && CanTake(agent, item)) {
          best = &key;
          break;
        }
      }
    }
    if (best == nullptr) {
      return;
    }
    MakeOffer(agent, items_.at(std::get<2>(*best)), now, out);
  }
}

Result<std::vector<contact::Offer>> Router::SetAgentState(std::string_view id, AgentState state,
                                                          std::string reason, Timestamp now) {
  const auto it = agents_.find(id);
  if (it == agents_.end()) {
    return MakeError(ErrorCode::kNotFound, "no agent " + std::string(id));
  }
  if (state == AgentState::kBusy || state == AgentState::kWrapUp) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "busy and wrap-up follow from the agent's work; set available, break or "
                     "offline",
                     "state");
  }
  if (state == AgentState::kBreak && reason.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a break needs a reason code", "reason");
  }
  AgentRec& agent = it->second;
  std::vector<contact::Offer> out;
  Unindex(agent);
  agent.state = state;
  agent.reason = state == AgentState::kBreak ? std::move(reason) : std::string();
  agent.since = now;
  // Offers not yet taken go back; an agent who goes offline also gives back what they held.
  const std::vector<std::int64_t> held(agent.interactions.begin(), agent.interactions.end());
  std::vector<Item*> returned;
  for (const auto id_held : held) {
    Item& item = items_.at(id_held);
    const bool offered = !item.answered_at.has_value();
    if (state == AgentState::kAvailable || (!offered && state == AgentState::kBreak)) {
      continue;
    }
    Release(agent, item, now, /*wrap_up=*/false);
    item.offer_expires.reset();
    item.agent.clear();
    item.answered_at.reset();
    Enqueue(item);
    returned.push_back(&item);
  }
  Reindex(agent);
  for (Item* item : returned) {
    TryOffer(*item, now, out);
  }
  OfferTo(agent, now, out);
  return out;
}

Result<std::vector<contact::Offer>> Router::Arrive(std::int64_t id, std::string_view queue,
                                                   int priority, Timestamp now) {
  const auto q = queues_.find(queue);
  if (q == queues_.end()) {
    return MakeError(ErrorCode::kNotFound, "no queue " + std::string(queue), "queue");
  }
  if (items_.count(id)) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "interaction " + std::to_string(id) + " is already routed");
  }
  Item item;
  item.id = id;
  item.queue = q->first;
  item.channel = q->second.channel;
  item.priority = priority;
  item.arrived_at = now;
  Item& stored = items_.emplace(id, std::move(item)).first->second;
  Enqueue(stored);
  if (!q->second.overflow_skill.empty()) {
    overflow_times_.emplace(now + q->second.overflow_after, id);
  }
  std::vector<contact::Offer> out;
  TryOffer(stored, now, out);
  return out;
}

Result<std::vector<contact::Offer>> Router::Accept(std::int64_t id, std::string_view agent_id,
                                                   Timestamp now) {
  auto offered = OfferedTo(id, agent_id);
  if (!offered) {
    return offered.error();
  }
  Item& item = *offered.value();
  AgentRec& agent = agents_.find(agent_id)->second;
  offer_deadlines_.erase({*item.offer_expires, id});
  item.offer_expires.reset();
  agent.pending_offers -= 1;
  item.answered_at = now;
  std::vector<contact::Offer> out;
  FreeHandingOver(item, now, out);  // Warm transfer: the expert has it; the first agent is free.
  return out;
}

void Router::Release(AgentRec& agent, const Item& item, Timestamp now, bool wrap_up) {
  Unindex(agent);
  if (agent.interactions.erase(item.id)) {
    agent.load[Index(item.channel)] -= 1;
    if (item.offer_expires && item.agent == agent.config.id) {
      agent.pending_offers -= 1;
      offer_deadlines_.erase({*item.offer_expires, item.id});
    }
  }
  if (wrap_up && item.channel == Channel::kVoice && agent.state == AgentState::kAvailable &&
      options_.wrap_up.count() > 0) {
    agent.state = AgentState::kWrapUp;
    agent.since = now;
    wrap_up_ends_.emplace(now + options_.wrap_up, agent.config.id);
  }
  Reindex(agent);
}

void Router::FreeHandingOver(Item& item, Timestamp now, std::vector<contact::Offer>& out) {
  if (item.handing_over.empty()) {
    return;
  }
  AgentRec& from = agents_.find(item.handing_over)->second;
  item.handing_over.clear();
  Release(from, item, now, /*wrap_up=*/true);
  OfferTo(from, now, out);
}

Result<Router::Item*> Router::OfferedTo(std::int64_t id, std::string_view agent) {
  const auto it = items_.find(id);
  if (it == items_.end()) {
    return NoInteraction(id);
  }
  if (it->second.agent != agent || !it->second.offer_expires) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "interaction " + std::to_string(id) + " is not offered to " +
                         std::string(agent) + " (the offer may have timed out)");
  }
  return &it->second;
}

Result<std::vector<contact::Offer>> Router::Decline(std::int64_t id, std::string_view agent_id,
                                                    Timestamp now) {
  auto offered = OfferedTo(id, agent_id);
  if (!offered) {
    return offered.error();
  }
  Item& item = *offered.value();
  AgentRec& agent = agents_.find(agent_id)->second;
  Release(agent, item, now, /*wrap_up=*/false);
  item.offer_expires.reset();
  item.agent.clear();
  item.declined.insert(std::string(agent_id));
  Enqueue(item);
  std::vector<contact::Offer> out;
  TryOffer(item, now, out);
  OfferTo(agent, now, out);
  return out;
}

Result<std::vector<contact::Offer>> Router::Finish(std::int64_t id, Timestamp now) {
  const auto it = items_.find(id);
  if (it == items_.end()) {
    return NoInteraction(id);
  }
  if (!it->second.answered_at) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "interaction " + std::to_string(id) + " was not answered; abandon it");
  }
  AgentRec& agent = agents_.find(it->second.agent)->second;
  Release(agent, it->second, now, /*wrap_up=*/true);
  items_.erase(it);
  std::vector<contact::Offer> out;
  OfferTo(agent, now, out);
  return out;
}

Result<std::vector<contact::Offer>> Router::Abandon(std::int64_t id, Timestamp now) {
  const auto it = items_.find(id);
  if (it == items_.end()) {
    return NoInteraction(id);
  }
  Item& item = it->second;
  if (item.answered_at) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "interaction " + std::to_string(id) + " was answered; finish it");
  }
  if (item.waiting) {
    Dequeue(item);
  } else if (!item.agent.empty()) {
    Release(agents_.find(item.agent)->second, item, now, /*wrap_up=*/false);
  }
  std::vector<contact::Offer> out;
  // A warm transfer the caller hung up on: the first agent is free, after wrap-up.
  FreeHandingOver(item, now, out);
  items_.erase(it);
  return out;
}

Result<std::vector<contact::Offer>> Router::Transfer(std::int64_t id, std::string_view queue,
                                                     bool warm, Timestamp now) {
  const auto it = items_.find(id);
  if (it == items_.end()) {
    return NoInteraction(id);
  }
  const auto q = queues_.find(queue);
  if (q == queues_.end()) {
    return MakeError(ErrorCode::kNotFound, "no queue " + std::string(queue), "queue");
  }
  Item& item = it->second;
  if (!item.answered_at) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "interaction " + std::to_string(id) + " is not answered yet");
  }
  AgentRec& agent = agents_.find(item.agent)->second;
  std::vector<contact::Offer> out;
  if (warm) {
    item.handing_over = item.agent;  // Keeps it (and its load) until the expert accepts.
  } else {
    Release(agent, item, now, /*wrap_up=*/true);
    OfferTo(agent, now, out);
  }
  item.agent.clear();
  item.answered_at.reset();
  item.declined.clear();
  item.declined.insert(agent.config.id);
  item.queue = q->first;
  item.channel = q->second.channel;
  Enqueue(item);  // Its first arrival counts: the caller already waited.
  TryOffer(item, now, out);
  return out;
}

std::vector<contact::Offer> Router::Tick(Timestamp now) {
  std::vector<contact::Offer> out;
  std::vector<std::int64_t> requeued;
  while (!offer_deadlines_.empty() && offer_deadlines_.begin()->first <= now) {
    const auto id = offer_deadlines_.begin()->second;
    Item& item = items_.at(id);
    AgentRec& agent = agents_.find(item.agent)->second;
    Release(agent, item, now, /*wrap_up=*/false);
    item.offer_expires.reset();
    if (options_.missed_offer_makes_unavailable) {
      // The agent is away: on break until they come back, when the call may be theirs again.
      Unindex(agent);
      agent.state = AgentState::kBreak;
      agent.reason = "missed offer";
      agent.since = now;
    } else {
      item.declined.insert(item.agent);  // Otherwise it would ring there again at once.
    }
    item.agent.clear();
    Enqueue(item);
    requeued.push_back(id);
  }
  std::vector<std::string> freed;
  while (!wrap_up_ends_.empty() && wrap_up_ends_.begin()->first <= now) {
    auto& agent = agents_.find(wrap_up_ends_.begin()->second)->second;
    wrap_up_ends_.erase(wrap_up_ends_.begin());
    if (agent.state == AgentState::kWrapUp) {
      agent.state = AgentState::kAvailable;
      agent.since = now;
      Reindex(agent);
      freed.push_back(agent.config.id);
    }
  }
  while (!overflow_times_.empty() && overflow_times_.begin()->first <= now) {
    const auto it = items_.find(overflow_times_.begin()->second);
    overflow_times_.erase(overflow_times_.begin());
    if (it != items_.end() && it->second.waiting) {
      it->second.overflowed = true;
      requeued.push_back(it->first);
    }
  }
  for (const auto id : requeued) {
    if (auto it = items_.find(id); it != items_.end() && it->second.waiting) {
      TryOffer(it->second, now, out);
    }
  }
  for (const auto& id : freed) {
    OfferTo(agents_.find(id)->second, now, out);
  }
  return out;
}

std::optional<InteractionView> Router::Interaction(std::int64_t id) const {
  const auto it = items_.find(id);
  if (it == items_.end()) {
    return std::nullopt;
  }
  return static_cast<const InteractionView&>(it->second);
}

std::optional<AgentView> Router::Agent(std::string_view id) const {
  const auto it = agents_.find(id);
  if (it == agents_.end()) {
    return std::nullopt;
  }
  const AgentRec& a = it->second;
  AgentState state = a.state;
  if (state == AgentState::kAvailable && TotalLoad(a.load) > a.pending_offers) {
    state = AgentState::kBusy;
  }
  return AgentView{a.config.id, state, a.reason, a.since, a.load, a.pending_offers};
}

std::size_t Router::Waiting(std::string_view queue) const {
  const auto it = waiting_.find(queue);
  return it == waiting_.end() ? 0 : it->second.size();
}

}  // namespace ratusz::contact
