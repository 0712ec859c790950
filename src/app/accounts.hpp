#pragma once

// Staff accounts, API keys for Open311 client applications, and login sessions.

#include <string>

#include "app/ports.hpp"
#include "cases/catalog.hpp"

namespace ratusz::app {

struct NewApiKey {
  ApiKey key;
  std::string secret;  // Shown once; only its hash is stored.
};

struct LoginSession {
  User user;
  std::string token;  // Bearer token and session cookie value; only its hash is stored.
  Timestamp expires_at;
};

class Accounts {
 public:
  // References must outlive the object. Thread-safe.
  Accounts(AccountStore& store, const Clock& clock, std::chrono::seconds session_lifetime)
      : store_(store), clock_(clock), session_lifetime_(session_lifetime) {}

  [[nodiscard]] Result<NewApiKey> CreateApiKey(std::string_view name);
  // The key whose secret this is, unless unknown or revoked.
  [[nodiscard]] Result<std::optional<ApiKey>> Authenticate(std::string_view secret);

  // Passwords need at least 10 characters; usernames are 1-64 of [a-z0-9._-].
  [[nodiscard]] Result<User> AddUser(User user, std::string_view password);
  [[nodiscard]] Result<LoginSession> Login(std::string_view username, std::string_view password);
  [[nodiscard]] Result<std::optional<User>> UserForSession(std::string_view token);
  [[nodiscard]] Status Logout(std::string_view token);

  AccountStore& store() { return store_; }

 private:
  AccountStore& store_;
  const Clock& clock_;
  std::chrono::seconds session_lifetime_;
};

// The jurisdictions and departments a user works for exist in the city (kInvalidArgument
// naming the first unknown one).
[[nodiscard]] Status CheckPlaces(const User& user, const cases::Catalog& catalog);

}  // namespace ratusz::app
