#pragma once

// The outbox for admins (dead letters and held messages, replay) and the door through which
// agencies send their status updates back: POST /api/v1/agencies/{unit}/updates, signed with
// the unit's shared secret (the same HMAC-SHA256 scheme as our webhooks).

#include <optional>
#include <string_view>

#include "app/dispatcher.hpp"
#include "http/message.hpp"
#include "workflow/process.hpp"

namespace ratusz::http {

class DeliveryApi {
 public:
  // How far a signed request's timestamp may be from our clock.
  static constexpr std::chrono::seconds kSignatureTolerance{300};

  DeliveryApi(const workflow::Rules& rules, app::OutboxStore& outbox, app::Dispatcher& dispatcher,
              const Clock& clock)
      : rules_(rules), outbox_(outbox), dispatcher_(dispatcher), clock_(clock) {}

  // `route` is the path after /api/v1/ and starts with "admin/outbox".
  std::optional<HttpResponse> HandleAdmin(const cases::Actor& actor, std::string_view route,
                                          const HttpRequest& request, Responder later);
  // `route` starts with "agencies/"; no session: the signature is the credential.
  std::optional<HttpResponse> HandleAgency(std::string_view route, const HttpRequest& request,
                                           Responder later);

 private:
  const workflow::Rules& rules_;
  app::OutboxStore& outbox_;
  app::Dispatcher& dispatcher_;
  const Clock& clock_;
};

}  // namespace ratusz::http
