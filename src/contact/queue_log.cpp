#include "contact/queue_log.hpp"

#include <charconv>
#include <set>

namespace ratusz::contact {
namespace {

std::vector<std::string_view> Split(std::string_view line) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto bar = line.find('|');
    out.push_back(line.substr(0, bar));
    if (bar == std::string_view::npos) {
      return out;
    }
    line.remove_prefix(bar + 1);
  }
}

Error Bad(std::string what) {
  return MakeError(ErrorCode::kInvalidArgument, "queue_log line: " + std::move(what), "line");
}

}  // namespace

Result<QueueLogEvent> ParseQueueLogLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (line.size() > 4096) {
    return Bad("longer than 4096 bytes");
  }
  const auto fields = Split(line);
  if (fields.size() < 5) {
    return Bad("needs time|callid|queue|agent|event");
  }
  std::int64_t epoch = 0;
  const auto time = fields[0];
  const auto [end, ec] = std::from_chars(time.data(), time.data() + time.size(), epoch);
  if (ec != std::errc() || end != time.data() + time.size() || epoch < 0 || epoch > 9999999999) {
    return Bad("'" + std::string(time.substr(0, 20)) + "' is not a Unix time");
  }
  QueueLogEvent e;
  e.at = FromMicros(epoch * 1'000'000);
  e.call_id = std::string(fields[1]);
  e.queue = std::string(fields[2]);
  e.agent = std::string(fields[3]);
  e.event = std::string(fields[4]);
  if (e.event.empty() || e.call_id.empty()) {
    return Bad("the call id and the event are required");
  }
  for (std::size_t i = 5; i < fields.size(); ++i) {
    e.data.emplace_back(fields[i]);
  }
  return e;
}

std::int64_t QueueLogFeed::ContactOf(std::string_view call_id) const {
  const auto it = contacts_.find(call_id);
  return it == contacts_.end() ? 0 : it->second;
}

Status QueueLogFeed::Apply(std::string_view line) {
  auto parsed = ParseQueueLogLine(line);
  if (!parsed) {
    return parsed.error();
  }
  const QueueLogEvent& e = parsed.value();
  const std::string& ev = e.event;
  if (ev == "ENTERQUEUE") {
    if (contacts_.count(e.call_id)) {
      return MakeError(ErrorCode::kAlreadyExists, "call " + e.call_id + " entered twice");
    }
    const std::int64_t id = next_;
    if (auto s = monitor_.Arrived(id, e.queue, e.at); !s) {
      return s;
    }
    contacts_.emplace(e.call_id, id);
    ++next_;
    return {};
  }
  static const std::set<std::string, std::less<>> kCallEvents = {
      "CONNECT",         "COMPLETECALLER", "COMPLETEAGENT", "TRANSFER",    "ABANDON",
      "EXITWITHTIMEOUT", "EXITEMPTY",      "EXITWITHKEY",   "RINGNOANSWER"};
  if (kCallEvents.count(ev)) {
    const std::int64_t id = ContactOf(e.call_id);
    if (id == 0) {
      return MakeError(ErrorCode::kNotFound, "call " + e.call_id + " never entered a queue");
    }
    if (ev == "CONNECT") {
      return monitor_.Answered(id, e.agent, e.at);
    }
    if (ev == "COMPLETECALLER" || ev == "COMPLETEAGENT" || ev == "TRANSFER") {
      return monitor_.Ended(id, e.at);
    }
    if (ev == "RINGNOANSWER") {
      return {};  // An agent did not answer; the call still waits.
    }
    return monitor_.Abandoned(id, e.at);  // ABANDON, EXITWITHTIMEOUT, EXITEMPTY, EXITWITHKEY
  }
  if (ev == "AGENTLOGIN" || ev == "ADDMEMBER" || ev == "UNPAUSE" || ev == "UNPAUSEALL") {
    return monitor_.AgentChanged(e.agent, AgentState::kAvailable, e.at);
  }
  if (ev == "AGENTLOGOFF" || ev == "REMOVEMEMBER") {
    return monitor_.AgentChanged(e.agent, AgentState::kOffline, e.at);
  }
  if (ev == "PAUSE" || ev == "PAUSEALL") {
    return monitor_.AgentChanged(e.agent, AgentState::kBreak, e.at);
  }
  return {};  // QUEUESTART, CONFIGRELOAD, SYSCOMPAT, AGENTDUMP, ...: nothing to count.
}

}  // namespace ratusz::contact
