#include "http/cases_api.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <memory>

#include "common/text.hpp"
#include "common/time_format.hpp"
#include "http/api.hpp"
#include "http/form.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

json::value Time(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatW3c(*t)) : json::value(nullptr);
}

json::object CaseJson(const workflow::Workflow& wf, const workflow::CaseFile& f, Timestamp now) {
  const auto& r = f.request;
  json::array tasks;
  for (const auto& t : f.tasks) {
    tasks.push_back(json::object{
        {"department", t.department},
        {"state", workflow::TaskStateName(t.state)},
        {"assignee", t.assignee},
        {"lead", t.lead},
        {"sla", workflow::SlaStateName(wf.SlaOf(t, now))},
        {"warn_at", Time(t.sla.warn_at)},
        {"due_at", Time(t.sla.due_at)},
        {"escalation_level", t.sla.escalation_level},
        {"external_id", t.external_id.empty() ? json::value(nullptr) : json::value(t.external_id)},
        {"updated_at", FormatW3c(t.updated_at)},
    });
  }
  json::object o{
      {"number", r.number},
      {"version", f.version},
      {"jurisdiction_id", r.jurisdiction_id},
      {"service_code", r.service_code},
      {"status", cases::StatusName(r.status)},
      {"status_notes", r.status_notes},
      {"priority", workflow::PriorityName(f.priority)},
      {"emergency", f.emergency},
      {"master", f.master_number.empty() ? json::value(nullptr) : json::value(f.master_number)},
      {"sla", workflow::SlaStateName(wf.SlaOf(f, now))},
      {"title", r.title},
      {"description", r.description},
      {"address", r.address},
      {"lat", r.location ? json::value(r.location->lat) : json::value(nullptr)},
      {"long", r.location ? json::value(r.location->lon) : json::value(nullptr)},
      {"channel", cases::ChannelName(r.channel)},
      {"requested_at", FormatW3c(r.requested_at)},
      {"updated_at", FormatW3c(r.updated_at)},
      {"expected_at", Time(r.expected_at)},
      {"agency_responsible", r.agency_responsible},
      {"tasks", std::move(tasks)},
  };
  // No reporter here: contact details are personal data, read with a reason (and logged) at
  // GET cases/{number}/reporter.
  return o;
}

std::string Csv(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  // A leading =, +, - or @ would make a spreadsheet run a formula.
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) {
    out.insert(1, "'");
  }
  return out + "\"";
}

}  // namespace

std::optional<HttpResponse> CasesApi::Handle(const cases::Actor& actor, std::string_view route,
                                             const HttpRequest& request, Responder later) {
  if (route == "cases") {
    if (request.method == "POST") {
      return Create(actor, request, std::move(later));
    }
    if (request.method == "GET") {
      return Search(actor, request);
    }
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "use GET to search or POST to register a case");
  }
  if (route == "cases/candidates") {
    if (request.method != "POST") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "use POST with the report being registered");
    }
    return Candidates(actor, request);
  }
  std::string_view rest = route.substr(std::string_view("cases/").size());
  const auto slash = rest.find('/');
  const std::string_view number = rest.substr(0, slash);
  const std::string_view action =
      slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  return Action(actor, number, action, request, std::move(later));
}

std::optional<HttpResponse> CasesApi::Create(const cases::Actor& actor, const HttpRequest& request,
                                             Responder later) {
  if (actor.role != cases::Role::kAgent && actor.role != cases::Role::kSupervisor &&
      actor.role != cases::Role::kAdmin) {
    return Api::ErrorResponse(ErrorCode::kPermissionDenied,
                              "a " + std::string(cases::RoleName(actor.role)) +
                                  " may not register cases; agents, supervisors and admins do");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  cases::ReportInput input;
  input.jurisdiction_id = f.String("jurisdiction_id");
  input.service_code = f.String("service_code");
  input.title = f.String("title");
  input.description = f.String("description");
  input.lat = f.Decimal("lat");
  input.lon = f.Decimal("long");
  input.address_string = f.String("address_string");
  input.reporter.first_name = f.String("first_name");
  input.reporter.last_name = f.String("last_name");
  input.reporter.email = f.String("email");
  input.reporter.phone = f.String("phone");
  const std::string channel_name = f.String("channel");
  const std::string duplicate_of = f.String("duplicate_of");
  if (const auto* attributes = body->if_contains("attributes")) {
    if (!attributes->is_object()) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "attributes must be an object",
                                "attributes");
    }
    for (const auto& [code, value] : attributes->as_object()) {
      auto& values = input.attributes[std::string(code)];
      if (value.is_string()) {
        values.emplace_back(value.as_string());
      } else if (value.is_array()) {
        for (const auto& item : value.as_array()) {
          if (!item.is_string()) {
            return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                      "attribute values must be strings", "attributes");
          }
          values.emplace_back(item.as_string());
        }
      } else {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "attribute values must be strings",
                                  "attributes");
      }
    }
  }
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  const auto channel = cases::ParseChannel(channel_name.empty() ? "phone" : channel_name);
  if (!channel) {
    return Api::ErrorResponse(
        ErrorCode::kInvalidArgument,
        "channel must be one of web, app, phone, email, sms, chat, fax, walk_in, open311",
        "channel");
  }
  const cases::Jurisdiction* jurisdiction = catalog_.FindJurisdiction(input.jurisdiction_id);
  if (jurisdiction == nullptr) {
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "no jurisdiction '" + input.jurisdiction_id.substr(0, 64) + "'",
                              "jurisdiction_id");
  }
  if (!actor.ServesJurisdiction(jurisdiction->id)) {
    return Api::ErrorResponse(ErrorCode::kPermissionDenied, "you do not serve " + jurisdiction->id);
  }
  app::ReportSubmission submission;
  submission.input = std::move(input);
  submission.channel = *channel;
  submission.actor = actor.id;
  submission.duplicate_of = duplicate_of;
  submission.auto_merge = false;  // An agent sees the candidates and decides.
  auto respond = std::make_shared<Responder>(std::move(later));
  intake_.Submit(*jurisdiction, std::move(submission), [this, respond](app::SubmitOutcome out) {
    if (!out.errors.empty()) {
      auto r = Api::ErrorResponse(out.errors.front());
      if (out.errors.size() > 1) {
        json::array all;
        for (const auto& e : out.errors) {
          all.push_back(json::object{{"field", e.field}, {"message", e.message}});
        }
        auto detailed = json::parse(r.body).as_object();
        detailed["error"].as_object()["problems"] = std::move(all);
        r.body = json::serialize(detailed);
      }
      (*respond)(std::move(r));
      return;
    }
    auto file = desk_.View(cases::Actor::System(), out.created->request.number);
    if (!file) {
      (*respond)(Api::ErrorResponse(file.error()));
      return;
    }
    json::object o = CaseJson(desk_.workflow(), file.value(), desk_.Now());
    if (file->emergency) {
      o["advice"] = json::object{
          {"pl",
           "To może być zagrożenie życia lub zdrowia: skieruj dzwoniącego pod numer 112. "
           "Zgłoszenie przekazano Centrum Zarządzania Kryzysowego."},
          {"en",
           "This may be an emergency: direct the caller to 112. The report was handed to "
           "the crisis management centre."}};
    }
    (*respond)(JsonResponse(201, o));
  });
  return std::nullopt;
}

namespace {

json::array CandidatesJson(const std::vector<dedup::Candidate>& list) {
  json::array out;
  for (const auto& c : list) {
    json::array reasons;
    for (const auto& r : c.reasons) {
      reasons.emplace_back(r);
    }
    out.push_back(json::object{{"number", c.number},
                               {"score", std::round(c.score * 1000) / 1000},
                               {"distance_m", std::round(c.distance_m)},
                               {"service_code", c.service_code},
                               {"status", cases::StatusName(c.status)},
                               {"requested_at", FormatW3c(c.requested_at)},
                               {"reasons", std::move(reasons)}});
  }
  return out;
}

// jurisdiction_id, service_code, lat, long and text of a draft report.
struct DraftInput {
  const cases::Jurisdiction* jurisdiction = nullptr;
  app::DraftReport draft;
};

Result<DraftInput> ReadDraft(const cases::Catalog& catalog, const std::string& jurisdiction_id,
                             const std::string& service_code, const std::string& lat,
                             const std::string& lon, std::string text) {
  DraftInput in;
  in.jurisdiction = catalog.FindJurisdiction(jurisdiction_id);
  if (in.jurisdiction == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     "no jurisdiction '" + jurisdiction_id.substr(0, 64) + "'", "jurisdiction_id");
  }
  if (catalog.FindService(jurisdiction_id, service_code) == nullptr) {
    return MakeError(ErrorCode::kNotFound, "no service '" + service_code.substr(0, 64) + "'",
                     "service_code");
  }
  const auto la = cases::ParseDecimal(lat);
  const auto lo = cases::ParseDecimal(lon);
  if (!la || !lo || *la < -90 || *la > 90 || *lo < -180 || *lo > 180) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "duplicates are found by place: send lat and long", "lat");
  }
  in.draft = app::DraftReport{service_code, {*la, *lo}, std::move(text)};
  return in;
}

}  // namespace

HttpResponse CasesApi::Candidates(const cases::Actor& actor, const HttpRequest& request) {
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  const std::string jurisdiction_id = f.String("jurisdiction_id");
  const std::string service_code = f.String("service_code");
  const std::string lat = f.Decimal("lat");
  const std::string lon = f.Decimal("long");
  const std::string text =
      f.String("title") + " " + f.String("description") + " " + f.String("address_string");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  auto in = ReadDraft(catalog_, jurisdiction_id, service_code, lat, lon, text);
  if (!in) {
    return Api::ErrorResponse(in.error());
  }
  if (!actor.ServesJurisdiction(jurisdiction_id)) {
    return Api::ErrorResponse(ErrorCode::kPermissionDenied, "you do not serve " + jurisdiction_id);
  }
  auto list = intake_.Candidates(*in->jurisdiction, in->draft);
  if (!list) {
    return Api::ErrorResponse(list.error());
  }
  const auto& rules = desk_.workflow().rules();
  const auto phrase = rules.EmergencyPhraseIn(text);
  const bool emergency = phrase.has_value() || rules.ForService(service_code, "").emergency;
  const bool auto_merge =
      !list->empty() && list->front().score >= rules.duplicates().auto_merge_score;
  return JsonResponse(200, json::object{{"candidates", CandidatesJson(list.value())},
                                        {"likely_duplicate", auto_merge},
                                        {"emergency", emergency}});
}

HttpResponse CasesApi::Nearby(const HttpRequest& request) {
  Params p;
  if (auto s = ParseUrlEncoded(request.query, FormLimits{}, p); !s) {
    return Api::ErrorResponse(s.error());
  }
  const std::string text = p.Get("description");
  if (text.size() > 4000 || !IsValidUtf8(text)) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "description must be text of at most 4000 bytes", "description");
  }
  auto in = ReadDraft(catalog_, p.Get("jurisdiction_id"), p.Get("service_code"), p.Get("lat"),
                      p.Get("long"), text);
  if (!in) {
    return Api::ErrorResponse(in.error());
  }
  auto list = intake_.Candidates(*in->jurisdiction, in->draft);
  if (!list) {
    return Api::ErrorResponse(list.error());
  }
  // Residents see open cases they could follow, not the staff's full reasoning.
  std::vector<dedup::Candidate> open;
  for (auto& c : list.value()) {
    if (cases::IsOpen(c.status)) {
      open.push_back(std::move(c));
    }
  }
  HttpResponse r = JsonResponse(200, json::object{{"candidates", CandidatesJson(open)}});
  return r;
}

HttpResponse CasesApi::Track(std::string_view number, const HttpRequest& request) {
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
  }
  Params p;
  if (auto s = ParseUrlEncoded(request.query, FormLimits{}, p); !s) {
    return Api::ErrorResponse(s.error());
  }
  const std::string language = p.Get("lang") == "en" ? "en" : "pl";
  auto tracked = desk_.Track(number);
  if (!tracked) {
    return Api::ErrorResponse(tracked.error());
  }
  const auto& r = tracked->request;
  const auto* service = catalog_.FindService(r.jurisdiction_id, r.service_code);
  const auto* city = catalog_.FindJurisdiction(r.jurisdiction_id);
  json::array timeline;
  for (const auto& e : tracked->timeline) {
    timeline.emplace_back(json::object{{"at", FormatW3c(e.at)},
                                       {"kind", cases::EventKindName(e.kind)},
                                       {"status", cases::StatusName(e.status)},
                                       {"status_label", cases::StatusLabel(e.status, language)},
                                       {"note", e.description},
                                       {"media_urls", JsonStrings(e.media_urls)}});
  }
  json::object o{
      {"number", r.number},
      {"jurisdiction_id", r.jurisdiction_id},
      {"time_zone", city != nullptr ? city->time_zone : std::string("Europe/Warsaw")},
      {"service_code", r.service_code},
      {"service_name", service != nullptr ? service->name.In(language) : r.service_code},
      {"status", cases::StatusName(r.status)},
      {"status_label", cases::StatusLabel(r.status, language)},
      {"status_notes", r.status_notes},
      {"description", r.description},
      {"address", r.address},
      {"requested_at", FormatW3c(r.requested_at)},
      {"updated_at", FormatW3c(r.updated_at)},
      {"expected_at", r.expected_at ? json::value(FormatW3c(*r.expected_at)) : nullptr},
      {"media_urls", JsonStrings(r.media_urls)},
      {"merged_into",
       tracked->master_number.empty() ? json::value(nullptr) : json::value(tracked->master_number)},
      {"timeline", std::move(timeline)}};
  if (r.location) {
    o["lat"] = r.location->lat;
    o["long"] = r.location->lon;
  }
  HttpResponse out = JsonResponse(200, o);
  out.headers.emplace_back("Cache-Control", "no-cache");
  return out;
}

HttpResponse CasesApi::Search(const cases::Actor& actor, const HttpRequest& request) {
  Params p;
  if (auto s = ParseUrlEncoded(request.query, FormLimits{}, p); !s) {
    return Api::ErrorResponse(s.error());
  }
  app::CaseSearch s;
  s.statuses = SplitList(p.Get("status"));
  s.service_codes = SplitList(p.Get("service_code"));
  s.departments = SplitList(p.Get("department"));
  s.channels = SplitList(p.Get("channel"));
  s.assignee = p.Get("assignee");
  s.text = p.Get("q");
  if (const auto& j = p.Get("jurisdiction_id"); !j.empty()) {
    s.jurisdictions = SplitList(j);
  }
  for (const auto& st : s.statuses) {
    if (!cases::ParseStatus(st)) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "status '" + st.substr(0, 40) + "' is unknown", "status");
    }
  }
  for (auto [key, out] : {std::pair{"from", &s.from}, std::pair{"to", &s.to}}) {
    if (auto st = TimeParam(p, key, *out); !st) {
      return Api::ErrorResponse(st.error());
    }
  }
  if (const auto& bbox = p.Get("bbox"); !bbox.empty()) {
    const auto parts = SplitList(bbox);
    std::vector<double> v;
    for (const auto& part : parts) {
      if (const auto d = cases::ParseDecimal(part)) {
        v.push_back(*d);
      }
    }
    if (v.size() != 4 || v[0] > v[2] || v[1] > v[3]) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "bbox must be south,west,north,east",
                                "bbox");
    }
    s.bbox = cases::Bounds{v[0], v[1], v[2], v[3]};
  }
  if (p.Has("radius")) {
    const auto lat = cases::ParseDecimal(p.Get("lat"));
    const auto lon = cases::ParseDecimal(p.Get("long"));
    const auto radius = cases::ParseDecimal(p.Get("radius"));
    if (!lat || !lon || !radius || *radius <= 0 || *radius > 50000 || *lat < -90 || *lat > 90 ||
        *lon < -180 || *lon > 180) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "a radius search needs lat, long and radius (metres, up to 50000)",
                                "radius");
    }
    s.near = cases::GeoPoint{*lat, *lon};
    s.radius_m = *radius;
  }
  if (const auto& sla = p.Get("sla"); !sla.empty()) {
    s.sla = workflow::ParseSlaState(sla);
    if (!s.sla || (*s.sla != workflow::SlaState::kOnTime && *s.sla != workflow::SlaState::kAtRisk &&
                   *s.sla != workflow::SlaState::kBreached)) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "sla must be on_time, at_risk or breached", "sla");
    }
  }
  const std::string& sort = p.Get("sort");
  if (sort.empty() || sort == "newest") {
    s.sort = app::CaseSort::kNewest;
  } else if (sort == "oldest") {
    s.sort = app::CaseSort::kOldest;
  } else if (sort == "due") {
    s.sort = app::CaseSort::kDueFirst;
  } else if (sort == "updated") {
    s.sort = app::CaseSort::kRecentlyUpdated;
  } else {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "sort must be newest, oldest, due or updated", "sort");
  }
  const bool csv = p.Get("format") == "csv";
  int page = 1;
  int page_size = csv ? 10000 : 50;
  const auto number = [&](const char* key, int& out, int max) -> bool {
    if (const auto& v = p.Get(key); !v.empty()) {
      const auto d = cases::ParseDecimal(v);
      if (!d || *d < 1 || *d > max || *d != static_cast<int>(*d)) {
        return false;
      }
      out = static_cast<int>(*d);
    }
    return true;
  };
  if (!number("page", page, 1000000) || !number("page_size", page_size, csv ? 10000 : 200)) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "page must be ≥ 1 and page_size between 1 and 200 (10000 for CSV)",
                              "page_size");
  }
  s.limit = page_size;
  s.offset = (page - 1) * page_size;
  auto result = desk_.Search(actor, std::move(s));
  if (!result) {
    return Api::ErrorResponse(result.error());
  }
  const Timestamp now = desk_.Now();
  if (csv) {
    HttpResponse r;
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"cases.csv\"");
    r.headers.emplace_back("Cache-Control", "no-store");
    r.body =
        "number,jurisdiction_id,service_code,status,priority,emergency,sla,requested_at,"
        "expected_at,departments,address,lat,long,description\r\n";
    for (const auto& f : result->cases) {
      std::string departments;
      for (const auto& t : f.tasks) {
        departments += (departments.empty() ? "" : ";") + t.department;
      }
      const auto& q = f.request;
      r.body +=
          q.number + "," + Csv(q.jurisdiction_id) + "," + Csv(q.service_code) + "," +
          std::string(cases::StatusName(q.status)) + "," +
          std::string(workflow::PriorityName(f.priority)) + "," + (f.emergency ? "yes" : "no") +
          "," + std::string(workflow::SlaStateName(desk_.workflow().SlaOf(f, now))) + "," +
          FormatW3c(q.requested_at) + "," + (q.expected_at ? FormatW3c(*q.expected_at) : "") + "," +
          Csv(departments) + "," + Csv(q.address) + "," +
          (q.location ? std::to_string(q.location->lat) : "") + "," +
          (q.location ? std::to_string(q.location->lon) : "") + "," + Csv(q.description) + "\r\n";
    }
    return r;
  }
  json::array items;
  for (const auto& f : result->cases) {
    items.push_back(CaseJson(desk_.workflow(), f, now));
  }
  return JsonResponse(200, json::object{{"total", result->total},
                                        {"page", page},
                                        {"page_size", page_size},
                                        {"cases", std::move(items)}});
}

std::optional<HttpResponse> CasesApi::Action(const cases::Actor& actor, std::string_view number,
                                             std::string_view action, const HttpRequest& request,
                                             Responder later) {
  constexpr std::string_view kAttachments = "attachments";
  if (attachments_ != nullptr && action.substr(0, kAttachments.size()) == kAttachments &&
      (action.size() == kAttachments.size() || action[kAttachments.size()] == '/')) {
    return attachments_->Handle(actor, number, action.substr(kAttachments.size()), request,
                                std::move(later));
  }
  if (request.method == "GET") {
    auto file = desk_.View(actor, number);
    if (!file) {
      return Api::ErrorResponse(file.error());
    }
    if (action.empty()) {
      return JsonResponse(200, CaseJson(desk_.workflow(), file.value(), desk_.Now()));
    }
    if (action == "history") {
      auto events = desk_.History(actor, number);
      if (!events) {
        return Api::ErrorResponse(events.error());
      }
      json::array items;
      for (const auto& e : events.value()) {
        items.push_back(json::object{{"id", e.id},
                                     {"kind", cases::EventKindName(e.kind)},
                                     {"status", cases::StatusName(e.status)},
                                     {"public", e.is_public},
                                     {"department", e.department},
                                     {"description", e.description},
                                     {"detail", e.detail},
                                     {"actor", e.actor},
                                     {"at", FormatW3c(e.at)}});
      }
      return JsonResponse(200, json::object{{"number", file->request.number}, {"events", items}});
    }
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "no such case resource: " + std::string(action.substr(0, 40)));
  }
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "use GET to read a case and POST to act on it");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  const auto version = f.Int("version");
  const auto& wf = desk_.workflow();
  auto respond = std::make_shared<Responder>(std::move(later));
  auto reply = [this, respond](Result<workflow::CaseFile> r) {
    (*respond)(r ? JsonResponse(200, CaseJson(desk_.workflow(), r.value(), desk_.Now()))
                 : Api::ErrorResponse(r.error()));
  };
  app::CaseDesk::Operation op;
  if (action == "classify") {
    const std::string code = f.String("service_code");
    op = [&wf, actor, code](workflow::CaseFile& file, Timestamp now) {
      return wf.Classify(file, code, actor, now);
    };
  } else if (action == "dispatch") {
    const std::string department = f.String("department");
    const std::string assignee = f.String("assignee");
    op = [&wf, actor, department, assignee](workflow::CaseFile& file, Timestamp now) {
      return wf.Dispatch(file, department, assignee, actor, now);
    };
  } else if (action.rfind("tasks/", 0) == 0) {
    const std::string department(action.substr(6));
    const std::string status = f.String("status");
    const std::string note = f.String("note");
    const bool is_public = f.Bool("public");
    const auto state = workflow::ParseTaskState(status);
    if (!f.error && !state) {
      return Api::ErrorResponse(
          ErrorCode::kInvalidArgument,
          "status must be a task state: new, acknowledged, in_progress, "
          "waiting_resident, waiting_third_party, resolved, closed, reopened, rejected, "
          "duplicate",
          "status");
    }
    op = [&wf, actor, department, state, note, is_public](workflow::CaseFile& file, Timestamp now) {
      return wf.SetTaskState(file, department, *state, note, is_public, actor, now);
    };
  } else if (action == "notes") {
    const std::string text = f.String("text");
    const bool is_public = f.Bool("public");
    op = [&wf, actor, text, is_public](workflow::CaseFile& file, Timestamp now) {
      return wf.AddNote(file, text, is_public, actor, now);
    };
  } else if (action == "merge" || action == "unmerge") {
    const std::string other = f.String(action == "merge" ? "into" : "from");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    if (other.empty()) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                action == "merge" ? "name the master case in \"into\""
                                                  : "name the master case in \"from\"",
                                action == "merge" ? "into" : "from");
    }
    desk_.Merge(actor, number, other, action == "unmerge", version, std::move(reply));
    return std::nullopt;
  } else {
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "no such case action: " + std::string(action.substr(0, 40)) +
                                  " (classify, dispatch, tasks/{unit}, notes, merge, unmerge)");
  }
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  desk_.Act(actor, number, version, std::move(op), std::move(reply));
  return std::nullopt;
}

}  // namespace ratusz::http
