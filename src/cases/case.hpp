#pragma once

// A case: one resident's report or inquiry (an Open311 "service request"), and the events
// that make up its history.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace ratusz::cases {

// The processing status. The names are mySociety's extended Open311 statuses, so they go on
// the wire unchanged in service request updates; Open311 `requests` show only open/closed.
enum class Status {
  kOpen,
  kForTriage,
  kInvestigating,
  kInProgress,
  kPlanned,
  kActionScheduled,
  kInternalReferral,
  kFixed,
  kClosed,
  kDuplicate,
  kNotCouncilsResponsibility,
  kNoFurtherAction,
  kCancelled,
};

std::string_view StatusName(Status status);  // "in_progress"
// Accepts the mySociety names in any case ("IN_PROGRESS", "in_progress"); "reopen" is open.
std::optional<Status> ParseStatus(std::string_view name);
// True for statuses in which the city still has work to do (Open311 "open").
bool IsOpen(Status status);
// What a resident reads: "W realizacji" / "In progress". `lang` is "pl" or "en".
std::string_view StatusLabel(Status status, std::string_view lang);
// Open311 status_notes: the latest public note, preceded by the detailed status where Open311's
// open/closed says less ("W realizacji: Ekipa w drodze"; "Przyjęte" alone is just "open").
std::string StatusNotes(Status status, std::string_view note, std::string_view lang);

// How the report reached the city.
enum class Channel { kWeb, kApp, kPhone, kEmail, kSms, kChat, kFax, kWalkIn, kOpen311 };

std::string_view ChannelName(Channel channel);
std::optional<Channel> ParseChannel(std::string_view name);

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

struct AttributeAnswer {
  std::string code;
  std::vector<std::string> values;  // One for every type but multivaluelist.
};

// Who reported. Every field is optional: most residents stay anonymous.
struct Reporter {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone;
  std::string device_id;
  std::string account_id;

  bool Empty() const {
    return first_name.empty() && last_name.empty() && email.empty() && phone.empty() &&
           device_id.empty() && account_id.empty();
  }
};

struct ServiceRequest {
  std::int64_t id = 0;  // Internal, never shown.
  std::string number;   // Public case number, e.g. "K7M2-QX4P"; the Open311 service_request_id.
  std::string token;    // Open311 token, for clients that poll tokens/{token}.
  std::string jurisdiction_id;
  std::string service_code;
  Status status = Status::kOpen;
  std::string status_notes;
  std::string title;
  std::string description;
  std::optional<GeoPoint> location;
  std::string address;
  std::string address_id;
  std::string zipcode;
  std::vector<AttributeAnswer> attributes;
  std::vector<std::string> media_urls;
  Reporter reporter;
  Channel channel = Channel::kOpen311;
  std::string client_name;  // The Open311 application that sent it, if any.
  Timestamp requested_at;
  Timestamp updated_at;
  std::optional<Timestamp> expected_at;
  std::string agency_responsible;  // Department id.
  std::string service_notice;
};

enum class EventKind {
  kCreated,
  kStatusChanged,  // The resident-facing status changed.
  kNote,
  kClassified,  // The service (category) was set or changed.
  kDispatched,  // A unit got a task.
  kAssigned,    // A task got a person.
  kTaskStatus,  // A unit's task moved to another state.
  kSlaWarning,  // A task used the warning share of its SLA.
  kEscalated,   // A task breached its SLA.
  kEmergency,   // The report was recognised as an emergency and handed over.
  kMerged,      // Merged as a duplicate into a master case (or, on the master, received one).
  kUnmerged,
  kForwarded,       // An agency accepted a unit's dispatch (detail: its own id for it).
  kDeliveryFailed,  // A message about the case could not be delivered (a dead letter).
  kAttached,        // A photo or document was attached (public ones appear as media_url).
};

std::string_view EventKindName(EventKind kind);
std::optional<EventKind> ParseEventKind(std::string_view name);

// One entry of a case's history. Public events are Open311 service request updates.
struct CaseEvent {
  std::int64_t id = 0;  // Also the Open311 update_id.
  std::int64_t case_id = 0;
  std::string case_number;
  EventKind kind = EventKind::kCreated;
  Status status = Status::kOpen;  // The case's status after the event.
  std::string description;        // Text the resident may read (public) or staff note.
  bool is_public = true;
  std::vector<std::string> media_urls;
  std::string actor;        // "open311:<client>", "user:<name>", "system".
  std::string external_id;  // A client's own update_id, for de-duplication.
  std::string department;   // The task's unit, for task events.
  std::string detail;       // Machine-readable specifics: "pothole -> fallen-tree".
  Timestamp at;
};

// A file attached to a case: a photo (stored cleaned, with a thumbnail) or a document.
struct Attachment {
  std::int64_t id = 0;
  std::string kind;  // "photo" or "document".
  std::string name;  // As the uploader called it.
  std::string content_type;
  std::string sha256;  // Names the stored file.
  std::int64_t bytes = 0;
  int width = 0;
  int height = 0;
  bool is_public = false;  // Shown to residents (Open311 media_url, the portal).
  std::string public_url;  // Where residents see it (not stored: built from the hash).
  std::string uploaded_by;
  Timestamp created_at;
};

}  // namespace ratusz::cases
