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
#include "app/ports/courier.hpp"
#include "workflow/process.hpp"
#include "workflow/time_zone.hpp"

namespace ratusz::app {

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
