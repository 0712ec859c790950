#pragma once

// Kannel's callbacks under /api/v1/channels/sms, authenticated by the shared secret in the
// URL (Kannel's get-url and dlr-url cannot sign):
//   GET channels/sms?secret=&id=%I&from=%p&to=%P&text=%b&coding=%c&charset=%C
//       an incoming message; the answer's body is the reply Kannel sends back at once (UCS-2:
//       X-Kannel-Coding: 2), empty for none. 5xx when it could not be stored (Kannel retries).
//   GET channels/sms/dlr?secret=&outbox=<id>&type=%d&answer=%A
//       a delivery report of one of our texts: 1 delivered (noted on the message), 2 failed
//       and 16 rejected (the message fails, with a delivery_failed event on its case).

#include <optional>
#include <string>

#include "app/ports.hpp"
#include "app/sms_intake.hpp"
#include "http/message.hpp"

namespace ratusz::http {

class SmsApi {
 public:
  static constexpr std::string_view kRoute = "channels/sms";
  static constexpr std::string_view kReports = "channels/sms/dlr";

  SmsApi(app::SmsIntake& intake, app::OutboxStore& outbox, app::ContactStore& contacts,
         const Clock& clock, std::string secret)
      : intake_(intake),
        outbox_(outbox),
        contacts_(contacts),
        clock_(clock),
        secret_(std::move(secret)) {}

  std::optional<HttpResponse> Handle(std::string_view route, const HttpRequest& request,
                                     Responder later);

 private:
  std::optional<HttpResponse> Incoming(const HttpRequest& request, Responder later);
  std::optional<HttpResponse> Report(const HttpRequest& request, Responder later);

  app::SmsIntake& intake_;
  app::OutboxStore& outbox_;
  app::ContactStore& contacts_;
  const Clock& clock_;
  std::string secret_;
};

// The text of a message as Kannel hands it over: UTF-8, or UCS-2 / UTF-16BE (coding 2, when
// Kannel does not recode it), or ISO-8859-1. Nothing when it cannot be read.
std::optional<std::string> SmsText(std::string_view bytes, std::string_view coding,
                                   std::string_view charset);

}  // namespace ratusz::http
