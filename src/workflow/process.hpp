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

struct UnitRules {
  std::string department;
  std::string calendar = "office";  // BusinessCalendar id.
  std::string escalate_to;          // Department told at SLA breach; empty: the unit itself.
  bool external = false;            // An agency outside the city office, reached by webhook.
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
        EmergencyRules emergency, DuplicateRules duplicates);
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
};

// The calendar every office unit gets by default: Monday to Friday 7:30–15:30 (the hours of
// Polish city offices), closed on Polish public holidays.
CalendarSpec OfficeCalendar(TimeZone zone);

}  // namespace ratusz::workflow
