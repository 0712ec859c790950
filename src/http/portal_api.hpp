#pragma once

// The resident portal's own endpoints (no login):
//   GET  /api/v1/public/portal?lang=pl|en   the city it reports to, its map and the consent text
//   POST /api/v1/public/reports             a report with its photos, multipart/form-data
// A report takes the Open311 fields (service_code, lat, long, address_string, description,
// attribute[CODE], first_name, last_name, email, phone) and up to `max_photos` files named
// `photo` (JPEG, PNG or WebP; the browser resizes them first). Contact details need `consent`:
// the version of the consent text the resident was shown. An Idempotency-Key header makes a
// retry (an offline report sent again) give the same case instead of a second one. One network
// address may send `reports_per_hour` (429 with Retry-After beyond).

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
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
  int reports_per_hour = 0;        // Per network address; 0: no limit.
};

// Counts what each network address sent in the current hour (a fixed window). Thread-safe.
class HourlyLimit {
 public:
  explicit HourlyLimit(int per_hour) : per_hour_(per_hour) {}
  // Whether `address` may send one more at `now`; if not, the seconds until it may.
  std::optional<int> Refuse(const std::string& address, std::chrono::steady_clock::time_point now);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int count = 0;
  };
  int per_hour_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
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
        run_blocking_(std::move(run_blocking)),
        limit_(options_.reports_per_hour) {}

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
  HourlyLimit limit_;
};

}  // namespace ratusz::http
