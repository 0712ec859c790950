#pragma once

// The administrators' endpoints (role admin only):
//   GET  admin/users                       staff accounts (never their password hashes)
//   POST admin/users                       {username, display_name, role, jurisdictions,
//                                          departments, password}
//   POST admin/users/{username}/disable    (and /enable): a disabled user cannot log in and
//                                          their sessions end
//   GET  admin/api-keys                    Open311 clients' keys (never their secrets)
//   POST admin/api-keys {name}             a new key, its secret shown once
//   POST admin/api-keys/{id}/revoke
//   GET  admin/catalog                     the city as configured (names in both languages):
//   jurisdictions, units, groups,
//                                          services with their questions and their workflow
//                                          (dispatch, priority, SLA hours, duplicates). Read-only:
//                                          the city is changed in its configuration file.

#include <functional>
#include <optional>
#include <string_view>

#include "app/accounts.hpp"
#include "cases/catalog.hpp"
#include "http/message.hpp"
#include "workflow/process.hpp"

namespace ratusz::http {

class AdminApi {
 public:
  // `run_blocking` hashes passwords off the network threads.
  AdminApi(app::Accounts& accounts, const cases::Catalog& catalog, const workflow::Rules& rules,
           std::function<void(std::function<void()>)> run_blocking)
      : accounts_(accounts),
        catalog_(catalog),
        rules_(rules),
        run_blocking_(std::move(run_blocking)) {}

  static bool Owns(std::string_view route) {
    return route == "admin/users" || route.rfind("admin/users/", 0) == 0 ||
           route == "admin/api-keys" || route.rfind("admin/api-keys/", 0) == 0 ||
           route == "admin/catalog";
  }
  std::optional<HttpResponse> Handle(const cases::Actor& actor, std::string_view route,
                                     const HttpRequest& request, Responder later);

 private:
  std::optional<HttpResponse> AddUser(const HttpRequest& request, Responder later);
  HttpResponse Catalog() const;

  app::Accounts& accounts_;
  const cases::Catalog& catalog_;
  const workflow::Rules& rules_;
  std::function<void(std::function<void()>)> run_blocking_;
};

}  // namespace ratusz::http
