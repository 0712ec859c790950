#pragma once

// What agents write on e-mail and SMS contacts (and the acknowledgement of a new e-mail) leaves
// for the resident: an e-mail threaded to theirs (In-Reply-To, a Message-ID naming the contact,
// so their answer comes back to it), or a text through Kannel. Retried with the outbox's
// backoff; a number that sent STOP is not texted.

#include <functional>
#include <string>

#include "app/dispatcher.hpp"
#include "app/ports.hpp"

namespace ratusz::app {

class ContactReplies {
 public:
  // `email`: the residents' e-mail channel (kind kEmail) or none; `policy.sms`: the SMS one.
  ContactReplies(ContactStore& store, Courier& courier, const Clock& clock,
                 workflow::DeliveryChannel email, DispatchPolicy policy)
      : store_(store),
        courier_(courier),
        clock_(clock),
        email_(std::move(email)),
        policy_(std::move(policy)) {}

  // Sends what is due; returns how many lines were handled.
  [[nodiscard]] Result<int> SendDue();

 private:
  ContactStore& store_;
  Courier& courier_;
  const Clock& clock_;
  workflow::DeliveryChannel email_;
  DispatchPolicy policy_;
};

// The contact a Message-ID of ours names: "contact-<id>.<seq>@domain" -> id.
std::optional<std::int64_t> ContactOfMessageId(std::string_view message_id);

}  // namespace ratusz::app
