#pragma once

// A case as the workflow sees it: the service request, its priority and emergency flag, and one
// task per dispatched unit with its own state and SLA clock. The workflow changes a CaseFile and
// says what happened (events) and what must leave the system (outbox messages); the store writes
// both with the new state in one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cases/case.hpp"
#include "workflow/calendar.hpp"
#include "workflow/process.hpp"

namespace ratusz::workflow {

struct SlaClock {
  Micros target{0};                        // Business time the unit has.
  Micros used{0};                          // Business time used before `running_since`.
  std::optional<Timestamp> running_since;  // Unset while paused or finished.
  std::optional<Timestamp> warn_at;        // When the warning share is reached, if running.
  std::optional<Timestamp> due_at;         // When the target is reached, if running.
  bool warned = false;
  int escalation_level = 0;
};

enum class SlaState { kOnTime, kAtRisk, kBreached, kPaused, kStopped };
std::string_view SlaStateName(SlaState state);  // "on_time", "at_risk", "breached", ...
std::optional<SlaState> ParseSlaState(std::string_view name);

struct Task {
  std::string department;
  TaskState state = TaskState::kNew;
  std::string assignee;  // Username, or empty.
  bool lead = false;
  SlaClock sla;
  std::string external_id;  // The agency's own id for this task, once it accepted the dispatch.
  Timestamp created_at;
  Timestamp updated_at;
};

struct CaseFile {
  cases::ServiceRequest request;  // Its status is the one residents see, built from the tasks.
  Priority priority = Priority::kNormal;
  bool emergency = false;
  std::int64_t version = 0;   // Optimistic concurrency: bumped by every change.
  std::string master_number;  // Set while merged into another case as its duplicate.
  std::vector<Task> tasks;

  Task* FindTask(std::string_view department);
  const Task* FindTask(std::string_view department) const;
};

// An event the workflow produced; the store adds the case, actor and time.
struct WorkflowEvent {
  cases::EventKind kind = cases::EventKind::kNote;
  std::string department;
  std::string description;
  bool is_public = false;
  std::string detail;
};

// Something that must leave the system after the commit: a message to a unit, to the resident,
// or to an agency. Delivery (webhooks, e-mail, SMS) reads the outbox.
struct OutboxMessage {
  std::string topic;      // "unit.dispatch", "resident.closed", "emergency.handoff", ...
  std::string recipient;  // A department id, or "resident".
  int priority = 5;       // 0 is the most urgent.
  std::vector<std::pair<std::string, std::string>> fields;
};

struct Change {
  std::vector<WorkflowEvent> events;
  std::vector<OutboxMessage> outbox;
  // Case numbers whose reporters now follow this case (merged duplicates).
  std::vector<std::string> new_followers;
  std::vector<std::string> dropped_followers;
  std::vector<cases::Attachment> attachments;  // Files attached by this change.

  void Append(Change other);
};

}  // namespace ratusz::workflow
