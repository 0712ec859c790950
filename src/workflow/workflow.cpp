#include "workflow/workflow.hpp"

#include <algorithm>
#include <cmath>

#include "common/enum_names.hpp"
#include "common/time_format.hpp"

namespace ratusz::workflow {
namespace {

using cases::Role;

constexpr NameTable<SlaState, 5> kSlaStates = {{
    {SlaState::kOnTime, "on_time"},
    {SlaState::kAtRisk, "at_risk"},
    {SlaState::kBreached, "breached"},
    {SlaState::kPaused, "paused"},
    {SlaState::kStopped, "stopped"},
}};

// How bad an SLA state is, for "the worst of the case's tasks".
int Severity(SlaState s) {
  switch (s) {
    case SlaState::kBreached:
      return 4;
    case SlaState::kAtRisk:
      return 3;
    case SlaState::kOnTime:
      return 2;
    case SlaState::kPaused:
      return 1;
    case SlaState::kStopped:
      return 0;
  }
  return 0;
}

// Which of two open statuses tells the resident more about progress.
int Progress(cases::Status s) {
  switch (s) {
    case cases::Status::kInProgress:
      return 3;
    case cases::Status::kInternalReferral:
      return 2;
    case cases::Status::kInvestigating:
      return 1;
    default:
      return 0;
  }
}

Micros Hours(double hours) {
  return Micros{static_cast<std::int64_t>(std::llround(hours * 3600.0 * 1e6))};
}

Micros Share(Micros amount, double share) {
  return Micros{static_cast<std::int64_t>(static_cast<double>(amount.count()) * share)};
}

Error Denied(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message));
}

bool IsFirstLine(Role role) {
  return role == Role::kAgent || role == Role::kSupervisor || role == Role::kAdmin;
}

int OutboxPriority(const CaseFile& file) {
  return file.emergency ? 0 : static_cast<int>(file.priority) + 1;
}

std::vector<std::pair<std::string, std::string>> CaseFields(const CaseFile& file) {
  const auto& r = file.request;
  std::vector<std::pair<std::string, std::string>> f = {
      {"case", r.number},
      {"jurisdiction_id", r.jurisdiction_id},
      {"service_code", r.service_code},
      {"priority", std::string(PriorityName(file.priority))},
      {"address", r.address},
      {"description", r.description},
  };
  if (r.location) {
    f.emplace_back("lat", std::to_string(r.location->lat));
    f.emplace_back("long", std::to_string(r.location->lon));
  }
  return f;
}

}  // namespace

std::string_view SlaStateName(SlaState state) { return NameOf(kSlaStates, state); }
std::optional<SlaState> ParseSlaState(std::string_view name) { return ValueOf(kSlaStates, name); }

Task* CaseFile::FindTask(std::string_view department) {
  for (auto& t : tasks) {
    if (t.department == department) {
      return &t;
    }
  }
  return nullptr;
}

const Task* CaseFile::FindTask(std::string_view department) const {
  return const_cast<CaseFile*>(this)->FindTask(department);
}

void Change::Append(Change other) {
  for (auto& e : other.events) {
    events.push_back(std::move(e));
  }
  for (auto& m : other.outbox) {
    outbox.push_back(std::move(m));
  }
  for (auto& n : other.new_followers) {
    new_followers.push_back(std::move(n));
  }
  for (auto& n : other.dropped_followers) {
    dropped_followers.push_back(std::move(n));
  }
  for (auto& a : other.attachments) {
    attachments.push_back(std::move(a));
  }
}

// --- Permissions ---------------------------------------------------------------------------

Status Workflow::CanView(const cases::Actor& actor, const CaseFile& file) const {
  if (!actor.ServesJurisdiction(file.request.jurisdiction_id)) {
    return Denied("case " + file.request.number + " belongs to " + file.request.jurisdiction_id +
                  ", which you do not serve");
  }
  if (actor.role == Role::kSpecialist &&
      std::none_of(file.tasks.begin(), file.tasks.end(),
                   [&](const Task& t) { return actor.InDepartment(t.department); })) {
    return Denied("case " + file.request.number +
                  " is not dispatched to your units; a specialist sees only those");
  }
  return {};
}

Status Workflow::CanRegister(const cases::Actor& actor, const CaseFile& file,
                             const char* what) const {
  if (!actor.ServesJurisdiction(file.request.jurisdiction_id)) {
    return Denied("case " + file.request.number + " belongs to " + file.request.jurisdiction_id +
                  ", which you do not serve");
  }
  if (!IsFirstLine(actor.role)) {
    return Denied("a " + std::string(cases::RoleName(actor.role)) + " may not " + what +
                  "; agents, supervisors and admins do");
  }
  return {};
}

Status Workflow::CanChangeTask(const cases::Actor& actor, const CaseFile& file,
                               std::string_view department) const {
  if (!actor.ServesJurisdiction(file.request.jurisdiction_id)) {
    return Denied("case " + file.request.number + " belongs to " + file.request.jurisdiction_id +
                  ", which you do not serve");
  }
  switch (actor.role) {
    case Role::kAdmin:
    case Role::kSupervisor:
      return {};
    case Role::kSpecialist:
      if (actor.InDepartment(department)) {
        return {};
      }
      return Denied("the task belongs to unit " + std::string(department) +
                    "; a specialist changes only tasks of their own units");
    case Role::kAgent:
      return Denied(
          "an agent registers, classifies and informs; the processing status is changed by the "
          "unit handling the case or a supervisor");
    default:
      return Denied("a " + std::string(cases::RoleName(actor.role)) +
                    " may not change a case's processing status");
  }
}

// --- Tasks and clocks ----------------------------------------------------------------------

void Workflow::AddTask(CaseFile& file, std::string_view department, bool lead, Timestamp now,
                       Change& change) const {
  const auto service = rules_.ForService(file.request.service_code, "");
  Task task;
  task.department = std::string(department);
  task.lead = lead;
  task.created_at = now;
  task.updated_at = now;
  task.sla.target = Hours(service.sla_hours[static_cast<std::size_t>(file.priority)]);
  file.tasks.push_back(std::move(task));
  MoveTask(file, file.tasks.back(), TaskState::kNew, now);
  change.events.push_back({cases::EventKind::kDispatched, std::string(department), "", false,
                           std::string(PriorityName(file.priority))});
  OutboxMessage m{"unit.dispatch", std::string(department), OutboxPriority(file), CaseFields(file)};
  if (const auto& due = file.tasks.back().sla.due_at) {
    m.fields.emplace_back("due_at", FormatW3c(*due));
  }
  change.outbox.push_back(std::move(m));
}

void Workflow::MoveTask(CaseFile& file, Task& task, TaskState to, Timestamp now) const {
  const auto& calendar = rules_.CalendarOf(task.department);
  const auto& process = rules_.ProcessFor(rules_.ForService(file.request.service_code, ""));
  SlaClock& clock = task.sla;
  if (clock.running_since) {
    clock.used += calendar.Between(*clock.running_since, now);
    clock.running_since.reset();
  }
  task.state = to;
  task.updated_at = now;
  clock.warn_at.reset();
  clock.due_at.reset();
  if (IsFinished(to) || process.Pauses(to)) {
    return;
  }
  clock.running_since = now;
  const Micros warn_after = Share(clock.target, process.warn_share);
  clock.warn_at = clock.used >= warn_after ? now : calendar.Add(now, warn_after - clock.used);
  clock.due_at = clock.used >= clock.target ? now : calendar.Add(now, clock.target - clock.used);
}

SlaState Workflow::SlaOf(const Task& task, Timestamp now) const {
  if (IsFinished(task.state)) {
    return SlaState::kStopped;
  }
  if (!task.sla.running_since) {
    return SlaState::kPaused;
  }
  if (task.sla.due_at && *task.sla.due_at <= now) {
    return SlaState::kBreached;
  }
  if (task.sla.warn_at && *task.sla.warn_at <= now) {
    return SlaState::kAtRisk;
  }
  return SlaState::kOnTime;
}

SlaState Workflow::SlaOf(const CaseFile& file, Timestamp now) const {
  SlaState worst = SlaState::kStopped;
  for (const auto& t : file.tasks) {
    const SlaState s = SlaOf(t, now);
    if (Severity(s) > Severity(worst)) {
      worst = s;
    }
  }
  return worst;
}

void Workflow::Settle(CaseFile& file, std::string_view public_note, Change& change) const {
  const auto service = rules_.ForService(file.request.service_code, "");
  const Task* lead = nullptr;
  for (const auto& t : file.tasks) {
    if (t.lead) {
      lead = &t;
    }
  }
  const bool by_lead = service.close_rule == CloseRule::kLeadUnit && lead != nullptr;
  cases::Status status = file.request.status;
  std::optional<Timestamp> expected;
  if (!file.master_number.empty()) {
    status = cases::Status::kDuplicate;
  } else if (!file.tasks.empty()) {
    const bool lead_done = by_lead && IsFinished(lead->state);
    const bool all_done = std::all_of(file.tasks.begin(), file.tasks.end(),
                                      [](const Task& t) { return IsFinished(t.state); });
    if (lead_done) {
      status = PublicStatusOf(lead->state);
    } else if (all_done) {
      const auto count = [&](TaskState s) {
        return std::count_if(file.tasks.begin(), file.tasks.end(),
                             [s](const Task& t) { return t.state == s; });
      };
      const auto n = static_cast<std::ptrdiff_t>(file.tasks.size());
      if (count(TaskState::kClosed) == n) {
        status = cases::Status::kClosed;
      } else if (count(TaskState::kClosed) + count(TaskState::kResolved) > 0) {
        status = cases::Status::kFixed;
      } else if (count(TaskState::kRejected) > 0) {
        status = cases::Status::kNotCouncilsResponsibility;
      } else {
        status = cases::Status::kDuplicate;
      }
    } else {
      status = cases::Status::kOpen;
      bool unknown = false;
      for (const auto& t : file.tasks) {
        if (t.state == TaskState::kResolved || t.state == TaskState::kClosed) {
          status = cases::Status::kInProgress;  // Work was done; the rest is still coming.
          continue;
        }
        if (IsFinished(t.state) || (by_lead && !t.lead)) {
          continue;
        }
        const auto s = PublicStatusOf(t.state);
        if (Progress(s) > Progress(status)) {
          status = s;
        }
        if (!t.sla.due_at) {
          unknown = true;  // Paused: nobody can promise a date.
        } else if (!expected || *t.sla.due_at > *expected) {
          expected = t.sla.due_at;
        }
      }
      if (unknown) {
        expected.reset();
      }
    }
  }
  file.request.expected_at = expected;
  if (!public_note.empty()) {
    file.request.status_notes = std::string(public_note);
  }
  const cases::Status before = file.request.status;
  if (status != before) {
    file.request.status = status;
    change.events.push_back(
        {cases::EventKind::kStatusChanged, "", std::string(public_note), true,
         std::string(cases::StatusName(before)) + " -> " + std::string(cases::StatusName(status))});
    // The resident (and the followers) hear of every public status change: "closed" when
    // the case ends, "status" otherwise (work started, scheduled, reopened).
    const bool closed = cases::IsOpen(before) && !cases::IsOpen(status);
    change.outbox.push_back({closed ? "resident.closed" : "resident.status",
                             "resident",
                             OutboxPriority(file),
                             {{"case", file.request.number},
                              {"status", std::string(cases::StatusName(status))},
                              {"note", std::string(public_note)}}});
  } else if (!public_note.empty()) {
    change.events.push_back({cases::EventKind::kNote, "", std::string(public_note), true, ""});
    change.outbox.push_back({"resident.note",
                             "resident",
                             OutboxPriority(file),
                             {{"case", file.request.number}, {"note", std::string(public_note)}}});
  }
}

// --- Operations ----------------------------------------------------------------------------

Change Workflow::Open(CaseFile& file, Timestamp now) const {
  Change change;
  const cases::Service* service =
      catalog_.FindService(file.request.jurisdiction_id, file.request.service_code);
  const auto process =
      rules_.ForService(file.request.service_code, service ? service->department : "");
  file.priority = process.priority;
  const auto phrase =
      rules_.EmergencyPhraseIn(file.request.title + "\n" + file.request.description);
  if (process.emergency || phrase) {
    file.emergency = true;
    file.priority = Priority::kUrgent;
    const std::string why = phrase ? "phrase: " + *phrase : "emergency service";
    change.events.push_back({cases::EventKind::kEmergency, rules_.emergency().department,
                             "Emergency: direct the caller to 112 / Zagrożenie: skieruj "
                             "dzwoniącego pod numer 112",
                             false, why});
    auto fields = CaseFields(file);
    fields.emplace_back("reason", why);
    change.outbox.push_back(
        {"emergency.handoff", rules_.emergency().department, 0, std::move(fields)});
  }
  file.tasks.clear();
  for (std::size_t i = 0; i < process.dispatch.size(); ++i) {
    AddTask(file, process.dispatch[i], i == 0, now, change);
  }
  if (!process.dispatch.empty()) {
    file.request.agency_responsible = process.dispatch.front();
  }
  change.outbox.push_back({"resident.received",
                           "resident",
                           OutboxPriority(file),
                           {{"case", file.request.number}, {"token", file.request.token}}});
  file.version = 1;
  Settle(file, "", change);
  return change;
}

Result<Change> Workflow::Classify(CaseFile& file, std::string_view service_code,
                                  const cases::Actor& actor, Timestamp now) const {
  if (auto s = CanRegister(actor, file, "classify a case"); !s) {
    return s.error();
  }
  const cases::Service* service = catalog_.FindService(file.request.jurisdiction_id, service_code);
  if (service == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     "no service '" + std::string(service_code.substr(0, 64)) + "' in " +
                         file.request.jurisdiction_id,
                     "service_code");
  }
  if (!file.master_number.empty()) {
    return MakeError(ErrorCode::kConflict, "case " + file.request.number + " is a duplicate of " +
                                               file.master_number + "; unmerge it first");
  }
  if (service_code == file.request.service_code) {
    return MakeError(ErrorCode::kConflict,
                     "case " + file.request.number + " already is " + std::string(service_code),
                     "service_code");
  }
  Change change;
  const std::string before = file.request.service_code;
  file.request.service_code = std::string(service_code);
  const auto process = rules_.ForService(service_code, service->department);
  // Units that had not started leave; units already at work keep their task.
  std::vector<Task> kept;
  for (auto& t : file.tasks) {
    const bool wanted = std::find(process.dispatch.begin(), process.dispatch.end(), t.department) !=
                        process.dispatch.end();
    if (t.state == TaskState::kNew && !wanted) {
      change.events.push_back(
          {cases::EventKind::kTaskStatus, t.department, "", false, "new -> withdrawn"});
      continue;
    }
    t.lead = false;
    kept.push_back(std::move(t));
  }
  file.tasks = std::move(kept);
  change.events.push_back(
      {cases::EventKind::kClassified, "", "", false, before + " -> " + file.request.service_code});
  if (process.emergency && !file.emergency) {
    file.emergency = true;
    file.priority = Priority::kUrgent;
    change.events.push_back({cases::EventKind::kEmergency, rules_.emergency().department,
                             "Emergency: direct the caller to 112 / Zagrożenie: skieruj "
                             "dzwoniącego pod numer 112",
                             false, "emergency service"});
    change.outbox.push_back(
        {"emergency.handoff", rules_.emergency().department, 0, CaseFields(file)});
  }
  for (std::size_t i = 0; i < process.dispatch.size(); ++i) {
    if (Task* existing = file.FindTask(process.dispatch[i])) {
      existing->lead = i == 0;
    } else {
      AddTask(file, process.dispatch[i], i == 0, now, change);
    }
  }
  if (!process.dispatch.empty()) {
    file.request.agency_responsible = process.dispatch.front();
  }
  ++file.version;
  Settle(file, "", change);
  return change;
}

Result<Change> Workflow::Dispatch(CaseFile& file, std::string_view department,
                                  std::string_view assignee, const cases::Actor& actor,
                                  Timestamp now) const {
  const cases::Department* unit = catalog_.FindDepartment(department);
  if (unit == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     "no unit '" + std::string(department.substr(0, 64)) + "'", "department");
  }
  Task* task = file.FindTask(department);
  const bool own_unit = actor.role == Role::kSpecialist && actor.InDepartment(department);
  if (task == nullptr || !own_unit) {
    if (auto s = CanRegister(actor, file, "dispatch a case to a unit"); !s) {
      return s.error();
    }
  } else if (auto s = CanView(actor, file); !s) {
    return s.error();
  }
  if (!file.master_number.empty()) {
    return MakeError(ErrorCode::kConflict, "case " + file.request.number + " is a duplicate of " +
                                               file.master_number + "; dispatch the master case");
  }
  Change change;
  if (task == nullptr) {
    AddTask(file, department, file.tasks.empty(), now, change);
    task = &file.tasks.back();
    change.outbox.push_back({"resident.dispatched",
                             "resident",
                             OutboxPriority(file),
                             {{"case", file.request.number}, {"department", unit->id}}});
  } else if (assignee.empty() || assignee == task->assignee) {
    return MakeError(
        ErrorCode::kConflict,
        "case " + file.request.number + " is already dispatched to " + std::string(department));
  }
  if (!assignee.empty() && assignee != task->assignee) {
    task->assignee = std::string(assignee);
    task->updated_at = now;
    change.events.push_back(
        {cases::EventKind::kAssigned, task->department, "", false, task->assignee});
  }
  ++file.version;
  Settle(file, "", change);
  return change;
}

Result<Change> Workflow::SetTaskState(CaseFile& file, std::string_view department, TaskState to,
                                      std::string_view note, bool public_note,
                                      const cases::Actor& actor, Timestamp now) const {
  if (auto s = CanChangeTask(actor, file, department); !s) {
    return s.error();
  }
  Task* task = file.FindTask(department);
  if (task == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     "case " + file.request.number + " has no task for unit '" +
                         std::string(department.substr(0, 64)) + "'",
                     "department");
  }
  const auto& process = rules_.ProcessFor(rules_.ForService(file.request.service_code, ""));
  if (!process.Allows(task->state, to)) {
    std::string allowed;
    if (const auto it = process.transitions.find(task->state); it != process.transitions.end()) {
      for (const auto s : it->second) {
        allowed += (allowed.empty() ? "" : ", ") + std::string(TaskStateName(s));
      }
    }
    return MakeError(ErrorCode::kConflict,
                     "the task of " + task->department + " cannot go from " +
                         std::string(TaskStateName(task->state)) + " to " +
                         std::string(TaskStateName(to)) +
                         " (allowed: " + (allowed.empty() ? "none" : allowed) + ")",
                     "status");
  }
  Change change;
  const std::string from(TaskStateName(task->state));
  MoveTask(file, *task, to, now);
  change.events.push_back({cases::EventKind::kTaskStatus, task->department,
                           public_note ? "" : std::string(note), false,
                           from + " -> " + std::string(TaskStateName(to))});
  if (to == TaskState::kAcknowledged && task->lead) {
    // The unit in charge has taken the case on: the resident hears so.
    change.outbox.push_back({"resident.acknowledged",
                             "resident",
                             OutboxPriority(file),
                             {{"case", file.request.number}, {"department", task->department}}});
  }
  ++file.version;
  Settle(file, public_note ? note : std::string_view{}, change);
  return change;
}

Status Workflow::CanInform(const cases::Actor& actor, const CaseFile& file,
                           const char* what) const {
  if (actor.role == Role::kSpecialist) {
    return CanView(actor, file);
  }
  return CanRegister(actor, file, what);
}

Result<Change> Workflow::Attach(CaseFile& file, cases::Attachment attachment,
                                std::string_view public_url, const cases::Actor& actor,
                                Timestamp now) const {
  if (auto s = CanInform(actor, file, "attach files to a case"); !s) {
    return s.error();
  }
  if (attachment.is_public && attachment.kind != "photo") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "only photos are shown to residents; attach documents internally", "public");
  }
  Change change;
  ++file.version;
  // The store gives a public photo's event its media URL (an Open311 update's media_url).
  change.events.push_back({cases::EventKind::kAttached, "", attachment.name, attachment.is_public,
                           attachment.kind + " " + attachment.sha256});
  if (attachment.is_public) {
    attachment.public_url = std::string(public_url);
  }
  attachment.uploaded_by = actor.id;
  attachment.created_at = now;
  change.attachments.push_back(std::move(attachment));
  return change;
}

Result<Change> Workflow::AddNote(CaseFile& file, std::string_view text, bool is_public,
                                 const cases::Actor& actor, Timestamp now) const {
  (void)now;
  if (auto s = CanInform(actor, file, "add notes to a case"); !s) {
    return s.error();
  }
  if (text.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a note needs text", "text");
  }
  Change change;
  ++file.version;
  if (is_public) {
    Settle(file, text, change);
  } else {
    change.events.push_back({cases::EventKind::kNote, "", std::string(text), false, ""});
  }
  return change;
}

Result<MergeChange> Workflow::Merge(CaseFile& duplicate, CaseFile& master,
                                    const cases::Actor& actor, Timestamp now) const {
  if (auto s = CanRegister(actor, duplicate, "merge cases"); !s) {
    return s.error();
  }
  if (auto s = CanRegister(actor, master, "merge cases"); !s) {
    return s.error();
  }
  const std::string& d = duplicate.request.number;
  const std::string& m = master.request.number;
  if (d == m) {
    return MakeError(ErrorCode::kInvalidArgument, "a case cannot be merged into itself", "into");
  }
  if (duplicate.request.jurisdiction_id != master.request.jurisdiction_id) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "cases of different jurisdictions cannot be merged (" +
                         duplicate.request.jurisdiction_id + ", " + master.request.jurisdiction_id +
                         ")",
                     "into");
  }
  if (!duplicate.master_number.empty()) {
    return MakeError(ErrorCode::kConflict,
                     "case " + d + " is already a duplicate of " + duplicate.master_number);
  }
  if (!master.master_number.empty()) {
    return MakeError(ErrorCode::kConflict,
                     "case " + m + " is itself a duplicate of " + master.master_number +
                         "; merge into " + master.master_number + " instead",
                     "into");
  }
  MergeChange out;
  for (auto& t : duplicate.tasks) {
    if (!IsFinished(t.state)) {
      const std::string from(TaskStateName(t.state));
      MoveTask(duplicate, t, TaskState::kDuplicate, now);
      out.duplicate.events.push_back(
          {cases::EventKind::kTaskStatus, t.department, "", false, from + " -> duplicate"});
    }
  }
  duplicate.master_number = m;
  out.duplicate.events.push_back({cases::EventKind::kMerged, "", "", false, "into " + m});
  ++duplicate.version;
  Settle(duplicate, "Zgłoszenie połączone z " + m + " / Merged with " + m, out.duplicate);
  out.master.events.push_back({cases::EventKind::kMerged, "", "", false, "from " + d});
  out.master.new_followers.push_back(d);
  ++master.version;
  return out;
}

Result<MergeChange> Workflow::Unmerge(CaseFile& duplicate, CaseFile& master,
                                      const cases::Actor& actor, Timestamp now) const {
  if (auto s = CanRegister(actor, duplicate, "unmerge cases"); !s) {
    return s.error();
  }
  if (duplicate.master_number != master.request.number) {
    return MakeError(ErrorCode::kConflict, "case " + duplicate.request.number +
                                               " is not a duplicate of " + master.request.number);
  }
  MergeChange out;
  duplicate.master_number.clear();
  for (auto& t : duplicate.tasks) {
    if (t.state == TaskState::kDuplicate) {
      MoveTask(duplicate, t, TaskState::kReopened, now);
      out.duplicate.events.push_back(
          {cases::EventKind::kTaskStatus, t.department, "", false, "duplicate -> reopened"});
    }
  }
  out.duplicate.events.push_back(
      {cases::EventKind::kUnmerged, "", "", false, "from " + master.request.number});
  ++duplicate.version;
  Settle(duplicate, "", out.duplicate);
  out.master.events.push_back(
      {cases::EventKind::kUnmerged, "", "", false, "removed " + duplicate.request.number});
  out.master.dropped_followers.push_back(duplicate.request.number);
  ++master.version;
  return out;
}

Change Workflow::Tick(CaseFile& file, Timestamp now) const {
  Change change;
  for (auto& t : file.tasks) {
    if (!t.sla.running_since) {
      continue;
    }
    if (!t.sla.warned && t.sla.warn_at && *t.sla.warn_at <= now) {
      t.sla.warned = true;
      change.events.push_back({cases::EventKind::kSlaWarning, t.department, "", false,
                               "due " + FormatW3c(*t.sla.due_at)});
      auto fields = CaseFields(file);
      fields.emplace_back("due_at", FormatW3c(*t.sla.due_at));
      change.outbox.push_back(
          {"unit.sla_warning", t.department, OutboxPriority(file), std::move(fields)});
    }
    if (t.sla.escalation_level == 0 && t.sla.due_at && *t.sla.due_at <= now) {
      t.sla.escalation_level = 1;
      const std::string& to = rules_.Unit(t.department).escalate_to;
      const std::string target = to.empty() ? t.department : to;
      change.events.push_back(
          {cases::EventKind::kEscalated, t.department, "", false, "level 1 -> " + target});
      auto fields = CaseFields(file);
      fields.emplace_back("unit", t.department);
      fields.emplace_back("due_at", FormatW3c(*t.sla.due_at));
      change.outbox.push_back({"unit.escalation", target, OutboxPriority(file), std::move(fields)});
    }
  }
  return change;  // Timers do not bump the version: staff looking at the case lose nothing.
}

}  // namespace ratusz::workflow
