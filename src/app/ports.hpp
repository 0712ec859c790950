#pragma once

// The ports: what the use cases need from the outside world. Adapters in src/store implement
// them; tests may implement them in memory.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "cases/catalog.hpp"
#include "cases/staff.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "dedup/dedup.hpp"
#include "kb/article.hpp"
#include "residents/notices.hpp"
#include "residents/resident.hpp"
#include "workflow/case_file.hpp"
#include "workflow/workflow.hpp"

namespace ratusz::app {

template <typename T>
using Callback = std::function<void(T)>;

struct CreateCaseCommand {
  cases::ServiceRequest request;  // id, number and token are assigned by the store.
  std::string token_secret;       // The random part of the token (cases::TokenFor).
  // Idempotency: a retried POST with the same key (within the same client) returns the first
  // case. `fingerprint` is a hash of what was sent; the same key with another body is a conflict.
  std::string idempotency_key;
  std::int64_t client_id = 0;
  std::string fingerprint;
  // Runs on the writer once the case has its number: dispatches it (workflow::Workflow::Open)
  // and attaches the files that came with it. An error writes nothing.
  std::function<Result<workflow::Change>(workflow::CaseFile&)> open;
  // When set, the new case is merged into this one in the same transaction (a duplicate the
  // intake recognised, or one an agent named). A failed merge fails the whole creation when
  // `merge_required`, and is skipped otherwise.
  std::string merge_into;
  bool merge_required = false;
  std::function<Result<workflow::MergeChange>(workflow::CaseFile& duplicate,
                                              workflow::CaseFile& master)>
      merge;
  std::string actor;  // Who registered it: "open311:<client>", "user:<name>".
};

struct CreatedCase {
  cases::ServiceRequest request;
  bool replayed = false;  // True when an earlier POST with the same Idempotency-Key made it.
  bool emergency = false;
  std::string merged_into;  // The master, when the case was merged as a duplicate.
};

// A change to one or more cases decided by the workflow. The store loads the cases inside its
// write transaction, checks the version, runs `operation` and writes the new state, the events
// and the outbox messages together, or nothing.
struct CaseMutation {
  std::vector<std::string> numbers;              // Canonical; the first is the case acted on.
  std::optional<std::int64_t> expected_version;  // Of the first case; a mismatch is kConflict.
  std::string actor;
  Timestamp at;
  // An agency's status update is applied once: when (department, update id) was applied
  // before, the store writes nothing and fails with kAlreadyExists.
  std::string once_department;
  std::string once_update_id;
  // Returns one Change per case, in the order of `numbers`.
  std::function<Result<std::vector<workflow::Change>>(std::vector<workflow::CaseFile>&)> operation;
};

enum class CaseSort { kNewest, kOldest, kDueFirst, kRecentlyUpdated };

// A staff search. Empty lists and unset fields do not filter.
struct CaseSearch {
  std::vector<std::string> jurisdictions;  // Allowed jurisdictions (empty: all).
  std::vector<std::string> statuses;
  std::vector<std::string> service_codes;
  std::vector<std::string> departments;  // Cases with a task for one of these units.
  std::vector<std::string> channels;
  std::string assignee;
  std::optional<Timestamp> from;  // requested_at, inclusive.
  std::optional<Timestamp> to;
  std::optional<cases::Bounds> bbox;
  std::optional<cases::GeoPoint> near;
  double radius_m = 0;
  std::string text;                       // Words, each must match (prefixes); folded by the store.
  std::optional<workflow::SlaState> sla;  // kOnTime, kAtRisk or kBreached.
  Timestamp now;                          // For the SLA filter.
  CaseSort sort = CaseSort::kNewest;
  int limit = 50;
  int offset = 0;
};

struct CaseSearchResult {
  std::vector<workflow::CaseFile> cases;
  std::int64_t total = 0;  // Matching cases, all pages.
};

struct NewUpdate {
  std::string case_number;
  std::optional<cases::Status> status;  // Unset: the status stays as it is.
  std::string description;
  std::vector<std::string> media_urls;
  bool is_public = true;
  std::string actor;
  std::string external_id;  // The client's own update_id; a repeat returns the first event.
  Timestamp at;
};

struct RequestQuery {
  std::string jurisdiction_id;
  std::vector<std::string> numbers;  // When set, all other filters are ignored.
  std::vector<std::string> service_codes;
  std::optional<Timestamp> requested_from;  // Inclusive.
  std::optional<Timestamp> requested_to;    // Inclusive.
  std::optional<bool> open;                 // Unset: open and closed.
  int limit = 1000;
  int offset = 0;
};

struct UpdateQuery {
  std::string jurisdiction_id;
  Timestamp from;
  Timestamp to;
  int limit = 1000;
};

// Cases and their history. Writes are asynchronous: the store serialises them on one writer
// and commits several together (group commit); `done` runs on the writer's thread after the
// transaction is durable, or with the error that stopped it. Reads are synchronous and may be
// called from any thread.
class CaseStore {
 public:
  virtual ~CaseStore() = default;

  virtual void CreateCase(CreateCaseCommand command, Callback<Result<CreatedCase>> done) = 0;
  // `listener` is called on the writer's thread after each commit, once for every case the
  // commit changed, before the writers' callbacks run: caches drop what they hold of the case.
  // Set it once, before any write.
  virtual void SetChangeListener(std::function<void(std::int64_t case_id)> listener) = 0;
  virtual void AddUpdate(NewUpdate update, Callback<Result<cases::CaseEvent>> done) = 0;

  [[nodiscard]] virtual Result<std::optional<cases::ServiceRequest>> FindByNumber(
      std::string_view canonical_number) = 0;
  [[nodiscard]] virtual Result<std::optional<cases::ServiceRequest>> FindByToken(
      std::string_view token) = 0;
  [[nodiscard]] virtual Result<std::vector<cases::ServiceRequest>> ListRequests(
      const RequestQuery& query) = 0;
  // Public events in [from, to] of cases in the jurisdiction, oldest first.
  [[nodiscard]] virtual Result<std::vector<cases::CaseEvent>> ListUpdates(
      const UpdateQuery& query) = 0;

  // Case handling. `done` gets the cases as written, in the order of `numbers`.
  virtual void MutateCases(CaseMutation mutation,
                           Callback<Result<std::vector<workflow::CaseFile>>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<workflow::CaseFile>> LoadCase(
      std::string_view canonical_number) = 0;
  // Every event of the case, internal ones too, oldest first.
  [[nodiscard]] virtual Result<std::vector<cases::CaseEvent>> CaseHistory(
      std::string_view canonical_number) = 0;
  [[nodiscard]] virtual Result<CaseSearchResult> SearchCases(const CaseSearch& search) = 0;
  // Cases of the jurisdiction and services in the box and its time window, with their number,
  // service, place and time only (from an index: no case rows are read).
  [[nodiscard]] virtual Result<std::vector<dedup::Stored>> CasesInBox(
      std::string_view jurisdiction_id, const dedup::SearchBox& box, int limit) = 0;
  // Fills in status, master and text of the cases CasesInBox found (dedup::RankLazily).
  [[nodiscard]] virtual Status CompleteCandidates(std::vector<dedup::Stored>& cases) = 0;
  // Cases with a task whose SLA warning or breach is due at `now` and not yet recorded.
  [[nodiscard]] virtual Result<std::vector<std::string>> CasesDueForTimers(Timestamp now,
                                                                           int limit) = 0;
};

// --- Files attached to cases ----------------------------------------------------------------

struct StoredMedia {
  std::string kind;          // "photo" or "document".
  std::string content_type;  // Of what is stored (photos are stored as JPEG).
  std::string sha256;        // Hex; names the stored file.
  std::int64_t bytes = 0;
  int width = 0;  // Photos: of the stored picture.
  int height = 0;
};

// The attachment record of a stored file.
inline cases::Attachment AttachmentOf(const StoredMedia& stored, std::string name, bool is_public) {
  cases::Attachment a;
  a.kind = stored.kind;
  a.name = std::move(name);
  a.content_type = stored.content_type;
  a.sha256 = stored.sha256;
  a.bytes = stored.bytes;
  a.width = stored.width;
  a.height = stored.height;
  a.is_public = is_public;
  return a;
}

// Stores files durably (written and synced before Put returns). Thread-safe.
class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // Checks, cleans (photos lose their metadata) and stores; kInvalidArgument with a reason
  // when the file is not accepted.
  [[nodiscard]] virtual Result<StoredMedia> Put(std::string_view bytes, std::string_view name) = 0;
  // The stored bytes (or a photo's thumbnail).
  [[nodiscard]] virtual Result<std::string> Get(std::string_view sha256, bool thumbnail) = 0;
};

// Which files a case has (they are attached through CaseMutation, with their event).
class AttachmentIndex {
 public:
  virtual ~AttachmentIndex() = default;
  [[nodiscard]] virtual Result<std::vector<cases::Attachment>> ListAttachments(
      std::string_view canonical_number) = 0;
  // Whether some case shows the file with this hash to residents.
  [[nodiscard]] virtual Result<bool> IsPublicMedia(std::string_view sha256) = 0;
};

// --- The outbox: what must leave the system, and how its delivery went ---------------------

enum class DeliveryState { kPending, kDelivered, kDead, kHeld };
std::string_view DeliveryStateName(DeliveryState state);  // "pending", "delivered", "dead", "held"
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);

struct OutboxItem {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string case_number;
  std::string jurisdiction_id;
  std::string topic;      // "unit.dispatch", "resident.closed", ...
  std::string recipient;  // A department, "resident", or "resident:<number>" (a follower).
  int priority = 5;
  std::string payload_json;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string last_error;
  std::string channel;  // How it left, or why it is held.
  std::string receipt;  // What the network reported afterwards ("delivered to the phone").
  Timestamp created_at;
  std::optional<Timestamp> delivered_at;
};

// The outcome of one delivery attempt, written back by the dispatcher.
struct DeliveryRecord {
  std::int64_t outbox_id = 0;
  std::int64_t case_id = 0;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  Timestamp next_attempt_at;  // When pending: the next try.
  std::string error;
  std::string channel;
  // An agency accepted a dispatch: its own id for the unit's task ("forwarded" event).
  std::string department;
  std::string external_id;
  // An e-mail address the mail server refused for good: remembered as undeliverable.
  std::string refused_address;
  // A notice to the reporter that the case's followers by address get a copy of.
  bool copy_to_followers = false;
};

// What becomes of a message that does not leave the system (see LocalDisposition).
struct Disposition {
  bool held = false;    // Waits for a channel (true) or is done where it is (false).
  std::string channel;  // "work queue", "held: ...".
};
// Decides it for a topic and recipient; nullopt: the message is to be delivered.
using OutboxDisposition =
    std::function<std::optional<Disposition>(std::string_view topic, std::string_view recipient)>;

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Pending messages due at `now`, most urgent first.
  [[nodiscard]] virtual Result<std::vector<OutboxItem>> DueOutbox(Timestamp now, int limit) = 0;
  // Writes the outcomes in one transaction; a dead letter adds a "delivery_failed" event to its
  // case, an accepted agency dispatch a "forwarded" event and the task's external id.
  virtual void RecordDeliveries(std::vector<DeliveryRecord> records, Timestamp at,
                                Callback<Status> done) = 0;
  // Messages in `state`, newest first, with ids below `before_id` (0: from the newest).
  [[nodiscard]] virtual Result<std::vector<OutboxItem>> ListOutbox(DeliveryState state,
                                                                   std::int64_t before_id,
                                                                   int limit) = 0;
  // A delivered message came back (the mail server's bounce): dead, with `reason`, and a
  // delivery_failed event on its case. Nothing happens for a message not delivered (unknown,
  // or already dead: a repeated bounce).
  virtual void RecordBounce(std::int64_t id, std::string reason, Timestamp at,
                            Callback<Status> done) = 0;
  // A dead or held message becomes pending again, with its attempts reset.
  // A delivery report that the message reached the person (an SMS on their phone): noted as
  // the message's receipt (it may overtake the dispatcher's record). False: no such message.
  virtual void RecordReceipt(std::int64_t id, std::string note, Callback<Result<bool>> done) = 0;
  // E-mail addresses that cannot be reached (a permanent bounce), until they write to us again.
  virtual void RememberUndeliverable(std::string address, std::string reason, Timestamp at,
                                     Callback<Status> done) = 0;
  virtual void ForgetUndeliverable(std::string address, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<bool> IsUndeliverable(std::string_view address) = 0;
  virtual void ReplayOutbox(std::int64_t id, Timestamp now, Callback<Result<OutboxItem>> done) = 0;

  // Agencies: the case whose task at `department` has the agency's id `external_id`.
  [[nodiscard]] virtual Result<std::optional<std::string>> CaseOfExternalId(
      std::string_view department, std::string_view external_id) = 0;
  // Where reading the agency's updates stopped last time.
  [[nodiscard]] virtual Result<std::optional<Timestamp>> AgencyCursor(
      std::string_view department) = 0;
  virtual void SetAgencyCursor(std::string department, Timestamp polled_to,
                               Callback<Status> done) = 0;
};

// --- The contact center: interactions, transcripts, agents, queue statistics ---------------

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

// --- Residents and personal data ------------------------------------------------------------

// One staff access to personal data (and every change of a profile or a consent).
struct AccessEntry {
  std::int64_t id = 0;
  Timestamp at;
  std::string actor;    // "user:ala", "system".
  std::string action;   // read | recognise | export | erase | create | update | consent | withdraw
  std::string subject;  // "resident:12", "case:K7M2-QX4P"
  std::string reason;
};

// Unset fields do not filter; newest first, before `before_id` when set.
struct AccessQuery {
  std::string actor;
  std::string subject;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  std::int64_t before_id = 0;
  int limit = 100;
};

// An address subscribed to area and topic notices (see NoticeStore).
struct Subscriber {
  std::int64_t id = 0;
  std::string kind;     // email | sms
  std::string address;  // Opened.
  std::string lookup;
  std::string key;  // Opened: the key of its links.
  std::string language;
  Timestamp created_at;
  struct Pair {
    std::string topic;
    std::string area;
    std::string text_version;
    std::string channel;
    Timestamp given_at;
    std::optional<Timestamp> confirmed_at;
  };
  std::vector<Pair> subscriptions;
};

// What the city holds about a person, found by the lookups of their numbers and addresses.
struct ResidentActivity {
  std::vector<cases::ServiceRequest> cases;  // With the reporter opened; newest first.
  std::vector<InteractionRecord> interactions;
  std::vector<Subscriber> subscriptions;  // Area and topic notices to their numbers/addresses.
};

struct ErasureCounts {
  std::int64_t cases = 0;
  std::int64_t events = 0;
  std::int64_t interactions = 0;
  std::int64_t chat_lines = 0;
  std::int64_t subscribers = 0;  // Addresses deleted with their notice subscriptions.
};

// Contact details removed after the retention period.
struct RetentionCounts {
  std::int64_t cases = 0;
  std::int64_t interactions = 0;
};

// Profiles and their consents; the store seals the personal fields and keeps the lookups.
// Every write carries the access entry that explains it, written in the same transaction.
class ResidentStore {
 public:
  virtual ~ResidentStore() = default;

  // AlreadyExists (naming the field) when a number or address belongs to another profile.
  virtual void CreateResident(residents::Resident resident, AccessEntry log,
                              Callback<Result<residents::Resident>> done) = 0;
  // Replaces the profile, its contacts and consents when its version is still `version`
  // (Conflict otherwise). A profile with `erased_at` set loses its name and contacts.
  virtual void UpdateResident(residents::Resident resident, std::int64_t version, AccessEntry log,
                              Callback<Result<residents::Resident>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<residents::Resident>> LoadResident(
      std::int64_t id) = 0;
  // The profile holding this lookup (of a number or an address), if any.
  [[nodiscard]] virtual Result<std::optional<residents::Resident>> ResidentByLookup(
      std::string_view lookup) = 0;
  [[nodiscard]] virtual Result<ResidentActivity> ActivityOf(const std::vector<std::string>& lookups,
                                                            int limit) = 0;
  // Pseudonymises the person in cases, events and interactions; the profile keeps no personal
  // data; consents and the access log stay.
  // `open_contacts`: contacts still going on (the contact center has already taken their
  // address), whose resident lines are erased too.
  virtual void EraseResident(std::int64_t id, std::vector<std::int64_t> open_contacts, Timestamp at,
                             AccessEntry log, Callback<Result<ErasureCounts>> done) = 0;
  // Removes the contact details of cases closed and contacts ended before `before`, except
  // those of residents who consented to recognition.
  virtual void ForgetContacts(Timestamp before, Callback<Result<RetentionCounts>> done) = 0;

  // SMS opt-outs (STOP), by the lookup of the number.
  virtual void SetSmsOptOut(std::string lookup, bool opted_out, Timestamp at,
                            Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<bool> SmsOptedOut(std::string_view lookup) = 0;

  virtual void LogAccess(AccessEntry entry, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<std::vector<AccessEntry>> ListAccess(const AccessQuery& query) = 0;
};

// --- SMS -------------------------------------------------------------------------------------

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

// --- Surveys (S17) ---------------------------------------------------------------------------

struct SurveyAnswer {
  std::int64_t case_id = 0;
  std::optional<int> score;  // 1-5.
  bool fixed = true;
  std::string comment;
  std::string answered_by;  // web | sms
  Timestamp answered_at;
  std::string service_code;
  std::string department;
  std::string case_channel;
};

// Answers grouped by service, unit or channel.
struct SurveyGroup {
  std::string key;
  std::int64_t answers = 0;
  double average = 0;                    // Of the scores given.
  std::array<std::int64_t, 5> scores{};  // How many 1s ... 5s.
  std::int64_t not_fixed = 0;
};

class SurveyStore {
 public:
  virtual ~SurveyStore() = default;
  // False when the case was answered before (the first answer counts).
  virtual void SaveSurvey(SurveyAnswer answer, Callback<Result<bool>> done) = 0;
  // The case most recently closed since `since` whose reporter's number has this lookup.
  [[nodiscard]] virtual Result<std::optional<std::string>> LatestClosedCaseOf(
      std::string_view phone_lookup, Timestamp since) = 0;
  // `by`: service | unit | channel.
  [[nodiscard]] virtual Result<std::vector<SurveyGroup>> SurveyResults(Timestamp from, Timestamp to,
                                                                       std::string_view by) = 0;
};

// --- Area and topic notices (S16) ------------------------------------------------------------

struct SubscribeCommand {
  residents::SubscriptionRequest request;
  std::string lookup;
  std::string new_key;  // Used when the address is new.
  Timestamp at;
  // A confirmation request is sent unless one is waiting to leave, or (when nothing new was
  // asked for) one was sent to this address after this time.
  Timestamp confirm_again_after;
};

struct SubscribeOutcome {
  std::int64_t subscriber_id = 0;
  int added = 0;              // Pairs new to this address.
  bool confirmation = false;  // A confirmation request is on its way.
};

// A message of the notice outbox: a broadcast to a subscriber, or the request to confirm.
struct NoticeItem {
  std::int64_t id = 0;
  Subscriber subscriber;                          // Without its subscriptions.
  std::optional<residents::Broadcast> broadcast;  // None: the confirmation request ...
  std::optional<OutboxItem> case_notice;    // ... or a copy of a notice about a followed case.
  std::vector<std::string> pending_topics;  // For a confirmation: what to confirm.
  int attempts = 0;
  std::vector<Timestamp> sent_last_day;  // Broadcast notices sent to the subscriber lately.
};

struct NoticeRecord {
  std::int64_t id = 0;
  std::string state;  // pending | sent | dead
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string error;
};

class NoticeStore {
 public:
  virtual ~NoticeStore() = default;
  // Adds the address (sealed) if it is new, and the pairs it does not have yet, unconfirmed;
  // queues a confirmation request when something is unconfirmed.
  virtual void Subscribe(SubscribeCommand command, Callback<Result<SubscribeOutcome>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<Subscriber>> LoadSubscriber(std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::optional<Subscriber>> SubscriberByLookup(
      std::string_view lookup) = 0;
  // Confirms every pending pair of the subscriber; returns how many.
  virtual void ConfirmSubscriptions(std::int64_t id, Timestamp at, Callback<Result<int>> done) = 0;
  // Deletes the subscriber (address, pairs, waiting messages); false when there was none.
  virtual void Unsubscribe(std::int64_t id, Callback<Result<bool>> done) = 0;

  virtual void CreateBroadcast(residents::Broadcast broadcast,
                               Callback<Result<residents::Broadcast>> done) = 0;
  // Only while scheduled: FailedPrecondition once sent.
  virtual void CancelBroadcast(std::int64_t id, Callback<Result<residents::Broadcast>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<residents::Broadcast>> LoadBroadcast(
      std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::vector<residents::Broadcast>> ListBroadcasts(int limit) = 0;
  // Every scheduled broadcast due by `now` gets one message per subscriber it reaches (a
  // confirmed pair with its topic and one of its areas, or the whole city); returns the
  // broadcasts sent out.
  virtual void FanOutDue(Timestamp now, Callback<Result<int>> done) = 0;
  [[nodiscard]] virtual Result<std::vector<NoticeItem>> DueNotices(Timestamp now, int limit) = 0;
  virtual void RecordNotices(std::vector<NoticeRecord> records, Timestamp at,
                             Callback<Status> done) = 0;
};

// --- E-mail ----------------------------------------------------------------------------------

struct MailAttachment {
  std::string name;
  std::string content_type;
  std::string bytes;
};

// A message as a person would read it: headers decoded, text in UTF-8 (from HTML when the mail
// has no plain text).
struct ParsedMail {
  std::string from_address;
  std::string from_name;
  std::string subject;
  std::string message_id;               // Without the angle brackets.
  std::vector<std::string> references;  // In-Reply-To and References, without brackets.
  std::string text;
  bool from_html = false;  // The text was extracted from HTML.
  std::vector<MailAttachment> attachments;
  // Sent by a machine (auto-reply, bounce, list or bulk mail): never answered automatically.
  std::string automatic;  // Why; empty for a person's mail.
  // A delivery failure report (RFC 3464): the failed message's Message-ID, its status
  // ("5.1.1") and the recipient it could not reach.
  std::string bounced_message_id;
  std::string bounce_status;
  std::string bounce_recipient;
};

// Parses RFC 5322 messages (any charset, nested multipart). Thread-safe.
class MailParser {
 public:
  virtual ~MailParser() = default;
  [[nodiscard]] virtual Result<ParsedMail> Parse(std::string_view raw) = 0;
};

using cases::ParseRole;
using cases::Role;
using cases::RoleName;

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kAgent;
  std::vector<std::string> jurisdictions;  // Empty: all.
  std::vector<std::string> departments;
  bool disabled = false;
  Timestamp created_at;
};

struct ApiKey {
  std::int64_t id = 0;
  std::string name;    // The client application, e.g. "Mobile app".
  std::string prefix;  // First characters of the key, to tell keys apart in listings.
  Timestamp created_at;
  bool revoked = false;
};

// Staff accounts, API keys and sessions. Secrets are stored only as hashes. Thread-safe.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  [[nodiscard]] virtual Result<User> AddUser(const User& user,
                                             const std::string& password_hash) = 0;
  [[nodiscard]] virtual Result<std::vector<User>> ListUsers() = 0;
  [[nodiscard]] virtual Status SetUserDisabled(std::string_view username, bool disabled) = 0;
  // The user and their password hash.
  [[nodiscard]] virtual Result<std::optional<std::pair<User, std::string>>> FindUserByName(
      std::string_view username) = 0;

  [[nodiscard]] virtual Result<ApiKey> AddApiKey(const ApiKey& key,
                                                 const std::string& key_hash) = 0;
  [[nodiscard]] virtual Result<std::vector<ApiKey>> ListApiKeys() = 0;
  [[nodiscard]] virtual Status RevokeApiKey(std::int64_t id) = 0;
  // A key that is not revoked, by the hash of its secret.
  [[nodiscard]] virtual Result<std::optional<ApiKey>> FindApiKey(std::string_view key_hash) = 0;

  [[nodiscard]] virtual Status AddSession(std::string_view token_hash, std::int64_t user_id,
                                          Timestamp expires_at) = 0;
  // The enabled user of an unexpired session.
  [[nodiscard]] virtual Result<std::optional<User>> FindSession(std::string_view token_hash,
                                                                Timestamp now) = 0;
  [[nodiscard]] virtual Status DeleteSession(std::string_view token_hash) = 0;
};

// --- The knowledge base --------------------------------------------------------------------

// An article's published text as index terms (kb::IndexTerms of both languages).
struct KbIndexRow {
  std::string title;
  std::string keywords;
  std::string body;
};

// A new article (`article_id` 0) or a new version of one. `base_version` is the latest
// version the author saw: when another version was written since, nothing is written and the
// store fails with kConflict.
struct KbDraft {
  std::int64_t article_id = 0;
  std::int64_t base_version = 0;
  kb::Content content;
  std::string author;
  std::string reason;
  Timestamp at;
};

// Publishing or rejecting a draft, which must be the article's latest version (kConflict
// otherwise). `allowed` runs in the write transaction with the article as stored (its
// published version, or the draft when none is) and may refuse.
struct KbReview {
  std::int64_t article_id = 0;
  std::int64_t version = 0;
  bool publish = true;
  std::string reviewer;
  std::string note;
  Timestamp at;
  KbIndexRow index;  // Of the draft, replacing the article's row when published.
  std::function<Status(const kb::Article& stored, const kb::Version& draft)> allowed;
};

struct KbListQuery {
  std::string state;  // "draft": articles with a draft waiting; "expired"; empty: all.
  std::string owner_unit;
  Timestamp now;
  std::int64_t after_id = 0;  // Paging: ids above this.
  int limit = 50;
};

struct KbSearchQuery {
  std::string match;         // An FTS5 expression (kb::FtsMatch).
  bool public_only = false;  // Residents: public articles in force only.
  Timestamp now;
  int limit = 50;
};

struct KbHit {
  kb::Article article;    // Its published version.
  double text_score = 0;  // -bm25 with title and keywords weighted above the body: higher first.
};

// A contact that was a question: answered with articles, or escalated (the expert line).
struct InformationRequest {
  std::int64_t interaction_id = 0;
  std::string question;      // As the agent noted it.
  std::string question_key;  // Its folded words: equal questions group together.
  std::string topic;
  std::string outcome;  // "answered" | "escalated"
  std::vector<std::int64_t> articles;
  std::string agent;
  Timestamp at;
};

struct TopicQuestions {
  std::string topic;
  std::int64_t asked = 0;
  std::int64_t answered = 0;
  std::int64_t escalated = 0;
  std::int64_t without_article = 0;  // Answered from no article, or escalated.
};

struct AskedQuestion {
  std::string topic;
  std::string question;  // The latest wording of the group.
  std::int64_t asked = 0;
  std::int64_t without_article = 0;
};

struct QuestionReport {
  std::vector<TopicQuestions> topics;    // Most asked first.
  std::vector<AskedQuestion> questions;  // The most asked (up to 50).
  std::vector<AskedQuestion> missing;    // The most asked that no article answered (up to 50).
};

// A question to the expert line; its conversation is the transcript of contact `id`.
struct Consultation {
  std::int64_t id = 0;               // The consult contact's interaction id.
  std::int64_t for_interaction = 0;  // The resident's contact it is about (0: none).
  std::string asked_by;              // "user:<name>"
  std::string topic;
  std::string question;
  Timestamp asked_at;
  std::optional<std::int64_t> article;  // The draft made from the answer.
  std::optional<Timestamp> forwarded_at;
};

// Articles, their versions and search index, votes and information requests. Thread-safe;
// writes go through the store's single writer.
class KnowledgeStore {
 public:
  virtual ~KnowledgeStore() = default;

  virtual void SaveDraft(KbDraft draft, Callback<Result<kb::Article>> done) = 0;
  virtual void ReviewDraft(KbReview review, Callback<Result<kb::Article>> done) = 0;
  // The article with the version asked for (0: the published one, else the latest).
  [[nodiscard]] virtual Result<std::optional<kb::Article>> LoadArticle(std::int64_t id,
                                                                       std::int64_t version) = 0;
  // Every version, newest first.
  [[nodiscard]] virtual Result<std::vector<kb::Version>> ArticleVersions(std::int64_t id) = 0;
  // Articles with their latest version, by id.
  [[nodiscard]] virtual Result<std::vector<kb::Article>> ListArticles(const KbListQuery& query) = 0;
  // Published articles matching, best text score first (up to `limit`).
  [[nodiscard]] virtual Result<std::vector<KbHit>> SearchArticles(const KbSearchQuery& query) = 0;
  // The index's terms that begin with `first` (typo tolerance looks among them).
  [[nodiscard]] virtual Result<std::vector<std::string>> IndexTermsFrom(char first) = 0;
  virtual void Vote(std::int64_t article_id, bool helpful, Callback<Status> done) = 0;
  // Records (or, for the same interaction, replaces) an information request; the articles it
  // names count as having closed it.
  virtual void RecordInformationRequest(InformationRequest request, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<QuestionReport> Questions(Timestamp from, Timestamp to) = 0;

  virtual void SaveConsultation(Consultation consultation, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<std::optional<Consultation>> LoadConsultation(std::int64_t id) = 0;
  // Newest first; `asked_by` empty: everybody's.
  [[nodiscard]] virtual Result<std::vector<Consultation>> ListConsultations(
      std::string_view asked_by, int limit) = 0;
};

}  // namespace ratusz::app
