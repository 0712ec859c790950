#pragma once

// The outbox's HTTP side, through libcurl: signed webhooks, dispatches to an agency's Open311
// server (Ratusz as an Open311 client), and reading the agency's service request updates.
// Parcels of one batch are sent in parallel (curl multi), each with its own timeouts, so one
// slow agency does not hold back an emergency hand-off.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/courier.hpp"
#include "common/clock.hpp"
#include "residents/templates.hpp"
#include "workflow/time_zone.hpp"

namespace ratusz::outbound {

struct CourierOptions {
  std::string public_url;  // Links to a case in texts to residents.
  std::chrono::seconds connect_timeout{5};
  std::chrono::seconds timeout{15};
  std::size_t max_response_bytes = 1 << 20;
  std::string user_agent = "Ratusz";
  // Broadcast notices by text are cut to this many bytes (about two concatenated UCS-2 parts).
  std::size_t max_sms_text = 300;
  residents::CaseNoticeTemplates templates;  // The wording of notices about cases.
  // For e-mail to units: Polish names by "service:<code>" and "unit:<id>", and the city's time.
  std::map<std::string, std::string, std::less<>> names;
  workflow::TimeZone zone;
};

class CurlCourier final : public app::Courier {
 public:
  CurlCourier(CourierOptions options, const Clock& clock);
  std::vector<app::ParcelResult> Send(const std::vector<app::Parcel>& parcels) override;
  Result<std::vector<app::AgencyUpdate>> FetchUpdates(const workflow::DeliveryChannel& agency,
                                                      Timestamp from, Timestamp to) override;

 private:
  CourierOptions options_;
  const Clock& clock_;
};

// The parts below are pure, and tested on their own.

// The JSON a webhook carries: id (the outbox id, for the receiver to drop repeats), topic,
// case, jurisdiction_id, created_at, attempt, data (the message) and, for a resident, the
// reporter's contact.
std::string WebhookBody(const app::Parcel& parcel);
// The Open311 POST requests form for an agency: its service code (mapped), place, text with
// our case number, our api_key there.
std::string Open311RequestForm(const app::Parcel& parcel);
// The agency's id from its answer to POST requests (JSON).
Result<std::string> ParseOpen311Created(std::string_view body);
// The updates in an answer to GET servicerequestupdates.json.
Result<std::vector<app::AgencyUpdate>> ParseOpen311Updates(std::string_view body);
// The built-in wording of notices about cases.
const residents::CaseNoticeTemplates& BuiltInTemplates();
// The e-mail telling a resident about their case (topic resident.*) from its template, in the
// parcel's language (Polish, then English, when it is not known), ready for SMTP: UTF-8 text,
// Auto-Submitted (so auto-replies do not answer it), a Message-ID that names the case (a reply
// comes back to it through mailgate). A closed case's notice carries its survey link
// (`public_url`/survey/NUMBER?key=...).
std::string ResidentEmail(const app::Parcel& parcel, Timestamp now,
                          std::string_view public_url = {},
                          const residents::CaseNoticeTemplates& templates = BuiltInTemplates());
// A line written on an e-mail contact, as an answer to the resident's mail: In-Reply-To their
// message, a Message-ID naming the contact (their answer comes back to it), Auto-Submitted when
// the system wrote it.
std::string ReplyEmail(const app::Parcel& parcel, Timestamp now);
// A notice to a subscriber in their language: the request to confirm (with its link), or a
// broadcast with its topic, area and unsubscribe link; one-click List-Unsubscribe (RFC 8058).
std::string NoticeEmail(const app::Parcel& parcel, Timestamp now, std::string_view public_url);
// The same by text: "reply TAK" to confirm; a broadcast's title and text cut to `max_text`
// bytes, ending with how to stop the texts.
std::string NoticeSms(const app::Parcel& parcel, std::size_t max_text);
// A unit's task by e-mail (unit.dispatch, unit.sla_warning, unit.escalation): the case's
// category, priority, place (with a map link), text and due time in the city's time, Polish
// then English, no reporter; a Message-ID naming the case, so the unit's reply becomes a note.
std::string UnitEmail(const app::Parcel& parcel, Timestamp now, const CourierOptions& options);
// The survey link of a closed case's notice, or empty.
std::string SurveyLink(const app::Parcel& parcel, std::string_view public_url);
// The text telling a resident about their case by SMS: short, in the parcel's language (or
// Polish then English), the case number, its link, and how to stop the texts.
std::string ResidentSms(const app::Parcel& parcel, std::string_view public_url,
                        const residents::CaseNoticeTemplates& templates = BuiltInTemplates());
// Kannel's sendsms URL for the parcel: the channel's user, password and sender, the text as
// UTF-8 sent as UCS-2, and delivery reports (delivered, failed, rejected) to the channel's
// callback with the outbox id.
std::string SendSmsUrl(const app::Parcel& parcel, std::string_view text);
// The address inside "Name <address>", or the text itself.
std::string AddressOf(std::string_view mailbox);
// How an SMTP answer is taken: 2xx delivered; 4xx and no answer retried; 5xx final.
app::ParcelOutcome OutcomeOfSmtp(long smtp_code);
// How an HTTP answer is taken: 2xx delivered; 408, 425, 429, 5xx and no answer retried; any
// other refusal final.
app::ParcelOutcome OutcomeOfStatus(long http_status);

}  // namespace ratusz::outbound
