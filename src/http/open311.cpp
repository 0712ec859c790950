#include "http/open311.hpp"

#include <algorithm>
#include <charconv>
#include <memory>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "http/document.hpp"
#include "http/status.hpp"
#include "security/crypto.hpp"

namespace ratusz::http {
namespace {

constexpr std::string_view kXmlType = "text/xml; charset=utf-8";
constexpr std::string_view kJsonType = "application/json; charset=utf-8";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// The first language tag of Accept-Language that we speak, or empty.
std::string PreferredLanguage(const HttpRequest& request) {
  const auto* header = request.Header("accept-language");
  if (header == nullptr) {
    return {};
  }
  for (const auto& tag : SplitList(*header)) {
    const std::string lang = Lower(tag.substr(0, 2));
    if (lang == "pl" || lang == "en") {
      return lang;
    }
  }
  return {};
}

std::optional<int> ParsePositive(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) {
    return std::nullopt;
  }
  return value;
}

Error Invalid(std::string message, std::string field = {}) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

}  // namespace

struct Open311::Call {
  explicit Call(const HttpRequest& r) : request(r) {}
  const HttpRequest& request;
  Format format = Format::kXml;
  std::string resource;  // "services", "requests/K7M2-QX4P", ...
  Params params;         // Query and (for POST) body together.
  const cases::Jurisdiction* jurisdiction = nullptr;
  std::string lang;
};

Open311::Open311(const cases::Catalog& catalog, app::Intake& intake, app::CaseStore& store,
                 app::Accounts& accounts, const Clock& clock, obs::Metrics& metrics,
                 Open311Options options)
    : catalog_(catalog),
      intake_(intake),
      store_(store),
      accounts_(accounts),
      clock_(clock),
      metrics_(metrics),
      options_(std::move(options)),
      cache_(options_.cache_entries) {
  store_.SetChangeListener([this](std::int64_t case_id) { cache_.Invalidate(case_id); });
}

HttpResponse Open311::Errors(Format format, const std::vector<Error>& errors,
                             std::optional<int> status_override) const {
  const int status = status_override  ? *status_override
                     : errors.empty() ? 400
                                      : Open311Status(errors.front().code);
  Doc doc = Doc::List("errors");
  for (const auto& e : errors) {
    Doc& item = doc.Add(Doc::Object("error"));
    item.Add(Doc::Integer("code", status_override ? *status_override : Open311Status(e.code)));
    item.Add(Doc::Text("description", e.message));
  }
  HttpResponse r;
  r.status = status;
  if (format == Format::kJson) {
    r.content_type = kJsonType;
    r.body = RenderJson(doc);
  } else {
    r.content_type = kXmlType;
    r.body = RenderXml(doc);
  }
  return r;
}

HttpResponse Open311::ErrorResponse(std::string_view target, int status,
                                    std::string_view message) const {
  const auto path = target.substr(0, target.find('?'));
  const bool json = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
  return Errors(json ? Format::kJson : Format::kXml,
                {MakeError(ErrorCode::kInvalidArgument, std::string(message))}, status);
}

std::optional<HttpResponse> Open311::Handle(const HttpRequest& request, Responder later) {
  Call call(request);
  std::string_view rest = std::string_view(request.path).substr(kPrefix.size());
  const auto dot = rest.rfind('.');
  const auto slash = rest.rfind('/');
  std::string ext;
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    ext = Lower(rest.substr(dot + 1));
    call.resource = std::string(rest.substr(0, dot));
  }
  if (ext == "json") {
    call.format = Format::kJson;
  } else if (ext != "xml") {
    return Errors(Format::kXml,
                  {MakeError(ErrorCode::kNotFound,
                             "no such resource: Open311 resources end in .xml or .json")});
  }

  if (auto s = ParseUrlEncoded(request.query, form_limits_, call.params); !s) {
    return Errors(call.format, {s.error()});
  }
  const bool is_post = request.method == "POST";
  const bool is_read = request.method == "GET" || request.method == "HEAD";
  if (is_post) {
    const auto* type = request.Header("content-type");
    if (auto s = ParseFormBody(request.body, type ? *type : std::string_view{}, form_limits_,
                               call.params);
        !s) {
      return Errors(call.format, {s.error()});
    }
  }

  // The route, before the jurisdiction: an unknown resource is 404 whatever else is wrong.
  enum class Route { kDiscovery, kServices, kService, kRequests, kRequest, kToken, kUpdates };
  std::optional<Route> route;
  std::string argument;
  const std::string& res = call.resource;
  if (res == "discovery") {
    route = Route::kDiscovery;
  } else if (res == "services") {
    route = Route::kServices;
  } else if (res.rfind("services/", 0) == 0 && res.size() > 9) {
    route = Route::kService;
    argument = res.substr(9);
  } else if (res == "requests") {
    route = Route::kRequests;
  } else if (res.rfind("requests/", 0) == 0 && res.size() > 9) {
    route = Route::kRequest;
    argument = res.substr(9);
  } else if (res.rfind("tokens/", 0) == 0 && res.size() > 7) {
    route = Route::kToken;
    argument = res.substr(7);
  } else if (res == "servicerequestupdates") {
    route = Route::kUpdates;
  }
  if (!route || argument.find('/') != std::string::npos) {
    return Errors(call.format, {MakeError(ErrorCode::kNotFound,
                                          "no such Open311 resource: " + res.substr(0, 80))});
  }
  const bool postable = route == Route::kRequests || route == Route::kUpdates;
  if (!(is_read || (is_post && postable))) {
    HttpResponse r = Errors(
        call.format,
        {MakeError(ErrorCode::kInvalidArgument, "method " + request.method.substr(0, 16) +
                                                    " is not allowed on " + res.substr(0, 80))});
    r.status = 405;
    r.headers.emplace_back("Allow", postable ? "GET, HEAD, POST" : "GET, HEAD");
    return r;
  }

  if (route != Route::kDiscovery) {
    const std::string& jid = call.params.Get("jurisdiction_id");
    if (jid.empty()) {
      if (catalog_.jurisdictions().size() > 1) {
        return Errors(call.format,
                      {Invalid("jurisdiction_id was not provided; this server serves several "
                               "jurisdictions (see discovery)",
                               "jurisdiction_id")});
      }
      call.jurisdiction = &catalog_.jurisdictions().front();
    } else {
      call.jurisdiction = catalog_.FindJurisdiction(jid);
      if (call.jurisdiction == nullptr) {
        return Errors(call.format,
                      {MakeError(ErrorCode::kNotFound,
                                 "jurisdiction_id '" + jid.substr(0, 64) + "' is not served here",
                                 "jurisdiction_id")});
      }
    }
  }
  const std::string& locale = call.params.Get("locale");
  call.lang = (locale == "pl" || locale == "en") ? locale : PreferredLanguage(request);
  if (call.lang.empty()) {
    call.lang = call.jurisdiction ? call.jurisdiction->locale : "pl";
  }

  switch (*route) {
    case Route::kDiscovery:
      return Discovery(call);
    case Route::kServices:
      return ServiceList(call);
    case Route::kService:
      return ServiceDefinition(call, argument);
    case Route::kRequests:
      return is_post ? PostRequest(call, std::move(later)) : RequestList(call);
    case Route::kRequest:
      return OneRequest(call, argument);
    case Route::kToken:
      return Token(call, argument);
    case Route::kUpdates:
      return is_post ? PostUpdate(call, std::move(later)) : UpdateList(call);
  }
  return std::nullopt;  // Unreachable: every route is handled above.
}

namespace {

HttpResponse Respond(bool json, std::string body) {
  HttpResponse r;
  r.content_type = json ? kJsonType : kXmlType;
  r.body = std::move(body);
  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return r;
}

HttpResponse Render(bool json, const Doc& doc) {
  return Respond(json, json ? RenderJson(doc) : RenderXml(doc));
}

}  // namespace

HttpResponse Open311::Discovery(const Call& call) const {
  std::string base = options_.public_url;
  if (base.empty()) {
    const auto* host = call.request.Header("host");
    base = "http://" + (host ? *host : std::string("127.0.0.1"));
  }
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  const std::string changeset = FormatW3c(options_.changeset);
  Doc doc = Doc::Object("discovery");
  doc.Add(Doc::Text("changeset", changeset));
  doc.Add(Doc::Text("contact", options_.contact));
  doc.Add(Doc::Text("key_service", options_.key_service));
  Doc& endpoints = doc.Add(Doc::List("endpoints"));
  Doc& endpoint = endpoints.Add(Doc::Object("endpoint"));
  endpoint.Add(Doc::Text("specification", "http://wiki.open311.org/GeoReport_v2"));
  endpoint.Add(Doc::Text("url", base + std::string(kPrefix)));
  endpoint.Add(Doc::Text("changeset", changeset));
  endpoint.Add(Doc::Text("type", "production"));
  Doc& formats = endpoint.Add(Doc::List("formats"));
  formats.Add(Doc::Text("format", "text/xml"));
  formats.Add(Doc::Text("format", "application/json"));
  Doc& jurisdictions = doc.Add(Doc::List("jurisdictions"));
  for (const auto& j : catalog_.jurisdictions()) {
    jurisdictions.Add(Doc::Text("jurisdiction_id", j.id));
  }
  return Render(call.format == Format::kJson, doc);
}

HttpResponse Open311::ServiceList(const Call& call) const {
  Doc doc = Doc::List("services");
  for (const auto& s : catalog_.services()) {
    if (!s.OfferedIn(call.jurisdiction->id)) {
      continue;
    }
    Doc& item = doc.Add(Doc::Object("service"));
    item.Add(Doc::Text("service_code", s.code));
    item.Add(Doc::Text("service_name", s.name.In(call.lang)));
    item.Add(Doc::Text("description", s.description.In(call.lang)));
    item.Add(Doc::Bool("metadata", !s.attributes.empty()));
    item.Add(Doc::Text("type", std::string(cases::ServiceTypeName(s.type))));
    std::string keywords;
    for (const auto& k : s.keywords) {
      keywords += keywords.empty() ? k : ", " + k;
    }
    item.Add(Doc::Text("keywords", keywords));
    const auto* group = catalog_.FindGroup(s.group);
    item.Add(Doc::Text("group", group ? group->name.In(call.lang) : std::string()));
  }
  return Render(call.format == Format::kJson, doc);
}

HttpResponse Open311::ServiceDefinition(const Call& call, std::string_view code) const {
  const auto* service = catalog_.FindService(call.jurisdiction->id, code);
  if (service == nullptr) {
    return Errors(call.format, {MakeError(ErrorCode::kNotFound,
                                          "service_code '" + std::string(code.substr(0, 64)) +
                                              "' is not offered in " + call.jurisdiction->id)});
  }
  Doc doc = Doc::Object("service_definition");
  doc.Add(Doc::Text("service_code", service->code));
  Doc& attributes = doc.Add(Doc::List("attributes"));
  for (const auto& a : service->attributes) {
    Doc& item = attributes.Add(Doc::Object("attribute"));
    item.Add(Doc::Bool("variable", a.variable));
    item.Add(Doc::Text("code", a.code));
    item.Add(Doc::Text("datatype", std::string(cases::AttributeTypeName(a.datatype))));
    item.Add(Doc::Bool("required", a.required));
    item.Add(Doc::Text("datatype_description", a.datatype_description.In(call.lang)));
    item.Add(Doc::Integer("order", a.order));
    item.Add(Doc::Text("description", a.description.In(call.lang)));
    Doc& values = item.Add(Doc::List("values"));
    for (const auto& v : a.values) {
      Doc& value = values.Add(Doc::Object("value"));
      value.Add(Doc::Text("key", v.key));
      value.Add(Doc::Text("name", v.name.In(call.lang)));
    }
  }
  return Render(call.format == Format::kJson, doc);
}

namespace {

Doc RequestRecord(const cases::ServiceRequest& r, const cases::Catalog& catalog,
                  const std::string& lang) {
  Doc item = Doc::Object("request");
  item.Add(Doc::Text("service_request_id", r.number));
  item.Add(Doc::Text("status", cases::IsOpen(r.status) ? "open" : "closed"));
  item.Add(Doc::Text("status_notes", cases::StatusNotes(r.status, r.status_notes, lang)));
  const auto* service = catalog.FindService(r.jurisdiction_id, r.service_code);
  item.Add(Doc::Text("service_name", service ? service->name.In(lang) : r.service_code));
  item.Add(Doc::Text("service_code", r.service_code));
  item.Add(Doc::Text("description", r.description));
  const auto* department = catalog.FindDepartment(r.agency_responsible);
  item.Add(Doc::Text("agency_responsible",
                     department ? department->name.In(lang) : r.agency_responsible));
  item.Add(Doc::Text("service_notice", r.service_notice));
  item.Add(Doc::Text("requested_datetime", FormatW3c(r.requested_at)));
  item.Add(Doc::Text("updated_datetime", FormatW3c(r.updated_at)));
  if (r.expected_at) {
    item.Add(Doc::Text("expected_datetime", FormatW3c(*r.expected_at)));
  }
  item.Add(Doc::Text("address", r.address));
  item.Add(Doc::Text("address_id", r.address_id));
  item.Add(Doc::Text("zipcode", r.zipcode));
  if (r.location) {
    item.Add(Doc::Number("lat", r.location->lat));
    item.Add(Doc::Number("long", r.location->lon));
  } else {
    item.Add(Doc::Null("lat"));
    item.Add(Doc::Null("long"));
  }
  item.Add(Doc::Text("media_url", r.media_urls.empty() ? std::string() : r.media_urls.front()));
  if (!r.title.empty()) {
    item.Add(Doc::Text("title", r.title));
  }
  item.Add(Doc::Text("extended_status", std::string(cases::StatusName(r.status))));
  return item;
}

}  // namespace

namespace {

// start_date/end_date with the Open311 rules: W3C date-times, at most `max_days` apart, and the
// most recent `max_days` when neither is given.
Result<std::pair<Timestamp, Timestamp>> DateRange(const Params& params, Timestamp now,
                                                  int max_days) {
  const auto span = std::chrono::hours(24) * max_days;
  std::optional<Timestamp> start;
  std::optional<Timestamp> end;
  for (const char* name : {"start_date", "end_date"}) {
    const std::string& text = params.Get(name);
    if (text.empty()) {
      continue;
    }
    auto parsed = ParseW3c(Trim(text));
    if (!parsed) {
      return Invalid(std::string(name) + ": " + parsed.error().message, name);
    }
    (std::string_view(name) == "start_date" ? start : end) = parsed.value();
  }
  if (!start && !end) {
    end = now;
  }
  if (!start) {
    start = *end - span;
  }
  if (!end) {
    end = *start + span;
  }
  if (*end < *start) {
    return Invalid("end_date is before start_date", "end_date");
  }
  if (*end - *start > span) {
    return Invalid(
        "start_date and end_date may be at most " + std::to_string(max_days) + " days apart",
        "end_date");
  }
  return std::make_pair(*start, *end);
}

}  // namespace

HttpResponse Open311::RequestList(const Call& call) const {
  app::RequestQuery query;
  query.jurisdiction_id = call.jurisdiction->id;
  std::vector<Error> errors;
  const std::string& ids = call.params.Get("service_request_id");
  if (!ids.empty()) {
    for (const auto& id : SplitList(ids)) {
      if (const auto number = cases::NormalizeCaseNumber(id)) {
        query.numbers.push_back(*number);
      }
    }
    if (query.numbers.size() > options_.max_page_size) {
      errors.push_back(Invalid("too many service_request_id values", "service_request_id"));
    }
    if (query.numbers.empty()) {
      return Render(call.format == Format::kJson, Doc::List("service_requests"));
    }
  } else {
    query.service_codes = SplitList(call.params.Get("service_code"));
    if (query.service_codes.size() > 200) {
      errors.push_back(Invalid("too many service_code values", "service_code"));
    }
    auto range = DateRange(call.params, clock_.Now(), options_.max_range_days);
    if (!range) {
      errors.push_back(range.error());
    } else {
      query.requested_from = range->first;
      query.requested_to = range->second;
    }
    bool want_open = false;
    bool want_closed = false;
    for (const auto& s : SplitList(call.params.Get("status"))) {
      const std::string status = Lower(s);
      if (status == "open") {
        want_open = true;
      } else if (status == "closed") {
        want_closed = true;
      } else {
        errors.push_back(Invalid("status must be open, closed or both", "status"));
      }
    }
    if (want_open != want_closed) {
      query.open = want_open;
    }
  }
  int page = 1;
  int page_size = static_cast<int>(options_.max_page_size);
  if (const std::string& p = call.params.Get("page"); !p.empty()) {
    const auto v = ParsePositive(p);
    if (!v || *v > 1000000) {
      errors.push_back(Invalid("page must be a whole number from 1", "page"));
    } else {
      page = *v;
    }
  }
  if (const std::string& p = call.params.Get("page_size"); !p.empty()) {
    const auto v = ParsePositive(p);
    if (!v || static_cast<std::size_t>(*v) > options_.max_page_size) {
      errors.push_back(Invalid(
          "page_size must be a whole number from 1 to " + std::to_string(options_.max_page_size),
          "page_size"));
    } else {
      page_size = *v;
    }
  }
  if (!errors.empty()) {
    return Errors(call.format, errors);
  }
  query.limit = page_size;
  query.offset = (page - 1) * page_size;
  auto found = store_.ListRequests(query);
  if (!found) {
    return Errors(call.format, {found.error()});
  }
  Doc doc = Doc::List("service_requests");
  for (const auto& r : found.value()) {
    doc.Add(RequestRecord(r, catalog_, call.lang));
  }
  return Render(call.format == Format::kJson, doc);
}

HttpResponse Open311::OneRequest(const Call& call, std::string_view id) {
  const auto number = cases::NormalizeCaseNumber(id);
  const auto case_id = number ? cases::CaseIdFromNumber(*number) : std::nullopt;
  const bool json = call.format == Format::kJson;
  std::string variant = call.jurisdiction->id;
  variant += json ? " json " : " xml ";
  variant += call.lang;
  ResponseCache::Ticket ticket;
  if (case_id) {
    if (const auto cached = cache_.Find(*case_id, variant, ticket)) {
      return Respond(json, *cached);
    }
  }
  std::optional<cases::ServiceRequest> found;
  if (number) {
    auto result = store_.FindByNumber(*number);
    if (!result) {
      return Errors(call.format, {result.error()});
    }
    found = std::move(result).value();
  }
  if (!found || found->jurisdiction_id != call.jurisdiction->id) {
    return Errors(call.format, {MakeError(ErrorCode::kNotFound,
                                          "no service request '" + std::string(id.substr(0, 32)) +
                                              "' in " + call.jurisdiction->id)});
  }
  Doc doc = Doc::List("service_requests");
  doc.Add(RequestRecord(*found, catalog_, call.lang));
  HttpResponse r = Render(json, doc);
  cache_.Store(found->id, std::move(variant), std::make_shared<const std::string>(r.body), ticket);
  return r;
}

HttpResponse Open311::Token(const Call& call, std::string_view token) const {
  std::optional<cases::ServiceRequest> found;
  if (token.size() <= 64) {
    auto result = store_.FindByToken(token);
    if (!result) {
      return Errors(call.format, {result.error()});
    }
    found = std::move(result).value();
  }
  if (!found || found->jurisdiction_id != call.jurisdiction->id) {
    return Errors(call.format, {MakeError(ErrorCode::kNotFound, "no such token")});
  }
  Doc doc = Doc::List("service_requests");
  Doc& item = doc.Add(Doc::Object("request"));
  item.Add(Doc::Text("service_request_id", found->number));
  item.Add(Doc::Text("token", found->token));
  return Render(call.format == Format::kJson, doc);
}

HttpResponse Open311::UpdateList(const Call& call) const {
  auto range = DateRange(call.params, clock_.Now(), options_.max_range_days);
  if (!range) {
    return Errors(call.format, {range.error()});
  }
  app::UpdateQuery query;
  query.jurisdiction_id = call.jurisdiction->id;
  query.from = range->first;
  query.to = range->second;
  query.limit = static_cast<int>(options_.max_page_size);
  auto found = store_.ListUpdates(query);
  if (!found) {
    return Errors(call.format, {found.error()});
  }
  Doc doc = Doc::List("service_request_updates");
  for (const auto& e : found.value()) {
    Doc& item = doc.Add(Doc::Object("request_update"));
    item.Add(Doc::Text("update_id", std::to_string(e.id)));
    item.Add(Doc::Text("service_request_id", e.case_number));
    item.Add(Doc::Text("status", std::string(cases::StatusName(e.status))));
    item.Add(Doc::Text("updated_datetime", FormatW3c(e.at)));
    item.Add(Doc::Text("description", e.description));
    item.Add(Doc::Text("media_url", e.media_urls.empty() ? std::string() : e.media_urls.front()));
  }
  return Render(call.format == Format::kJson, doc);
}

Result<app::ApiKey> Open311::Authorize(const Call& call) const {
  const std::string& secret = call.params.Get("api_key");
  if (secret.empty()) {
    return MakeError(ErrorCode::kPermissionDenied, "api_key was not provided", "api_key");
  }
  auto key = accounts_.Authenticate(secret);
  if (!key) {
    return key.error();
  }
  if (!key.value()) {
    return MakeError(ErrorCode::kPermissionDenied, "Invalid api_key received -- can't proceed",
                     "api_key");
  }
  return *key.value();
}

std::optional<HttpResponse> Open311::PostRequest(const Call& call, Responder later) {
  auto key = Authorize(call);
  if (!key) {
    return Errors(call.format, {key.error()});
  }
  auto idempotency = IdempotencyKeyOf(call.request);
  if (!idempotency) {
    return Errors(call.format, {idempotency.error()});
  }
  auto input = ReportInputFromParams(call.params);
  if (!input) {
    return Errors(call.format, {input.error()});
  }
  app::ReportSubmission submission;
  submission.input = std::move(input).value();
  submission.input.jurisdiction_id = call.jurisdiction->id;
  submission.channel = cases::Channel::kOpen311;
  submission.client_name = key->name;
  submission.client_id = key->id;
  if (!idempotency->empty()) {
    submission.idempotency_key = std::move(idempotency).value();
    std::string material = call.request.query;
    material += '\n';
    material += call.request.body;
    submission.fingerprint = security::Fingerprint(material);
  }

  const bool json = call.format == Format::kJson;
  const auto* service =
      catalog_.FindService(call.jurisdiction->id, Trim(submission.input.service_code));
  const bool batch = service && service->type == cases::ServiceType::kBatch;
  const bool blackbox = service && service->type == cases::ServiceType::kBlackbox;
  auto respond = std::make_shared<Responder>(std::move(later));
  obs::Metrics& metrics = metrics_;
  intake_.Submit(*call.jurisdiction, std::move(submission),
                 [this, json, batch, blackbox, respond, &metrics](app::SubmitOutcome outcome) {
                   if (!outcome.created) {
                     (*respond)(Errors(json ? Format::kJson : Format::kXml, outcome.errors));
                     return;
                   }
                   const cases::ServiceRequest& r = outcome.created->request;
                   if (!outcome.created->replayed) {
                     metrics.CaseCreated();
                   }
                   Doc doc = Doc::List("service_requests");
                   Doc& item = doc.Add(Doc::Object("request"));
                   if (batch) {
                     item.Add(Doc::Text("token", r.token));
                   } else if (!blackbox) {
                     item.Add(Doc::Text("service_request_id", r.number));
                   }
                   item.Add(Doc::Text("service_notice", r.service_notice));
                   HttpResponse response = Render(json, doc);
                   if (outcome.created->replayed) {
                     response.headers.emplace_back("Idempotent-Replayed", "true");
                   }
                   (*respond)(std::move(response));
                 });
  return std::nullopt;
}

std::optional<HttpResponse> Open311::PostUpdate(const Call& call, Responder later) {
  auto key = Authorize(call);
  if (!key) {
    return Errors(call.format, {key.error()});
  }
  const Params& p = call.params;
  std::vector<Error> missing;
  for (const char* field : {"service_request_id", "update_id", "status", "updated_datetime"}) {
    if (Trim(p.Get(field)).empty()) {
      missing.push_back(Invalid(std::string(field) + " was not provided", field));
    }
  }
  if (!missing.empty()) {
    return Errors(call.format, missing);
  }
  app::UpdateSubmission submission;
  submission.case_number = p.Get("service_request_id");
  submission.status = p.Get("status");
  submission.description = p.Get("description");
  submission.media_urls = p.All("media_url");
  submission.external_id = p.Get("update_id");
  submission.updated_datetime = p.Get("updated_datetime");
  submission.actor = "open311:" + std::to_string(key->id);
  const bool json = call.format == Format::kJson;
  auto respond = std::make_shared<Responder>(std::move(later));
  intake_.PostUpdate(*call.jurisdiction, std::move(submission),
                     [this, json, respond](Result<cases::CaseEvent> event) {
                       if (!event) {
                         (*respond)(Errors(json ? Format::kJson : Format::kXml, {event.error()}));
                         return;
                       }
                       Doc doc = Doc::List("service_request_updates");
                       Doc& item = doc.Add(Doc::Object("request_update"));
                       item.Add(Doc::Text("update_id", std::to_string(event->id)));
                       (*respond)(Render(json, doc));
                     });
  return std::nullopt;
}

}  // namespace ratusz::http
