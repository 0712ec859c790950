#pragma once

// The contact center as a use case: the routing engine (contact::Router) and the live
// statistics (contact::Monitor) behind one lock, fed by the telephone system (CTI events),
// agents' consoles and residents' chats, written through the ContactStore in the order things
// happen, and announced to whoever listens (the consoles' and chats' WebSockets).
//
// Every mutating call decides in memory and queues its writes; callers that must answer only
// after the writes are durable call Flush.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "cases/staff.hpp"
#include "common/clock.hpp"
#include "contact/monitor.hpp"
#include "contact/queue_log.hpp"
#include "contact/router.hpp"
#include "contact/setup.hpp"
#include "workflow/process.hpp"

namespace ratusz::app {

// Something the consoles or a resident's chat should hear about.
struct ContactNotice {
  enum class Kind {
    kOffer,        // `agent` is offered `interaction` until `expires_at`.
    kOfferGone,    // The offer to `agent` timed out or was withdrawn.
    kInteraction,  // `interaction` changed (its agent and its resident are told).
    kChat,         // A transcript line of `interaction`.
    kTyping,       // `from` is typing in `interaction`.
    kAgent,        // `agent`'s state changed (`state`, `reason`).
  };
  Kind kind = Kind::kInteraction;
  std::string agent;
  InteractionRecord interaction;
  ChatLine line;
  Timestamp expires_at;
  std::string from;
  std::string state;
  std::string reason;
};

class ContactListener {
 public:
  virtual ~ContactListener() = default;
  // Called with the center's lock held: must not call back into the center; should only queue.
  virtual void Notify(const ContactNotice& notice) = 0;
};

struct NewContact {
  contact::Channel channel = contact::Channel::kVoice;
  std::string queue;    // Or, for calls, the dialled number names it.
  std::string dialled;  // The number the caller dialled.
  std::string address;  // Caller's number, e-mail, chat session.
  std::string language;
  std::string subject;
  std::string external_id;  // The telephone system's call id.
  int priority = 0;
};

// Where a contact stands, and what a telephone system should do with the call now.
struct Routing {
  InteractionRecord interaction;
  // "ring" (the offered agent), "queue" (keep waiting), "connected", "refused" (play `message`
  // and hang up), "ended".
  std::string action;
  std::string agent;
  std::optional<Timestamp> offer_expires;
  int waiting = 0;      // Contacts waiting in the queue, this one included.
  std::string message;  // Refused: why, in the contact's language.
};

struct AgentLive {
  std::string username;
  std::string state;  // offline, available, busy, wrap_up, break
  std::string reason;
  double in_state_s = 0;
  std::int64_t handled = 0;
  std::map<std::string, int> load;  // Channel -> contacts held now.
  bool connected = false;           // A console is open.
};

struct ContactSnapshot {
  Timestamp at;
  std::vector<contact::QueueStats> queues;  // Today, in the city's time zone.
  std::vector<AgentLive> agents;
  std::map<std::string, int> agents_by_state;
  double occupancy = 0;
};

struct ChatOpened {
  InteractionRecord interaction;
  std::string secret;  // The resident's key to the chat (reconnects); only its hash is kept.
  Routing routing;
};

class ContactCenter {
 public:
  ContactCenter(contact::CenterSetup setup, const workflow::Rules& rules, ContactStore& store,
                CaseStore& cases, const Clock& clock, std::string zone_calendar = {});

  // Loads agents' profiles and takes up the interactions that were open at the last stop
  // (they wait again: their agents are logged out).
  [[nodiscard]] Status Start();
  void SetListener(ContactListener* listener);
  // Told of every write that failed (the store's completion thread); set once, before Start.
  void SetWriteFailureSink(std::function<void(const Error&)> sink) {
    write_failed_ = std::move(sink);
  }
  // Told when an agent is shown a caller's number or address (an offer): personal data seen,
  // for the access log. Set once, before Start.
  void SetAccessLog(std::function<void(AccessEntry)> log) { access_log_ = std::move(log); }
  const contact::CenterSetup& setup() const { return setup_; }

  // --- Contacts ---
  [[nodiscard]] Result<Routing> Open(NewContact contact);
  [[nodiscard]] Result<Routing> Accept(std::int64_t id, const std::string& agent);
  [[nodiscard]] Result<Routing> Decline(std::int64_t id, const std::string& agent);
  // Ends an answered contact (its agent goes to wrap-up) or abandons one still waiting.
  [[nodiscard]] Result<Routing> End(std::int64_t id);
  [[nodiscard]] Result<Routing> Transfer(std::int64_t id, const std::string& queue, bool warm);
  [[nodiscard]] Result<Routing> RouteOf(std::int64_t id);
  // Wrap-up code, notes and cases of a contact (by the agent who handled it).
  [[nodiscard]] Result<InteractionRecord> WrapUp(std::int64_t id, const std::string& code,
                                                 const std::string& notes,
                                                 const std::vector<std::string>& cases);
  // Links a case; on a written contact still going on the resident is told its number.
  [[nodiscard]] Result<InteractionRecord> LinkCase(std::int64_t id, const std::string& number);
  [[nodiscard]] Result<InteractionRecord> SetRecording(std::int64_t id,
                                                       const std::string& reference);
  [[nodiscard]] Result<InteractionRecord> Load(std::int64_t id);
  [[nodiscard]] Result<std::int64_t> InteractionOfCall(const std::string& external_id);
  // Erasure of a person: the contacts in memory (open or in wrap-up) whose address `whose`
  // names lose it; returns their ids.
  std::vector<std::int64_t> ForgetAddresses(
      const std::function<bool(const InteractionRecord&)>& whose);

  // --- Chat ---
  [[nodiscard]] Result<ChatOpened> OpenChat(const std::string& queue, const std::string& language,
                                            const std::string& subject);
  // The chat a resident's secret opens.
  [[nodiscard]] Result<std::int64_t> ChatOfSecret(const std::string& secret);
  // A line from `sender` ("resident" or "agent:<username>"). A line sent again with the same
  // `client_id` (a resend after a reconnect) is not repeated: the first one is returned.
  [[nodiscard]] Result<ChatLine> Say(std::int64_t id, const std::string& sender,
                                     const std::string& text, const std::string& client_id = {},
                                     Callback<Status> durable = {});
  // The same, for an acknowledgement: `done` runs once this very line is on disk, or with the
  // reason it is not (a refused line: at once).
  void Say(std::int64_t id, const std::string& sender, const std::string& text,
           const std::string& client_id, Callback<Result<ChatLine>> done);
  // Writes to the resident of contact `id` from its agent (or whoever answers for it, such as
  // the agent who asked the expert line): while a written contact is open, a line like any
  // other; once it ended, an e-mail contact still gets it by e-mail, and an SMS contact or a
  // call by a text to the number. A chat that ended left no way back (kFailedPrecondition).
  void Reply(std::int64_t id, const std::string& sender, const std::string& text,
             Callback<Result<ChatLine>> done);
  [[nodiscard]] Status Typing(std::int64_t id, const std::string& sender);
  [[nodiscard]] Result<std::vector<ChatLine>> Transcript(std::int64_t id, std::int64_t after);
  // Files that came with a written contact (stored in the MediaStore already).
  void AddFiles(std::int64_t id, std::vector<cases::Attachment> files, Callback<Status> done);
  [[nodiscard]] Result<std::vector<cases::Attachment>> Files(std::int64_t id);
  // One of them, for someone who may see the contact: its agent, supervisors and admins.
  [[nodiscard]] Result<cases::Attachment> FileOf(const cases::Actor& actor, std::int64_t id,
                                                 std::string_view sha256);
  void ResidentPresent(std::int64_t id, bool present);

  // --- Agents ---
  [[nodiscard]] Status SetProfile(const AgentProfile& profile);
  [[nodiscard]] Result<std::vector<AgentProfile>> Profiles();
  [[nodiscard]] Result<AgentLive> SetState(const std::string& agent, contact::AgentState state,
                                           const std::string& reason);
  // A console opened or closed. When an agent's last console has been closed for the grace
  // period, they are logged out and their contacts are routed to others.
  void ConsolePresent(const std::string& agent, bool present);
  // Whether the agent holds (or is offered) the interaction.
  bool Handles(const std::string& agent, std::int64_t id);

  // --- Time and monitoring ---
  // Offers that timed out, wrap-ups that ended, overflow, agents gone, chats left, intervals.
  void Tick();
  ContactSnapshot Live();
  void Flush(Callback<Status> done) { store_.Flush(std::move(done)); }

  // --- History and reports ---
  [[nodiscard]] Result<std::vector<InteractionRecord>> History(const InteractionQuery& query) {
    return store_.ListInteractions(query);
  }
  [[nodiscard]] Result<std::vector<QueueInterval>> Intervals(std::string_view queue, Timestamp from,
                                                             Timestamp to) {
    return store_.Intervals(queue, from, to);
  }
  // First-contact resolution of the contacts that ended in [from, to).
  [[nodiscard]] Result<RepeatCounts> Repeats(Timestamp from, Timestamp to) {
    return store_.Repeats(from, to, setup_.repeat_window);
  }
  // Asterisk queue_log lines (history or a live tail, across calls): their calls' 15-minute
  // statistics are stored per queue. Returns the lines refused, each with its reason.
  struct Imported {
    std::int64_t applied = 0;
    std::int64_t refused = 0;
    std::vector<std::pair<std::string, std::string>> problems;  // The first 100: (line, reason).
  };
  Imported ImportQueueLog(std::string_view text);
  // The time zone of "today" and of staffing weeks.
  const workflow::TimeZone& zone() const;

 private:
  struct Presence {
    int consoles = 0;
    std::optional<Timestamp> left_at;
  };

  const contact::QueueSetup* QueueFor(const NewContact& contact) const;
  bool IsOpen(const contact::QueueSetup& queue, Timestamp now) const;
  InteractionRecord* Live(std::int64_t id);
  // Keeps a record in memory (and its indexes), or lets it go.
  void Remember(InteractionRecord r);
  std::map<std::int64_t, InteractionRecord>::iterator Forget(
      std::map<std::int64_t, InteractionRecord>::iterator it);
  // Brings the records and agents in line with the router after it decided `offers`; tells
  // the listener and writes what changed. With `only`, after a change to that one contact:
  // it, the contacts in `offers` and their agents are looked at; otherwise everything.
  void Sync(const std::vector<contact::Offer>& offers, Timestamp now,
            std::optional<std::int64_t> only = std::nullopt);
  void SyncAgents(Timestamp now, const std::set<std::string, std::less<>>& agents);
  // Ends (answered) or abandons (not answered) an open contact; returns the router's offers
  // and, as offers of interaction 0, agents freed by it that were not its agent.
  Result<std::vector<contact::Offer>> Close(InteractionRecord& r, Timestamp now);
  Routing RoutingOf(const InteractionRecord& r) const;
  void Save(const InteractionRecord& r);
  Callback<Status> Written() const;  // For a queued write: a failure goes to the sink.
  void Tell(ContactNotice notice);
  // An interaction's change (or a withdrawn offer) for its agent (and its resident).
  void Tell(ContactNotice::Kind kind, const std::string& agent, const InteractionRecord& r);
  void SaveIntervals(bool all);
  void RollOverDay(Timestamp now);
  Result<InteractionRecord> Edit(std::int64_t id,
                                 const std::function<Status(InteractionRecord&)>& change);
  std::string AgentStateOf(const contact::AgentView& view) const;

  contact::CenterSetup setup_;
  const workflow::Rules& rules_;
  ContactStore& store_;
  CaseStore& cases_;
  const Clock& clock_;
  std::string zone_calendar_;  // Whose time zone makes "today" (the first calendar if empty).

  std::mutex mutex_;
  contact::Router router_;
  std::unique_ptr<contact::Monitor> monitor_;
  std::int64_t day_ = 0;  // Local day number of the monitor.
  ContactListener* listener_ = nullptr;
  std::function<void(AccessEntry)> access_log_;
  std::function<void(const Error&)> write_failed_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, InteractionRecord> live_;  // Open, or ended and not yet wrapped up.
  std::set<std::int64_t> open_;                     // Of live_: waiting, offered, connected.
  std::map<std::string, std::int64_t, std::less<>> calls_;  // Of live_: call id -> id.
  std::map<std::int64_t, Timestamp> offer_expires_;         // Interactions offered now.
  std::map<std::int64_t, std::string> handing_over_;        // Warm transfers: the first agent.
  std::map<std::string, std::int64_t> chats_;               // Secret hash -> interaction.
  std::map<std::int64_t, Presence> residents_;              // Waiting chats' residents.
  // Per chat: the client's ids of lines already written -> their numbers.
  std::map<std::int64_t, std::map<std::string, ChatLine>> said_;
  std::map<std::string, Presence, std::less<>> consoles_;
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> agent_states_;
  std::set<std::string, std::less<>> known_agents_;
  Timestamp last_interval_save_;
  contact::Monitor imported_;  // Fed by queue_log imports.
  contact::QueueLogFeed import_feed_{imported_};
};

}  // namespace ratusz::app
