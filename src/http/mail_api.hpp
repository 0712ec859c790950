#pragma once

// POST /api/v1/channels/email: the mail server's hand-over (`ratusz mailgate`, authenticated
// with the bearer `mail.token`). The body is the message as received (RFC 5322). 200 once it
// is stored (or knowingly ignored); 4xx when the message can never be taken; 5xx when it may
// be retried.

#include <optional>
#include <string>

#include "app/mail_intake.hpp"
#include "http/message.hpp"

namespace ratusz::http {

class MailApi {
 public:
  static constexpr std::string_view kRoute = "channels/email";

  MailApi(app::MailIntake& intake, std::string token) : intake_(intake), token_(std::move(token)) {}

  std::optional<HttpResponse> Handle(const HttpRequest& request, Responder later);

 private:
  app::MailIntake& intake_;
  std::string token_;
};

}  // namespace ratusz::http
