#pragma once

// Staff accounts, API keys and sessions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports/callback.hpp"
#include "cases/staff.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::app {

using cases::ParseRole;
using cases::Role;
using cases::RoleName;

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kAgent;
  std::vector<std::string> jurisdictions;  // Empty: all.
  std::vector<std::string> departments;
  bool disabled = false;
  Timestamp created_at;
};

struct ApiKey {
  std::int64_t id = 0;
  std::string name;    // The client application, e.g. "Mobile app".
  std::string prefix;  // First characters of the key, to tell keys apart in listings.
  Timestamp created_at;
  bool revoked = false;
};

// Staff accounts, API keys and sessions. Secrets are stored only as hashes. Thread-safe.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  [[nodiscard]] virtual Result<User> AddUser(const User& user,
                                             const std::string& password_hash) = 0;
  [[nodiscard]] virtual Result<std::vector<User>> ListUsers() = 0;
  [[nodiscard]] virtual Status SetUserDisabled(std::string_view username, bool disabled) = 0;
  // The user and their password hash.
  [[nodiscard]] virtual Result<std::optional<std::pair<User, std::string>>> FindUserByName(
      std::string_view username) = 0;

  [[nodiscard]] virtual Result<ApiKey> AddApiKey(const ApiKey& key,
                                                 const std::string& key_hash) = 0;
  [[nodiscard]] virtual Result<std::vector<ApiKey>> ListApiKeys() = 0;
  [[nodiscard]] virtual Status RevokeApiKey(std::int64_t id) = 0;
  // A key that is not revoked, by the hash of its secret.
  [[nodiscard]] virtual Result<std::optional<ApiKey>> FindApiKey(std::string_view key_hash) = 0;

  [[nodiscard]] virtual Status AddSession(std::string_view token_hash, std::int64_t user_id,
                                          Timestamp expires_at) = 0;
  // The enabled user of an unexpired session.
  [[nodiscard]] virtual Result<std::optional<User>> FindSession(std::string_view token_hash,
                                                                Timestamp now) = 0;
  [[nodiscard]] virtual Status DeleteSession(std::string_view token_hash) = 0;
};

}  // namespace ratusz::app
