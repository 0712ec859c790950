#pragma once

// The staff JSON API under /api/v1: login, logout, who am I, case handling (CasesApi),
// delivery (DeliveryApi), the contact center (ContactApi), the knowledge base (KbApi) and the
// residents' public endpoints beside them.

#include <functional>
#include <optional>

#include "app/accounts.hpp"
#include "http/admin_api.hpp"
#include "http/cases_api.hpp"
#include "http/contact_api.hpp"
#include "http/delivery_api.hpp"
#include "http/kb_api.hpp"
#include "http/mail_api.hpp"
#include "http/message.hpp"
#include "http/notices_api.hpp"
#include "http/portal_api.hpp"
#include "http/residents_api.hpp"
#include "http/sms_api.hpp"
#include "http/surveys_api.hpp"

namespace ratusz::http {

struct ApiOptions {
  bool secure_cookies = false;  // Set the Secure flag (when served over HTTPS).
  int session_hours = 12;
};

class Api {
 public:
  static constexpr std::string_view kPrefix = "/api/v1/";

  // `run_blocking` runs slow work (password hashing) off the network threads.
  // `cases`, `delivery` and `contact` may be null (then only the account endpoints answer).
  Api(app::Accounts& accounts, ApiOptions options,
      std::function<void(std::function<void()>)> run_blocking, CasesApi* cases = nullptr,
      DeliveryApi* delivery = nullptr, ContactApi* contact = nullptr, MailApi* mail = nullptr,
      ResidentsApi* residents = nullptr, SmsApi* sms = nullptr, SurveysApi* surveys = nullptr,
      NoticesApi* notices = nullptr, KbApi* kb = nullptr, PortalApi* portal = nullptr,
      AdminApi* admin = nullptr)
      : accounts_(accounts),
        options_(options),
        run_blocking_(std::move(run_blocking)),
        cases_(cases),
        delivery_(delivery),
        contact_(contact),
        mail_(mail),
        residents_(residents),
        sms_(sms),
        surveys_(surveys),
        notices_(notices),
        kb_(kb),
        portal_(portal),
        admin_(admin) {}

  std::optional<HttpResponse> Handle(const HttpRequest& request, Responder later);
  // WebSockets: the consoles' /api/v1/contact/ws and the residents' /api/v1/public/chat/ws.
  Upgrade OpenSocket(const HttpRequest& request, std::shared_ptr<WsPeer> peer);

  // {"error": {"code": "...", "message": "..."}} with the matching status.
  static HttpResponse ErrorResponse(const Error& error);
  static HttpResponse ErrorResponse(ErrorCode code, std::string message, std::string field = {}) {
    return ErrorResponse(MakeError(code, std::move(message), std::move(field)));
  }

 private:
  // The user behind the request's bearer token or session cookie.
  Result<app::User> Authenticate(const HttpRequest& request);

  app::Accounts& accounts_;
  ApiOptions options_;
  std::function<void(std::function<void()>)> run_blocking_;
  CasesApi* cases_;
  DeliveryApi* delivery_;
  ContactApi* contact_;
  MailApi* mail_;
  ResidentsApi* residents_;
  SmsApi* sms_;
  SurveysApi* surveys_;
  NoticesApi* notices_;
  KbApi* kb_;
  PortalApi* portal_;
  AdminApi* admin_;
};

}  // namespace ratusz::http
