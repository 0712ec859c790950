#include "http/delivery_api.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <memory>

#include "common/time_format.hpp"
#include "http/api.hpp"
#include "http/form.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"
#include "security/crypto.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

json::object ItemJson(const app::OutboxItem& m) {
  boost::system::error_code ec;
  json::value payload = json::parse(m.payload_json, ec);
  return json::object{
      {"id", m.id},
      {"case", m.case_number},
      {"jurisdiction_id", m.jurisdiction_id},
      {"topic", m.topic},
      {"recipient", m.recipient},
      {"priority", m.priority},
      {"state", app::DeliveryStateName(m.state)},
      {"attempts", m.attempts},
      {"next_attempt_at", FormatW3c(m.next_attempt_at)},
      {"last_error", m.last_error},
      {"channel", m.channel},
      {"receipt", m.receipt},
      {"created_at", FormatW3c(m.created_at)},
      {"delivered_at", m.delivered_at ? json::value(FormatW3c(*m.delivered_at)) : nullptr},
      {"payload", ec ? json::value(m.payload_json) : std::move(payload)},
  };
}

}  // namespace

std::optional<HttpResponse> DeliveryApi::HandleAdmin(const cases::Actor& actor,
                                                     std::string_view route,
                                                     const HttpRequest& request, Responder later) {
  if (actor.role != cases::Role::kAdmin) {
    return Api::ErrorResponse(ErrorCode::kPermissionDenied,
                              "only an admin sees and replays the outbox");
  }
  if (route == "admin/outbox") {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
    }
    Params p;
    if (auto s = ParseUrlEncoded(request.query, FormLimits{}, p); !s) {
      return Api::ErrorResponse(s.error());
    }
    const std::string state_name = p.Has("state") ? p.Get("state") : "dead";
    const auto state = app::ParseDeliveryState(state_name);
    if (!state) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "state must be pending, delivered, dead or held", "state");
    }
    std::int64_t before = 0;
    if (p.Has("before")) {
      const auto id = ParseId(p.Get("before"));
      if (!id) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "before must be a message id",
                                  "before");
      }
      before = *id;
    }
    std::int64_t limit = 50;
    if (p.Has("limit")) {
      const auto n = ParseId(p.Get("limit"));
      if (!n || *n > 500) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "limit must be 1 to 500", "limit");
      }
      limit = *n;
    }
    auto items = outbox_.ListOutbox(*state, before, static_cast<int>(limit));
    if (!items) {
      return Api::ErrorResponse(items.error());
    }
    json::array list;
    for (const auto& m : items.value()) {
      list.push_back(ItemJson(m));
    }
    return JsonResponse(200, json::object{{"messages", std::move(list)}});
  }
  // admin/outbox/{id}/replay
  constexpr std::string_view kPrefix = "admin/outbox/";
  constexpr std::string_view kSuffix = "/replay";
  if (route.size() > kPrefix.size() + kSuffix.size() && route.rfind(kPrefix, 0) == 0 &&
      route.substr(route.size() - kSuffix.size()) == kSuffix) {
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST to replay a message");
    }
    const auto id =
        ParseId(route.substr(kPrefix.size(), route.size() - kPrefix.size() - kSuffix.size()));
    if (!id) {
      return Api::ErrorResponse(ErrorCode::kNotFound, "no such outbox message");
    }
    outbox_.ReplayOutbox(*id, clock_.Now(), [later = std::move(later)](auto result) {
      later(result ? JsonResponse(200, ItemJson(result.value()))
                   : Api::ErrorResponse(result.error()));
    });
    return std::nullopt;
  }
  return Api::ErrorResponse(ErrorCode::kNotFound, "no such outbox endpoint");
}

std::optional<HttpResponse> DeliveryApi::HandleAgency(std::string_view route,
                                                      const HttpRequest& request, Responder later) {
  constexpr std::string_view kPrefix = "agencies/";
  constexpr std::string_view kSuffix = "/updates";
  if (route.size() <= kPrefix.size() + kSuffix.size() ||
      route.substr(route.size() - kSuffix.size()) != kSuffix) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "use POST /api/v1/agencies/{unit}/updates");
  }
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST");
  }
  const std::string department(
      route.substr(kPrefix.size(), route.size() - kPrefix.size() - kSuffix.size()));
  const auto& unit = rules_.Unit(department);
  if (unit.department != department || unit.channel.secret.empty()) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no unit '" + department.substr(0, 60) +
                                                        "' takes updates from outside");
  }
  // The signature over "<timestamp>.<body>" proves the shared secret; the timestamp, signed
  // with it, keeps a captured request from being replayed later.
  const std::string* timestamp = request.Header("x-ratusz-timestamp");
  const std::string* signature = request.Header("x-ratusz-signature");
  if (timestamp == nullptr || signature == nullptr) {
    return Api::ErrorResponse(
        ErrorCode::kUnauthenticated,
        "sign the request: X-Ratusz-Timestamp and X-Ratusz-Signature headers");
  }
  const auto seconds = ParseId(*timestamp);
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch());
  if (!seconds || std::chrono::abs(now - std::chrono::seconds(*seconds)) > kSignatureTolerance) {
    return Api::ErrorResponse(
        ErrorCode::kUnauthenticated,
        "X-Ratusz-Timestamp must be the Unix time of sending, within 5 minutes of ours");
  }
  if (!security::VerifyWebhook(unit.channel.secret, *timestamp, request.body, *signature)) {
    return Api::ErrorResponse(ErrorCode::kUnauthenticated,
                              "the signature does not match this unit's secret");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  app::AgencyUpdate update;
  update.update_id = f.String("update_id");
  update.case_number = f.String("case");
  update.external_id = f.String("service_request_id");
  update.status = f.String("status");
  update.description = f.String("description");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  if (update.update_id.empty() || update.update_id.size() > 200) {
    return Api::ErrorResponse(
        ErrorCode::kInvalidArgument,
        "update_id (your own id of this update, at most 200 characters) is required", "update_id");
  }
  if (update.case_number.empty() == update.external_id.empty()) {
    return Api::ErrorResponse(
        ErrorCode::kInvalidArgument,
        "name the task either by our case number (case) or by your service_request_id", "case");
  }
  if (update.status.empty() && update.description.empty()) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "send a status, a description or both",
                              "status");
  }
  if (!update.status.empty() && update.status != "open" &&
      !app::TaskStateForAgencyStatus(update.status)) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "unknown status '" + update.status.substr(0, 40) +
                                  "'; use an Open311 status such as in_progress, fixed or closed",
                              "status");
  }
  dispatcher_.ApplyAgencyUpdate(
      department, update, [later = std::move(later), department](auto result) {
        if (!result && result.error().code == ErrorCode::kAlreadyExists) {
          later(JsonResponse(200, json::object{{"applied", false},
                                               {"reason", "this update_id was applied before"}}));
          return;
        }
        if (!result) {
          later(Api::ErrorResponse(result.error()));
          return;
        }
        const auto& file = result.value();
        const auto* task = file.FindTask(department);
        later(JsonResponse(
            200, json::object{
                     {"applied", true},
                     {"case", file.request.number},
                     {"status", cases::StatusName(file.request.status)},
                     {"task_state", task ? json::value(workflow::TaskStateName(task->state))
                                         : json::value(nullptr)},
                 }));
      });
  return std::nullopt;
}

}  // namespace ratusz::http
