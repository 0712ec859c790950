#pragma once

// Category workflows as data: the task state machine of a process, which units a service
// dispatches to, how the case closes, SLA targets per priority, and when a report is an
// emergency. Built from configuration; read-only afterwards, so safe to share between threads.

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cases/case.hpp"
#include "common/result.hpp"
#include "workflow/calendar.hpp"

namespace ratusz::workflow {

// The state of one unit's task on a case.
enum class TaskState {
  kNew,
  kAcknowledged,
  kInProgress,
  kWaitingResident,
  kWaitingThirdParty,
  kResolved,
  kClosed,
  kReopened,
  kRejected,
  kDuplicate,
};

std::string_view TaskStateName(TaskState state);  // "waiting_resident"
std::optional<TaskState> ParseTaskState(std::string_view name);
// Resolved, closed, rejected and duplicate: the unit's work is over and its SLA clock stopped.
bool IsFinished(TaskState state);
// The resident-facing (mySociety) status a task in this state stands for.
cases::Status PublicStatusOf(TaskState state);

enum class Priority { kUrgent, kHigh, kNormal, kLow };
std::string_view PriorityName(Priority priority);
std::optional<Priority> ParsePriority(std::string_view name);

// A task state machine.
struct Process {
  std::string id;
  std::map<TaskState, std::vector<TaskState>> transitions;
  std::vector<TaskState> paused;  // The SLA clock stops while a task is in one of these.
  double warn_share = 0.8;        // Warn the unit's supervisor at this share of the SLA.

  bool Allows(TaskState from, TaskState to) const;
  bool Pauses(TaskState state) const;
};

// new → acknowledged → in progress → waiting (resident / third party) → resolved → closed;
// reopened; rejected; duplicate. Paused while waiting.
Process StandardProcess();

enum class CloseRule { kAllTasks, kLeadUnit };
std::string_view CloseRuleName(CloseRule rule);

struct ServiceProcess {
  std::string service_code;
  std::string process_id = "standard";
  std::vector<std::string> dispatch;  // Departments, each gets a task; the first leads.
  CloseRule close_rule = CloseRule::kAllTasks;
  Priority priority = Priority::kNormal;  // Of a new case, unless it is an emergency.
  // SLA target in business hours of the unit's calendar, per priority (urgent..low).
  std::array<double, 4> sla_hours = {4, 24, 72, 240};
  bool emergency = false;
  // Duplicates: same or related service, within the radius, requested within the window.
  double duplicate_radius_m = 100;
  int duplicate_window_days = 30;
  std::vector<std::string> related_services;
};

// How messages for a unit (or for residents) leave the system.
enum class DeliveryKind {
  kNone,     // Nothing is sent: the unit works from its work queue in Ratusz.
  kWebhook,  // A signed JSON POST (HMAC-SHA256 with the shared secret).
  kOpen311,  // The agency's own Open311 server: a dispatch becomes a POST requests.
  kEmail,    // Residents: an e-mail (SMTP) to the reporter's address, in Polish and English.
  kSms,      // Residents: a text through Kannel's sendsms, with delivery reports.
};
std::string_view DeliveryKindName(DeliveryKind kind);  // "none", "webhook", "open311"
std::optional<DeliveryKind> ParseDeliveryKind(std::string_view name);

struct DeliveryChannel {
  DeliveryKind kind = DeliveryKind::kNone;
  std::string url;      // The webhook's URL, the agency's Open311 base (".../open311/v2"), or
                        // the SMTP server ("smtp://127.0.0.1:25").
  std::string from;     // E-mail: the sender, "Ratusz <kontakt@19115.example.pl>".
  std::string to;       // E-mail to a unit: its mailbox ("zadania@zdm.example.pl").
  std::string secret;   // Shared HMAC secret: signs our webhooks and checks their status updates.
  std::string api_key;  // Open311: our key at the agency.
  std::string jurisdiction_id;  // Open311: the agency's jurisdiction_id, when it wants one.
  std::map<std::string, std::string, std::less<>> service_codes;  // Ours -> theirs.
  int poll_seconds = 60;  // Open311: how often their servicerequestupdates are read.
  // SMS: Kannel's sendsms user (`api_key`) and password (`secret`), the sender (`from`), and
  // where Kannel reports deliveries (Ratusz's /api/v1/channels/sms/dlr, with its secret).
  std::string callback_url;
};

struct UnitRules {
  std::string department;
  std::string calendar = "office";  // BusinessCalendar id.
  std::string escalate_to;          // Department told at SLA breach; empty: the unit itself.
  bool external = false;            // An agency outside the city office.
  DeliveryChannel channel;          // How its dispatches and alerts reach it.
};

struct EmergencyRules {
  std::string department = "crisis-centre";  // Handed every emergency at once.
  // Folded (FoldForSearch) at construction. "pożar*" matches words starting so; "gaz" only
  // the whole word.
  std::vector<std::string> phrases;
};

struct DuplicateRules {
  double auto_merge_score = 0.95;  // Above it a new report is merged without asking.
  double suggest_score = 0.4;      // Candidates below are not shown.
};

// Everything the workflow needs, with lookups that never fail: a service without its own
// process dispatches to its catalog department with the standard process.
class Rules {
 public:
  Rules(std::vector<Process> processes, std::vector<BusinessCalendar> calendars,
        std::vector<UnitRules> units, std::vector<ServiceProcess> services,
        EmergencyRules emergency, DuplicateRules duplicates, DeliveryChannel resident_channel = {});
  // The standard process, an office calendar in UTC and no emergency phrases.
  Rules();

  const Process& ProcessFor(const ServiceProcess& service) const;
  // The service's process; `default_department` is used when it has no dispatch list.
  ServiceProcess ForService(std::string_view code, std::string_view default_department) const;
  // Services related to `code` in either direction of the `related` lists.
  std::vector<std::string> RelatedTo(std::string_view code) const;
  const UnitRules& Unit(std::string_view department) const;
  const BusinessCalendar& CalendarOf(std::string_view department) const;
  const EmergencyRules& emergency() const { return emergency_; }
  const DuplicateRules& duplicates() const { return duplicates_; }
  // Where messages to residents go until the channels of a later stage (e-mail, SMS) exist.
  const DeliveryChannel& resident_channel() const { return resident_channel_; }
  // Units with a channel, in id order.
  std::vector<const UnitRules*> UnitsWithChannel(DeliveryKind kind) const;
  const std::vector<BusinessCalendar>& calendars() const { return calendars_; }
  const std::vector<Process>& processes() const { return processes_; }
  // The configured emergency phrase found in `text` (a whole word or words), if any.
  std::optional<std::string> EmergencyPhraseIn(std::string_view text) const;

 private:
  std::vector<Process> processes_;
  std::vector<BusinessCalendar> calendars_;
  std::map<std::string, UnitRules, std::less<>> units_;
  std::map<std::string, ServiceProcess, std::less<>> services_;
  EmergencyRules emergency_;
  DuplicateRules duplicates_;
  DeliveryChannel resident_channel_;
};

// The calendar every office unit gets by default: Monday to Friday 7:30–15:30 (the hours of
// Polish city offices), closed on Polish public holidays.
CalendarSpec OfficeCalendar(TimeZone zone);

}  // namespace ratusz::workflow
