#include "http/admin_api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "common/time_format.hpp"
#include "http/api.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"
#include "http/user_json.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

json::object KeyJson(const app::ApiKey& k) {
  return json::object{{"id", k.id},
                      {"name", k.name},
                      {"prefix", k.prefix},
                      {"revoked", k.revoked},
                      {"created_at", FormatW3c(k.created_at)}};
}

json::object Localized(const cases::LocalizedText& text) {
  return json::object{{"pl", text.In("pl")}, {"en", text.In("en")}};
}

}  // namespace

std::optional<HttpResponse> AdminApi::Handle(const cases::Actor& actor, std::string_view route,
                                             const HttpRequest& request, Responder later) {
  if (actor.role != app::Role::kAdmin) {
    return Api::ErrorResponse(ErrorCode::kPermissionDenied,
                              "only administrators manage " + std::string(route.substr(6)));
  }
  if (route == "admin/catalog") {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "use GET: the city is changed in its configuration file");
    }
    return Catalog();
  }
  if (route == "admin/users") {
    if (request.method == "POST") {
      return AddUser(request, std::move(later));
    }
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET to list or POST to add");
    }
    auto users = accounts_.store().ListUsers();
    if (!users) {
      return Api::ErrorResponse(users.error());
    }
    json::array out;
    for (const auto& u : users.value()) {
      out.push_back(UserJson(u));
    }
    return JsonResponse(200, json::object{{"users", std::move(out)}});
  }
  if (route.rfind("admin/users/", 0) == 0) {
    const std::string_view rest = route.substr(std::string_view("admin/users/").size());
    const auto slash = rest.find('/');
    const std::string_view action =
        slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    const std::string username(rest.substr(0, slash));
    if (request.method != "POST" || (action != "disable" && action != "enable")) {
      return Api::ErrorResponse(ErrorCode::kNotFound,
                                "admin/users/{username}/disable or /enable, with POST");
    }
    if (action == "disable" && "user:" + username == actor.id) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "you cannot disable yourself",
                                "username");
    }
    if (auto s = accounts_.store().SetUserDisabled(username, action == "disable"); !s) {
      return Api::ErrorResponse(s.error());
    }
    return JsonResponse(200,
                        json::object{{"username", username}, {"disabled", action == "disable"}});
  }
  if (route == "admin/api-keys") {
    if (request.method == "GET") {
      auto keys = accounts_.store().ListApiKeys();
      if (!keys) {
        return Api::ErrorResponse(keys.error());
      }
      json::array out;
      for (const auto& k : keys.value()) {
        out.push_back(KeyJson(k));
      }
      return JsonResponse(200, json::object{{"keys", std::move(out)}});
    }
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET to list or POST to create");
    }
    auto body = BodyObject(request);
    if (!body) {
      return Api::ErrorResponse(body.error());
    }
    Fields f(body.value());
    const std::string name = f.String("name");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    auto key = accounts_.CreateApiKey(name);
    if (!key) {
      return Api::ErrorResponse(key.error());
    }
    json::object o = KeyJson(key->key);
    o["key"] = key->secret;  // Shown once; only its hash is kept.
    return JsonResponse(201, o);
  }
  // admin/api-keys/{id}/revoke
  const std::string_view rest = route.substr(std::string_view("admin/api-keys/").size());
  const auto slash = rest.find('/');
  const auto id = ParseId(rest.substr(0, slash));
  if (!id || slash == std::string_view::npos || rest.substr(slash + 1) != "revoke" ||
      request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kNotFound, "admin/api-keys/{id}/revoke, with POST");
  }
  if (auto s = accounts_.store().RevokeApiKey(*id); !s) {
    return Api::ErrorResponse(s.error());
  }
  return JsonResponse(200, json::object{{"id", *id}, {"revoked", true}});
}

std::optional<HttpResponse> AdminApi::AddUser(const HttpRequest& request, Responder later) {
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  app::User user;
  user.username = f.String("username");
  user.display_name = f.String("display_name");
  const std::string role = f.String("role");
  std::string password = f.String("password");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  const auto parsed = app::ParseRole(role);
  if (!parsed) {
    return Api::ErrorResponse(
        ErrorCode::kInvalidArgument,
        "role must be admin, supervisor, agent, specialist, expert, auditor or editor", "role");
  }
  user.role = *parsed;
  for (auto [key, out] : {std::pair{"jurisdictions", &user.jurisdictions},
                          std::pair{"departments", &user.departments}}) {
    auto list = StringList(body.value(), key, 50, 64);
    if (!list) {
      return Api::ErrorResponse(list.error());
    }
    *out = std::move(list).value();
  }
  if (user.display_name.size() > 200) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "display_name: at most 200 bytes",
                              "display_name");
  }
  if (auto s = app::CheckPlaces(user, catalog_); !s) {
    return Api::ErrorResponse(s.error());
  }
  auto respond = std::make_shared<Responder>(std::move(later));
  run_blocking_([this, respond, user = std::move(user), password = std::move(password)] {
    auto added = accounts_.AddUser(user, password);
    (*respond)(added ? JsonResponse(201, UserJson(added.value()))
                     : Api::ErrorResponse(added.error()));
  });
  return std::nullopt;
}

HttpResponse AdminApi::Catalog() const {
  json::array jurisdictions;
  for (const auto& j : catalog_.jurisdictions()) {
    jurisdictions.push_back(json::object{{"id", j.id},
                                         {"name", Localized(j.name)},
                                         {"time_zone", j.time_zone},
                                         {"locale", j.locale}});
  }
  json::array units;
  for (const auto& d : catalog_.departments()) {
    const auto& unit = rules_.Unit(d.id);
    units.push_back(json::object{{"id", d.id},
                                 {"name", Localized(d.name)},
                                 {"calendar", unit.calendar},
                                 {"escalate_to", unit.escalate_to},
                                 {"external", unit.external}});
  }
  json::array groups;
  for (const auto& g : catalog_.groups()) {
    groups.push_back(json::object{{"id", g.id}, {"name", Localized(g.name)}});
  }
  json::array services;
  for (const auto& s : catalog_.services()) {
    json::array questions;
    for (const auto& a : s.attributes) {
      json::array values;
      for (const auto& v : a.values) {
        values.push_back(json::object{{"key", v.key}, {"name", Localized(v.name)}});
      }
      questions.push_back(json::object{{"code", a.code},
                                       {"datatype", cases::AttributeTypeName(a.datatype)},
                                       {"required", a.required},
                                       {"order", a.order},
                                       {"description", Localized(a.description)},
                                       {"values", std::move(values)}});
    }
    const auto process = rules_.ForService(s.code, s.department);
    json::object sla;
    for (std::size_t i = 0; i < process.sla_hours.size(); ++i) {
      sla[workflow::PriorityName(static_cast<workflow::Priority>(i))] = process.sla_hours[i];
    }
    services.push_back(json::object{
        {"code", s.code},
        {"name", Localized(s.name)},
        {"group", s.group},
        {"type", cases::ServiceTypeName(s.type)},
        {"keywords", JsonStrings(s.keywords)},
        {"jurisdictions", JsonStrings(s.jurisdictions)},
        {"questions", std::move(questions)},
        {"workflow", json::object{{"process", process.process_id},
                                  {"dispatch", JsonStrings(process.dispatch)},
                                  {"close_rule", workflow::CloseRuleName(process.close_rule)},
                                  {"priority", workflow::PriorityName(process.priority)},
                                  {"sla_hours", std::move(sla)},
                                  {"emergency", process.emergency},
                                  {"duplicate_radius_m", process.duplicate_radius_m},
                                  {"duplicate_window_days", process.duplicate_window_days},
                                  {"related", JsonStrings(process.related_services)}}}});
  }
  return JsonResponse(200, json::object{{"jurisdictions", std::move(jurisdictions)},
                                        {"units", std::move(units)},
                                        {"groups", std::move(groups)},
                                        {"services", std::move(services)}});
}

}  // namespace ratusz::http
