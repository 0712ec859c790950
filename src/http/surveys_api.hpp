#pragma once

// Satisfaction surveys: residents answer at POST /api/v1/public/surveys/{number} with the key
// from their notice's link ({key, score 1-5, fixed, comment}); supervisors read the results at
// GET /api/v1/stats/surveys?from=&to=&by=service|unit|channel.

#include <optional>
#include <string_view>

#include "app/surveys.hpp"
#include "http/message.hpp"

namespace ratusz::http {

class SurveysApi {
 public:
  static constexpr std::string_view kPublicPrefix = "public/surveys/";
  static constexpr std::string_view kResults = "stats/surveys";

  explicit SurveysApi(app::Surveys& surveys) : surveys_(surveys) {}

  std::optional<HttpResponse> Answer(std::string_view route, const HttpRequest& request,
                                     Responder later);
  HttpResponse Results(const cases::Actor& actor, const HttpRequest& request);

 private:
  app::Surveys& surveys_;
};

}  // namespace ratusz::http
