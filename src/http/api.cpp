#include "http/api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "common/time_format.hpp"
#include "http/json_response.hpp"
#include "http/status.hpp"
#include "http/user_json.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kCookie = "ratusz_session";

std::string SessionToken(const HttpRequest& request) {
  if (const auto* auth = request.Header("authorization")) {
    if (auth->rfind("Bearer ", 0) == 0) {
      return auth->substr(7);
    }
  }
  if (const auto* cookie = request.Header("cookie")) {
    std::string_view rest = *cookie;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      auto piece = rest.substr(0, semi);
      while (!piece.empty() && piece.front() == ' ') {
        piece.remove_prefix(1);
      }
      if (piece.rfind(std::string(kCookie) + "=", 0) == 0) {
        return std::string(piece.substr(kCookie.size() + 1));
      }
      if (semi == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(semi + 1);
    }
  }
  return {};
}

cases::Actor ActorOf(const app::User& u) {
  return cases::Actor{"user:" + u.username, u.role, u.jurisdictions, u.departments};
}

}  // namespace

HttpResponse Api::ErrorResponse(const Error& error) {
  return JsonResponse(HttpStatus(error.code), json::object{{"error", ErrorJson(error)}});
}

Result<app::User> Api::Authenticate(const HttpRequest& request) {
  const std::string token = SessionToken(request);
  if (token.empty()) {
    return MakeError(ErrorCode::kUnauthenticated, "log in first (POST /api/v1/auth/login)");
  }
  auto user = accounts_.UserForSession(token);
  if (!user) {
    return user.error();
  }
  if (!user.value()) {
    return MakeError(ErrorCode::kUnauthenticated, "the session has expired or was ended");
  }
  return *user.value();
}

std::optional<HttpResponse> Api::Handle(const HttpRequest& request, Responder later) {
  const std::string_view route = std::string_view(request.path).substr(kPrefix.size());
  if (route == "auth/login") {
    if (request.method != "POST") {
      return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "use POST"));
    }
    boost::system::error_code ec;
    const json::value body = json::parse(request.body, ec);
    const json::object* o = (!ec && body.is_object()) ? &body.as_object() : nullptr;
    const json::value* user = o ? o->if_contains("username") : nullptr;
    const json::value* password = o ? o->if_contains("password") : nullptr;
    if (!user || !password || !user->is_string() || !password->is_string()) {
      return ErrorResponse(MakeError(ErrorCode::kInvalidArgument,
                                     "send JSON {\"username\": \"...\", \"password\": \"...\"}"));
    }
    auto respond = std::make_shared<Responder>(std::move(later));
    run_blocking_([this, respond, username = std::string(user->as_string()),
                   secret = std::string(password->as_string())] {
      auto session = accounts_.Login(username, secret);
      if (!session) {
        (*respond)(ErrorResponse(session.error()));
        return;
      }
      HttpResponse r =
          JsonResponse(200, json::object{{"token", session->token},
                                         {"expires_at", FormatW3c(session->expires_at)},
                                         {"user", UserJson(session->user)}});
      std::string cookie = std::string(kCookie) + "=" + session->token +
                           "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                           std::to_string(options_.session_hours * 3600);
      if (options_.secure_cookies) {
        cookie += "; Secure";
      }
      r.headers.emplace_back("Set-Cookie", std::move(cookie));
      (*respond)(std::move(r));
    });
    return std::nullopt;
  }
  if (route == "auth/logout") {
    if (request.method != "POST") {
      return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "use POST"));
    }
    const std::string token = SessionToken(request);
    if (!token.empty()) {
      if (auto s = accounts_.Logout(token); !s) {
        return ErrorResponse(s.error());
      }
    }
    HttpResponse r = JsonResponse(200, json::object{{"ok", true}});
    r.headers.emplace_back(
        "Set-Cookie", std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return r;
  }
  if (route == "me") {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return JsonResponse(200, UserJson(user.value()));
  }
  if (cases_ != nullptr && route.rfind("public/cases/", 0) == 0 && !route.ends_with("/follow")) {
    return cases_->Track(route.substr(std::string_view("public/cases/").size()), request);
  }
  if (cases_ != nullptr && route == "public/nearby") {
    if (request.method != "GET") {
      return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "use GET"));
    }
    return cases_->Nearby(request);
  }
  if (cases_ != nullptr && cases_->attachments() != nullptr &&
      route.rfind(AttachmentsApi::kPublicPrefix, 0) == 0) {
    if (request.method != "GET") {
      return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "use GET"));
    }
    return cases_->attachments()->PublicMedia(route);
  }
  if (sms_ != nullptr && (route == SmsApi::kRoute || route == SmsApi::kReports)) {
    return sms_->Handle(route, request, std::move(later));
  }
  if (mail_ != nullptr && route == MailApi::kRoute) {
    return mail_->Handle(request, std::move(later));
  }
  if (contact_ != nullptr && route == "public/chat") {
    return contact_->OpenChat(request, std::move(later));
  }
  if (contact_ != nullptr && contact_->IsCti(route)) {
    return contact_->HandleCti(route, request, std::move(later));
  }
  if (contact_ != nullptr && route.rfind("contact/", 0) == 0) {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return contact_->Handle(ActorOf(user.value()), route, request, std::move(later));
  }
  if (surveys_ != nullptr && route.rfind(SurveysApi::kPublicPrefix, 0) == 0) {
    return surveys_->Answer(route, request, std::move(later));
  }
  if (surveys_ != nullptr && route == SurveysApi::kResults) {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return surveys_->Results(ActorOf(user.value()), request);
  }
  if (notices_ != nullptr && NoticesApi::IsPublic(route)) {
    return notices_->HandlePublic(route, request, std::move(later));
  }
  if (notices_ != nullptr && NoticesApi::IsStaff(route)) {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return notices_->HandleStaff(ActorOf(user.value()), route, request, std::move(later));
  }
  if (admin_ != nullptr && AdminApi::Owns(route)) {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return admin_->Handle(ActorOf(user.value()), route, request, std::move(later));
  }
  if (portal_ != nullptr && PortalApi::Owns(route)) {
    return portal_->Handle(route, request, std::move(later));
  }
  if (kb_ != nullptr && KbApi::IsPublic(route)) {
    return kb_->HandlePublic(route, request, std::move(later));
  }
  if (kb_ != nullptr && KbApi::IsStaff(route)) {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return kb_->HandleStaff(ActorOf(user.value()), route, request, std::move(later));
  }
  if (residents_ != nullptr && ResidentsApi::IsPublic(route)) {
    return residents_->ConsentTexts(request);
  }
  if (residents_ != nullptr && ResidentsApi::Owns(route)) {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return residents_->Handle(ActorOf(user.value()), route, request, std::move(later));
  }
  if (delivery_ != nullptr && route.rfind("agencies/", 0) == 0) {
    return delivery_->HandleAgency(route, request, std::move(later));
  }
  const bool case_route = cases_ != nullptr && (route == "cases" || route.rfind("cases/", 0) == 0);
  const bool outbox_route = delivery_ != nullptr && route.rfind("admin/outbox", 0) == 0;
  if (case_route || outbox_route) {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    const cases::Actor actor = ActorOf(user.value());
    return case_route ? cases_->Handle(actor, route, request, std::move(later))
                      : delivery_->HandleAdmin(actor, route, request, std::move(later));
  }
  return ErrorResponse(
      MakeError(ErrorCode::kNotFound, "no such API endpoint: " + request.path.substr(0, 80)));
}

Upgrade Api::OpenSocket(const HttpRequest& request, std::shared_ptr<WsPeer> peer) {
  const std::string_view route = std::string_view(request.path).substr(kPrefix.size());
  if (contact_ != nullptr && route == "public/chat/ws") {
    return contact_->ResidentSocket(request, std::move(peer));
  }
  if (contact_ != nullptr && route == "contact/ws") {
    auto user = Authenticate(request);
    if (!user) {
      return ErrorResponse(user.error());
    }
    return contact_->AgentSocket(ActorOf(user.value()), std::move(peer));
  }
  return ErrorResponse(
      MakeError(ErrorCode::kNotFound, "no WebSocket at " + request.path.substr(0, 80)));
}

}  // namespace ratusz::http
