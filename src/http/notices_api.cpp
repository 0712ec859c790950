#include "http/notices_api.hpp"

#include <boost/json.hpp>

#include "app/case_desk.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "http/api.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

json::array PolygonJson(const residents::Polygon& polygon) {
  json::array out;
  for (const auto& p : polygon) {
    out.push_back(json::array{p.lat, p.lon});
  }
  return out;
}

json::object BroadcastJson(const residents::Broadcast& b) {
  return json::object{{"id", b.id},
                      {"topic", b.topic},
                      {"area", b.area},
                      {"polygon", PolygonJson(b.polygon)},
                      {"reach", JsonStrings(b.reach)},
                      {"city_wide", b.city_wide},
                      {"title_pl", b.title_pl},
                      {"title_en", b.title_en},
                      {"text_pl", b.text_pl},
                      {"text_en", b.text_en},
                      {"send_at", FormatW3c(b.send_at)},
                      {"created_by", b.created_by},
                      {"created_at", FormatW3c(b.created_at)},
                      {"state", b.state},
                      {"recipients", b.recipients},
                      {"sent", b.sent},
                      {"waiting", b.waiting},
                      {"failed", b.failed}};
}

Result<residents::Polygon> PolygonField(const json::object& o) {
  residents::Polygon out;
  const auto* v = o.if_contains("polygon");
  if (v == nullptr || v->is_null()) {
    return out;
  }
  const auto bad = MakeError(ErrorCode::kInvalidArgument,
                             "polygon must be an array of [latitude, longitude] pairs", "polygon");
  if (!v->is_array() || v->as_array().size() > 1000) {
    return bad;
  }
  for (const auto& p : v->as_array()) {
    if (!p.is_array() || p.as_array().size() != 2 || !p.as_array()[0].is_number() ||
        !p.as_array()[1].is_number()) {
      return bad;
    }
    out.push_back({p.as_array()[0].to_number<double>(), p.as_array()[1].to_number<double>()});
  }
  return out;
}

bool English(const HttpRequest& request) {
  if (auto p = QueryOf(request); p && !p->Get("lang").empty()) {
    return p->Get("lang") == "en";
  }
  const std::string* accept = request.Header("accept-language");
  return accept != nullptr && accept->rfind("en", 0) == 0;
}

bool WantsJson(const HttpRequest& request) {
  const std::string* accept = request.Header("accept");
  return accept != nullptr && accept->find("application/json") != std::string::npos;
}

// A small page for a person who opened a link: what happened, or a button to do it.
HttpResponse Page(int status, bool en, std::string_view title, std::string_view text,
                  std::string_view button = {}, std::string_view key = {}) {
  std::string html = "<!doctype html><html lang=\"";
  html += en ? "en" : "pl";
  html +=
      "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\"><title>";
  html += EscapeHtml(title);
  html += "</title></head><body><main><h1>";
  html += EscapeHtml(title);
  html += "</h1><p>";
  html += EscapeHtml(text);
  html += "</p>";
  if (!button.empty()) {
    html +=
        "<form method=\"post\" action=\"?key=" + EscapeHtml(key) + "\"><button type=\"submit\">";
    html += EscapeHtml(button);
    html += "</button></form>";
  }
  html += "</main></body></html>";
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; form-action 'self'");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");  // The key stays here.
  return r;
}

}  // namespace

HttpResponse NoticesApi::Topics(const HttpRequest& request) {
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  const auto& setup = notices_.setup();
  json::array topics;
  for (const auto& t : setup.topics) {
    topics.emplace_back(
        json::object{{"code", t.code}, {"name_pl", t.name_pl}, {"name_en", t.name_en}});
  }
  json::array areas;
  for (const auto& a : setup.areas) {
    areas.emplace_back(json::object{{"code", a.code},
                                    {"name_pl", a.name_pl},
                                    {"name_en", a.name_en},
                                    {"polygon", PolygonJson(a.polygon)}});
  }
  json::array channels;
  for (const char* kind : {"email", "sms"}) {
    if (notices_.CanReach(kind)) {
      channels.emplace_back(kind);
    }
  }
  return JsonResponse(200, json::object{{"topics", std::move(topics)},
                                        {"areas", std::move(areas)},
                                        {"channels", std::move(channels)},
                                        {"max_per_day", setup.max_per_day}});
}

std::optional<HttpResponse> NoticesApi::Subscribe(const HttpRequest& request, Responder later,
                                                  std::string_view followed_case) {
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "use POST {address, topics, areas, language, consent_version}");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  residents::SubscriptionInput in;
  in.address = f.String("address");
  in.language = f.String("language");
  if (in.language.empty()) {
    in.language = English(request) ? "en" : "pl";
  }
  in.consent_version = f.String("consent_version");
  in.channel = "web";
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  auto topics = StringList(body.value(), "topics", 100, 100);
  auto areas = StringList(body.value(), "areas", 100, 100);
  if (!topics || !areas) {
    return Api::ErrorResponse(!topics ? topics.error() : areas.error());
  }
  in.topics = std::move(topics).value();
  in.areas = std::move(areas).value();
  auto answer = [later = std::move(later)](Result<app::SubscribeOutcome> outcome) {
    if (!outcome) {
      later(Api::ErrorResponse(outcome.error()));
      return;
    }
    // The same answer for a new address and a known one: nobody learns who subscribes.
    later(JsonResponse(
        202, json::object{
                 {"status", "confirm"},
                 {"message_pl",
                  "Wysłaliśmy prośbę o potwierdzenie. Powiadomienia zaczną przychodzić "
                  "po potwierdzeniu."},
                 {"message_en", "We sent a request to confirm. Notices start once you confirm."}}));
  };
  if (followed_case.empty()) {
    notices_.Subscribe(in, std::move(answer));
  } else {
    notices_.FollowCase(followed_case, in, std::move(answer));
  }
  return std::nullopt;
}

std::optional<HttpResponse> NoticesApi::Link(std::int64_t id, std::string_view action,
                                             const HttpRequest& request, Responder later) {
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  const std::string key = p->Get("key");
  const bool en = English(request);
  const bool confirm = action == "confirm";
  if (request.method == "GET") {
    return confirm ? Page(200, en, en ? "Confirm the notices" : "Potwierdź powiadomienia",
                          en ? "Press the button to start receiving the notices you asked for."
                             : "Naciśnij przycisk, aby zacząć otrzymywać zamówione powiadomienia.",
                          en ? "Confirm" : "Potwierdzam", key)
                   : Page(200, en, en ? "Unsubscribe" : "Rezygnacja z powiadomień",
                          en ? "Press the button to stop all notices to this address."
                             : "Naciśnij przycisk, aby nie otrzymywać więcej powiadomień na ten "
                               "adres.",
                          en ? "Unsubscribe" : "Rezygnuję", key);
  }
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET or POST");
  }
  const bool json_answer = WantsJson(request);
  auto fail = [json_answer, en](const Error& e) {
    if (json_answer) {
      return Api::ErrorResponse(e);
    }
    return Page(404, en, en ? "Link not valid" : "Nieważny link",
                en ? "This link does not work (any more). Use the newest message from us."
                   : "Ten link nie działa (już). Użyj najnowszej wiadomości od nas.");
  };
  if (confirm) {
    notices_.Confirm(id, key, [later = std::move(later), json_answer, en, fail](Result<int> r) {
      if (!r) {
        later(fail(r.error()));
      } else if (json_answer) {
        later(JsonResponse(200, json::object{{"confirmed", r.value()}}));
      } else {
        later(Page(200, en, en ? "Notices confirmed" : "Powiadomienia potwierdzone",
                   en ? "Thank you. Each notice carries a link to unsubscribe."
                      : "Dziękujemy. Każde powiadomienie ma link do rezygnacji."));
      }
    });
    return std::nullopt;
  }
  notices_.Unsubscribe(id, key, [later = std::move(later), json_answer, en, fail](Result<bool> r) {
    if (!r) {
      later(fail(r.error()));
    } else if (json_answer) {
      later(JsonResponse(200, json::object{{"unsubscribed", true}}));
    } else {
      later(Page(200, en, en ? "Unsubscribed" : "Zrezygnowano",
                 en ? "You will get no more notices; your address is deleted."
                    : "Nie wyślemy więcej powiadomień; Twój adres usunęliśmy."));
    }
  });
  return std::nullopt;
}

std::optional<HttpResponse> NoticesApi::HandlePublic(std::string_view route,
                                                     const HttpRequest& request, Responder later) {
  if (route == "public/notice-topics") {
    return Topics(request);
  }
  if (route == "public/subscriptions") {
    return Subscribe(request, std::move(later), {});
  }
  if (route.rfind("public/cases/", 0) == 0) {
    std::string_view rest = route.substr(std::string_view("public/cases/").size());
    const auto number = app::CanonicalCaseNumber(rest.substr(0, rest.find('/')));
    if (!number) {
      return Api::ErrorResponse(number.error());
    }
    return Subscribe(request, std::move(later), number.value());
  }
  std::string_view rest = route.substr(std::string_view("public/subscriptions/").size());
  const auto slash = rest.find('/');
  const auto id = ParseId(rest.substr(0, slash));
  const std::string_view action =
      slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  if (!id || (action != "" && action != "confirm" && action != "unsubscribe")) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no such subscription link");
  }
  if (!action.empty()) {
    return Link(*id, action, request, std::move(later));
  }
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET with ?key=");
  }
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  auto who = notices_.Mine(*id, p->Get("key"));
  if (!who) {
    return Api::ErrorResponse(who.error());
  }
  json::array pairs;
  for (const auto& s : who->subscriptions) {
    pairs.emplace_back(json::object{{"topic", s.topic},
                                    {"area", s.area},
                                    {"consent_version", s.text_version},
                                    {"given_at", FormatW3c(s.given_at)},
                                    {"confirmed", s.confirmed_at.has_value()}});
  }
  return JsonResponse(200, json::object{{"id", who->id},
                                        {"kind", who->kind},
                                        {"address", who->address},
                                        {"language", who->language},
                                        {"subscriptions", std::move(pairs)}});
}

std::optional<HttpResponse> NoticesApi::HandleStaff(const cases::Actor& actor,
                                                    std::string_view route,
                                                    const HttpRequest& request, Responder later) {
  if (route == "broadcasts" && request.method == "GET") {
    auto list = notices_.List(actor);
    if (!list) {
      return Api::ErrorResponse(list.error());
    }
    json::array out;
    for (const auto& b : list.value()) {
      out.emplace_back(BroadcastJson(b));
    }
    return JsonResponse(200, out);
  }
  if (route == "broadcasts") {
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET or POST");
    }
    auto body = BodyObject(request);
    if (!body) {
      return Api::ErrorResponse(body.error());
    }
    Fields f(body.value());
    residents::BroadcastInput in;
    in.topic = f.String("topic");
    in.area = f.String("area");
    in.title_pl = f.String("title_pl");
    in.title_en = f.String("title_en");
    in.text_pl = f.String("text_pl");
    in.text_en = f.String("text_en");
    const std::string send_at = f.String("send_at");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    if (!send_at.empty()) {
      auto t = ParseW3c(send_at);
      if (!t) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "send_at must be a W3C date-time",
                                  "send_at");
      }
      in.send_at = t.value();
    }
    auto polygon = PolygonField(body.value());
    if (!polygon) {
      return Api::ErrorResponse(polygon.error());
    }
    in.polygon = std::move(polygon).value();
    notices_.Broadcast(actor, in, [later = std::move(later)](Result<residents::Broadcast> b) {
      later(b ? JsonResponse(201, BroadcastJson(b.value())) : Api::ErrorResponse(b.error()));
    });
    return std::nullopt;
  }
  std::string_view rest = route.substr(std::string_view("broadcasts/").size());
  const auto slash = rest.find('/');
  const auto id = ParseId(rest.substr(0, slash));
  if (!id) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no such broadcast");
  }
  if (slash == std::string_view::npos) {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
    }
    auto b = notices_.Get(actor, *id);
    return b ? JsonResponse(200, BroadcastJson(b.value())) : Api::ErrorResponse(b.error());
  }
  if (rest.substr(slash + 1) != "cancel" || request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kNotFound, "use POST broadcasts/{id}/cancel");
  }
  notices_.Cancel(actor, *id, [later = std::move(later)](Result<residents::Broadcast> b) {
    later(b ? JsonResponse(200, BroadcastJson(b.value())) : Api::ErrorResponse(b.error()));
  });
  return std::nullopt;
}

}  // namespace ratusz::http
