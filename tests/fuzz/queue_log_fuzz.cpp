// Asterisk queue_log lines from a telephone system (untrusted): any bytes, one line or many.
// Parsing never crashes, and whatever the feed accepts keeps the queue figures consistent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/check.hpp"
#include "contact/queue_log.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ratusz::contact::Monitor monitor;
  ratusz::contact::QueueLogFeed feed(monitor);
  while (!text.empty()) {
    const auto end = text.find('\n');
    (void)feed.Apply(text.substr(0, end));
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
  for (const auto& q : monitor.Queues(ratusz::FromMicros(0))) {
    RATUSZ_CHECK(q.answered + q.abandoned <= q.offered);
    RATUSZ_CHECK(q.waiting >= 0 && q.abandon_rate >= 0 && q.abandon_rate <= 1);
  }
  return 0;
}
