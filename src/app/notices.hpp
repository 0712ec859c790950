#pragma once

// Area and topic notices (S16) as a use case. A resident subscribes with an e-mail address or
// a mobile number to topics in areas, agreeing to the notifications consent text; nothing is
// sent to the address but a request to confirm it (a link, or "reply TAK" by text) until it is
// confirmed. Supervisors broadcast a notice over an area or a drawn polygon, now or later (a
// reminder); the outbox thread fans each due broadcast out to the subscribers it reaches and
// delivers them: in the subscriber's language, at most `max_per_day` a day each (the rest wait),
// texts not in quiet hours, each with its way out (an unsubscribe link with one-click
// List-Unsubscribe for e-mail, STOP for texts).

#include <functional>
#include <string>
#include <vector>

#include "app/dispatcher.hpp"
#include "app/ports.hpp"
#include "residents/notices.hpp"
#include "security/personal_data.hpp"

namespace ratusz::app {

struct NoticesOptions {
  residents::NoticeSetup setup;
  std::vector<std::string> consent_versions;  // Of the notifications consent text.
  // A second request to confirm the same address is sent no sooner than this.
  std::chrono::seconds confirm_again{std::chrono::hours(1)};
};

class Notices {
 public:
  // `email`: the residents' e-mail channel (kind kEmail) or none; `policy.sms`: the SMS one,
  // with its quiet hours. All references must outlive this. Thread-safe but SendDue, which
  // one thread calls.
  Notices(NoticeStore& store, Courier& courier, const security::PersonalData& personal,
          const Clock& clock, workflow::DeliveryChannel email, DispatchPolicy policy,
          NoticesOptions options, CaseStore* cases = nullptr)
      : cases_(cases),
        store_(store),
        courier_(courier),
        personal_(personal),
        clock_(clock),
        email_(std::move(email)),
        policy_(std::move(policy)),
        options_(std::move(options)) {}

  const residents::NoticeSetup& setup() const { return options_.setup; }
  // Whether an address of this kind ("email", "sms") can be reached at all.
  bool CanReach(std::string_view kind) const;

  // Anyone: the request is checked, the address must be reachable; the same answer whether
  // the address was known or not.
  void Subscribe(const residents::SubscriptionInput& input,
                 Callback<Result<SubscribeOutcome>> done);
  // Anyone may follow an open case (FixMyStreet's "get updates"): the same confirmation, then a
  // copy of every notice its reporter gets after "received", in their own language.
  void FollowCase(std::string_view number, const residents::SubscriptionInput& input,
                  Callback<Result<SubscribeOutcome>> done);
  // With the key of the links: confirms the pending pairs (how many), or unsubscribes.
  void Confirm(std::int64_t id, std::string_view key, Callback<Result<int>> done);
  void Unsubscribe(std::int64_t id, std::string_view key, Callback<Result<bool>> done);
  // What the address of these links is subscribed to (NotFound for a wrong key).
  [[nodiscard]] Result<Subscriber> Mine(std::int64_t id, std::string_view key);
  // By text from the number itself: TAK/YES confirms; STOP removes its subscriptions.
  void ConfirmByLookup(const std::string& phone_lookup, Callback<Result<int>> done);
  void UnsubscribeByLookup(const std::string& lookup, Callback<Result<bool>> done);

  // Supervisors and admins.
  void Broadcast(const cases::Actor& actor, const residents::BroadcastInput& input,
                 Callback<Result<residents::Broadcast>> done);
  void Cancel(const cases::Actor& actor, std::int64_t id,
              Callback<Result<residents::Broadcast>> done);
  [[nodiscard]] Result<std::vector<residents::Broadcast>> List(const cases::Actor& actor);
  [[nodiscard]] Result<residents::Broadcast> Get(const cases::Actor& actor, std::int64_t id);

  // Fans out due broadcasts and sends one batch of due messages; returns how many were handled.
  [[nodiscard]] Result<int> SendDue();

 private:
  // Adds the pairs after the request passed its checks.
  void Store(residents::SubscriptionRequest request, Callback<Result<SubscribeOutcome>> done);

  CaseStore* cases_;
  NoticeStore& store_;
  Courier& courier_;
  const security::PersonalData& personal_;
  const Clock& clock_;
  workflow::DeliveryChannel email_;
  DispatchPolicy policy_;
  NoticesOptions options_;
};

}  // namespace ratusz::app
