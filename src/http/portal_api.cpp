#include "http/portal_api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "http/api.hpp"
#include "http/attachments_api.hpp"
#include "http/form.hpp"
#include "http/json_response.hpp"
#include "http/status.hpp"
#include "security/crypto.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

// Photos only: the browser sends JPEG after resizing; PNG and WebP come from older browsers
// that cannot re-encode. Checked by their first bytes before any work on them.
bool LooksLikePhoto(std::string_view bytes) {
  const auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
  };
  return starts("\xFF\xD8\xFF") || starts("\x89PNG\r\n\x1A\n") ||
         (starts("RIFF") && starts("WEBP", 8));
}

// A city as the portal's map needs it.
json::object CityJson(const cases::Jurisdiction& j, std::string_view language) {
  json::object o{{"jurisdiction_id", j.id},
                 {"name", j.name.In(language)},
                 {"time_zone", j.time_zone},
                 {"center", json::array{j.center_lat, j.center_lon}}};
  if (j.bounds) {
    o["bounds"] = json::object{{"south", j.bounds->south},
                               {"west", j.bounds->west},
                               {"north", j.bounds->north},
                               {"east", j.bounds->east}};
  }
  return o;
}

// Every validation error, the first also as the usual {"error": ...}.
HttpResponse ErrorsResponse(const std::vector<Error>& errors) {
  json::array all;
  for (const auto& e : errors) {
    all.push_back(ErrorJson(e));
  }
  return JsonResponse(
      HttpStatus(errors.front().code),
      json::object{{"error", ErrorJson(errors.front())}, {"errors", std::move(all)}});
}

// What identifies a report's content across retries: its fields and its photos' hashes (a
// browser's second multipart body has another boundary, so the raw body would differ).
std::string Fingerprint(const Params& params, const std::vector<FilePart>& files) {
  std::string material;
  for (const auto& [name, value] : params.items()) {
    material += name + '=' + value + '\n';
  }
  for (const auto& f : files) {
    material += security::Fingerprint(f.bytes) + '\n';
  }
  return security::Fingerprint(material);
}

}  // namespace

std::optional<int> HourlyLimit::Refuse(const std::string& address,
                                       std::chrono::steady_clock::time_point now) {
  if (per_hour_ <= 0) {
    return std::nullopt;
  }
  constexpr auto kHour = std::chrono::hours(1);
  std::lock_guard lock(mutex_);
  if (windows_.size() > 100000) {  // Forget the windows that are over.
    std::erase_if(windows_, [&](const auto& w) { return now - w.second.start >= kHour; });
  }
  Window& w = windows_[address];
  if (w.count == 0 || now - w.start >= kHour) {
    w = Window{now, 0};
  }
  if (w.count >= per_hour_) {
    return static_cast<int>(
        std::chrono::duration_cast<std::chrono::seconds>(w.start + kHour - now).count() + 1);
  }
  ++w.count;
  return std::nullopt;
}

std::optional<HttpResponse> PortalApi::Handle(std::string_view route, const HttpRequest& request,
                                              Responder later) {
  if (route == "public/portal") {
    if (request.method != "GET") {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET");
    }
    return Describe(request);
  }
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST with multipart/form-data");
  }
  if (const auto wait = limit_.Refuse(request.remote, std::chrono::steady_clock::now())) {
    HttpResponse r = Api::ErrorResponse(
        ErrorCode::kResourceExhausted,
        "too many reports from this address; try again in " + std::to_string(*wait) + " s");
    r.headers.emplace_back("Retry-After", std::to_string(*wait));
    return r;
  }
  return Report(request, std::move(later));
}

HttpResponse PortalApi::Describe(const HttpRequest& request) const {
  Params p;
  if (auto s = ParseUrlEncoded(request.query, FormLimits{}, p); !s) {
    return Api::ErrorResponse(s.error());
  }
  const std::string language = p.Get("lang") == "en" ? "en" : "pl";
  const cases::Jurisdiction* city = catalog_.FindJurisdiction(options_.jurisdiction);
  if (city == nullptr) {
    return Api::ErrorResponse(ErrorCode::kInternal, "the portal's city is not configured");
  }
  json::object o = CityJson(*city, language);
  o["tile_url"] = options_.tile_url;
  o["tile_attribution"] = options_.tile_attribution;
  o["max_photos"] = options_.max_photos;
  o["chat"] = options_.chat;
  // Every city, for staff screens that register cases in any of them (the portal reports to
  // its own).
  json::array cities;
  for (const auto& j : catalog_.jurisdictions()) {
    cities.push_back(CityJson(j, language));
  }
  o["cities"] = std::move(cities);
  if (!options_.consent.version.empty()) {
    o["consent"] = json::object{
        {"version", options_.consent.version},
        {"text", language == "en" ? options_.consent.text_en : options_.consent.text_pl}};
  }
  return JsonResponse(200, std::move(o));
}

std::optional<HttpResponse> PortalApi::Report(const HttpRequest& request, Responder later) {
  const auto* type = request.Header("content-type");
  Params params;
  std::vector<FilePart> files;
  if (type == nullptr || !(*type).starts_with("multipart/form-data")) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "send the report as multipart/form-data");
  }
  if (auto s = ParseMultipart(request.body, *type, FormLimits{}, params, &files); !s) {
    return Api::ErrorResponse(s.error());
  }
  auto idempotency = IdempotencyKeyOf(request);
  if (!idempotency) {
    return Api::ErrorResponse(idempotency.error());
  }
  auto input = ReportInputFromParams(params);
  if (!input) {
    return Api::ErrorResponse(input.error());
  }
  const cases::Jurisdiction* city = catalog_.FindJurisdiction(options_.jurisdiction);
  if (city == nullptr) {
    return Api::ErrorResponse(ErrorCode::kInternal, "the portal's city is not configured");
  }
  input->jurisdiction_id = city->id;
  input->media_urls.clear();  // Photos come as files here, not as addresses elsewhere.
  input->reporter.device_id.clear();
  input->reporter.account_id.clear();
  std::vector<Error> errors = intake_.Check(*city, *input);
  for (const auto& f : files) {
    if (f.field != "photo") {
      errors.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "files are sent as 'photo', not '" + f.field.substr(0, 40) + "'",
                                 f.field.substr(0, 40)));
    } else if (!LooksLikePhoto(f.bytes)) {
      errors.push_back(MakeError(
          ErrorCode::kInvalidArgument,
          "'" + f.filename.substr(0, 80) + "' is not a JPEG, PNG or WebP photo", "photo"));
    }
  }
  if (files.size() > static_cast<std::size_t>(options_.max_photos)) {
    errors.push_back(MakeError(
        ErrorCode::kInvalidArgument,
        "at most " + std::to_string(options_.max_photos) + " photos may come with a report",
        "photo"));
  }
  const std::string& consent = params.Get("consent");
  if (!input->reporter.Empty() && consent != options_.consent.version) {
    errors.push_back(MakeError(
        ErrorCode::kInvalidArgument,
        consent.empty() ? "contact details need consent: send consent=<the version of the text "
                          "shown> (GET /api/v1/public/portal)"
                        : "consent names a version of the text that is no longer shown; show "
                          "the current one (GET /api/v1/public/portal)",
        "consent"));
  }
  if (!errors.empty()) {
    return ErrorsResponse(errors);
  }

  app::ReportSubmission submission;
  submission.input = std::move(input).value();
  submission.channel = cases::Channel::kWeb;
  submission.client_name = "portal";
  submission.idempotency_key = std::move(idempotency).value();
  if (!submission.idempotency_key.empty()) {
    submission.fingerprint = Fingerprint(params, files);
  }
  if (!submission.input.reporter.Empty()) {
    submission.notes.push_back("Zgoda na powiadomienia o zgłoszeniu (wersja " + consent +
                               ") udzielona w portalu mieszkańca.");
  }
  // The photos are checked and cleaned off the network thread; they are bytes of the request,
  // which the responder keeps alive, so they are copied once into the task.
  std::vector<std::pair<std::string, std::string>> photos;
  for (const auto& f : files) {
    auto name = CleanFileName(f.filename.empty() ? "photo.jpg" : f.filename);
    if (!name) {
      return Api::ErrorResponse(name.error());
    }
    photos.emplace_back(std::move(name).value(), std::string(f.bytes));
  }
  auto respond = std::make_shared<Responder>(std::move(later));
  run_blocking_([this, respond, city, photos = std::move(photos),
                 submission = std::move(submission)]() mutable {
    for (const auto& [name, bytes] : photos) {
      auto stored = media_.Put(bytes, name);
      if (!stored) {
        Error e = stored.error();
        e.field = "photo";
        (*respond)(Api::ErrorResponse(e));
        return;
      }
      if (stored->kind != "photo") {
        (*respond)(Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                      "'" + name.substr(0, 80) + "' is not a photo", "photo"));
        return;
      }
      const std::string url =
          options_.public_url + "/api/v1/public/media/" + stored->sha256 + ".jpg";
      submission.files.emplace_back(app::AttachmentOf(stored.value(), name, true), url);
    }
    intake_.Submit(*city, std::move(submission), [respond](app::SubmitOutcome outcome) {
      if (!outcome.created) {
        (*respond)(ErrorsResponse(outcome.errors));
        return;
      }
      const auto& created = *outcome.created;
      json::object o{{"number", created.request.number},
                     {"service_notice", created.request.service_notice},
                     {"emergency", created.emergency},
                     {"track", "/track/" + created.request.number}};
      if (!created.merged_into.empty()) {
        o["merged_into"] = created.merged_into;
      }
      HttpResponse r = JsonResponse(created.replayed ? 200 : 201, std::move(o));
      if (created.replayed) {
        r.headers.emplace_back("Idempotent-Replayed", "true");
      }
      (*respond)(std::move(r));
    });
  });
  return std::nullopt;
}

}  // namespace ratusz::http
