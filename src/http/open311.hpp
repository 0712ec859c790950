#pragma once

// Open311 GeoReport v2 under /open311/v2/, in XML and JSON, with the mySociety
// servicerequestupdates extension and page/page_size paging.

#include <optional>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/intake.hpp"
#include "cases/catalog.hpp"
#include "http/form.hpp"
#include "http/message.hpp"
#include "http/response_cache.hpp"
#include "obs/metrics.hpp"

namespace ratusz::http {

struct Open311Options {
  std::string public_url;  // Base URL for discovery; empty: taken from the Host header.
  std::string contact;
  std::string key_service;
  std::size_t max_page_size = 1000;
  std::size_t cache_entries = 100000;  // Rendered single-case answers kept in memory.
  int max_range_days = 90;
  Timestamp changeset;  // When this configuration was loaded.
};

class Open311 {
 public:
  static constexpr std::string_view kPrefix = "/open311/v2/";

  // All references must outlive the object. Thread-safe.
  Open311(const cases::Catalog& catalog, app::Intake& intake, app::CaseStore& store,
          app::Accounts& accounts, const Clock& clock, obs::Metrics& metrics,
          Open311Options options);

  std::optional<HttpResponse> Handle(const HttpRequest& request, Responder later);

  // An Open311 error body in the format the target asks for (XML unless it ends in .json).
  HttpResponse ErrorResponse(std::string_view target, int status, std::string_view message) const;

 private:
  enum class Format { kXml, kJson };
  struct Call;

  // The Open311 error list; the HTTP status follows the first error unless overridden.
  HttpResponse Errors(Format format, const std::vector<Error>& errors,
                      std::optional<int> status_override = std::nullopt) const;
  HttpResponse Discovery(const Call& call) const;
  HttpResponse ServiceList(const Call& call) const;
  HttpResponse ServiceDefinition(const Call& call, std::string_view code) const;
  HttpResponse RequestList(const Call& call) const;
  HttpResponse OneRequest(const Call& call, std::string_view id);
  HttpResponse Token(const Call& call, std::string_view token) const;
  HttpResponse UpdateList(const Call& call) const;
  std::optional<HttpResponse> PostRequest(const Call& call, Responder later);
  std::optional<HttpResponse> PostUpdate(const Call& call, Responder later);

  // The API key of a POST, or an error answer (403).
  Result<app::ApiKey> Authorize(const Call& call) const;

  const cases::Catalog& catalog_;
  app::Intake& intake_;
  app::CaseStore& store_;
  app::Accounts& accounts_;
  const Clock& clock_;
  obs::Metrics& metrics_;
  Open311Options options_;
  FormLimits form_limits_;
  ResponseCache cache_;
};

}  // namespace ratusz::http
