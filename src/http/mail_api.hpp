#pragma once

// POST /api/v1/channels/email: the mail server's hand-over (`ratusz mailgate`, authenticated
// with the bearer `mail.token`). The body is the message as received (RFC 5322). 200 once it
// is stored (or knowingly ignored); 4xx when the message can never be taken; 5xx when it may
// be retried.

#include <functional>
#include <optional>
#include <string>

#include "app/mail_intake.hpp"
#include "http/message.hpp"

namespace ratusz::http {

class MailApi {
 public:
  static constexpr std::string_view kRoute = "channels/email";

  // `run_blocking` runs the parsing and the photos' cleaning off the network threads.
  MailApi(app::MailIntake& intake, std::string token,
          std::function<void(std::function<void()>)> run_blocking)
      : intake_(intake), token_(std::move(token)), run_blocking_(std::move(run_blocking)) {}

  std::optional<HttpResponse> Handle(const HttpRequest& request, Responder later);

 private:
  app::MailIntake& intake_;
  std::string token_;
  std::function<void(std::function<void()>)> run_blocking_;
};

}  // namespace ratusz::http
