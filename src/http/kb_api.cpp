#include "http/kb_api.hpp"

#include <boost/json.hpp>

#include "common/text.hpp"
#include "common/time_format.hpp"
#include "http/api.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"
#include "kb/markdown.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

json::value TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatW3c(*t)) : json::value(nullptr);
}

// The first `max` code points of an article's text, ending at a word.
std::string Snippet(std::string_view markdown, std::size_t max = 200) {
  std::string text = kb::MarkdownToText(markdown);
  for (auto& c : text) {
    c = c == '\n' ? ' ' : c;
  }
  if (Utf8Length(text) <= max) {
    return text;
  }
  std::size_t bytes = 0;
  for (std::size_t n = 0; n < max && bytes < text.size(); ++n) {
    const auto c = static_cast<unsigned char>(text[bytes]);
    bytes += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
  }
  text.resize(std::min(bytes, text.size()));
  if (const auto space = text.rfind(' '); space != std::string::npos && space > max / 2) {
    text.resize(space);
  }
  return text + "…";
}

json::object VersionJson(const kb::Version& v, bool with_text) {
  const auto& c = v.content;
  json::object o{{"version", v.number},
                 {"state", kb::VersionStateName(v.state)},
                 {"author", v.author},
                 {"reason", v.reason},
                 {"created_at", FormatW3c(v.created_at)},
                 {"reviewed_by", v.reviewed_by},
                 {"reviewed_at", TimeOrNull(v.reviewed_at)},
                 {"review_note", v.review_note},
                 {"title_pl", c.title_pl},
                 {"title_en", c.title_en},
                 {"keywords", JsonStrings(c.keywords)},
                 {"services", JsonStrings(c.services)},
                 {"units", JsonStrings(c.units)},
                 {"audience", kb::AudienceName(c.audience)},
                 {"owner_unit", c.owner_unit},
                 {"valid_from", TimeOrNull(c.valid_from)},
                 {"valid_until", TimeOrNull(c.valid_until)}};
  if (with_text) {
    o["body_pl"] = c.body_pl;
    o["body_en"] = c.body_en;
    o["html_pl"] = kb::MarkdownToHtml(c.body_pl);
    o["html_en"] = kb::MarkdownToHtml(c.body_en);
  }
  return o;
}

json::object ArticleJson(const kb::Article& a, Timestamp now, bool with_text) {
  json::object o = VersionJson(a.version, with_text);
  o["id"] = a.id;
  o["latest_version"] = a.latest_version;
  o["published_version"] =
      a.published_version ? json::value(*a.published_version) : json::value(nullptr);
  o["expired"] = kb::Expired(a.version.content, now);
  o["helpful"] = a.helpful;
  o["unhelpful"] = a.unhelpful;
  o["closes"] = a.closes;
  o["created_at"] = FormatW3c(a.created_at);
  o["updated_at"] = FormatW3c(a.updated_at);
  o["version_created_at"] = FormatW3c(a.version.created_at);
  return o;
}

// What residents see of an article: one language, as safe HTML.
json::object PublicJson(const kb::Article& a, std::string_view language, bool with_text) {
  const auto& c = a.version.content;
  const bool english = language == "en" && !c.title_en.empty();
  json::object o{{"id", a.id},
                 {"language", english ? "en" : "pl"},
                 {"title", english ? c.title_en : c.title_pl},
                 {"snippet", Snippet(english ? c.body_en : c.body_pl)},
                 {"services", JsonStrings(c.services)},
                 {"updated_at", FormatW3c(a.version.reviewed_at.value_or(a.updated_at))}};
  if (with_text) {
    o["html"] = kb::MarkdownToHtml(english ? c.body_en : c.body_pl);
  }
  return o;
}

// A long text field (an article's body): up to `max` + 1 bytes are taken, so that the
// domain's check can say how long it may be.
std::string LongText(const json::object& o, std::string_view key, std::size_t max,
                     std::optional<Error>& error) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    return {};
  }
  if (!v->is_string()) {
    error = error ? error
                  : MakeError(ErrorCode::kInvalidArgument, std::string(key) + " must be a string",
                              std::string(key));
    return {};
  }
  const auto& s = v->as_string();
  return std::string(s.data(), std::min(s.size(), max + 1));
}

}  // namespace

Result<kb::Content> KbContentFromJson(const json::object& o, const kb::Limits& limits) {
  kb::Content c;
  Fields f(o);
  c.title_pl = f.String("title_pl");
  c.title_en = f.String("title_en");
  c.owner_unit = f.String("owner_unit");
  const std::string audience = f.String("audience");
  const std::string from = f.String("valid_from");
  const std::string until = f.String("valid_until");
  std::optional<Error> error = f.error;
  c.body_pl = LongText(o, "body_pl", limits.body_bytes, error);
  c.body_en = LongText(o, "body_en", limits.body_bytes, error);
  if (error) {
    return *error;
  }
  for (auto [key, out, max] : {std::tuple{"keywords", &c.keywords, limits.keywords},
                               std::tuple{"services", &c.services, limits.links},
                               std::tuple{"units", &c.units, limits.links}}) {
    auto list = StringList(o, key, max, 200);
    if (!list) {
      return list.error();
    }
    *out = std::move(list.value());
  }
  if (!audience.empty()) {
    const auto a = kb::ParseAudience(audience);
    if (!a) {
      return MakeError(ErrorCode::kInvalidArgument, "internal or public", "audience");
    }
    c.audience = *a;
  }
  for (auto [text, out, key] : {std::tuple{&from, &c.valid_from, "valid_from"},
                                std::tuple{&until, &c.valid_until, "valid_until"}}) {
    if (!text->empty()) {
      auto t = ParseW3c(*text);
      if (!t) {
        return MakeError(ErrorCode::kInvalidArgument, "a W3C date-time", key);
      }
      *out = t.value();
    }
  }
  return c;
}

namespace {

json::object ConsultationJson(const app::ConsultationView& v) {
  const auto& c = v.consultation;
  json::array lines;
  for (const auto& l : v.lines) {
    lines.emplace_back(json::object{
        {"seq", l.seq}, {"from", l.sender}, {"text", l.text}, {"at", FormatW3c(l.at)}});
  }
  return json::object{{"id", c.id},
                      {"interaction", c.for_interaction == 0 ? json::value(nullptr)
                                                             : json::value(c.for_interaction)},
                      {"topic", c.topic},
                      {"question", c.question},
                      {"asked_by", c.asked_by},
                      {"asked_at", FormatW3c(c.asked_at)},
                      {"queue", v.contact.queue},
                      {"state", v.contact.state},
                      {"expert", v.contact.agent},
                      {"answer", v.answer},
                      {"lines", std::move(lines)},
                      {"article", c.article ? json::value(*c.article) : json::value(nullptr)},
                      {"forwarded_at", c.forwarded_at ? json::value(FormatW3c(*c.forwarded_at))
                                                      : json::value(nullptr)}};
}

// "{id}" or "{id}/rest".
std::optional<std::pair<std::int64_t, std::string_view>> IdAndRest(std::string_view s) {
  const auto slash = s.find('/');
  const auto id = ParseId(s.substr(0, slash));
  if (!id) {
    return std::nullopt;
  }
  return std::pair{*id, slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1)};
}

}  // namespace

std::optional<HttpResponse> KbApi::HandlePublic(std::string_view route, const HttpRequest& request,
                                                Responder later) {
  if (route == "public/faq") {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
    }
    auto p = QueryOf(request);
    if (!p) {
      return Api::ErrorResponse(p.error());
    }
    return p->Get("q").empty() ? List(nullptr, request) : Search(request, true);
  }
  const auto target = IdAndRest(route.substr(std::string_view("public/faq/").size()));
  if (!target) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no such article");
  }
  if (target->second == "votes") {
    return Vote(nullptr, target->first, request, std::move(later));
  }
  if (!target->second.empty()) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "public/faq/{id}, public/faq/{id}/votes");
  }
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  auto a = kb_.GetPublic(target->first);
  if (!a) {
    return Api::ErrorResponse(a.error());
  }
  HttpResponse r = JsonResponse(200, PublicJson(a.value(), p->Get("lang"), true));
  r.headers.emplace_back("Cache-Control", "public, max-age=60");
  return r;
}

std::optional<HttpResponse> KbApi::HandleStaff(const cases::Actor& actor, std::string_view route,
                                               const HttpRequest& request, Responder later) {
  const std::string_view rest = route.substr(3);
  if (rest == "topics") {
    json::array topics;
    for (const auto& t : kb_.options().topics) {
      topics.emplace_back(json::object{{"code", t.code},
                                       {"name_pl", t.name_pl},
                                       {"name_en", t.name_en},
                                       {"expert_queue", t.expert_queue}});
    }
    return JsonResponse(200, json::object{{"topics", std::move(topics)}});
  }
  if (rest == "search") {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
    }
    return Search(request, false);
  }
  if (rest == "information-requests") {
    return Information(actor, request, std::move(later));
  }
  if (rest == "reports/questions") {
    return Questions(actor, request);
  }
  if (experts_ != nullptr && (rest == "consultations" || rest.rfind("consultations/", 0) == 0)) {
    return Consultations(actor, rest.substr(std::string_view("consultations").size()), request,
                         std::move(later));
  }
  if (rest == "articles") {
    if (request.method == "GET") {
      return List(&actor, request);
    }
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET or POST");
    }
    return Article(actor, 0, "", request, std::move(later));
  }
  if (rest.rfind("articles/", 0) == 0) {
    const auto target = IdAndRest(rest.substr(9));
    if (!target) {
      return Api::ErrorResponse(ErrorCode::kNotFound, "no such article");
    }
    if (target->second == "votes") {
      return Vote(&actor, target->first, request, std::move(later));
    }
    return Article(actor, target->first, target->second, request, std::move(later));
  }
  return Api::ErrorResponse(ErrorCode::kNotFound,
                            "kb: topics, articles, search, information-requests, "
                            "reports/questions");
}

std::optional<HttpResponse> KbApi::Article(const cases::Actor& actor, std::int64_t id,
                                           std::string_view rest, const HttpRequest& request,
                                           Responder later) {
  auto respond = [this, later](int status) {
    return [this, later, status](Result<kb::Article> a) {
      if (!a) {
        later(Api::ErrorResponse(a.error()));
        return;
      }
      later(JsonResponse(status, ArticleJson(a.value(), kb_.Now(), true)));
    };
  };
  if (rest == "versions") {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
    }
    auto versions = kb_.Versions(actor, id);
    if (!versions) {
      return Api::ErrorResponse(versions.error());
    }
    json::array out;
    for (const auto& v : versions.value()) {
      out.emplace_back(VersionJson(v, false));
    }
    return JsonResponse(200, json::object{{"versions", std::move(out)}});
  }
  if (rest.rfind("versions/", 0) == 0) {
    const auto target = IdAndRest(rest.substr(9));
    if (!target || (target->second != "publish" && target->second != "reject")) {
      return Api::ErrorResponse(ErrorCode::kNotFound,
                                "versions/{n}/publish or versions/{n}/reject");
    }
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST {note}");
    }
    std::string note;
    if (!request.body.empty()) {
      auto body = BodyObject(request);
      if (!body) {
        return Api::ErrorResponse(body.error());
      }
      Fields f(body.value());
      note = f.String("note");
      if (f.error) {
        return Api::ErrorResponse(*f.error);
      }
    }
    kb_.Review(actor, id, target->first, target->second == "publish", std::move(note),
               respond(200));
    return std::nullopt;
  }
  if (!rest.empty()) {
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "kb/articles/{id}: versions, versions/{n}/publish|reject, votes");
  }
  if (request.method == "GET") {
    auto p = QueryOf(request);
    if (!p) {
      return Api::ErrorResponse(p.error());
    }
    std::int64_t version = 0;
    if (const auto& v = p->Get("version"); !v.empty()) {
      const auto n = ParseId(v);
      if (!n) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "a version number", "version");
      }
      version = *n;
    }
    auto a = kb_.Get(actor, id, version);
    if (!a) {
      return Api::ErrorResponse(a.error());
    }
    return JsonResponse(200, ArticleJson(a.value(), kb_.Now(), true));
  }
  if ((id == 0 && request.method != "POST") || (id != 0 && request.method != "PUT")) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              id == 0 ? "use POST" : "use GET, or PUT {base_version, ...}");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  auto content = KbContentFromJson(body.value(), kb_.options().limits);
  if (!content) {
    return Api::ErrorResponse(content.error());
  }
  Fields f(body.value());
  std::string reason = f.String("reason");
  const auto base = f.Int("base_version");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  if (id != 0 && !base) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "the version you edited (latest_version when you opened it)",
                              "base_version");
  }
  kb_.Write(actor, id, base.value_or(0), std::move(content.value()), std::move(reason),
            respond(201));
  return std::nullopt;
}

HttpResponse KbApi::Search(const HttpRequest& request, bool residents) {
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  int limit = 10;
  if (const auto& l = p->Get("limit"); !l.empty()) {
    const auto n = ParseId(l);
    if (!n || *n > 50) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "1 to 50", "limit");
    }
    limit = static_cast<int>(*n);
  }
  const std::string& q = p->Get("q");
  auto found = kb_.Search(q, residents, limit, p->Get("typing") == "1");
  if (!found) {
    return Api::ErrorResponse(found.error());
  }
  const Timestamp now = kb_.Now();
  json::array hits;
  for (const auto& h : found->hits) {
    json::object o = residents ? PublicJson(h.article, p->Get("lang"), false)
                               : ArticleJson(h.article, now, false);
    if (!residents) {
      o["snippet"] = Snippet(h.article.version.content.body_pl);
    }
    o["score"] = h.text_score;
    hits.emplace_back(std::move(o));
  }
  json::object corrections;
  for (const auto& [term, near] : found->corrections) {
    corrections[term] = JsonStrings(near);
  }
  return JsonResponse(200, json::object{{"query", q},
                                        {"articles", std::move(hits)},
                                        {"corrections", std::move(corrections)}});
}

HttpResponse KbApi::List(const cases::Actor* actor, const HttpRequest& request) {
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  app::KbListQuery query;
  query.state = p->Get("state");
  query.owner_unit = p->Get("owner_unit");
  for (auto [key, out] : {std::pair{"after", &query.after_id}}) {
    if (const auto& v = p->Get(key); !v.empty()) {
      const auto n = ParseId(v);
      if (!n) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "an article id", key);
      }
      *out = *n;
    }
  }
  if (const auto& l = p->Get("limit"); !l.empty()) {
    const auto n = ParseId(l);
    if (!n || *n > 500) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "1 to 500", "limit");
    }
    query.limit = static_cast<int>(*n);
  }
  auto list = kb_.List(actor, query);
  if (!list) {
    return Api::ErrorResponse(list.error());
  }
  const Timestamp now = kb_.Now();
  json::array out;
  for (const auto& a : list.value()) {
    out.emplace_back(actor == nullptr ? PublicJson(a, p->Get("lang"), false)
                                      : ArticleJson(a, now, false));
  }
  return JsonResponse(200, json::object{{"articles", std::move(out)}});
}

std::optional<HttpResponse> KbApi::Vote(const cases::Actor* actor, std::int64_t id,
                                        const HttpRequest& request, Responder later) {
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST {helpful: true|false}");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  const auto* helpful = body->if_contains("helpful");
  if (helpful == nullptr || !helpful->is_bool()) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "true or false", "helpful");
  }
  kb_.Vote(actor, id, helpful->as_bool(), request.remote,
           [later = std::move(later)](Result<bool> counted) {
             later(counted ? JsonResponse(202, json::object{{"counted", counted.value()}})
                           : Api::ErrorResponse(counted.error()));
           });
  return std::nullopt;
}

std::optional<HttpResponse> KbApi::Information(const cases::Actor& actor,
                                               const HttpRequest& request, Responder later) {
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "use POST {interaction, question, topic, outcome, articles}");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  app::InformationRequest r;
  const auto interaction = f.Int("interaction");
  r.question = f.String("question");
  r.topic = f.String("topic");
  r.outcome = f.String("outcome");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  if (!interaction || *interaction <= 0) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "the contact's id", "interaction");
  }
  r.interaction_id = *interaction;
  if (const auto* a = body->if_contains("articles"); a != nullptr && !a->is_null()) {
    if (!a->is_array() || a->as_array().size() > 10) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "at most 10 article ids", "articles");
    }
    for (const auto& id : a->as_array()) {
      if (!id.is_int64() || id.as_int64() <= 0) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "article ids", "articles");
      }
      r.articles.push_back(id.as_int64());
    }
  }
  kb_.RecordInformation(actor, std::move(r), [later = std::move(later)](Status s) {
    later(s ? JsonResponse(201, json::object{{"ok", true}}) : Api::ErrorResponse(s.error()));
  });
  return std::nullopt;
}

HttpResponse KbApi::Questions(const cases::Actor& actor, const HttpRequest& request) {
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  auto period = PeriodParams(p.value());
  if (!period) {
    return Api::ErrorResponse(period.error());
  }
  const auto [from, to] = period.value();
  auto report = kb_.Questions(actor, from, to);
  if (!report) {
    return Api::ErrorResponse(report.error());
  }
  json::array topics;
  for (const auto& t : report->topics) {
    topics.emplace_back(json::object{{"topic", t.topic},
                                     {"asked", t.asked},
                                     {"answered", t.answered},
                                     {"escalated", t.escalated},
                                     {"without_article", t.without_article}});
  }
  auto questions = [](const std::vector<app::AskedQuestion>& list) {
    json::array out;
    for (const auto& q : list) {
      out.emplace_back(json::object{{"topic", q.topic},
                                    {"question", q.question},
                                    {"asked", q.asked},
                                    {"without_article", q.without_article}});
    }
    return out;
  };
  return JsonResponse(200, json::object{{"topics", std::move(topics)},
                                        {"most_asked", questions(report->questions)},
                                        {"without_article", questions(report->missing)}});
}

std::optional<HttpResponse> KbApi::Consultations(const cases::Actor& actor, std::string_view rest,
                                                 const HttpRequest& request, Responder later) {
  const auto view = [later](int status) {
    return [later, status](Result<app::ConsultationView> v) {
      later(v ? JsonResponse(status, ConsultationJson(v.value())) : Api::ErrorResponse(v.error()));
    };
  };
  if (rest.empty()) {
    if (request.method == "GET") {
      auto list = experts_->List(actor, 100);
      if (!list) {
        return Api::ErrorResponse(list.error());
      }
      json::array out;
      for (const auto& v : list.value()) {
        out.emplace_back(ConsultationJson(v));
      }
      return JsonResponse(200, json::object{{"consultations", std::move(out)}});
    }
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "use GET, or POST {topic, question, interaction}");
    }
    auto body = BodyObject(request);
    if (!body) {
      return Api::ErrorResponse(body.error());
    }
    Fields f(body.value());
    const std::string topic = f.String("topic");
    const std::string question = f.String("question");
    const auto interaction = f.Int("interaction");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    if (interaction && *interaction <= 0) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "a contact's id", "interaction");
    }
    experts_->Ask(actor, interaction.value_or(0), topic, question, view(201));
    return std::nullopt;
  }
  const auto target = IdAndRest(rest.substr(1));
  if (rest[0] != '/' || !target) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no such question to the expert line");
  }
  const auto [id, action] = *target;
  if (action.empty()) {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
    }
    auto v = experts_->Get(actor, id);
    return v ? JsonResponse(200, ConsultationJson(v.value())) : Api::ErrorResponse(v.error());
  }
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST");
  }
  json::object body;
  if (!request.body.empty()) {
    auto parsed = BodyObject(request);
    if (!parsed) {
      return Api::ErrorResponse(parsed.error());
    }
    body = std::move(parsed.value());
  }
  Fields f(body);
  const auto line = [later](Result<app::ChatLine> l) {
    later(l ? JsonResponse(201, json::object{{"interaction", l->interaction},
                                             {"seq", l->seq},
                                             {"delivery", l->delivery}})
            : Api::ErrorResponse(l.error()));
  };
  if (action == "lines") {
    const std::string text = f.String("text");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    experts_->Add(actor, id, text, line);
  } else if (action == "answer") {
    const std::string answer = f.String("answer");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    experts_->Answer(actor, id, answer, view(200));
  } else if (action == "forward") {
    experts_->Forward(actor, id, line);
  } else if (action == "article") {
    const std::string owner = f.String("owner_unit");
    const std::string audience = f.String("audience");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    const auto a =
        audience.empty() ? std::optional(kb::Audience::kInternal) : kb::ParseAudience(audience);
    if (!a) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "internal or public", "audience");
    }
    experts_->Draft(actor, id, owner, *a, [this, later](Result<kb::Article> r) {
      later(r ? JsonResponse(201, ArticleJson(r.value(), kb_.Now(), true))
              : Api::ErrorResponse(r.error()));
    });
  } else {
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "kb/consultations/{id}: lines, answer, forward, article");
  }
  return std::nullopt;
}

}  // namespace ratusz::http
