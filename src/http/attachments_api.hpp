#pragma once

// Files on cases: POST /api/v1/cases/{n}/attachments?name=...&public=true with the file as the
// body (photos are cleaned and thumbnailed off the network threads) or, for a file that came
// with a written contact, ?from_contact=ID&file=SHA256 and no body; the list, the files and
// thumbnails for staff who may see the case, and GET /api/v1/public/media/{sha256}.jpg for
// photos shown to residents.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/case_desk.hpp"
#include "app/contact_center.hpp"
#include "app/ports.hpp"
#include "http/message.hpp"

namespace ratusz::http {

// A file name as shown: its last path component, printable UTF-8, at most 200 bytes ("file"
// when nothing is left).
[[nodiscard]] Result<std::string> CleanFileName(std::string_view name);

class AttachmentsApi {
 public:
  static constexpr std::string_view kPublicPrefix = "public/media/";

  // `run_blocking` runs image processing off the network threads; `public_url` prefixes the
  // media URLs given to residents (empty: relative URLs).
  AttachmentsApi(app::CaseDesk& desk, app::MediaStore& media, app::AttachmentIndex& index,
                 std::function<void(std::function<void()>)> run_blocking, std::string public_url)
      : desk_(desk),
        media_(media),
        index_(index),
        run_blocking_(std::move(run_blocking)),
        public_url_(std::move(public_url)) {}

  // `rest` is what follows "cases/{n}/attachments" ("" or "/{id}" or "/{id}/thumbnail").
  std::optional<HttpResponse> Handle(const cases::Actor& actor, std::string_view number,
                                     std::string_view rest, const HttpRequest& request,
                                     Responder later);
  // `route` starts with kPublicPrefix.
  HttpResponse PublicMedia(std::string_view route);
  // Where files that came with contacts are found (POST ...?from_contact=ID&file=SHA256).
  void TakeFilesFrom(app::ContactCenter* contacts) { contacts_ = contacts; }

 private:
  std::optional<HttpResponse> Upload(const cases::Actor& actor, std::string_view number,
                                     const HttpRequest& request, Responder later);

  app::CaseDesk& desk_;
  app::MediaStore& media_;
  app::AttachmentIndex& index_;
  std::function<void(std::function<void()>)> run_blocking_;
  std::string public_url_;
  app::ContactCenter* contacts_ = nullptr;
};

}  // namespace ratusz::http
