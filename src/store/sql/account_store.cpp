// SqlAccountStore: staff accounts, API keys and sessions.

#include "common/text.hpp"
#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"
#include "store/sql/table.hpp"

namespace ratusz::store::sql {
namespace {

std::string JoinList(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += out.empty() ? v : "," + v;
  }
  return out;
}

// The columns of `users` a user is read with (and written with, the password's hash added).
enum class UserColumn {
  kId,
  kUsername,
  kDisplayName,
  kRole,
  kJurisdictions,
  kDepartments,
  kDisabled,
  kCreatedAt,
  kPasswordHash,
  kCount
};
constexpr Columns<UserColumn> kUsers{"users",
                                     {"id", "username", "display_name", "role", "jurisdictions",
                                      "departments", "disabled", "created_at", "password_hash"}};

app::User ReadUser(const Statement& row) {
  using C = UserColumn;
  app::User u;
  u.id = row.Int(At(C::kId));
  u.username = row.Text(At(C::kUsername));
  u.display_name = row.Text(At(C::kDisplayName));
  u.role = app::ParseRole(row.Text(At(C::kRole))).value_or(app::Role::kAgent);
  u.jurisdictions = SplitList(row.Text(At(C::kJurisdictions)));
  u.departments = SplitList(row.Text(At(C::kDepartments)));
  u.disabled = row.Int(At(C::kDisabled)) != 0;
  u.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
  return u;
}

// The columns of `api_keys` a key is read with (the hash is only compared).
enum class ApiKeyColumn { kId, kName, kPrefix, kCreatedAt, kRevoked, kCount };
constexpr Columns<ApiKeyColumn> kApiKeys{"api_keys",
                                         {"id", "name", "prefix", "created_at", "revoked"}};

app::ApiKey ReadApiKey(const Statement& row) {
  using C = ApiKeyColumn;
  app::ApiKey k;
  k.id = row.Int(At(C::kId));
  k.name = row.Text(At(C::kName));
  k.prefix = row.Text(At(C::kPrefix));
  k.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
  k.revoked = row.Int(At(C::kRevoked)) != 0;
  return k;
}

// One row inserted by the writer, waited for; the id it was given.
template <typename Bind>
Result<std::int64_t> InsertAndWait(Writer& writer, const std::string& sql, Bind bind) {
  std::int64_t id = 0;
  Status s = writer.RunAndWait([&](Connection& db) -> Status {
    auto inserted = InsertReturningId(db, sql, bind);
    if (!inserted) {
      return inserted.error();
    }
    id = *inserted;
    return {};
  });
  if (!s) {
    return s.error();
  }
  return id;
}

}  // namespace

Result<app::User> SqlAccountStore::AddUser(const app::User& user,
                                           const std::string& password_hash) {
  using C = UserColumn;
  static const std::string kSql = kUsers.Insert();
  auto id = InsertAndWait(db_.writer(), kSql, [&](Statement& q) {
    q.BindNull(ParamOf(C::kId)).Bind(ParamOf(C::kUsername), user.username);
    q.Bind(ParamOf(C::kDisplayName), user.display_name);
    q.Bind(ParamOf(C::kRole), app::RoleName(user.role));
    q.Bind(ParamOf(C::kJurisdictions), JoinList(user.jurisdictions));
    q.Bind(ParamOf(C::kDepartments), JoinList(user.departments));
    q.Bind(ParamOf(C::kDisabled), std::int64_t{user.disabled ? 1 : 0});
    q.Bind(ParamOf(C::kCreatedAt), ToMicros(user.created_at));
    q.Bind(ParamOf(C::kPasswordHash), password_hash);
  });
  if (!id && id.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists, "user '" + user.username + "' already exists",
                     "username");
  }
  if (!id) {
    return id.error();
  }
  app::User stored = user;
  stored.id = *id;
  return stored;
}

Result<std::vector<app::User>> SqlAccountStore::ListUsers() {
  static const std::string kSql = "SELECT " + kUsers.Select() + " FROM users ORDER BY username";
  return db_.ReadAll<app::User>(
      kSql, [](Statement&) {}, ReadUser);
}

Status SqlAccountStore::SetUserDisabled(std::string_view username, bool disabled) {
  const std::string name(username);
  return db_.writer().RunAndWait([&](Connection& db) -> Status {
    if (auto st =
            Execute(db, "UPDATE users SET disabled = ? WHERE username = ?",
                    [&](Statement& q) { q.Bind(1, std::int64_t{disabled ? 1 : 0}).Bind(2, name); });
        !st) {
      return st;
    }
    if (db.Changes() == 0) {
      return MakeError(ErrorCode::kNotFound, "no user '" + name + "'", "username");
    }
    if (!disabled) {
      return {};
    }
    return Execute(db,
                   "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?)",
                   [&](Statement& q) { q.Bind(1, name); });
  });
}

Result<std::optional<std::pair<app::User, std::string>>> SqlAccountStore::FindUserByName(
    std::string_view username) {
  static const std::string kSql = "SELECT " + kUsers.Select() + " FROM users WHERE username = ?";
  return db_.ReadOne<std::pair<app::User, std::string>>(
      kSql, [&](Statement& q) { q.Bind(1, username); },
      [](const Statement& row) {
        return std::make_pair(ReadUser(row), row.Text(At(UserColumn::kPasswordHash)));
      });
}

Result<app::ApiKey> SqlAccountStore::AddApiKey(const app::ApiKey& key,
                                               const std::string& key_hash) {
  auto id = InsertAndWait(
      db_.writer(), "INSERT INTO api_keys (name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?)",
      [&](Statement& q) {
        q.Bind(1, key.name).Bind(2, key.prefix).Bind(3, key_hash);
        q.Bind(4, ToMicros(key.created_at));
      });
  if (!id) {
    return id.error();
  }
  app::ApiKey stored = key;
  stored.id = *id;
  return stored;
}

Result<std::vector<app::ApiKey>> SqlAccountStore::ListApiKeys() {
  static const std::string kSql = "SELECT " + kApiKeys.Select() + " FROM api_keys ORDER BY id";
  return db_.ReadAll<app::ApiKey>(
      kSql, [](Statement&) {}, ReadApiKey);
}

Status SqlAccountStore::RevokeApiKey(std::int64_t id) {
  return db_.writer().RunAndWait([&](Connection& db) -> Status {
    if (auto st = Execute(db, "UPDATE api_keys SET revoked = 1 WHERE id = ?",
                          [&](Statement& q) { q.Bind(1, id); });
        !st) {
      return st;
    }
    if (db.Changes() == 0) {
      return MakeError(ErrorCode::kNotFound, "no API key with id " + std::to_string(id));
    }
    return {};
  });
}

Result<std::optional<app::ApiKey>> SqlAccountStore::FindApiKey(std::string_view key_hash) {
  static const std::string kSql =
      "SELECT " + kApiKeys.Select() + " FROM api_keys WHERE key_hash = ? AND revoked = 0";
  return db_.ReadOne<app::ApiKey>(
      kSql, [&](Statement& q) { q.Bind(1, key_hash); }, ReadApiKey);
}

Status SqlAccountStore::AddSession(std::string_view token_hash, std::int64_t user_id,
                                   Timestamp expires_at) {
  return db_.writer().RunAndWait([&](Connection& db) -> Status {
    return Execute(db, "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                   [&](Statement& q) {
                     q.Bind(1, token_hash).Bind(2, user_id).Bind(3, ToMicros(expires_at));
                   });
  });
}

Result<std::optional<app::User>> SqlAccountStore::FindSession(std::string_view token_hash,
                                                              Timestamp now) {
  static const std::string kSql =
      "SELECT " + kUsers.Select("u") +
      " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND "
      "s.expires_at > ? AND u.disabled = 0";
  return db_.ReadOne<app::User>(
      kSql, [&](Statement& q) { q.Bind(1, token_hash).Bind(2, ToMicros(now)); }, ReadUser);
}

Status SqlAccountStore::DeleteSession(std::string_view token_hash) {
  return db_.writer().RunAndWait([&](Connection& db) -> Status {
    return Execute(db, "DELETE FROM sessions WHERE token_hash = ?",
                   [&](Statement& q) { q.Bind(1, token_hash); });
  });
}

}  // namespace ratusz::store::sql
