#include "http/mail_api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "http/api.hpp"
#include "http/json_response.hpp"
#include "security/crypto.hpp"

namespace ratusz::http {

std::optional<HttpResponse> MailApi::Handle(const HttpRequest& request, Responder later) {
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST");
  }
  if (token_.empty()) {
    return Api::ErrorResponse(ErrorCode::kUnavailable,
                              "e-mail in is turned off: set mail.token (or mail.token_file)");
  }
  const std::string* auth = request.Header("authorization");
  if (auth == nullptr || !security::ConstantTimeEquals(*auth, "Bearer " + token_)) {
    return Api::ErrorResponse(ErrorCode::kUnauthenticated,
                              "the mail gateway authenticates with Authorization: Bearer "
                              "<mail.token>");
  }
  run_blocking_([this, raw = request.body, later = std::move(later)]() mutable {
    intake_.Receive(raw, [later = std::move(later)](Result<app::MailOutcome> outcome) {
      if (!outcome) {
        later(Api::ErrorResponse(outcome.error()));
        return;
      }
      const auto& o = outcome.value();
      boost::json::object body{{"action", o.action}, {"repeated", o.repeated}};
      if (!o.case_number.empty()) {
        body["case"] = o.case_number;
      }
      if (o.interaction != 0) {
        body["interaction"] = o.interaction;
      }
      if (!o.reason.empty()) {
        body["reason"] = o.reason;
      }
      later(JsonResponse(200, body));
    });
  });
  return std::nullopt;
}

}  // namespace ratusz::http
