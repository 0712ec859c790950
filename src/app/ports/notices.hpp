#pragma once

// Area and topic notices (S16): subscriptions, broadcasts and their outbox.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/callback.hpp"
#include "app/ports/outbox.hpp"
#include "app/ports/residents.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "residents/notices.hpp"

namespace ratusz::app {

struct SubscribeCommand {
  residents::SubscriptionRequest request;
  std::string lookup;
  std::string new_key;  // Used when the address is new.
  Timestamp at;
  // A confirmation request is sent unless one is waiting to leave, or (when nothing new was
  // asked for) one was sent to this address after this time.
  Timestamp confirm_again_after;
};

struct SubscribeOutcome {
  std::int64_t subscriber_id = 0;
  int added = 0;              // Pairs new to this address.
  bool confirmation = false;  // A confirmation request is on its way.
};

// A message of the notice outbox: a broadcast to a subscriber, or the request to confirm.
struct NoticeItem {
  std::int64_t id = 0;
  Subscriber subscriber;                          // Without its subscriptions.
  std::optional<residents::Broadcast> broadcast;  // None: the confirmation request ...
  std::optional<OutboxItem> case_notice;    // ... or a copy of a notice about a followed case.
  std::vector<std::string> pending_topics;  // For a confirmation: what to confirm.
  int attempts = 0;
  std::vector<Timestamp> sent_last_day;  // Broadcast notices sent to the subscriber lately.
};

struct NoticeRecord {
  std::int64_t id = 0;
  std::string state;  // pending | sent | dead
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string error;
};

class NoticeStore {
 public:
  virtual ~NoticeStore() = default;
  // Adds the address (sealed) if it is new, and the pairs it does not have yet, unconfirmed;
  // queues a confirmation request when something is unconfirmed.
  virtual void Subscribe(SubscribeCommand command, Callback<Result<SubscribeOutcome>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<Subscriber>> LoadSubscriber(std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::optional<Subscriber>> SubscriberByLookup(
      std::string_view lookup) = 0;
  // Confirms every pending pair of the subscriber; returns how many.
  virtual void ConfirmSubscriptions(std::int64_t id, Timestamp at, Callback<Result<int>> done) = 0;
  // Deletes the subscriber (address, pairs, waiting messages); false when there was none.
  virtual void Unsubscribe(std::int64_t id, Callback<Result<bool>> done) = 0;

  virtual void CreateBroadcast(residents::Broadcast broadcast,
                               Callback<Result<residents::Broadcast>> done) = 0;
  // Only while scheduled: FailedPrecondition once sent.
  virtual void CancelBroadcast(std::int64_t id, Callback<Result<residents::Broadcast>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<residents::Broadcast>> LoadBroadcast(
      std::int64_t id) = 0;
  [[nodiscard]] virtual Result<std::vector<residents::Broadcast>> ListBroadcasts(int limit) = 0;
  // Every scheduled broadcast due by `now` gets one message per subscriber it reaches (a
  // confirmed pair with its topic and one of its areas, or the whole city); returns the
  // broadcasts sent out.
  virtual void FanOutDue(Timestamp now, Callback<Result<int>> done) = 0;
  [[nodiscard]] virtual Result<std::vector<NoticeItem>> DueNotices(Timestamp now, int limit) = 0;
  virtual void RecordNotices(std::vector<NoticeRecord> records, Timestamp at,
                             Callback<Status> done) = 0;
};

}  // namespace ratusz::app
