#pragma once

// Area and topic notices over HTTP.
//
// Residents (no login):
//   GET  public/notice-topics                      topics, areas (with polygons), the daily limit
//   POST public/subscriptions                      {address, topics, areas, language,
//                                                   consent_version} -> 202, confirmation sent
//   POST public/cases/{number}/follow              {address, language, consent_version}: the
//                                                   case's updates ("get updates"), confirmed alike
//   GET  public/subscriptions/{id}?key=            what this address is subscribed to
//   GET  public/subscriptions/{id}/confirm?key=    a page with a button (mail scanners that
//   POST public/subscriptions/{id}/confirm?key=      open links do not confirm anything)
//   GET  public/subscriptions/{id}/unsubscribe?key=  the same for leaving; the POST is also
//   POST public/subscriptions/{id}/unsubscribe?key=  RFC 8058's one-click unsubscribe
// Supervisors and admins:
//   GET  broadcasts, POST broadcasts {topic, area | polygon, title_pl, text_pl, title_en,
//        text_en, send_at}, GET broadcasts/{id}, POST broadcasts/{id}/cancel

#include <optional>
#include <string_view>

#include "app/notices.hpp"
#include "http/message.hpp"

namespace ratusz::http {

class NoticesApi {
 public:
  explicit NoticesApi(app::Notices& notices) : notices_(notices) {}

  static bool IsPublic(std::string_view route) {
    return route == "public/notice-topics" || route == "public/subscriptions" ||
           route.rfind("public/subscriptions/", 0) == 0 ||
           (route.rfind("public/cases/", 0) == 0 && route.ends_with("/follow"));
  }
  static bool IsStaff(std::string_view route) {
    return route == "broadcasts" || route.rfind("broadcasts/", 0) == 0;
  }

  std::optional<HttpResponse> HandlePublic(std::string_view route, const HttpRequest& request,
                                           Responder later);
  std::optional<HttpResponse> HandleStaff(const cases::Actor& actor, std::string_view route,
                                          const HttpRequest& request, Responder later);

 private:
  HttpResponse Topics(const HttpRequest& request);
  // To topics and areas, or (`followed_case`) to one case's updates.
  std::optional<HttpResponse> Subscribe(const HttpRequest& request, Responder later,
                                        std::string_view followed_case);
  std::optional<HttpResponse> Link(std::int64_t id, std::string_view action,
                                   const HttpRequest& request, Responder later);

  app::Notices& notices_;
};

}  // namespace ratusz::http
