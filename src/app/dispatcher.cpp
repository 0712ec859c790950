#include "app/dispatcher.hpp"

#include <algorithm>
#include <deque>
#include <future>
#include <set>

#include "cases/case_number.hpp"
#include "common/enum_names.hpp"
#include "residents/phone.hpp"

namespace ratusz::app {
namespace {

constexpr NameTable<DeliveryState, 4> kDeliveryStates = {{
    {DeliveryState::kPending, "pending"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kDead, "dead"},
    {DeliveryState::kHeld, "held"},
}};

constexpr std::string_view kResidentPrefix = "resident:";

// "resident" (the reporter) or "resident:<number>" (a follower).
bool IsResident(std::string_view recipient) {
  return recipient == "resident" || recipient.rfind(kResidentPrefix, 0) == 0;
}

// The shortest way through the process from one state to another (without the start), so an
// agency that reports "fixed" for a task we still hold as "new" moves it through the states
// in between. Empty when there is none.
std::vector<workflow::TaskState> PathBetween(const workflow::Process& process,
                                             workflow::TaskState from, workflow::TaskState to) {
  std::map<workflow::TaskState, workflow::TaskState> came_from;
  std::deque<workflow::TaskState> queue = {from};
  std::set<workflow::TaskState> seen = {from};
  while (!queue.empty()) {
    const auto at = queue.front();
    queue.pop_front();
    if (at == to) {
      std::vector<workflow::TaskState> path;
      for (auto s = to; s != from; s = came_from.at(s)) {
        path.push_back(s);
      }
      std::reverse(path.begin(), path.end());
      return path;
    }
    const auto next = process.transitions.find(at);
    if (next == process.transitions.end()) {
      continue;
    }
    for (const auto s : next->second) {
      if (seen.insert(s).second) {
        came_from.emplace(s, at);
        queue.push_back(s);
      }
    }
  }
  return {};
}

}  // namespace

std::string_view DeliveryStateName(DeliveryState state) { return NameOf(kDeliveryStates, state); }
std::optional<DeliveryState> ParseDeliveryState(std::string_view name) {
  return ValueOf(kDeliveryStates, name);
}

std::chrono::seconds RetryDelay(const DispatchPolicy& policy, int attempts) {
  auto delay = policy.first_retry;
  for (int i = 1; i < attempts && delay < policy.max_retry; ++i) {
    delay *= 2;
  }
  return std::min(delay, policy.max_retry);
}

std::optional<workflow::TaskState> TaskStateForAgencyStatus(std::string_view status) {
  using workflow::TaskState;
  static const std::map<std::string_view, TaskState> kMap = {
      {"acknowledged", TaskState::kAcknowledged},
      {"investigating", TaskState::kInProgress},
      {"in_progress", TaskState::kInProgress},
      {"action_scheduled", TaskState::kInProgress},
      {"fixed", TaskState::kResolved},
      {"closed", TaskState::kResolved},
      {"resolved", TaskState::kResolved},
      {"no_further_action", TaskState::kResolved},
      {"internal_referral", TaskState::kResolved},
      {"duplicate", TaskState::kResolved},
      {"not_councils_responsibility", TaskState::kRejected},
      {"rejected", TaskState::kRejected},
      {"reopened", TaskState::kReopened},
  };
  const auto it = kMap.find(status);
  if (it == kMap.end()) {
    return std::nullopt;  // "open" and anything unknown: the text is kept as a note.
  }
  return it->second;
}

cases::Actor AgencyActor(const std::string& department) {
  return cases::Actor{"agency:" + department, cases::Role::kSpecialist, {}, {department}};
}

Dispatcher::Dispatcher(const workflow::Rules& rules, CaseStore& cases, OutboxStore& outbox,
                       Courier& courier, CaseDesk& desk, const Clock& clock, DispatchPolicy policy)
    : rules_(rules),
      cases_(cases),
      outbox_(outbox),
      courier_(courier),
      desk_(desk),
      clock_(clock),
      policy_(policy) {}

std::optional<Disposition> LocalDisposition(const workflow::Rules& rules, std::string_view topic,
                                            std::string_view recipient, bool residents_by_sms) {
  const bool resident = IsResident(recipient);
  if (resident && residents_by_sms) {
    return std::nullopt;
  }
  const auto& channel = resident ? rules.resident_channel() : rules.Unit(recipient).channel;
  if (channel.kind == workflow::DeliveryKind::kNone) {
    // A unit without a channel works from its queue in Ratusz, where the task already is.
    // Residents wait for a channel (e-mail and SMS come with the residents' stage).
    if (resident) {
      return Disposition{true, "held: no channel to residents is configured"};
    }
    return Disposition{false, "work queue"};
  }
  if (channel.kind == workflow::DeliveryKind::kOpen311 && topic != "unit.dispatch") {
    // An Open311 agency takes new requests only; alerts about its SLA stay in Ratusz.
    return Disposition{false, "work queue (an Open311 agency takes dispatches only)"};
  }
  return std::nullopt;
}

std::string Dispatcher::TextInstead(Parcel& p) const {
  if (!IsResident(p.item.recipient) || !p.reporter) {
    return {};
  }
  const auto profile = policy_.preference ? policy_.preference(*p.reporter) : std::nullopt;
  const std::optional<std::string> preferred =
      profile ? std::optional<std::string>(profile->channel) : std::nullopt;
  if (profile) {
    p.language = profile->language;
  }
  if (preferred == "none") {
    return "held: the resident asked for no notices";
  }
  const bool email = p.channel.kind == workflow::DeliveryKind::kEmail && !p.reporter->email.empty();
  const bool bounced = email && policy_.undeliverable && policy_.undeliverable(p.reporter->email);
  const std::string held_bounced =
      bounced ? "held: mail to this address came back undelivered" : std::string();
  if (policy_.sms.kind != workflow::DeliveryKind::kSms || p.reporter->phone.empty()) {
    return held_bounced;
  }
  if ((email && !bounced && preferred != "sms") ||
      p.channel.kind == workflow::DeliveryKind::kWebhook) {
    return {};
  }
  auto e164 = residents::NormalisePhone(p.reporter->phone, policy_.sms_country);
  if (!e164) {
    return held_bounced;
  }
  if (policy_.may_text && !policy_.may_text(e164.value())) {
    return "held: the number sent STOP";
  }
  p.channel = policy_.sms;
  p.reporter->phone = std::move(e164.value());
  return {};
}

std::optional<Timestamp> QuietUntil(Timestamp now, const workflow::TimeZone& zone, int from,
                                    int to) {
  if (from < 0 || to < 0 || from == to) {
    return std::nullopt;
  }
  const workflow::LocalTime local = zone.ToLocal(now);
  const auto midnight = std::chrono::floor<std::chrono::days>(local);
  const int minute =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - midnight).count());
  const bool quiet = from < to ? (minute >= from && minute < to) : (minute >= from || minute < to);
  if (!quiet) {
    return std::nullopt;
  }
  // The end is today when it is still ahead, else tomorrow.
  auto end = midnight + std::chrono::minutes(to);
  if (minute >= to) {
    end += std::chrono::days(1);
  }
  return zone.ToUtc(std::chrono::time_point_cast<std::chrono::seconds>(end));
}

Parcel Dispatcher::Route(const OutboxItem& item) const {
  Parcel p;
  p.item = item;
  if (IsResident(item.recipient)) {
    p.channel = rules_.resident_channel();
    p.reporter_case = item.recipient == "resident" ? item.case_number
                                                   : item.recipient.substr(kResidentPrefix.size());
  } else {
    p.department = item.recipient;
    p.channel = rules_.Unit(item.recipient).channel;
  }
  return p;
}

Result<int> Dispatcher::DeliverDue() {
  const Timestamp now = clock_.Now();
  auto due = outbox_.DueOutbox(now, policy_.batch);
  if (!due) {
    return due.error();
  }
  std::vector<DeliveryRecord> records;
  std::vector<Parcel> parcels;
  for (const auto& item : due.value()) {
    Parcel p = Route(item);
    DeliveryRecord r;
    r.outbox_id = item.id;
    r.case_id = item.case_id;
    r.attempts = item.attempts;
    const bool by_sms = policy_.sms.kind == workflow::DeliveryKind::kSms;
    if (auto local = LocalDisposition(rules_, item.topic, item.recipient, by_sms); local) {
      r.state = local->held ? DeliveryState::kHeld : DeliveryState::kDelivered;
      r.channel = std::move(local->channel);
      records.push_back(std::move(r));
      continue;
    }
    auto about = cases_.FindByNumber(item.case_number);
    if (!about) {
      return about.error();
    }
    if (!about.value()) {
      r.state = DeliveryState::kDead;
      r.error = "case " + item.case_number + " no longer exists";
      records.push_back(std::move(r));
      continue;
    }
    p.about = std::move(*about.value());
    if (!p.reporter_case.empty()) {
      if (p.reporter_case == p.about.number) {
        p.reporter = p.about.reporter;
      } else if (auto follower = cases_.FindByNumber(p.reporter_case);
                 follower && follower.value()) {
        p.reporter = follower.value()->reporter;
      }
    }
    if (p.item.topic == "resident.received" && p.about.channel == cases::Channel::kSms &&
        IsResident(item.recipient)) {
      r.state = DeliveryState::kDelivered;  // The gateway's reply already said so, at once.
      r.channel = "sms: answered by the gateway's reply";
      records.push_back(std::move(r));
      continue;
    }
    if (auto held = TextInstead(p); !held.empty()) {
      r.state = DeliveryState::kHeld;
      r.channel = std::move(held);
      records.push_back(std::move(r));
      continue;
    }
    if (p.channel.kind == workflow::DeliveryKind::kSms) {
      if (const auto until =
              QuietUntil(now, policy_.zone, policy_.sms_quiet_from, policy_.sms_quiet_to)) {
        r.state = DeliveryState::kPending;  // Not an attempt: it waits for the morning.
        r.next_attempt_at = *until;
        r.channel = "sms: waiting for the end of the quiet hours";
        records.push_back(std::move(r));
        continue;
      }
    }
    if (p.channel.kind == workflow::DeliveryKind::kNone && IsResident(item.recipient)) {
      r.state = DeliveryState::kHeld;
      r.channel = "held: the resident left no way to reach them";
      records.push_back(std::move(r));
      continue;
    }
    if (p.channel.kind == workflow::DeliveryKind::kEmail && IsResident(item.recipient) &&
        (!p.reporter || p.reporter->email.empty())) {
      r.state = DeliveryState::kHeld;
      r.channel = "held: the resident left no e-mail address";
      records.push_back(std::move(r));
      continue;
    }
    parcels.push_back(std::move(p));
  }

  const auto results = courier_.Send(parcels);
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    const auto& p = parcels[i];
    const auto& result = i < results.size() ? results[i] : ParcelResult{};
    DeliveryRecord r;
    r.outbox_id = p.item.id;
    r.case_id = p.item.case_id;
    r.attempts = p.item.attempts + 1;
    r.channel = std::string(workflow::DeliveryKindName(p.channel.kind)) + " " + p.channel.url;
    r.error = result.detail;
    if (result.outcome == ParcelOutcome::kDelivered) {
      r.state = DeliveryState::kDelivered;
      r.error.clear();
      if (!result.external_id.empty()) {
        r.department = p.department;
        r.external_id = result.external_id;
      }
    } else if (result.outcome == ParcelOutcome::kRejected || r.attempts >= policy_.max_attempts) {
      r.state = DeliveryState::kDead;
      if (result.outcome == ParcelOutcome::kRejected &&
          p.channel.kind == workflow::DeliveryKind::kEmail && p.reporter) {
        r.refused_address = p.reporter->email;  // The mail server refused it for good.
      }
    } else {
      r.state = DeliveryState::kPending;
      r.next_attempt_at = now + RetryDelay(policy_, r.attempts);
    }
    records.push_back(std::move(r));
  }
  if (records.empty()) {
    return 0;
  }
  // What the reporter is told about their case, the case's followers by address are told too
  // (app::Notices sends the copies); "we received your report" is the reporter's alone.
  std::set<std::int64_t> to_copy;
  for (const auto& item : due.value()) {
    if (item.recipient == "resident" && item.topic.rfind("resident.", 0) == 0 &&
        item.topic != "resident.received") {
      to_copy.insert(item.id);
    }
  }
  for (auto& r : records) {
    r.copy_to_followers = to_copy.count(r.outbox_id) > 0;
  }
  const int count = static_cast<int>(records.size());
  std::promise<Status> written;
  outbox_.RecordDeliveries(std::move(records), now,
                           [&written](Status s) { written.set_value(std::move(s)); });
  if (auto s = written.get_future().get(); !s) {
    return s.error();
  }
  return count;
}

void Dispatcher::ApplyAgencyUpdate(const std::string& department, const AgencyUpdate& update,
                                   Callback<Result<workflow::CaseFile>> done) {
  std::string number = update.case_number;
  if (number.empty()) {
    auto found = outbox_.CaseOfExternalId(department, update.external_id);
    if (!found) {
      done(found.error());
      return;
    }
    if (!found.value()) {
      done(MakeError(ErrorCode::kNotFound, "no task of " + department + " has the agency's id '" +
                                               update.external_id + "'"));
      return;
    }
    number = *found.value();
  }
  const auto target = TaskStateForAgencyStatus(update.status);
  const workflow::Workflow& workflow = desk_.workflow();
  const workflow::Rules& rules = rules_;
  auto operation = [&workflow, &rules, department, target, update](
                       workflow::CaseFile& file, Timestamp now) -> Result<workflow::Change> {
    const auto* task = file.FindTask(department);
    if (task == nullptr) {
      return MakeError(ErrorCode::kNotFound,
                       "case " + file.request.number + " has no task for " + department);
    }
    const auto actor = AgencyActor(department);
    if (!target || *target == task->state) {
      if (update.description.empty()) {
        return workflow::Change{};
      }
      return workflow.AddNote(file, update.description, true, actor, now);
    }
    const auto& process = rules.ProcessFor(rules.ForService(file.request.service_code, ""));
    const auto path = PathBetween(process, task->state, *target);
    if (path.empty()) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "the task of " + department + " cannot go from " +
                           std::string(workflow::TaskStateName(task->state)) + " to " +
                           std::string(workflow::TaskStateName(*target)));
    }
    workflow::Change all;
    for (std::size_t i = 0; i < path.size(); ++i) {
      const bool last = i + 1 == path.size();
      auto step =
          workflow.SetTaskState(file, department, path[i],
                                last ? std::string_view(update.description) : "", last, actor, now);
      if (!step) {
        return step.error();
      }
      all.Append(std::move(step).value());
    }
    return all;
  };
  desk_.Act(AgencyActor(department), number, std::nullopt, std::move(operation), std::move(done),
            CaseDesk::Once{department, update.update_id});
}

Result<AgencyPoll> Dispatcher::PollAgencies() {
  const Timestamp now = clock_.Now();
  AgencyPoll poll;
  for (const auto* unit : rules_.UnitsWithChannel(workflow::DeliveryKind::kOpen311)) {
    const auto last = last_poll_.find(unit->department);
    if (last != last_poll_.end() &&
        now - last->second < std::chrono::seconds(unit->channel.poll_seconds)) {
      continue;
    }
    last_poll_[unit->department] = now;
    auto cursor = outbox_.AgencyCursor(unit->department);
    if (!cursor) {
      return cursor.error();
    }
    // Overlap the last window a little: the agency's clock may lag ours, and an update seen
    // twice is applied once.
    const Timestamp from =
        cursor.value() ? *cursor.value() - std::chrono::minutes(5) : now - std::chrono::hours(24);
    auto updates = courier_.FetchUpdates(unit->channel, from, now);
    if (!updates) {
      // The next poll covers this window again.
      poll.problems.push_back(unit->department + ": " + updates.error().message);
      continue;
    }
    for (const auto& update : updates.value()) {
      std::promise<Result<workflow::CaseFile>> finished;
      ApplyAgencyUpdate(unit->department, update,
                        [&finished](auto result) { finished.set_value(std::move(result)); });
      const auto result = finished.get_future().get();
      if (result) {
        ++poll.applied;
      } else if (result.error().code != ErrorCode::kNotFound &&
                 result.error().code != ErrorCode::kAlreadyExists) {
        // Their other requests (not found) and updates seen before are expected; anything else
        // (a transition our process refuses) is for someone to look at.
        poll.problems.push_back(unit->department + " update " + update.update_id + ": " +
                                result.error().message);
      }
    }
    std::promise<Status> saved;
    outbox_.SetAgencyCursor(unit->department, now,
                            [&saved](Status s) { saved.set_value(std::move(s)); });
    if (auto s = saved.get_future().get(); !s) {
      return s.error();
    }
  }
  return poll;
}

}  // namespace ratusz::app
