#pragma once

// The top of the HTTP application: sends each request to Open311, the staff API, health,
// metrics or the web front end, and answers requests that could not be read.

#include <functional>
#include <memory>

#include "http/api.hpp"
#include "http/message.hpp"
#include "http/open311.hpp"
#include "http/static_files.hpp"
#include "obs/metrics.hpp"

namespace ratusz::http {

class Router final : public Handler {
 public:
  // `ready` answers /readyz (e.g. the database can be read); `web`, when given and built, serves
  // the front end at every other path.
  Router(Open311& open311, Api& api, obs::Metrics& metrics, std::function<Status()> ready,
         const StaticFiles* web = nullptr)
      : open311_(open311), api_(api), metrics_(metrics), ready_(std::move(ready)), web_(web) {}

  std::optional<HttpResponse> Handle(const HttpRequest& request, Responder later) override;
  HttpResponse Reject(int status, std::string_view target, std::string_view reason) override;
  void Observe(const HttpRequest& request, int status, double seconds) override;
  Upgrade OpenSocket(const HttpRequest& request, std::shared_ptr<WsPeer> peer) override;

 private:
  Open311& open311_;
  Api& api_;
  obs::Metrics& metrics_;
  std::function<Status()> ready_;
  const StaticFiles* web_;
};

}  // namespace ratusz::http
