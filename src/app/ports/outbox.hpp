#pragma once

// The outbox: what must leave the system, and how its delivery went.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/callback.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::app {

enum class DeliveryState { kPending, kDelivered, kDead, kHeld };
std::string_view DeliveryStateName(DeliveryState state);  // "pending", "delivered", "dead", "held"
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);

struct OutboxItem {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string case_number;
  std::string jurisdiction_id;
  std::string topic;      // "unit.dispatch", "resident.closed", ...
  std::string recipient;  // A department, "resident", or "resident:<number>" (a follower).
  int priority = 5;
  std::string payload_json;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  Timestamp next_attempt_at;
  std::string last_error;
  std::string channel;  // How it left, or why it is held.
  std::string receipt;  // What the network reported afterwards ("delivered to the phone").
  Timestamp created_at;
  std::optional<Timestamp> delivered_at;
};

// The outcome of one delivery attempt, written back by the dispatcher.
struct DeliveryRecord {
  std::int64_t outbox_id = 0;
  std::int64_t case_id = 0;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  Timestamp next_attempt_at;  // When pending: the next try.
  std::string error;
  std::string channel;
  // An agency accepted a dispatch: its own id for the unit's task ("forwarded" event).
  std::string department;
  std::string external_id;
  // An e-mail address the mail server refused for good: remembered as undeliverable.
  std::string refused_address;
  // A notice to the reporter that the case's followers by address get a copy of.
  bool copy_to_followers = false;
};

// What becomes of a message that does not leave the system (see LocalDisposition).
struct Disposition {
  bool held = false;    // Waits for a channel (true) or is done where it is (false).
  std::string channel;  // "work queue", "held: ...".
};
// Decides it for a topic and recipient; nullopt: the message is to be delivered.
using OutboxDisposition =
    std::function<std::optional<Disposition>(std::string_view topic, std::string_view recipient)>;

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Pending messages due at `now`, most urgent first.
  [[nodiscard]] virtual Result<std::vector<OutboxItem>> DueOutbox(Timestamp now, int limit) = 0;
  // Writes the outcomes in one transaction; a dead letter adds a "delivery_failed" event to its
  // case, an accepted agency dispatch a "forwarded" event and the task's external id.
  virtual void RecordDeliveries(std::vector<DeliveryRecord> records, Timestamp at,
                                Callback<Status> done) = 0;
  // Messages in `state`, newest first, with ids below `before_id` (0: from the newest).
  [[nodiscard]] virtual Result<std::vector<OutboxItem>> ListOutbox(DeliveryState state,
                                                                   std::int64_t before_id,
                                                                   int limit) = 0;
  // A delivered message came back (the mail server's bounce): dead, with `reason`, and a
  // delivery_failed event on its case. Nothing happens for a message not delivered (unknown,
  // or already dead: a repeated bounce).
  virtual void RecordBounce(std::int64_t id, std::string reason, Timestamp at,
                            Callback<Status> done) = 0;
  // A dead or held message becomes pending again, with its attempts reset.
  // A delivery report that the message reached the person (an SMS on their phone): noted as
  // the message's receipt (it may overtake the dispatcher's record). False: no such message.
  virtual void RecordReceipt(std::int64_t id, std::string note, Callback<Result<bool>> done) = 0;
  // E-mail addresses that cannot be reached (a permanent bounce), until they write to us again.
  virtual void RememberUndeliverable(std::string address, std::string reason, Timestamp at,
                                     Callback<Status> done) = 0;
  virtual void ForgetUndeliverable(std::string address, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<bool> IsUndeliverable(std::string_view address) = 0;
  virtual void ReplayOutbox(std::int64_t id, Timestamp now, Callback<Result<OutboxItem>> done) = 0;

  // Agencies: the case whose task at `department` has the agency's id `external_id`.
  [[nodiscard]] virtual Result<std::optional<std::string>> CaseOfExternalId(
      std::string_view department, std::string_view external_id) = 0;
  // Where reading the agency's updates stopped last time.
  [[nodiscard]] virtual Result<std::optional<Timestamp>> AgencyCursor(
      std::string_view department) = 0;
  virtual void SetAgencyCursor(std::string department, Timestamp polled_to,
                               Callback<Status> done) = 0;
};

}  // namespace ratusz::app
