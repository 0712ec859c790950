#pragma once

// Residents and personal data under /api/v1: profiles and consents (residents/...), a case's
// reporter (cases/{n}/reporter), the auditors' access log (audit/personal-data) and the consent
// texts the portal shows (public/consent-texts). Every read of personal data takes a reason.

#include <optional>
#include <string_view>

#include "app/residents.hpp"
#include "http/message.hpp"

namespace ratusz::http {

class ResidentsApi {
 public:
  explicit ResidentsApi(app::Residents& residents) : residents_(residents) {}

  // Whether this API answers `route` (the path after /api/v1/).
  static bool Owns(std::string_view route);
  static bool IsPublic(std::string_view route) { return route == "public/consent-texts"; }

  HttpResponse ConsentTexts(const HttpRequest& request);
  std::optional<HttpResponse> Handle(const cases::Actor& actor, std::string_view route,
                                     const HttpRequest& request, Responder later);

 private:
  std::optional<HttpResponse> Profile(const cases::Actor& actor, std::int64_t id,
                                      std::string_view action, const HttpRequest& request,
                                      Responder later);
  std::optional<HttpResponse> Recognise(const cases::Actor& actor, const HttpRequest& request,
                                        Responder later);
  HttpResponse AccessLog(const cases::Actor& actor, const HttpRequest& request);

  app::Residents& residents_;
};

}  // namespace ratusz::http
