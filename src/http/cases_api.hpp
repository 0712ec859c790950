#pragma once

// The staff case-handling API under /api/v1/cases (JSON; CSV for search exports). Thin: it
// parses, calls the CaseDesk or the Intake, and renders.

#include <optional>
#include <string_view>

#include "app/case_desk.hpp"
#include "app/intake.hpp"
#include "cases/catalog.hpp"
#include "http/attachments_api.hpp"
#include "http/message.hpp"

namespace ratusz::http {

class CasesApi {
 public:
  // `attachments` may be null (then cases take no files).
  CasesApi(const cases::Catalog& catalog, app::Intake& intake, app::CaseDesk& desk,
           AttachmentsApi* attachments = nullptr)
      : catalog_(catalog), intake_(intake), desk_(desk), attachments_(attachments) {}

  AttachmentsApi* attachments() { return attachments_; }

  // GET /api/v1/public/nearby: open cases a resident could follow instead of reporting again.
  HttpResponse Nearby(const HttpRequest& request);

  // GET /api/v1/public/cases/{number}?lang=: a resident follows their case by its number: the
  // status, the expected date, photos and the public timeline (no reporter, no staff).
  HttpResponse Track(std::string_view number, const HttpRequest& request);

  // `route` is the path after /api/v1/ and starts with "cases".
  std::optional<HttpResponse> Handle(const cases::Actor& actor, std::string_view route,
                                     const HttpRequest& request, Responder later);

 private:
  std::optional<HttpResponse> Create(const cases::Actor& actor, const HttpRequest& request,
                                     Responder later);
  HttpResponse Search(const cases::Actor& actor, const HttpRequest& request);
  HttpResponse Candidates(const cases::Actor& actor, const HttpRequest& request);
  std::optional<HttpResponse> Action(const cases::Actor& actor, std::string_view number,
                                     std::string_view action, const HttpRequest& request,
                                     Responder later);

  const cases::Catalog& catalog_;
  app::Intake& intake_;
  app::CaseDesk& desk_;
  AttachmentsApi* attachments_;
};

}  // namespace ratusz::http
