#include "http/surveys_api.hpp"

#include <boost/json.hpp>

#include "http/api.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"

namespace ratusz::http {

namespace json = boost::json;

std::optional<HttpResponse> SurveysApi::Answer(std::string_view route, const HttpRequest& request,
                                               Responder later) {
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST {key, score, fixed, comment}");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  const std::string key = f.String("key");
  const auto score = f.Int("score");
  app::SurveyReply reply;
  reply.fixed = body->contains("fixed") ? f.Bool("fixed") : true;
  reply.comment = f.String("comment");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  if (score) {
    if (*score < 1 || *score > 5) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "a score is 1 to 5", "score");
    }
    reply.score = static_cast<int>(*score);
  }
  surveys_.AnswerWithKey(route.substr(kPublicPrefix.size()), key, std::move(reply),
                         [later = std::move(later)](Result<app::SurveyOutcome> outcome) {
                           if (!outcome) {
                             later(Api::ErrorResponse(outcome.error()));
                             return;
                           }
                           later(JsonResponse(200, json::object{{"case", outcome->case_number},
                                                                {"recorded", outcome->recorded},
                                                                {"reopened", outcome->reopened}}));
                         });
  return std::nullopt;
}

HttpResponse SurveysApi::Results(const cases::Actor& actor, const HttpRequest& request) {
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  if (auto s = TimeParam(p.value(), "from", from); !s) {
    return Api::ErrorResponse(s.error());
  }
  if (auto s = TimeParam(p.value(), "to", to); !s) {
    return Api::ErrorResponse(s.error());
  }
  const std::string by = p->Get("by").empty() ? "service" : p->Get("by");
  auto groups =
      surveys_.Results(actor, from.value_or(FromMicros(0)),
                       to.value_or(FromMicros(std::numeric_limits<std::int64_t>::max())), by);
  if (!groups) {
    return Api::ErrorResponse(groups.error());
  }
  json::array out;
  for (const auto& g : groups.value()) {
    json::array scores;
    for (const auto n : g.scores) {
      scores.emplace_back(n);
    }
    out.emplace_back(json::object{{"key", g.key},
                                  {"answers", g.answers},
                                  {"average", g.average},
                                  {"scores", std::move(scores)},
                                  {"not_fixed", g.not_fixed}});
  }
  return JsonResponse(200, json::object{{"by", by}, {"groups", std::move(out)}});
}

}  // namespace ratusz::http
