#pragma once

// The knowledge base over HTTP.
//
// Staff (any role but auditors writes; editors of the owner unit review):
//   GET  kb/topics                                  topics of questions (and their expert queues)
//   GET  kb/articles?state=draft|expired|public&owner_unit=&after=&limit=
//   POST kb/articles {title_pl, body_pl, title_en, body_en, keywords, services, units,
//                     audience, owner_unit, valid_from, valid_until, reason} -> 201, version 1
//   GET  kb/articles/{id}?version=N                 the published version (else the latest),
//                                                   Markdown and its safe HTML
//   PUT  kb/articles/{id} {base_version, ...the same}  a new draft; 409 when base_version is
//                                                   not the latest version any more
//   GET  kb/articles/{id}/versions                  every version, newest first
//   POST kb/articles/{id}/versions/{n}/publish {note}   (editors of the owner unit, admins)
//   POST kb/articles/{id}/versions/{n}/reject {note}
//   POST kb/articles/{id}/votes {helpful}
//   GET  kb/search?q=&limit=&typing=1               published articles, best first
//   POST kb/information-requests {interaction, question, topic, outcome, articles}
//   GET  kb/reports/questions?from=&to=             per topic; most asked; asked without article
// The expert line (app::ExpertLine):
//   POST kb/consultations {topic, question, interaction}  an agent asks the topic's experts
//   GET  kb/consultations                           mine (supervisors: everybody's)
//   GET  kb/consultations/{id}                      state, expert, transcript, answer
//   POST kb/consultations/{id}/lines {text}         the agent who asked adds to it
//   POST kb/consultations/{id}/answer {answer}      the expert answers and closes it
//   POST kb/consultations/{id}/forward              the answer to the resident, by their channel
//   POST kb/consultations/{id}/article {owner_unit, audience}  a draft article from it
// Residents (no login):
//   GET  public/faq?q=&limit=&typing=1              public articles in force (no q: all)
//   GET  public/faq/{id}                            one, as safe HTML
//   POST public/faq/{id}/votes {helpful}

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "app/expert_line.hpp"
#include "app/knowledge_base.hpp"
#include "http/message.hpp"

namespace ratusz::http {

// An article's content from the JSON the API takes (and `ratusz kb import` reads): the
// fields' types are checked here, their values by kb::ValidateContent.
[[nodiscard]] Result<kb::Content> KbContentFromJson(const boost::json::object& o,
                                                    const kb::Limits& limits);

class KbApi {
 public:
  explicit KbApi(app::KnowledgeBase& kb, app::ExpertLine* experts = nullptr)
      : kb_(kb), experts_(experts) {}

  static bool IsPublic(std::string_view route) {
    return route == "public/faq" || route.rfind("public/faq/", 0) == 0;
  }
  static bool IsStaff(std::string_view route) { return route.rfind("kb/", 0) == 0; }

  std::optional<HttpResponse> HandlePublic(std::string_view route, const HttpRequest& request,
                                           Responder later);
  std::optional<HttpResponse> HandleStaff(const cases::Actor& actor, std::string_view route,
                                          const HttpRequest& request, Responder later);

 private:
  std::optional<HttpResponse> Article(const cases::Actor& actor, std::int64_t id,
                                      std::string_view rest, const HttpRequest& request,
                                      Responder later);
  HttpResponse Search(const HttpRequest& request, bool residents);
  HttpResponse List(const cases::Actor* actor, const HttpRequest& request);
  std::optional<HttpResponse> Vote(const cases::Actor* actor, std::int64_t id,
                                   const HttpRequest& request, Responder later);
  std::optional<HttpResponse> Information(const cases::Actor& actor, const HttpRequest& request,
                                          Responder later);
  HttpResponse Questions(const cases::Actor& actor, const HttpRequest& request);
  std::optional<HttpResponse> Consultations(const cases::Actor& actor, std::string_view rest,
                                            const HttpRequest& request, Responder later);

  app::KnowledgeBase& kb_;
  app::ExpertLine* experts_;
};

}  // namespace ratusz::http
