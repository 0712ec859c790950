#include "http/router.hpp"

namespace ratusz::http {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

HttpResponse Plain(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace

std::optional<HttpResponse> Router::Handle(const HttpRequest& request, Responder later) {
  const std::string& path = request.path;
  if (StartsWith(path, Open311::kPrefix)) {
    return open311_.Handle(request, std::move(later));
  }
  if (StartsWith(path, "/open311/")) {
    return open311_.ErrorResponse(path, 404,
                                  "no such resource; the Open311 GeoReport v2 "
                                  "endpoint is /open311/v2/");
  }
  if (StartsWith(path, Api::kPrefix)) {
    return api_.Handle(request, std::move(later));
  }
  if (path == "/healthz") {
    return Plain(200, "ok\n");
  }
  if (path == "/readyz") {
    if (auto s = ready_(); !s) {
      return Plain(503, "not ready: " + s.error().message + "\n");
    }
    return Plain(200, "ready\n");
  }
  if (path == "/metrics") {
    HttpResponse r = Plain(200, metrics_.RenderPrometheus());
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
  }
  if (web_ != nullptr) {
    if (auto file = web_->Serve(request)) {
      return file;
    }
  }
  if (path == "/") {
    HttpResponse r = Plain(200,
                           "Ratusz - Citizen Relationship Management\n\n"
                           "Open311 GeoReport v2: /open311/v2/discovery.json\n"
                           "Services:             /open311/v2/services.json?jurisdiction_id=...\n"
                           "Staff API:            /api/v1/\n"
                           "Health:               /healthz /readyz /metrics\n");
    return r;
  }
  return Api::ErrorResponse(MakeError(ErrorCode::kNotFound, "no such page: " + path.substr(0, 80)));
}

HttpResponse Router::Reject(int status, std::string_view target, std::string_view reason) {
  if (StartsWith(target, "/open311/")) {
    return open311_.ErrorResponse(target, status, reason);
  }
  HttpResponse r = Api::ErrorResponse(MakeError(ErrorCode::kInvalidArgument, std::string(reason)));
  r.status = status;
  return r;
}

Upgrade Router::OpenSocket(const HttpRequest& request, std::shared_ptr<WsPeer> peer) {
  if (StartsWith(request.path, Api::kPrefix)) {
    return api_.OpenSocket(request, std::move(peer));
  }
  return Reject(404, request.path, "no WebSocket at " + request.path.substr(0, 80));
}

void Router::Observe(const HttpRequest& request, int status, double seconds) {
  obs::Route route = obs::Route::kOther;
  if (StartsWith(request.path, "/open311/")) {
    route = request.method == "POST" ? obs::Route::kOpen311Write : obs::Route::kOpen311Read;
  } else if (StartsWith(request.path, "/api/")) {
    route = obs::Route::kApi;
  } else if (request.path == "/healthz" || request.path == "/readyz") {
    route = obs::Route::kHealth;
  } else if (request.path == "/metrics") {
    route = obs::Route::kMetrics;
  }
  metrics_.RecordRequest(route, status, seconds);
}

}  // namespace ratusz::http
