#pragma once

// What leaves the system through src/outbound: the parcels the dispatcher (and the notices and
// the contact center's replies) hand to the courier, and what the courier answers.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/contact.hpp"
#include "app/ports/outbox.hpp"
#include "cases/case.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "security/crypto.hpp"
#include "workflow/process.hpp"

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

// The key in a case's survey link: derived from the case's secret token, so only those who got
// the notice (or submitted the report) can answer. The courier writes it, Surveys checks it.
inline std::string SurveyKey(std::string_view case_token) {
  return security::Fingerprint("survey:" + std::string(case_token)).substr(0, 20);
}

}  // namespace ratusz::app
