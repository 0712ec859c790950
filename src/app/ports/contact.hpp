#pragma once

// The contact center: interactions, transcripts, agents and queue statistics; the log of
// incoming texts.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/callback.hpp"
#include "cases/case.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::app {

struct InteractionRecord {
  std::int64_t id = 0;
  std::string channel;  // contact::ChannelName: "voice", "chat", ...
  std::string queue;
  std::string address;  // The caller's number, e-mail address or chat session.
  std::string language;
  std::string subject;
  std::string external_id;  // The telephone system's call id; empty for other channels.
  std::string state;        // "waiting", "offered", "connected", "ended", "abandoned", "refused".
  std::string agent;        // Offered to, or handled by.
  Timestamp offered_at;     // When it reached the contact center.
  std::optional<Timestamp> answered_at;
  std::optional<Timestamp> ended_at;
  std::optional<Timestamp> abandoned_at;
  std::string wrap_up;  // The code the agent closed it with.
  std::string notes;
  std::string recording;  // Where the telephone system keeps the call's recording.
  std::vector<std::string> cases;
  std::string chat_token_hash;  // Chats: the hash of the resident's session secret.
  std::int64_t last_seq = 0;    // Chats: the number of the last transcript line.
};

struct ChatLine {
  std::int64_t interaction = 0;
  std::int64_t seq = 0;
  std::string sender;  // "resident", "agent:<username>", "system".
  std::string text;
  Timestamp at;
  // A line that leaves by e-mail or text: pending | sent | delivered (the phone's report) |
  // failed: <why>; empty for lines that stay in Ratusz.
  std::string delivery;
};

struct AgentProfile {
  std::string username;
  std::map<std::string, int, std::less<>> skills;  // Skill -> proficiency 1..10.
  std::vector<std::string> languages;
  std::map<std::string, int, std::less<>> capacity;  // Channel -> contacts at once.
};

struct QueueInterval {
  std::string queue;
  Timestamp start;
  std::int64_t offered = 0;
  std::int64_t answered = 0;
  std::int64_t abandoned = 0;
  double service_level = 0;
  double speed_of_answer_s = 0;
  double handle_time_s = 0;
};

// Unset fields do not filter; newest first.
struct InteractionQuery {
  std::string case_number;
  std::string address;
  std::string agent;
  std::string queue;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  int limit = 100;
};

struct RepeatCounts {
  std::int64_t contacts = 0;  // Ended contacts with a known address in the period.
  std::int64_t repeated = 0;  // Of those, followed by another from the same address in time.
  // Of `contacts`, questions answered at the contact (information requests with the outcome
  // "answered"), and how many of those came back all the same.
  std::int64_t answered_questions = 0;
  std::int64_t answered_questions_repeated = 0;
};

// A transcript line to send to the resident of an e-mail or SMS contact.
struct ContactReply {
  std::int64_t id = 0;
  InteractionRecord interaction;  // Its address opened.
  ChatLine line;
  int attempts = 0;
};

struct ReplyRecord {
  std::int64_t id = 0;
  std::string state;  // sent | pending | dead
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string error;
  Timestamp at;
};

// Writes go through the single writer in the order they are made; `Flush` runs `done` once
// everything submitted before it is durable.
class ContactStore {
 public:
  virtual ~ContactStore() = default;

  [[nodiscard]] virtual Result<std::int64_t> MaxInteractionId() = 0;
  // Inserts or replaces the interaction and its linked cases.
  virtual void SaveInteraction(InteractionRecord record, Callback<Status> done) = 0;
  virtual void AddChatLine(ChatLine line, Callback<Status> done) = 0;
  // A line for the resident of a contact whatever its state, which leaves by e-mail (e-mail
  // contacts) or by text (SMS contacts and calls: the caller's number). A line without a
  // number (seq 0) gets the one after the contact's last line; the line written is returned.
  virtual void AddReply(ChatLine line, Callback<Result<ChatLine>> done) = 0;
  // Files that came with a written contact (already in the MediaStore), and the list of them.
  virtual void AddInteractionFiles(std::int64_t interaction, std::vector<cases::Attachment> files,
                                   Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<std::vector<cases::Attachment>> InteractionFiles(
      std::int64_t interaction) = 0;
  virtual void SaveAgentProfile(AgentProfile profile, Timestamp at, Callback<Status> done) = 0;
  virtual void LogAgentState(std::string agent, std::string state, std::string reason, Timestamp at,
                             Callback<Status> done) = 0;
  virtual void SaveIntervals(std::vector<QueueInterval> intervals, Callback<Status> done) = 0;
  virtual void Flush(Callback<Status> done) = 0;

  [[nodiscard]] virtual Result<std::optional<InteractionRecord>> LoadInteraction(
      std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::optional<InteractionRecord>> InteractionOfCall(
      std::string_view external_id) = 0;
  [[nodiscard]] virtual Result<std::vector<InteractionRecord>> ListInteractions(
      const InteractionQuery& query) = 0;
  // Interactions waiting, offered or connected (at start: to be taken up again).
  [[nodiscard]] virtual Result<std::vector<InteractionRecord>> OpenInteractions() = 0;
  [[nodiscard]] virtual Result<std::vector<ChatLine>> ChatLines(std::int64_t interaction,
                                                                std::int64_t after_seq) = 0;
  [[nodiscard]] virtual Result<std::vector<AgentProfile>> AgentProfiles() = 0;
  [[nodiscard]] virtual Result<std::vector<QueueInterval>> Intervals(std::string_view queue,
                                                                     Timestamp from,
                                                                     Timestamp to) = 0;
  // Lines agents (or the system) wrote on e-mail and SMS contacts, due to leave.
  [[nodiscard]] virtual Result<std::vector<ContactReply>> DueReplies(Timestamp now, int limit) = 0;
  virtual void RecordReplies(std::vector<ReplyRecord> records, Callback<Status> done) = 0;
  // A delivery report about a reply sent as a text: the phone got it, or it failed (the line
  // is marked failed even when the sender's own record comes later). False for an unknown id.
  virtual void RecordReplyReport(std::int64_t id, bool delivered, std::string note,
                                 Callback<Result<bool>> done) = 0;
  // First-contact resolution over contacts that ended in [from, to).
  [[nodiscard]] virtual Result<RepeatCounts> Repeats(Timestamp from, Timestamp to,
                                                     std::chrono::seconds window) = 0;
};

// What was done with one incoming SMS; kept by the gateway's message id so that a replayed
// callback gets the same answer and changes nothing.
struct SmsOutcome {
  std::string action;  // case | note | interaction | stop | start | ignored
  std::string case_number;
  std::int64_t interaction = 0;
  std::string reply;  // Sent back to the resident at once (Kannel's reply), or empty.
  bool repeated = false;
};

class SmsLog {
 public:
  virtual ~SmsLog() = default;
  [[nodiscard]] virtual Result<std::optional<SmsOutcome>> SmsTaken(std::string_view id) = 0;
  virtual void RememberSms(std::string id, SmsOutcome outcome, Timestamp at,
                           Callback<Status> done) = 0;
};

}  // namespace ratusz::app
