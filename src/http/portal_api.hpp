#pragma once

// The resident portal's own endpoints (no login):
//   GET  /api/v1/public/portal?lang=pl|en   the city it reports to, its map and the consent text
//   POST /api/v1/public/reports             a report with its photos, multipart/form-data
// A report takes the Open311 fields (service_code, lat, long, address_string, description,
// attribute[CODE], first_name, last_name, email, phone) and up to `max_photos` files named
// `photo` (JPEG, PNG or WebP; the browser resizes them first). Contact details need `consent`:
// the version of the consent text the resident was shown. An Idempotency-Key header makes a
// retry (an offline report sent again) give the same case instead of a second one.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/intake.hpp"
#include "app/ports.hpp"
#include "cases/catalog.hpp"
#include "http/message.hpp"
#include "residents/resident.hpp"

namespace ratusz::http {

struct PortalOptions {
  std::string jurisdiction;  // Where the portal's reports go (checked by the configuration).
  std::string tile_url;      // Empty: no map tiles.
  std::string tile_attribution;
  int max_photos = 3;
  std::string public_url;          // Prefix of the photos' public URLs (empty: relative).
  residents::ConsentText consent;  // The notifications text shown beside the contact details.
  bool chat = false;               // Whether a chat queue exists.
};

class PortalApi {
 public:
  // `run_blocking` runs the photos' checks and cleaning off the network threads.
  PortalApi(const cases::Catalog& catalog, app::Intake& intake, app::MediaStore& media,
            PortalOptions options, std::function<void(std::function<void()>)> run_blocking)
      : catalog_(catalog),
        intake_(intake),
        media_(media),
        options_(std::move(options)),
        run_blocking_(std::move(run_blocking)) {}

  static bool Owns(std::string_view route) {
    return route == "public/portal" || route == "public/reports";
  }
  std::optional<HttpResponse> Handle(std::string_view route, const HttpRequest& request,
                                     Responder later);

 private:
  HttpResponse Describe(const HttpRequest& request) const;
  std::optional<HttpResponse> Report(const HttpRequest& request, Responder later);

  const cases::Catalog& catalog_;
  app::Intake& intake_;
  app::MediaStore& media_;
  PortalOptions options_;
  std::function<void(std::function<void()>)> run_blocking_;
};

}  // namespace ratusz::http
