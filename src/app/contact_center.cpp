#include "app/contact_center.hpp"

#include <algorithm>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "security/crypto.hpp"

namespace ratusz::app {
namespace {

constexpr std::size_t kMaxChatChars = 4000;

std::vector<contact::QueueConfig> QueuesOf(const contact::CenterSetup& setup) {
  std::vector<contact::QueueConfig> queues;
  queues.reserve(setup.queues.size());
  for (const auto& q : setup.queues) {
    queues.push_back(q.routing);
  }
  return queues;
}

std::map<std::string, double, std::less<>> TargetsOf(const contact::CenterSetup& setup) {
  std::map<std::string, double, std::less<>> targets;
  for (const auto& q : setup.queues) {
    targets[q.routing.id] = static_cast<double>(q.routing.service_level_time.count());
  }
  return targets;
}

// A transcript line's text: 1 to kMaxChatChars bytes of UTF-8.
Status CheckLine(std::string_view text) {
  if (text.empty() || text.size() > kMaxChatChars) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a message is 1 to " + std::to_string(kMaxChatChars) + " bytes", "text");
  }
  if (!IsValidUtf8(text)) {
    return MakeError(ErrorCode::kInvalidArgument, "the message is not valid UTF-8", "text");
  }
  return {};
}

bool IsOpenState(std::string_view state) {
  return state == "waiting" || state == "offered" || state == "connected";
}

contact::AgentConfig ConfigOf(const AgentProfile& p) {
  contact::AgentConfig c;
  c.id = p.username;
  c.skills = p.skills;
  c.languages = p.languages;
  for (const auto& [channel, n] : p.capacity) {
    if (const auto parsed = contact::ParseChannel(channel)) {
      c.capacity[static_cast<std::size_t>(*parsed)] = n;
    }
  }
  return c;
}

Error NoInteraction(std::int64_t id) {
  return MakeError(ErrorCode::kNotFound, "no interaction " + std::to_string(id));
}

}  // namespace

ContactCenter::ContactCenter(contact::CenterSetup setup, const workflow::Rules& rules,
                             ContactStore& store, CaseStore& cases, const Clock& clock,
                             std::string zone_calendar)
    : setup_(std::move(setup)),
      rules_(rules),
      store_(store),
      cases_(cases),
      clock_(clock),
      zone_calendar_(std::move(zone_calendar)),
      router_(QueuesOf(setup_), setup_.routing),
      monitor_(std::make_unique<contact::Monitor>(TargetsOf(setup_))) {}

Status ContactCenter::Start() {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  RollOverDay(now);
  auto profiles = store_.AgentProfiles();
  if (!profiles) {
    return profiles.error();
  }
  for (const auto& p : profiles.value()) {
    if (auto s = router_.AddAgent(ConfigOf(p)); !s) {
      return s;
    }
    known_agents_.insert(p.username);
  }
  auto max = store_.MaxInteractionId();
  if (!max) {
    return max.error();
  }
  next_id_ = max.value() + 1;
  auto open = store_.OpenInteractions();
  if (!open) {
    return open.error();
  }
  for (auto& r : open.value()) {
    // The agents are logged out after a restart: every open contact waits again.
    r.state = "waiting";
    r.agent.clear();
    r.answered_at.reset();
    if (!router_.Arrive(r.id, r.queue, 0, now)) {
      r.state = "abandoned";  // Its queue is gone from the configuration.
      r.abandoned_at = now;
      Save(r);
      continue;
    }
    (void)monitor_->Arrived(r.id, r.queue, now);
    if (!r.chat_token_hash.empty()) {
      chats_[r.chat_token_hash] = r.id;
      residents_[r.id].left_at = now;
    }
    Save(r);
    Remember(std::move(r));
  }
  last_interval_save_ = now;
  return {};
}

void ContactCenter::SetListener(ContactListener* listener) {
  std::lock_guard lock(mutex_);
  listener_ = listener;
}

void ContactCenter::Tell(ContactNotice notice) {
  if (listener_ != nullptr) {
    listener_->Notify(notice);
  }
}

void ContactCenter::Tell(ContactNotice::Kind kind, const std::string& agent,
                         const InteractionRecord& r) {
  ContactNotice notice;
  notice.kind = kind;
  notice.agent = agent;
  notice.interaction = r;
  Tell(std::move(notice));
}

void ContactCenter::Remember(InteractionRecord r) {
  const std::int64_t id = r.id;
  if (!r.external_id.empty()) {
    calls_[r.external_id] = id;
  }
  if (IsOpenState(r.state)) {
    open_.insert(id);
  }
  live_.emplace(id, std::move(r));
}

std::map<std::int64_t, InteractionRecord>::iterator ContactCenter::Forget(
    std::map<std::int64_t, InteractionRecord>::iterator it) {
  calls_.erase(it->second.external_id);
  chats_.erase(it->second.chat_token_hash);  // The chat is over: its key opens nothing now.
  open_.erase(it->first);
  said_.erase(it->first);
  return live_.erase(it);
}

Callback<Status> ContactCenter::Written() const {
  return [sink = write_failed_](const Status& s) {
    if (!s && sink) {
      sink(s.error());
    }
  };
}

void ContactCenter::Save(const InteractionRecord& r) { store_.SaveInteraction(r, Written()); }

InteractionRecord* ContactCenter::Live(std::int64_t id) {
  const auto it = live_.find(id);
  return it == live_.end() ? nullptr : &it->second;
}

const contact::QueueSetup* ContactCenter::QueueFor(const NewContact& contact) const {
  for (const auto& q : setup_.queues) {
    if (!contact.queue.empty()
            ? q.routing.id == contact.queue
            : std::find(q.numbers.begin(), q.numbers.end(), contact.dialled) != q.numbers.end()) {
      return &q;
    }
  }
  return nullptr;
}

bool ContactCenter::IsOpen(const contact::QueueSetup& queue, Timestamp now) const {
  if (queue.calendar.empty()) {
    return true;
  }
  for (const auto& calendar : rules_.calendars()) {
    if (calendar.id() == queue.calendar) {
      return calendar.always_open() ||
             calendar.Between(now, now + std::chrono::seconds(1)) > workflow::Micros(0);
    }
  }
  return true;
}

std::string ContactCenter::AgentStateOf(const contact::AgentView& view) const {
  if (view.state == contact::AgentState::kAvailable) {
    for (const int n : view.load) {
      if (n > 0) {
        return "busy";
      }
    }
  }
  return std::string(contact::AgentStateName(view.state));
}

Routing ContactCenter::RoutingOf(const InteractionRecord& r) const {
  Routing routing;
  routing.interaction = r;
  routing.agent = r.agent;
  if (r.state == "waiting") {
    routing.action = "queue";
  } else if (r.state == "offered") {
    routing.action = "ring";
    if (const auto it = offer_expires_.find(r.id); it != offer_expires_.end()) {
      routing.offer_expires = it->second;
    }
  } else if (r.state == "connected") {
    routing.action = "connected";
  } else if (r.state == "refused") {
    routing.action = "refused";
  } else {
    routing.action = "ended";
  }
  if (IsOpenState(r.state)) {
    routing.waiting = static_cast<int>(router_.Waiting(r.queue));
  }
  return routing;
}

void ContactCenter::Sync(const std::vector<contact::Offer>& offers, Timestamp now,
                         std::optional<std::int64_t> only) {
  std::map<std::int64_t, Timestamp> expires;
  std::set<std::string, std::less<>> agents;
  for (const auto& o : offers) {
    if (o.interaction != 0) {
      expires[o.interaction] = o.expires_at;
    }
    agents.insert(o.agent);
  }
  const auto check = [&](std::int64_t id, InteractionRecord& r) {
    agents.insert(r.agent);
    if (!IsOpenState(r.state)) {
      return;
    }
    const auto view = router_.Interaction(id);
    if (!view) {
      return;
    }
    const std::string state = view->answered_at ? "connected"
                              : view->waiting   ? "waiting"
                                                : "offered";
    const auto expiry = expires.find(id);
    if (state == r.state && view->agent == r.agent && view->queue == r.queue &&
        expiry == expires.end()) {
      return;
    }
    if (r.state == "offered" && (state != "connected" || view->agent != r.agent)) {
      Tell(ContactNotice::Kind::kOfferGone, r.agent, r);
    }
    r.state = state;
    r.agent = view->agent;
    r.queue = view->queue;
    agents.insert(r.agent);
    if (view->answered_at && !r.answered_at) {
      r.answered_at = view->answered_at;
    }
    if (state != "offered") {
      offer_expires_.erase(id);
    }
    if (expiry != expires.end()) {
      offer_expires_[id] = expiry->second;
      ContactNotice offer;
      offer.kind = ContactNotice::Kind::kOffer;
      offer.agent = r.agent;
      offer.interaction = r;
      offer.expires_at = expiry->second;
      Tell(std::move(offer));
      if (access_log_ && !r.address.empty() && r.channel != "chat") {
        // The offer shows the agent who is calling (or writing): logged as a read.
        access_log_(AccessEntry{0, now, "user:" + r.agent, "read", "contact:" + std::to_string(id),
                                "offered the contact"});
      }
    }
    Tell(ContactNotice::Kind::kInteraction, r.agent, r);
    Save(r);
  };
  if (!only) {
    for (const auto id : std::vector<std::int64_t>(open_.begin(), open_.end())) {
      check(id, live_.at(id));
    }
    SyncAgents(now, known_agents_);
    return;
  }
  // One contact changed: only it, the contacts offered just now, and their agents can have.
  std::set<std::int64_t> ids{*only};
  for (const auto& [id, expiry] : expires) {
    ids.insert(id);
  }
  for (const auto id : ids) {
    if (InteractionRecord* r = Live(id)) {
      check(id, *r);
    }
  }
  SyncAgents(now, agents);
}

void ContactCenter::SyncAgents(Timestamp now, const std::set<std::string, std::less<>>& agents) {
  for (const auto& agent : agents) {
    const auto view = agent.empty() ? std::nullopt : router_.Agent(agent);
    if (!view) {
      continue;
    }
    std::string state = AgentStateOf(*view);
    auto& known = agent_states_[agent];
    if (known.first == state && known.second == view->reason) {
      continue;
    }
    known = {state, view->reason};
    const auto monitor_state = state == "busy" ? contact::AgentState::kBusy : view->state;
    (void)monitor_->AgentChanged(agent, monitor_state, now);
    store_.LogAgentState(agent, state, view->reason, now, Written());
    ContactNotice notice;
    notice.kind = ContactNotice::Kind::kAgent;
    notice.agent = agent;
    notice.state = state;
    notice.reason = view->reason;
    Tell(std::move(notice));
  }
}

Result<Routing> ContactCenter::Open(NewContact contact) {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  RollOverDay(now);
  const auto* queue = QueueFor(contact);
  if (queue == nullptr) {
    return contact.queue.empty()
               ? MakeError(ErrorCode::kNotFound,
                           "no queue answers the number '" + contact.dialled.substr(0, 40) + "'",
                           "dialled")
               : MakeError(ErrorCode::kNotFound, "no queue " + contact.queue.substr(0, 80),
                           "queue");
  }
  if (queue->routing.channel != contact.channel) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "queue " + queue->routing.id + " takes " +
                         std::string(contact::ChannelName(queue->routing.channel)) +
                         " contacts, not " + std::string(contact::ChannelName(contact.channel)),
                     "channel");
  }
  if (!contact.external_id.empty()) {
    if (const auto known = calls_.find(contact.external_id); known != calls_.end()) {
      return MakeError(ErrorCode::kAlreadyExists, "call " + contact.external_id +
                                                      " was already offered (interaction " +
                                                      std::to_string(known->second) + ")");
    }
    auto earlier = store_.InteractionOfCall(contact.external_id);
    if (!earlier) {
      return earlier.error();
    }
    if (earlier.value()) {
      return MakeError(ErrorCode::kAlreadyExists, "call " + contact.external_id +
                                                      " was already offered (interaction " +
                                                      std::to_string(earlier.value()->id) + ")");
    }
  }
  InteractionRecord r;
  r.id = next_id_++;
  r.channel = std::string(contact::ChannelName(contact.channel));
  r.queue = queue->routing.id;
  r.address = std::move(contact.address);
  r.language = contact.language.empty() ? queue->routing.language : contact.language;
  r.subject = std::move(contact.subject);
  r.external_id = std::move(contact.external_id);
  r.offered_at = now;
  const int waiting = static_cast<int>(router_.Waiting(r.queue));
  std::string refusal;
  const bool live_channel =
      contact.channel == contact::Channel::kVoice || contact.channel == contact::Channel::kChat;
  if (!live_channel) {
    // Written contacts (e-mail, SMS, fax, letters) are never turned away: they wait.
  } else if (!IsOpen(*queue, now)) {
    refusal = queue->closed_message.In(r.language);
  } else if (queue->max_waiting > 0 && waiting >= queue->max_waiting) {
    refusal = queue->full_message.In(r.language);
  }
  if (!refusal.empty()) {
    r.state = "refused";
    r.ended_at = now;
    Save(r);
    Routing routing = RoutingOf(r);
    routing.message = std::move(refusal);
    return routing;
  }
  auto offers = router_.Arrive(r.id, r.queue, contact.priority, now);
  if (!offers) {
    --next_id_;
    return offers.error();
  }
  (void)monitor_->Arrived(r.id, r.queue, now);
  r.state = "waiting";
  Save(r);
  const std::int64_t id = r.id;
  Remember(std::move(r));
  Sync(offers.value(), now, id);
  return RoutingOf(live_.at(id));
}

Result<Routing> ContactCenter::Accept(std::int64_t id, const std::string& agent) {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  auto offers = router_.Accept(id, agent, now);
  if (!offers) {
    return offers.error();
  }
  (void)monitor_->Answered(id, agent, now);
  auto touched = std::move(offers).value();
  if (const auto it = handing_over_.find(id); it != handing_over_.end()) {
    touched.push_back({0, it->second, {}, now});  // The agent who handed it over is free.
    handing_over_.erase(it);
  }
  Sync(touched, now, id);
  return RoutingOf(live_.at(id));
}

Result<Routing> ContactCenter::Decline(std::int64_t id, const std::string& agent) {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  auto offers = router_.Decline(id, agent, now);
  if (!offers) {
    return offers.error();
  }
  Sync(offers.value(), now, id);
  return RoutingOf(live_.at(id));
}

Result<Routing> ContactCenter::End(std::int64_t id) {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  InteractionRecord* r = Live(id);
  if (r == nullptr || !IsOpenState(r->state)) {
    const auto stored = store_.LoadInteraction(id);
    if (r != nullptr || (stored && stored.value())) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "interaction " + std::to_string(id) + " has already ended");
    }
    return NoInteraction(id);
  }
  auto offers = Close(*r, now);
  if (!offers) {
    return offers.error();
  }
  Routing routing = RoutingOf(*r);
  Sync(offers.value(), now, id);
  return routing;
}

Result<std::vector<contact::Offer>> ContactCenter::Close(InteractionRecord& r, Timestamp now) {
  const std::string agent = r.agent;
  const bool was_offered = r.state == "offered";
  std::vector<contact::Offer> offers;
  if (r.state == "connected") {
    auto finished = router_.Finish(r.id, now);
    if (!finished) {
      return finished.error();
    }
    offers = std::move(finished).value();
    (void)monitor_->Ended(r.id, now);
    r.state = "ended";
  } else {
    auto abandoned = router_.Abandon(r.id, now);
    if (!abandoned) {
      return abandoned.error();
    }
    offers = std::move(abandoned).value();
    (void)monitor_->Abandoned(r.id, now);
    r.state = "abandoned";
    r.abandoned_at = now;
  }
  r.ended_at = now;
  open_.erase(r.id);
  offer_expires_.erase(r.id);
  if (was_offered) {
    Tell(ContactNotice::Kind::kOfferGone, agent, r);
  }
  Tell(ContactNotice::Kind::kInteraction, agent, r);
  Save(r);
  residents_.erase(r.id);
  if (const auto it = handing_over_.find(r.id); it != handing_over_.end()) {
    offers.push_back({0, it->second, {}, now});  // Not an offer: the agent to look at again.
    handing_over_.erase(it);
  }
  return offers;
}

Result<Routing> ContactCenter::Transfer(std::int64_t id, const std::string& queue, bool warm) {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  NewContact to;
  to.queue = queue;
  const auto* target = QueueFor(to);
  if (target != nullptr && !IsOpen(*target, now)) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "queue " + queue + " is closed now: " + target->closed_message.en, "queue");
  }
  const std::string agent = Live(id) != nullptr ? Live(id)->agent : std::string();
  auto offers = router_.Transfer(id, queue, warm, now);
  if (!offers) {
    return offers.error();
  }
  if (warm) {
    handing_over_[id] = agent;
  }
  Sync(offers.value(), now, id);
  InteractionRecord& r = live_.at(id);
  if (!warm && !agent.empty()) {
    // The first agent is free of it: their console drops it.
    Tell(ContactNotice::Kind::kInteraction, agent, r);
  }
  return RoutingOf(r);
}

Result<Routing> ContactCenter::RouteOf(std::int64_t id) {
  auto r = Load(id);
  if (!r) {
    return r.error();
  }
  std::lock_guard lock(mutex_);
  return RoutingOf(r.value());
}

std::vector<std::int64_t> ContactCenter::ForgetAddresses(
    const std::function<bool(const InteractionRecord&)>& whose) {
  std::lock_guard lock(mutex_);
  std::vector<std::int64_t> ids;
  for (auto& [id, r] : live_) {
    if (!r.address.empty() && whose(r)) {
      r.address.clear();
      Save(r);
      ids.push_back(id);
    }
  }
  return ids;
}

Result<InteractionRecord> ContactCenter::Edit(
    std::int64_t id, const std::function<Status(InteractionRecord&)>& change) {
  std::lock_guard lock(mutex_);
  InteractionRecord* r = Live(id);
  std::optional<InteractionRecord> stored;
  if (r == nullptr) {
    auto loaded = store_.LoadInteraction(id);
    if (!loaded) {
      return loaded.error();
    }
    if (!loaded.value()) {
      return NoInteraction(id);
    }
    stored = std::move(loaded).value();
    r = &*stored;
  }
  if (auto s = change(*r); !s) {
    return s.error();
  }
  Save(*r);
  Tell(ContactNotice::Kind::kInteraction, r->agent, *r);
  return *r;
}

Result<InteractionRecord> ContactCenter::WrapUp(std::int64_t id, const std::string& code,
                                                const std::string& notes,
                                                const std::vector<std::string>& cases) {
  const bool known = std::any_of(setup_.wrap_up_codes.begin(), setup_.wrap_up_codes.end(),
                                 [&](const contact::WrapUpCode& c) { return c.code == code; });
  if (!known) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown wrap-up code '" + code.substr(0, 40) + "'", "code");
  }
  if (notes.size() > 10000) {
    return MakeError(ErrorCode::kInvalidArgument, "notes are longer than 10000 bytes", "notes");
  }
  std::vector<std::string> numbers;
  for (const auto& n : cases) {
    auto number = cases::NormalizeCaseNumber(n);
    if (!number) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "'" + n.substr(0, 20) + "' is not a case number", "cases");
    }
    auto found = cases_.FindByNumber(*number);
    if (!found) {
      return found.error();
    }
    if (!found.value()) {
      return MakeError(ErrorCode::kNotFound, "no case " + *number, "cases");
    }
    numbers.push_back(*number);
  }
  auto edited = Edit(id, [&](InteractionRecord& r) -> Status {
    if (IsOpenState(r.state) && r.state != "connected") {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "interaction " + std::to_string(id) + " was not answered yet");
    }
    r.wrap_up = code;
    r.notes = notes;
    for (auto& n : numbers) {
      if (std::find(r.cases.begin(), r.cases.end(), n) == r.cases.end()) {
        r.cases.push_back(n);
      }
    }
    return {};
  });
  if (edited) {
    std::lock_guard lock(mutex_);
    if (const auto it = live_.find(id); it != live_.end() && !IsOpenState(it->second.state)) {
      Forget(it);  // Wrapped up: from now on it is read from the store.
    }
  }
  return edited;
}

Result<InteractionRecord> ContactCenter::LinkCase(std::int64_t id, const std::string& number) {
  const auto canonical = cases::NormalizeCaseNumber(number);
  if (!canonical) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + number.substr(0, 20) + "' is not a case number", "case");
  }
  auto found = cases_.FindByNumber(*canonical);
  if (!found) {
    return found.error();
  }
  if (!found.value()) {
    return MakeError(ErrorCode::kNotFound, "no case " + *canonical, "case");
  }
  bool added = false;
  std::string channel;
  auto edited = Edit(id, [&](InteractionRecord& r) -> Status {
    if (std::find(r.cases.begin(), r.cases.end(), *canonical) == r.cases.end()) {
      r.cases.push_back(*canonical);
      added = true;
    }
    channel = r.channel;
    return {};
  });
  if (edited && added && channel != "voice" && channel != "fax") {
    // The resident learns the case's number where they wrote (a chat line, an e-mail or a text
    // through the contact's outbox), once however often it is linked.
    (void)Say(id, "system",
              "Zarejestrowaliśmy zgłoszenie nr " + *canonical +
                  ". Podaj ten numer, pytając o sprawę.\n\nWe registered your report " +
                  *canonical + ". Quote this number when you ask about it.",
              "case:" + *canonical);
  }
  return edited;
}

Result<InteractionRecord> ContactCenter::SetRecording(std::int64_t id,
                                                      const std::string& reference) {
  if (reference.empty() || reference.size() > 2000) {
    return MakeError(ErrorCode::kInvalidArgument, "a recording reference is 1 to 2000 characters",
                     "recording");
  }
  return Edit(id, [&](InteractionRecord& r) -> Status {
    if (r.channel != "voice") {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "interaction " + std::to_string(id) + " is a " + r.channel + ", not a call");
    }
    r.recording = reference;
    return {};
  });
}

Result<InteractionRecord> ContactCenter::Load(std::int64_t id) {
  {
    std::lock_guard lock(mutex_);
    if (const InteractionRecord* r = Live(id)) {
      return *r;
    }
  }
  auto stored = store_.LoadInteraction(id);
  if (!stored) {
    return stored.error();
  }
  if (!stored.value()) {
    return NoInteraction(id);
  }
  return *stored.value();
}

Result<std::int64_t> ContactCenter::InteractionOfCall(const std::string& external_id) {
  {
    std::lock_guard lock(mutex_);
    if (const auto known = calls_.find(external_id); known != calls_.end()) {
      return known->second;
    }
  }
  auto stored = store_.InteractionOfCall(external_id);
  if (!stored) {
    return stored.error();
  }
  if (!stored.value()) {
    return MakeError(ErrorCode::kNotFound,
                     "no call " + external_id.substr(0, 80) + " (it was never offered)", "call");
  }
  return stored.value()->id;
}

// --- Chat -------------------------------------------------------------------------------------

Result<ChatOpened> ContactCenter::OpenChat(const std::string& queue, const std::string& language,
                                           const std::string& subject) {
  ChatOpened opened;
  opened.secret = security::NewToken();
  NewContact contact;
  contact.channel = contact::Channel::kChat;
  contact.queue = queue;
  contact.language = language;
  contact.subject = subject;
  contact.address = "chat:" + security::HashToken(opened.secret).substr(0, 12);
  auto routing = Open(std::move(contact));
  if (!routing) {
    return routing.error();
  }
  opened.routing = routing.value();
  opened.interaction = routing->interaction;
  if (routing->action == "refused") {
    return opened;
  }
  std::lock_guard lock(mutex_);
  InteractionRecord& r = live_.at(opened.interaction.id);
  r.chat_token_hash = security::HashToken(opened.secret);
  chats_[r.chat_token_hash] = r.id;
  residents_[r.id].left_at = clock_.Now();
  Save(r);
  opened.interaction = r;
  return opened;
}

Result<std::int64_t> ContactCenter::ChatOfSecret(const std::string& secret) {
  std::lock_guard lock(mutex_);
  const auto it = chats_.find(security::HashToken(secret));
  if (it == chats_.end()) {
    return MakeError(ErrorCode::kUnauthenticated, "no open chat has this key");
  }
  return it->second;
}

Result<ChatLine> ContactCenter::Say(std::int64_t id, const std::string& sender,
                                    const std::string& text, const std::string& client_id,
                                    Callback<Status> durable) {
  if (auto s = CheckLine(text); !s) {
    return s.error();
  }
  std::lock_guard lock(mutex_);
  InteractionRecord* r = Live(id);
  if (r == nullptr || r->channel == "voice") {
    return MakeError(ErrorCode::kNotFound, "no open written contact " + std::to_string(id));
  }
  if (!IsOpenState(r->state)) {
    return MakeError(ErrorCode::kFailedPrecondition, "the chat has ended");
  }
  // The system writes too: the acknowledgement of a new e-mail, at any state. In a question
  // to the expert line the agent who asked stands where a resident stands in a chat.
  const bool system = sender == "system";
  const bool asking = sender == "resident" || (r->channel == "consult" && sender == r->address);
  if (!asking && !system && sender != "agent:" + r->agent) {
    return MakeError(ErrorCode::kPermissionDenied, "only the chat's agent writes in it");
  }
  if (!asking && !system && r->state != "connected") {
    return MakeError(ErrorCode::kFailedPrecondition, "accept the chat before writing in it");
  }
  if (client_id.size() > 100) {
    return MakeError(ErrorCode::kInvalidArgument, "a message id is at most 100 bytes", "id");
  }
  auto& said = said_[id];
  if (!client_id.empty()) {
    if (const auto it = said.find(sender + "\n" + client_id); it != said.end()) {
      if (durable) {
        store_.Flush(std::move(durable));  // The first write is before this barrier.
      }
      return it->second;  // A resend: it was written the first time.
    }
  }
  ChatLine line{id, ++r->last_seq, sender, text, clock_.Now(), {}};
  // The completion may run after the center is gone: it holds copies, never `this`.
  store_.AddChatLine(line, [written = Written(), durable = std::move(durable)](Status s) {
    written(s);
    if (durable) {
      durable(std::move(s));
    }
  });
  if (!client_id.empty() && said.size() < 10000) {
    said.emplace(sender + "\n" + client_id, line);
  }
  ContactNotice notice;
  notice.kind = ContactNotice::Kind::kChat;
  notice.agent = r->agent;
  notice.interaction = *r;
  notice.line = line;
  Tell(std::move(notice));
  return line;
}

void ContactCenter::Say(std::int64_t id, const std::string& sender, const std::string& text,
                        const std::string& client_id, Callback<Result<ChatLine>> done) {
  // The line's own write reports into `written`; the barrier after it, queued once Say has
  // returned, answers (both complete on the writer thread, in this order).
  auto written = std::make_shared<Status>();
  auto line = Say(id, sender, text, client_id, [written](Status s) { *written = std::move(s); });
  if (!line) {
    done(line.error());
    return;
  }
  store_.Flush([written, line = std::move(line).value(), done = std::move(done)](Status s) {
    if (!s) {
      done(s.error());
    } else if (!*written) {
      done(written->error());
    } else {
      done(line);
    }
  });
}

void ContactCenter::Reply(std::int64_t id, const std::string& sender, const std::string& text,
                          Callback<Result<ChatLine>> done) {
  auto r = Load(id);
  if (!r) {
    done(r.error());
    return;
  }
  if (r->channel != "voice" && IsOpenState(r->state)) {
    Say(id, sender, text, {}, std::move(done));
    return;
  }
  if (r->channel != "email" && r->channel != "sms" && r->channel != "voice") {
    done(MakeError(ErrorCode::kFailedPrecondition,
                   "the " + r->channel + " contact has ended and left no way to write back"));
    return;
  }
  if (r->address.empty()) {
    done(MakeError(ErrorCode::kFailedPrecondition,
                   "the contact has no address any more (erased, or past retention)"));
    return;
  }
  if (auto s = CheckLine(text); !s) {
    done(s.error());
    return;
  }
  ChatLine line{id, 0, sender, text, clock_.Now(), "pending"};
  {
    std::lock_guard lock(mutex_);
    // A contact still in memory (ended, in wrap-up) numbers the line itself, as Say would;
    // one that is only stored gets the number after its last line from the store.
    if (InteractionRecord* live = Live(id)) {
      line.seq = ++live->last_seq;
    }
    store_.AddReply(line, [written = Written(), done = std::move(done)](Result<ChatLine> added) {
      if (!added) {
        written(Status{added.error()});
      }
      done(std::move(added));
    });
  }
}

Status ContactCenter::Typing(std::int64_t id, const std::string& sender) {
  std::lock_guard lock(mutex_);
  InteractionRecord* r = Live(id);
  if (r == nullptr || r->channel != "chat" || !IsOpenState(r->state)) {
    return MakeError(ErrorCode::kNotFound, "no open chat " + std::to_string(id));
  }
  ContactNotice notice;
  notice.kind = ContactNotice::Kind::kTyping;
  notice.agent = r->agent;
  notice.interaction = *r;
  notice.from = sender;
  Tell(std::move(notice));
  return {};
}

Result<std::vector<ChatLine>> ContactCenter::Transcript(std::int64_t id, std::int64_t after) {
  return store_.ChatLines(id, after);
}

void ContactCenter::AddFiles(std::int64_t id, std::vector<cases::Attachment> files,
                             Callback<Status> done) {
  if (files.empty()) {
    return done(Status{});
  }
  store_.AddInteractionFiles(id, std::move(files), std::move(done));
}

Result<std::vector<cases::Attachment>> ContactCenter::Files(std::int64_t id) {
  return store_.InteractionFiles(id);
}

Result<cases::Attachment> ContactCenter::FileOf(const cases::Actor& actor, std::int64_t id,
                                                std::string_view sha256) {
  auto contact = Load(id);
  if (!contact) {
    return contact.error();
  }
  const bool lead = actor.role == cases::Role::kSupervisor || actor.role == cases::Role::kAdmin;
  if (!lead && actor.id != "user:" + contact->agent) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "contact " + std::to_string(id) + " is handled by another agent");
  }
  auto files = Files(id);
  if (!files) {
    return files.error();
  }
  for (auto& f : files.value()) {
    if (f.sha256 == sha256) {
      return std::move(f);
    }
  }
  return MakeError(ErrorCode::kNotFound, "contact " + std::to_string(id) + " has no such file");
}

void ContactCenter::ResidentPresent(std::int64_t id, bool present) {
  std::lock_guard lock(mutex_);
  const auto it = residents_.find(id);
  if (it == residents_.end()) {
    return;
  }
  it->second.consoles += present ? 1 : -1;
  it->second.left_at = it->second.consoles > 0 ? std::nullopt : std::optional(clock_.Now());
}

// --- Agents -----------------------------------------------------------------------------------

Status ContactCenter::SetProfile(const AgentProfile& profile) {
  for (const auto& [channel, n] : profile.capacity) {
    if (!contact::ParseChannel(channel)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "unknown channel '" + channel.substr(0, 20) + "' in capacity", "capacity");
    }
    if (n < 0 || n > 50) {
      return MakeError(ErrorCode::kInvalidArgument, "capacity for " + channel + " must be 0 to 50",
                       "capacity");
    }
  }
  std::lock_guard lock(mutex_);
  if (auto s = router_.AddAgent(ConfigOf(profile)); !s) {
    return s;
  }
  known_agents_.insert(profile.username);
  store_.SaveAgentProfile(profile, clock_.Now(), Written());
  return {};
}

Result<std::vector<AgentProfile>> ContactCenter::Profiles() { return store_.AgentProfiles(); }

Result<AgentLive> ContactCenter::SetState(const std::string& agent, contact::AgentState state,
                                          const std::string& reason) {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  if (!known_agents_.count(agent)) {
    return MakeError(ErrorCode::kNotFound,
                     agent +
                         " has no contact-center profile (skills); a supervisor sets it with "
                         "PUT /api/v1/contact/agents/" +
                         agent);
  }
  auto offers = router_.SetAgentState(agent, state, reason, now);
  if (!offers) {
    return offers.error();
  }
  Sync(offers.value(), now);
  const auto view = router_.Agent(agent);
  AgentLive live;
  live.username = agent;
  live.state = AgentStateOf(*view);
  live.reason = view->reason;
  return live;
}

void ContactCenter::ConsolePresent(const std::string& agent, bool present) {
  std::lock_guard lock(mutex_);
  auto& p = consoles_[agent];
  p.consoles += present ? 1 : -1;
  p.left_at = p.consoles > 0 ? std::nullopt : std::optional(clock_.Now());
}

bool ContactCenter::Handles(const std::string& agent, std::int64_t id) {
  std::lock_guard lock(mutex_);
  const InteractionRecord* r = Live(id);
  return r != nullptr && r->agent == agent;
}

// --- Time and monitoring ------------------------------------------------------------------------

void ContactCenter::Tick() {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  RollOverDay(now);
  auto offers = router_.Tick(now);
  // Agents whose consoles closed are logged out after the grace period; their contacts wait
  // again for others.
  for (auto& [agent, p] : consoles_) {
    if (p.consoles > 0 || !p.left_at || now - *p.left_at < setup_.agent_disconnect_grace) {
      continue;
    }
    p.left_at.reset();
    const auto view = router_.Agent(agent);
    if (view && view->state != contact::AgentState::kOffline) {
      if (auto more = router_.SetAgentState(agent, contact::AgentState::kOffline, {}, now)) {
        offers.insert(offers.end(), more->begin(), more->end());
      }
    }
  }
  // A waiting chat whose resident has gone for long is abandoned.
  std::vector<std::int64_t> left;
  for (const auto& [id, p] : residents_) {
    const InteractionRecord* r = Live(id);
    if (p.consoles == 0 && p.left_at && now - *p.left_at >= setup_.chat_abandon_after &&
        r != nullptr && IsOpenState(r->state) && r->state != "connected") {
      left.push_back(id);
    }
  }
  for (const auto id : left) {
    if (auto more = Close(live_.at(id), now)) {
      offers.insert(offers.end(), more->begin(), more->end());
    }
  }
  Sync(offers, now);
  // Ended contacts nobody wrapped up are kept in memory for a day at most.
  for (auto it = live_.begin(); it != live_.end();) {
    const auto& r = it->second;
    const bool stale =
        !IsOpenState(r.state) && r.ended_at && now - *r.ended_at > std::chrono::hours(24);
    it = stale ? Forget(it) : std::next(it);
  }
  if (now - last_interval_save_ >= std::chrono::seconds(10)) {
    SaveIntervals(false);
    last_interval_save_ = now;
  }
}

void ContactCenter::SaveIntervals(bool all) {
  std::vector<QueueInterval> rows;
  for (const auto& q : setup_.queues) {
    auto intervals = monitor_->Intervals(q.routing.id);
    const std::size_t from = all || intervals.size() < 2 ? 0 : intervals.size() - 2;
    for (std::size_t i = from; i < intervals.size(); ++i) {
      const auto& s = intervals[i].queue;
      rows.push_back({q.routing.id, intervals[i].start, s.offered, s.answered, s.abandoned,
                      s.service_level, s.average_speed_of_answer_s, s.average_handle_s});
    }
  }
  if (!rows.empty()) {
    store_.SaveIntervals(std::move(rows), Written());
  }
}

const workflow::TimeZone& ContactCenter::zone() const {
  static const workflow::TimeZone kUtc;
  const workflow::BusinessCalendar* calendar = nullptr;
  for (const auto& c : rules_.calendars()) {
    if (calendar == nullptr || c.id() == zone_calendar_) {
      calendar = &c;
    }
  }
  return calendar == nullptr ? kUtc : calendar->zone();
}

ContactCenter::Imported ContactCenter::ImportQueueLog(std::string_view text) {
  std::lock_guard lock(mutex_);
  Imported out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      continue;
    }
    if (auto s = import_feed_.Apply(line); !s) {
      ++out.refused;
      if (out.problems.size() < 100) {
        out.problems.emplace_back(std::string(line.substr(0, 200)), s.error().message);
      }
    } else {
      ++out.applied;
    }
  }
  std::vector<QueueInterval> rows;
  for (const auto& q : imported_.Queues(clock_.Now())) {
    for (const auto& i : imported_.Intervals(q.queue)) {
      const auto& st = i.queue;
      rows.push_back({q.queue, i.start, st.offered, st.answered, st.abandoned, st.service_level,
                      st.average_speed_of_answer_s, st.average_handle_s});
    }
  }
  if (!rows.empty()) {
    store_.SaveIntervals(std::move(rows), Written());
  }
  return out;
}

void ContactCenter::RollOverDay(Timestamp now) {
  const std::int64_t day =
      std::chrono::floor<std::chrono::days>(zone().ToLocal(now)).time_since_epoch().count();
  if (day == day_) {
    return;
  }
  if (day_ != 0) {
    SaveIntervals(true);
    // A new day's figures; the contacts still open carry over as arriving now.
    monitor_ = std::make_unique<contact::Monitor>(TargetsOf(setup_));
    for (const auto id : open_) {
      const InteractionRecord& r = live_.at(id);
      (void)monitor_->Arrived(id, r.queue, now);
      if (r.state == "connected") {
        (void)monitor_->Answered(id, r.agent, now);
      }
    }
    agent_states_.clear();
  }
  day_ = day;
}

ContactSnapshot ContactCenter::Live() {
  std::lock_guard lock(mutex_);
  const Timestamp now = clock_.Now();
  ContactSnapshot snapshot;
  snapshot.at = now;
  auto stats = monitor_->Queues(now);
  for (const auto& q : setup_.queues) {
    const auto it = std::find_if(stats.begin(), stats.end(), [&](const contact::QueueStats& s) {
      return s.queue == q.routing.id;
    });
    contact::QueueStats s = it != stats.end() ? *it : contact::QueueStats{};
    s.queue = q.routing.id;
    snapshot.queues.push_back(s);
  }
  std::map<std::string, contact::AgentStats, std::less<>> monitored;
  for (auto& m : monitor_->Agents(now)) {
    monitored.emplace(m.agent, std::move(m));
  }
  for (const auto& agent : known_agents_) {
    const auto view = router_.Agent(agent);
    if (!view) {
      continue;
    }
    AgentLive live;
    live.username = agent;
    live.state = AgentStateOf(*view);
    live.reason = view->reason;
    live.in_state_s = std::chrono::duration<double>(now - view->since).count();
    if (const auto m = monitored.find(agent); m != monitored.end()) {
      live.handled = m->second.handled;
      live.in_state_s = m->second.in_state_s;
    }
    for (std::size_t c = 0; c < contact::kChannels; ++c) {
      if (view->load[c] > 0) {
        live.load[std::string(contact::ChannelName(static_cast<contact::Channel>(c)))] =
            view->load[c];
      }
    }
    const auto p = consoles_.find(agent);
    live.connected = p != consoles_.end() && p->second.consoles > 0;
    snapshot.agents_by_state[live.state] += 1;
    snapshot.agents.push_back(std::move(live));
  }
  snapshot.occupancy = monitor_->Occupancy();
  return snapshot;
}

}  // namespace ratusz::app
