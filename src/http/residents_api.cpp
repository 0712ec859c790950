#include "http/residents_api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "common/time_format.hpp"
#include "http/api.hpp"
#include "http/contact_json.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;
using residents::Resident;

json::object ResidentJson(const Resident& r) {
  json::array consents;
  for (const auto& c : r.consents) {
    consents.emplace_back(json::object{{"id", c.id},
                                       {"purpose", residents::PurposeName(c.purpose)},
                                       {"text_version", c.text_version},
                                       {"given_at", FormatW3c(c.given_at)},
                                       {"channel", c.channel},
                                       {"recorded_by", c.recorded_by},
                                       {"active", c.Active()},
                                       {"withdrawn_at", OptionalTime(c.withdrawn_at)},
                                       {"withdrawn_channel", c.withdrawn_channel}});
  }
  return json::object{{"id", r.id},
                      {"version", r.version},
                      {"name", r.name},
                      {"phones", JsonStrings(r.phones)},
                      {"emails", JsonStrings(r.emails)},
                      {"language", r.language},
                      {"channel", r.channel},
                      {"consents", std::move(consents)},
                      {"created_at", FormatW3c(r.created_at)},
                      {"updated_at", FormatW3c(r.updated_at)},
                      {"erased_at", OptionalTime(r.erased_at)}};
}

json::object CaseJson(const cases::ServiceRequest& c) {
  return json::object{{"number", c.number},
                      {"service_code", c.service_code},
                      {"status", cases::StatusName(c.status)},
                      {"title", c.title},
                      {"description", c.description},
                      {"address", c.address},
                      {"channel", cases::ChannelName(c.channel)},
                      {"requested_at", FormatW3c(c.requested_at)},
                      {"updated_at", FormatW3c(c.updated_at)},
                      {"reporter", json::object{{"first_name", c.reporter.first_name},
                                                {"last_name", c.reporter.last_name},
                                                {"email", c.reporter.email},
                                                {"phone", c.reporter.phone}}}};
}

json::object ActivityJson(const app::ResidentActivity& a) {
  json::array cases;
  for (const auto& c : a.cases) {
    cases.emplace_back(CaseJson(c));
  }
  json::array contacts;
  for (const auto& i : a.interactions) {
    contacts.emplace_back(InteractionJson(i));
  }
  json::array subscriptions;
  for (const auto& who : a.subscriptions) {
    for (const auto& p : who.subscriptions) {
      subscriptions.emplace_back(json::object{{"address", who.address},
                                              {"topic", p.topic},
                                              {"area", p.area},
                                              {"language", who.language},
                                              {"consent_version", p.text_version},
                                              {"given_at", FormatW3c(p.given_at)},
                                              {"confirmed", p.confirmed_at.has_value()}});
    }
  }
  return json::object{{"cases", std::move(cases)},
                      {"contacts", std::move(contacts)},
                      {"subscriptions", std::move(subscriptions)}};
}

json::object AccessJson(const app::AccessEntry& e) {
  return json::object{{"id", e.id},         {"at", FormatW3c(e.at)}, {"actor", e.actor},
                      {"action", e.action}, {"subject", e.subject},  {"reason", e.reason}};
}

Result<residents::ResidentInput> ReadInput(const json::object& o) {
  residents::ResidentInput in;
  Fields f(o);
  in.name = f.String("name");
  if (auto language = f.String("language"); !language.empty()) {
    in.language = language;
  }
  if (auto channel = f.String("channel"); !channel.empty()) {
    in.channel = channel;
  }
  if (f.error) {
    return *f.error;
  }
  auto phones = StringList(o, "phones", 10, 254);
  if (!phones) {
    return phones.error();
  }
  auto emails = StringList(o, "emails", 10, 254);
  if (!emails) {
    return emails.error();
  }
  in.phones = std::move(phones.value());
  in.emails = std::move(emails.value());
  return in;
}

Result<app::ConsentRequest> ReadConsent(const json::object& o) {
  Fields f(o);
  app::ConsentRequest c{f.String("purpose"), f.String("text_version"), f.String("channel")};
  if (f.error) {
    return *f.error;
  }
  return c;
}

// A responder for the use case's callbacks: an error or `status` with the JSON of the value.
template <typename T, typename Render>
app::Callback<Result<T>> Reply(Responder later, int status, Render render) {
  return [later = std::move(later), status, render](Result<T> r) {
    if (!r) {
      later(Api::ErrorResponse(r.error()));
      return;
    }
    later(JsonResponse(status, render(r.value())));
  };
}

HttpResponse Error(const Error& e) { return Api::ErrorResponse(e); }

}  // namespace

bool ResidentsApi::Owns(std::string_view route) {
  if (route == "residents" || route.rfind("residents/", 0) == 0 || route == "audit/personal-data") {
    return true;
  }
  // cases/{number}/reporter
  if (route.rfind("cases/", 0) == 0) {
    const std::string_view rest = route.substr(6);
    const auto slash = rest.find('/');
    return slash != std::string_view::npos && rest.substr(slash + 1) == "reporter";
  }
  return false;
}

HttpResponse ResidentsApi::ConsentTexts(const HttpRequest& request) {
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  json::array out;
  for (const auto& t : residents_.consent_texts()) {
    out.emplace_back(json::object{{"purpose", residents::PurposeName(t.purpose)},
                                  {"version", t.version},
                                  {"text_pl", t.text_pl},
                                  {"text_en", t.text_en}});
  }
  return JsonResponse(200, out);
}

std::optional<HttpResponse> ResidentsApi::Handle(const cases::Actor& actor, std::string_view route,
                                                 const HttpRequest& request, Responder later) {
  if (route == "audit/personal-data") {
    return AccessLog(actor, request);
  }
  if (route.rfind("cases/", 0) == 0) {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET with ?reason=");
    }
    auto p = QueryOf(request);
    if (!p) {
      return Error(p.error());
    }
    const std::string_view rest = route.substr(6);
    const auto number = app::CanonicalCaseNumber(rest.substr(0, rest.find('/')));
    if (!number) {
      return Error(number.error());
    }
    residents_.ReporterOf(actor, number.value(), p->Get("reason"),
                          Reply<cases::Reporter>(std::move(later), 200, [](const auto& r) {
                            return json::object{{"first_name", r.first_name},
                                                {"last_name", r.last_name},
                                                {"email", r.email},
                                                {"phone", r.phone}};
                          }));
    return std::nullopt;
  }
  if (route == "residents") {
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST to create a profile");
    }
    auto body = BodyObject(request);
    if (!body) {
      return Error(body.error());
    }
    auto input = ReadInput(body.value());
    if (!input) {
      return Error(input.error());
    }
    std::vector<app::ConsentRequest> consents;
    const auto* list = body->if_contains("consents");
    if (list != nullptr && (!list->is_array() || list->as_array().size() > 3)) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "consents is a list of at most 3 objects", "consents");
    }
    if (list != nullptr) {
      for (const auto& item : list->as_array()) {
        if (!item.is_object()) {
          return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                    "each consent is an object {purpose, text_version, channel}",
                                    "consents");
        }
        auto c = ReadConsent(item.as_object());
        if (!c) {
          return Error(c.error());
        }
        consents.push_back(std::move(c.value()));
      }
    }
    residents_.Create(actor, input.value(), consents,
                      Reply<Resident>(std::move(later), 201, ResidentJson));
    return std::nullopt;
  }
  if (route == "residents/recognise") {
    return Recognise(actor, request, std::move(later));
  }
  std::string_view rest = route.substr(std::string_view("residents/").size());
  const auto slash = rest.find('/');
  const auto id = ParseId(rest.substr(0, slash));
  if (!id) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "a resident is named by their number");
  }
  return Profile(actor, *id, slash == std::string_view::npos ? "" : rest.substr(slash + 1), request,
                 std::move(later));
}

std::optional<HttpResponse> ResidentsApi::Profile(const cases::Actor& actor, std::int64_t id,
                                                  std::string_view action,
                                                  const HttpRequest& request, Responder later) {
  auto p = QueryOf(request);
  if (!p) {
    return Error(p.error());
  }
  if (action.empty() && request.method == "GET") {
    residents_.Read(actor, id, p->Get("reason"),
                    Reply<Resident>(std::move(later), 200, ResidentJson));
    return std::nullopt;
  }
  if (action == "export" && request.method == "GET") {
    residents_.Export(actor, id, p->Get("reason"),
                      Reply<app::ResidentExport>(std::move(later), 200, [](const auto& e) {
                        json::array accesses;
                        for (const auto& a : e.accesses) {
                          accesses.emplace_back(AccessJson(a));
                        }
                        json::object o = ActivityJson(e.activity);
                        o["profile"] = ResidentJson(e.resident);
                        o["accesses"] = std::move(accesses);
                        return o;
                      }));
    return std::nullopt;
  }
  if (request.method != "PUT" && request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "GET (with ?reason=) reads a profile; PUT changes it");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Error(body.error());
  }
  Fields f(body.value());
  if (action.empty() && request.method == "PUT") {
    const auto version = f.Int("version");
    if (f.error) {
      return Error(*f.error);
    }
    if (!version) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "send the version you read (optimistic locking)", "version");
    }
    auto input = ReadInput(body.value());
    if (!input) {
      return Error(input.error());
    }
    residents_.Update(actor, id, *version, input.value(),
                      Reply<Resident>(std::move(later), 200, ResidentJson));
    return std::nullopt;
  }
  if (action == "consents" && request.method == "POST") {
    auto c = ReadConsent(body.value());
    if (!c) {
      return Error(c.error());
    }
    residents_.GiveConsent(actor, id, c.value(),
                           Reply<Resident>(std::move(later), 200, ResidentJson));
    return std::nullopt;
  }
  constexpr std::string_view kConsents = "consents/";
  constexpr std::string_view kWithdraw = "/withdraw";
  if (action.rfind(kConsents, 0) == 0 && action.size() > kConsents.size() + kWithdraw.size() &&
      action.substr(action.size() - kWithdraw.size()) == kWithdraw && request.method == "POST") {
    const std::string_view purpose =
        action.substr(kConsents.size(), action.size() - kConsents.size() - kWithdraw.size());
    const std::string channel = f.String("channel");
    if (f.error) {
      return Error(*f.error);
    }
    residents_.WithdrawConsent(actor, id, purpose, channel,
                               Reply<Resident>(std::move(later), 200, ResidentJson));
    return std::nullopt;
  }
  if (action == "erase" && request.method == "POST") {
    const std::string reason = f.String("reason");
    const std::string open_cases = f.String("open_cases");
    if (f.error) {
      return Error(*f.error);
    }
    if (!open_cases.empty() && open_cases != "erase" && open_cases != "refuse") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "open_cases is refuse or erase",
                                "open_cases");
    }
    residents_.Erase(actor, id, reason, open_cases == "erase",
                     Reply<app::ErasureCounts>(std::move(later), 200, [](const auto& c) {
                       return json::object{{"erased", true},
                                           {"cases", c.cases},
                                           {"events", c.events},
                                           {"contacts", c.interactions},
                                           {"chat_lines", c.chat_lines},
                                           {"subscribers", c.subscribers}};
                     }));
    return std::nullopt;
  }
  return Api::ErrorResponse(ErrorCode::kNotFound,
                            "no such resident action: " + std::string(action.substr(0, 60)));
}

std::optional<HttpResponse> ResidentsApi::Recognise(const cases::Actor& actor,
                                                    const HttpRequest& request, Responder later) {
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  auto p = QueryOf(request);
  if (!p) {
    return Error(p.error());
  }
  auto render = [](const app::Recognition& r) {
    if (!r.resident) {
      return json::object{{"recognised", false}};
    }
    json::object o = ActivityJson(r.activity);
    o["recognised"] = true;
    o["resident"] = ResidentJson(*r.resident);
    return o;
  };
  if (const auto& interaction = p->Get("interaction"); !interaction.empty()) {
    const auto id = ParseId(interaction);
    if (!id) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "interaction is a contact's number",
                                "interaction");
    }
    residents_.RecogniseCaller(actor, *id, Reply<app::Recognition>(std::move(later), 200, render));
    return std::nullopt;
  }
  residents_.Recognise(actor, p->Get("address"), p->Get("reason"),
                       Reply<app::Recognition>(std::move(later), 200, render));
  return std::nullopt;
}

HttpResponse ResidentsApi::AccessLog(const cases::Actor& actor, const HttpRequest& request) {
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  auto p = QueryOf(request);
  if (!p) {
    return Error(p.error());
  }
  app::AccessQuery q;
  q.actor = p->Get("actor");
  q.subject = p->Get("subject");
  if (auto s = TimeParam(p.value(), "from", q.from); !s) {
    return Error(s.error());
  }
  if (auto s = TimeParam(p.value(), "to", q.to); !s) {
    return Error(s.error());
  }
  if (const auto& before = p->Get("before"); !before.empty()) {
    const auto id = ParseId(before);
    if (!id) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "before is an entry's id", "before");
    }
    q.before_id = *id;
  }
  if (const auto& limit = p->Get("limit"); !limit.empty()) {
    const auto n = ParseId(limit);
    if (!n || *n > 1000) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "limit is 1 to 1000", "limit");
    }
    q.limit = static_cast<int>(*n);
  }
  auto entries = residents_.AccessLog(actor, q);
  if (!entries) {
    return Error(entries.error());
  }
  json::array out;
  for (const auto& e : entries.value()) {
    out.emplace_back(AccessJson(e));
  }
  return JsonResponse(200, json::object{{"entries", std::move(out)}});
}

}  // namespace ratusz::http
