#pragma once

// Delivery of the outbox after the commit, and the agencies' way back.
//
// The dispatcher takes due outbox messages, decides where each goes (a unit's webhook or its
// agency's Open311 server, the residents' webhook, or nowhere yet), hands them to the Courier
// (the HTTP adapter) all at once, and writes each outcome: delivered; retried later with
// exponential backoff; or dead (a permanent refusal, or too many attempts), which an admin can
// replay. Agencies' status updates (pushed to a signed endpoint, or read from their Open311
// servicerequestupdates) become task state changes, each applied once.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/case_desk.hpp"
#include "app/ports.hpp"
#include "workflow/process.hpp"
#include "workflow/time_zone.hpp"

namespace ratusz::app {

// A notice to a subscriber (not an outbox message): a broadcast, or the request to confirm
// their subscriptions. Already in the subscriber's language.
struct NoticeMessage {
  std::int64_t subscriber_id = 0;
  std::string key;  // Of the confirm and unsubscribe links.
  std::string language;
  bool confirmation = false;
  bool case_update = false;  // A copy of a notice about a case they follow (Parcel::item).
  std::string title;         // A broadcast's.
  std::string text;
  std::string topics;  // The topic's name (a broadcast), or the names of those to confirm.
  std::string area;    // Where a broadcast is about ("" the whole city).
};

// One outbox message ready to leave, with what its channel needs to know.
struct Parcel {
  OutboxItem item;
  workflow::DeliveryChannel channel;
  std::string department;                   // The unit addressed, if any.
  cases::ServiceRequest about;              // The case (its place and text, for an agency).
  std::optional<cases::Reporter> reporter;  // Messages to a resident: whom to tell.
  std::string reporter_case;                // ... and the case through which they follow.
  std::string language;  // The resident's ("pl", "en"), or empty: not known (both).
  // A line written on an e-mail or SMS contact, to its resident (not an outbox message).
  std::optional<ContactReply> reply;
  std::optional<NoticeMessage> notice;
};

enum class ParcelOutcome {
  kDelivered,
  kRetry,     // Network failure, timeout, 408, 429 or 5xx: try again later.
  kRejected,  // Any other refusal: trying again will not help (a dead letter).
};

struct ParcelResult {
  ParcelOutcome outcome = ParcelOutcome::kRetry;
  std::string detail;       // What went wrong, or how it was answered.
  std::string external_id;  // An Open311 agency's service_request_id for a dispatch.
};

// A status update from an agency about the task it was given.
struct AgencyUpdate {
  std::string update_id;    // The agency's own id, so a repeat is applied once.
  std::string case_number;  // Ours, when the agency names it ...
  std::string external_id;  // ... or its own service_request_id.
  std::string status;       // Open311 / mySociety status: in_progress, fixed, closed, ...
  std::string description;
};

// The HTTP side (src/outbound): sends parcels in parallel and reads agencies' updates.
class Courier {
 public:
  virtual ~Courier() = default;
  // One result per parcel, in order.
  virtual std::vector<ParcelResult> Send(const std::vector<Parcel>& parcels) = 0;
  // The agency's public service request updates in [from, to].
  [[nodiscard]] virtual Result<std::vector<AgencyUpdate>> FetchUpdates(
      const workflow::DeliveryChannel& agency, Timestamp from, Timestamp to) = 0;
};

struct AgencyPoll {
  int applied = 0;
  // Agencies that could not be read, and updates that could not be applied (for the log).
  std::vector<std::string> problems;
};

struct ResidentPreference {
  std::string channel;   // email | sms | none
  std::string language;  // pl | en
};

struct DispatchPolicy {
  int batch = 64;
  int max_attempts = 8;
  std::chrono::seconds first_retry{30};
  std::chrono::seconds max_retry{3600};
  // Residents with no e-mail address (or no e-mail channel) but a telephone number are texted
  // through this channel (kind kSms), unless `may_text` says the number sent STOP.
  workflow::DeliveryChannel sms;
  std::string sms_country = "PL";  // For numbers written without a country code.
  std::function<bool(const std::string& e164)> may_text;
  // Quiet hours for texts, in minutes after local midnight in `zone` ([from, to), across midnight
  // when from > to); -1: none. Notices due then wait until the quiet hours end.
  int sms_quiet_from = -1;
  int sms_quiet_to = -1;
  workflow::TimeZone zone;
  // The channel a reporter with a resident's profile prefers ("email", "sms", "none") and their
  // language, or nothing when they have no profile.
  std::function<std::optional<ResidentPreference>(const cases::Reporter&)> preference;
  // Whether mail to this address came back for good: such residents are texted instead, or
  // their notices wait.
  std::function<bool(const std::string& email)> undeliverable;
};

// When the quiet hours around `now` end, or nothing when `now` is not in them.
std::optional<Timestamp> QuietUntil(Timestamp now, const workflow::TimeZone& zone, int from,
                                    int to);

// The wait before attempt `attempts + 1`: first_retry doubled per attempt, capped.
std::chrono::seconds RetryDelay(const DispatchPolicy& policy, int attempts);

// For a unit without a channel (its work queue), an Open311 agency's alerts (they stay in
// Ratusz), or residents without a channel (held); nullopt when the message must be delivered.
// The store writes such messages in their final state at once.
// `residents_by_sms`: residents can be texted, so their messages wait for the dispatcher
// even without another channel.
std::optional<Disposition> LocalDisposition(const workflow::Rules& rules, std::string_view topic,
                                            std::string_view recipient,
                                            bool residents_by_sms = false);

// The task state an agency's status stands for (nullopt: a note only).
std::optional<workflow::TaskState> TaskStateForAgencyStatus(std::string_view status);

class Dispatcher {
 public:
  // All references must outlive the dispatcher. Call from one thread at a time.
  Dispatcher(const workflow::Rules& rules, CaseStore& cases, OutboxStore& outbox, Courier& courier,
             CaseDesk& desk, const Clock& clock, DispatchPolicy policy = {});

  // Delivers one batch of due messages; returns how many were attempted.
  [[nodiscard]] Result<int> DeliverDue();
  // Reads the updates of every Open311 agency whose polling interval has passed.
  [[nodiscard]] Result<AgencyPoll> PollAgencies();

  // Applies one update from the agency behind `department` to its task (thread-safe). `done`
  // gets the case, or kAlreadyExists when this update was applied before.
  void ApplyAgencyUpdate(const std::string& department, const AgencyUpdate& update,
                         Callback<Result<workflow::CaseFile>> done);

 private:
  Parcel Route(const OutboxItem& item) const;
  // A resident who can only be texted (or prefers texts) gets the SMS channel and their number
  // in E.164; the reason it is held, if it is (the number sent STOP, no notices wanted).
  std::string TextInstead(Parcel& p) const;

  const workflow::Rules& rules_;
  CaseStore& cases_;
  OutboxStore& outbox_;
  Courier& courier_;
  CaseDesk& desk_;
  const Clock& clock_;
  DispatchPolicy policy_;
  std::map<std::string, Timestamp> last_poll_;
};

// The actor behind an agency's updates: a specialist of that unit only.
cases::Actor AgencyActor(const std::string& department);

}  // namespace ratusz::app
