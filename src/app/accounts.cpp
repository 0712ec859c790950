#include "app/accounts.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "security/crypto.hpp"

namespace ratusz::app {
namespace {

bool ValidUsername(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

Result<NewApiKey> Accounts::CreateApiKey(std::string_view name) {
  const auto clean = Trim(name);
  if (clean.empty() || clean.size() > 100 || !IsValidUtf8(clean) || HasControlChars(clean)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "an API key needs a name of 1 to 100 characters (the client application)");
  }
  NewApiKey out;
  out.secret = security::NewToken();
  out.key.name = std::string(clean);
  out.key.prefix = out.secret.substr(0, 6);
  out.key.created_at = clock_.Now();
  auto stored = store_.AddApiKey(out.key, security::HashToken(out.secret));
  if (!stored) {
    return stored.error();
  }
  out.key = std::move(stored).value();
  return out;
}

Result<std::optional<ApiKey>> Accounts::Authenticate(std::string_view secret) {
  if (secret.empty() || secret.size() > 200) {
    return std::optional<ApiKey>{};
  }
  return store_.FindApiKey(security::HashToken(secret));
}

Result<User> Accounts::AddUser(User user, std::string_view password) {
  if (!ValidUsername(user.username)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a username is 1 to 64 characters of a-z, 0-9, '.', '_' and '-'", "username");
  }
  if (Utf8Length(password) < 10 || password.size() > 1024 || !IsValidUtf8(password)) {
    return MakeError(ErrorCode::kInvalidArgument, "a password needs at least 10 characters",
                     "password");
  }
  auto hash = security::HashPassword(password);
  if (!hash) {
    return hash.error();
  }
  user.created_at = clock_.Now();
  return store_.AddUser(user, hash.value());
}

Result<LoginSession> Accounts::Login(std::string_view username, std::string_view password) {
  const auto denied = MakeError(ErrorCode::kUnauthenticated, "wrong username or password");
  if (!ValidUsername(username) || password.size() > 1024) {
    return denied;
  }
  auto found = store_.FindUserByName(username);
  if (!found) {
    return found.error();
  }
  if (!found.value() || found.value()->first.disabled ||
      !security::VerifyPassword(password, found.value()->second)) {
    return denied;
  }
  LoginSession session;
  session.user = found.value()->first;
  session.token = security::NewToken();
  session.expires_at = clock_.Now() + session_lifetime_;
  if (auto added = store_.AddSession(security::HashToken(session.token), session.user.id,
                                     session.expires_at);
      !added) {
    return added.error();
  }
  return session;
}

Result<std::optional<User>> Accounts::UserForSession(std::string_view token) {
  if (token.empty() || token.size() > 200) {
    return std::optional<User>{};
  }
  return store_.FindSession(security::HashToken(token), clock_.Now());
}

Status Accounts::Logout(std::string_view token) {
  return store_.DeleteSession(security::HashToken(token));
}

Status CheckPlaces(const User& user, const cases::Catalog& catalog) {
  for (const auto& j : user.jurisdictions) {
    if (catalog.FindJurisdiction(j) == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument, "unknown jurisdiction '" + j + "'",
                       "jurisdictions");
    }
  }
  for (const auto& d : user.departments) {
    if (catalog.FindDepartment(d) == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument, "unknown department '" + d + "'",
                       "departments");
    }
  }
  return {};
}

}  // namespace ratusz::app
