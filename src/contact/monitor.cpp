#include "contact/monitor.hpp"

#include <algorithm>

namespace ratusz::contact {
namespace {

constexpr std::int64_t kIntervalUs = 15LL * 60 * 1'000'000;

double SecondsBetween(Timestamp from, Timestamp to) {
  return std::chrono::duration<double>(to - from).count();
}

Error Unknown(std::int64_t id) {
  return MakeError(ErrorCode::kNotFound, "no contact " + std::to_string(id) + " has arrived");
}

Error Before(std::int64_t id, const char* what) {
  return MakeError(ErrorCode::kInvalidArgument,
                   std::string(what) + " of contact " + std::to_string(id) +
                       " is dated before it arrived (out of order?)",
                   "at");
}

}  // namespace

Monitor::Monitor(std::map<std::string, double, std::less<>> targets)
    : targets_(std::move(targets)) {}

double Monitor::Target(std::string_view queue) const {
  const auto it = targets_.find(queue);
  return it == targets_.end() ? 20.0 : it->second;
}

Monitor::Counts& Monitor::Bucket(const std::string& queue, Timestamp at) {
  return intervals_[{queue, ToMicros(at) / kIntervalUs}];
}

Status Monitor::Arrived(std::int64_t id, std::string_view queue, Timestamp at) {
  if (contacts_.count(id)) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "contact " + std::to_string(id) + " has already arrived");
  }
  if (queue.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "a contact arrives in a queue", "queue");
  }
  Contact c;
  c.queue = std::string(queue);
  c.arrived = at;
  contacts_.emplace(id, c);
  totals_[c.queue].offered += 1;
  Bucket(c.queue, at).offered += 1;
  return {};
}

Result<Monitor::Contact*> Monitor::StillWaiting(std::int64_t id, Timestamp at, const char* what) {
  const auto it = contacts_.find(id);
  if (it == contacts_.end()) {
    return Unknown(id);
  }
  if (it->second.answered || it->second.done) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "contact " + std::to_string(id) + " was already answered or has ended");
  }
  if (at < it->second.arrived) {
    return Before(id, what);
  }
  return &it->second;
}

Status Monitor::Answered(std::int64_t id, std::string_view agent, Timestamp at) {
  auto waiting = StillWaiting(id, at, "the answer");
  if (!waiting) {
    return waiting.error();
  }
  Contact& c = *waiting.value();
  c.answered = at;
  c.agent = std::string(agent);
  const double wait = SecondsBetween(c.arrived, at);
  const bool in_target = wait <= Target(c.queue);
  for (Counts* k : {&totals_[c.queue], &Bucket(c.queue, c.arrived)}) {
    k->answered += 1;
    k->wait_sum_s += wait;
    k->answered_in_target += in_target ? 1 : 0;
  }
  if (auto a = agents_.find(agent); a != agents_.end()) {
    a->second.handled += 1;
  }
  return {};
}

Status Monitor::Abandoned(std::int64_t id, Timestamp at) {
  auto waiting = StillWaiting(id, at, "the abandonment");
  if (!waiting) {
    return waiting.error();
  }
  Contact& c = *waiting.value();
  c.done = true;
  totals_[c.queue].abandoned += 1;
  Bucket(c.queue, c.arrived).abandoned += 1;
  return {};
}

Status Monitor::Ended(std::int64_t id, Timestamp at) {
  const auto it = contacts_.find(id);
  if (it == contacts_.end()) {
    return Unknown(id);
  }
  Contact& c = it->second;
  if (!c.answered || c.done) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "contact " + std::to_string(id) + " was not being handled");
  }
  if (at < *c.answered) {
    return Before(id, "the end");
  }
  c.done = true;
  const double handle = SecondsBetween(*c.answered, at);
  for (Counts* k : {&totals_[c.queue], &Bucket(c.queue, c.arrived)}) {
    k->ended += 1;
    k->handle_sum_s += handle;
  }
  return {};
}

void Monitor::Account(AgentRec& agent, Timestamp until) {
  const double s = std::max(0.0, SecondsBetween(agent.since, until));
  if (agent.state == AgentState::kBusy) {
    handling_s_ += s;
  }
  if (agent.state == AgentState::kBusy || agent.state == AgentState::kAvailable ||
      agent.state == AgentState::kWrapUp) {
    staffed_s_ += s;
  }
}

Status Monitor::AgentChanged(std::string_view agent, AgentState state, Timestamp at) {
  auto it = agents_.find(agent);
  if (it == agents_.end()) {
    it = agents_.emplace(std::string(agent), AgentRec{state, at, 0}).first;
    return {};
  }
  if (at < it->second.since) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "agent " + std::string(agent) + "'s state change is older than the last one",
                     "at");
  }
  Account(it->second, at);
  it->second.state = state;
  it->second.since = at;
  return {};
}

QueueStats Monitor::Summarise(const std::string& queue, const Counts& c) {
  QueueStats q;
  q.queue = queue;
  q.offered = c.offered;
  q.answered = c.answered;
  q.abandoned = c.abandoned;
  const auto finished = static_cast<double>(c.answered + c.abandoned);
  if (finished > 0) {
    q.abandon_rate = static_cast<double>(c.abandoned) / finished;
    q.service_level = static_cast<double>(c.answered_in_target) / finished;
  }
  if (c.answered > 0) {
    q.average_speed_of_answer_s = c.wait_sum_s / static_cast<double>(c.answered);
  }
  if (c.ended > 0) {
    q.average_handle_s = c.handle_sum_s / static_cast<double>(c.ended);
  }
  return q;
}

std::vector<QueueStats> Monitor::Queues(Timestamp now) const {
  std::vector<QueueStats> out;
  for (const auto& [queue, counts] : totals_) {
    out.push_back(Summarise(queue, counts));
  }
  for (const auto& entry : contacts_) {
    const Contact& c = entry.second;  // Not a structured binding: clang 14 cannot capture it.
    if (c.answered || c.done) {
      continue;
    }
    auto q =
        std::find_if(out.begin(), out.end(), [&](const auto& s) { return s.queue == c.queue; });
    q->waiting += 1;
    q->longest_wait_s = std::max(q->longest_wait_s, SecondsBetween(c.arrived, now));
  }
  return out;
}

std::vector<AgentStats> Monitor::Agents(Timestamp now) const {
  std::vector<AgentStats> out;
  for (const auto& [id, a] : agents_) {
    out.push_back({id, a.state, std::max(0.0, SecondsBetween(a.since, now)), a.handled});
  }
  return out;
}

std::map<AgentState, int> Monitor::AgentsByState() const {
  std::map<AgentState, int> out;
  for (const auto& [id, a] : agents_) {
    out[a.state] += 1;
  }
  return out;
}

double Monitor::Occupancy() const { return staffed_s_ > 0 ? handling_s_ / staffed_s_ : 0; }

std::vector<IntervalStats> Monitor::Intervals(std::string_view queue) const {
  std::vector<IntervalStats> out;
  for (const auto& [key, counts] : intervals_) {
    if (key.first == queue) {
      out.push_back({FromMicros(key.second * kIntervalUs), Summarise(key.first, counts)});
    }
  }
  return out;
}

}  // namespace ratusz::contact
