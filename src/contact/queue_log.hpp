#pragma once

// Asterisk's queue_log, so an existing Asterisk can feed its history and live events to Ratusz
// without changes. One line is one event:
//
//   1366720340|1366720340.303267|MYQUEUE|NONE|ENTERQUEUE||8005551212|1
//   epoch     |call id          |queue  |agent|event    |data...
//
// QueueLogFeed turns the events into Monitor events (and keeps the mapping from Asterisk's
// call ids to contact ids). Lines it cannot use are refused with the reason; events Ratusz
// does not count (RINGNOANSWER, QUEUESTART, ...) are accepted and ignored.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "contact/monitor.hpp"

namespace ratusz::contact {

struct QueueLogEvent {
  Timestamp at;
  std::string call_id;  // "1366720340.303267", or "NONE" for agent events.
  std::string queue;
  std::string agent;  // "SIP/8007", "Agent/1001", or "NONE".
  std::string event;  // "ENTERQUEUE", "CONNECT", ...
  std::vector<std::string> data;
};

[[nodiscard]] Result<QueueLogEvent> ParseQueueLogLine(std::string_view line);

class QueueLogFeed {
 public:
  explicit QueueLogFeed(Monitor& monitor) : monitor_(monitor) {}

  // Parses and applies one line. kInvalidArgument for a malformed line; the Monitor's error
  // for an event that makes no sense (e.g. CONNECT of a call that never entered a queue).
  [[nodiscard]] Status Apply(std::string_view line);
  std::int64_t ContactOf(std::string_view call_id) const;  // 0 when unknown.

 private:
  Monitor& monitor_;
  std::map<std::string, std::int64_t, std::less<>> contacts_;
  std::int64_t next_ = 1;
};

}  // namespace ratusz::contact
