#include "workflow/process.hpp"

#include <algorithm>
#include <array>

#include "common/enum_names.hpp"
#include "common/text.hpp"

namespace ratusz::workflow {
namespace {

constexpr NameTable<TaskState, 10> kTaskStates = {{
    {TaskState::kNew, "new"},
    {TaskState::kAcknowledged, "acknowledged"},
    {TaskState::kInProgress, "in_progress"},
    {TaskState::kWaitingResident, "waiting_resident"},
    {TaskState::kWaitingThirdParty, "waiting_third_party"},
    {TaskState::kResolved, "resolved"},
    {TaskState::kClosed, "closed"},
    {TaskState::kReopened, "reopened"},
    {TaskState::kRejected, "rejected"},
    {TaskState::kDuplicate, "duplicate"},
}};

constexpr NameTable<Priority, 4> kPriorities = {{
    {Priority::kUrgent, "urgent"},
    {Priority::kHigh, "high"},
    {Priority::kNormal, "normal"},
    {Priority::kLow, "low"},
}};

constexpr NameTable<DeliveryKind, 5> kDeliveryKinds = {{
    {DeliveryKind::kNone, "none"},
    {DeliveryKind::kWebhook, "webhook"},
    {DeliveryKind::kOpen311, "open311"},
    {DeliveryKind::kEmail, "email"},
    {DeliveryKind::kSms, "sms"},
}};

bool IsWordChar(char c) {
  return static_cast<unsigned char>(c) >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string_view TaskStateName(TaskState state) { return NameOf(kTaskStates, state); }
std::optional<TaskState> ParseTaskState(std::string_view name) {
  return ValueOf(kTaskStates, name);
}
std::string_view PriorityName(Priority priority) { return NameOf(kPriorities, priority); }
std::optional<Priority> ParsePriority(std::string_view name) { return ValueOf(kPriorities, name); }
std::string_view DeliveryKindName(DeliveryKind kind) { return NameOf(kDeliveryKinds, kind); }
std::optional<DeliveryKind> ParseDeliveryKind(std::string_view name) {
  return ValueOf(kDeliveryKinds, name);
}

bool IsFinished(TaskState state) {
  return state == TaskState::kResolved || state == TaskState::kClosed ||
         state == TaskState::kRejected || state == TaskState::kDuplicate;
}

cases::Status PublicStatusOf(TaskState state) {
  switch (state) {
    case TaskState::kNew:
      return cases::Status::kOpen;
    case TaskState::kAcknowledged:
    case TaskState::kWaitingResident:
      return cases::Status::kInvestigating;
    case TaskState::kInProgress:
    case TaskState::kReopened:
      return cases::Status::kInProgress;
    case TaskState::kWaitingThirdParty:
      return cases::Status::kInternalReferral;
    case TaskState::kResolved:
      return cases::Status::kFixed;
    case TaskState::kClosed:
      return cases::Status::kClosed;
    case TaskState::kRejected:
      return cases::Status::kNotCouncilsResponsibility;
    case TaskState::kDuplicate:
      return cases::Status::kDuplicate;
  }
  return cases::Status::kOpen;
}

std::string_view CloseRuleName(CloseRule rule) {
  return rule == CloseRule::kAllTasks ? "all_tasks" : "lead_unit";
}

bool Process::Allows(TaskState from, TaskState to) const {
  const auto it = transitions.find(from);
  return it != transitions.end() &&
         std::find(it->second.begin(), it->second.end(), to) != it->second.end();
}

bool Process::Pauses(TaskState state) const {
  return std::find(paused.begin(), paused.end(), state) != paused.end();
}

Process StandardProcess() {
  using S = TaskState;
  Process p;
  p.id = "standard";
  p.transitions = {
      {S::kNew, {S::kAcknowledged, S::kInProgress, S::kRejected, S::kDuplicate}},
      {S::kAcknowledged,
       {S::kInProgress, S::kWaitingResident, S::kWaitingThirdParty, S::kResolved, S::kRejected,
        S::kDuplicate}},
      {S::kInProgress,
       {S::kWaitingResident, S::kWaitingThirdParty, S::kResolved, S::kRejected, S::kDuplicate}},
      {S::kWaitingResident, {S::kInProgress, S::kResolved, S::kRejected}},
      {S::kWaitingThirdParty, {S::kInProgress, S::kResolved, S::kRejected}},
      {S::kResolved, {S::kClosed, S::kReopened}},
      {S::kClosed, {S::kReopened}},
      {S::kReopened,
       {S::kInProgress, S::kWaitingResident, S::kWaitingThirdParty, S::kResolved, S::kRejected}},
      {S::kRejected, {S::kReopened}},
      {S::kDuplicate, {S::kReopened}},
  };
  p.paused = {S::kWaitingResident, S::kWaitingThirdParty};
  return p;
}

CalendarSpec OfficeCalendar(TimeZone zone) {
  CalendarSpec spec;
  spec.id = "office";
  spec.zone = std::move(zone);
  for (int day = 0; day < 5; ++day) {
    spec.hours[day] = {{std::chrono::minutes{7 * 60 + 30}, std::chrono::minutes{15 * 60 + 30}}};
  }
  return spec;
}

Rules::Rules(std::vector<Process> processes, std::vector<BusinessCalendar> calendars,
             std::vector<UnitRules> units, std::vector<ServiceProcess> services,
             EmergencyRules emergency, DuplicateRules duplicates, DeliveryChannel resident_channel)
    : processes_(std::move(processes)),
      calendars_(std::move(calendars)),
      emergency_(std::move(emergency)),
      duplicates_(duplicates),
      resident_channel_(std::move(resident_channel)) {
  if (std::none_of(processes_.begin(), processes_.end(),
                   [](const Process& p) { return p.id == "standard"; })) {
    processes_.push_back(StandardProcess());
  }
  if (std::none_of(calendars_.begin(), calendars_.end(),
                   [](const BusinessCalendar& c) { return c.id() == "office"; })) {
    calendars_.emplace_back(OfficeCalendar(TimeZone{}));
  }
  for (auto& u : units) {
    std::string key = u.department;
    units_.emplace(std::move(key), std::move(u));
  }
  for (auto& s : services) {
    std::string key = s.service_code;
    services_.emplace(std::move(key), std::move(s));
  }
  for (auto& phrase : emergency_.phrases) {
    phrase = FoldForSearch(phrase);
  }
}

Rules::Rules() : Rules({}, {}, {}, {}, EmergencyRules{}, DuplicateRules{}) {}

std::vector<const UnitRules*> Rules::UnitsWithChannel(DeliveryKind kind) const {
  std::vector<const UnitRules*> out;
  for (const auto& [id, unit] : units_) {
    if (unit.channel.kind == kind) {
      out.push_back(&unit);
    }
  }
  return out;
}

const Process& Rules::ProcessFor(const ServiceProcess& service) const {
  for (const auto& p : processes_) {
    if (p.id == service.process_id) {
      return p;
    }
  }
  for (const auto& p : processes_) {
    if (p.id == "standard") {
      return p;
    }
  }
  return processes_.front();
}

ServiceProcess Rules::ForService(std::string_view code, std::string_view default_department) const {
  ServiceProcess out;
  if (const auto it = services_.find(code); it != services_.end()) {
    out = it->second;
  } else {
    out.service_code = std::string(code);
  }
  if (out.dispatch.empty() && !default_department.empty()) {
    out.dispatch.emplace_back(default_department);
  }
  return out;
}

std::vector<std::string> Rules::RelatedTo(std::string_view code) const {
  std::vector<std::string> out;
  const auto add = [&](const std::string& c) {
    if (c != code && std::find(out.begin(), out.end(), c) == out.end()) {
      out.push_back(c);
    }
  };
  for (const auto& [service, process] : services_) {
    const auto& related = process.related_services;
    if (service == code) {
      std::for_each(related.begin(), related.end(), add);
    } else if (std::find(related.begin(), related.end(), code) != related.end()) {
      add(service);
    }
  }
  return out;
}

const UnitRules& Rules::Unit(std::string_view department) const {
  static const UnitRules kDefault;
  const auto it = units_.find(department);
  return it == units_.end() ? kDefault : it->second;
}

const BusinessCalendar& Rules::CalendarOf(std::string_view department) const {
  const std::string& id = Unit(department).calendar;
  for (const auto& c : calendars_) {
    if (c.id() == id) {
      return c;
    }
  }
  for (const auto& c : calendars_) {
    if (c.id() == "office") {
      return c;
    }
  }
  return calendars_.front();
}

std::optional<std::string> Rules::EmergencyPhraseIn(std::string_view text) const {
  const std::string folded = FoldForSearch(text);
  for (const auto& configured : emergency_.phrases) {
    // "pożar*" matches any word that starts so ("pożaru"); "gaz" only the whole word, so that
    // "gazeta" is not an emergency.
    std::string_view phrase = configured;
    const bool prefix = !phrase.empty() && phrase.back() == '*';
    if (prefix) {
      phrase.remove_suffix(1);
    }
    if (phrase.empty()) {
      continue;
    }
    for (auto pos = folded.find(phrase); pos != std::string::npos;
         pos = folded.find(phrase, pos + 1)) {
      const auto end = pos + phrase.size();
      const bool starts = pos == 0 || !IsWordChar(folded[pos - 1]);
      const bool ends = end == folded.size() || !IsWordChar(folded[end]);
      if (starts && (prefix || ends)) {
        return configured;
      }
    }
  }
  return std::nullopt;
}

}  // namespace ratusz::workflow
