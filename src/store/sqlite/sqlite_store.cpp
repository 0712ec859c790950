#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <array>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "store/sqlite/case_files.hpp"
#include "store/sqlite/query.hpp"
#include "store/sqlite/rows.hpp"

namespace ratusz::store::sqlite {
namespace {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

constexpr Migration kMigrations[] = {
#include "sqlite_migrations.inc"
};

constexpr std::array<cases::Status, 13> kAllStatuses = {
    cases::Status::kOpen,
    cases::Status::kForTriage,
    cases::Status::kInvestigating,
    cases::Status::kInProgress,
    cases::Status::kPlanned,
    cases::Status::kActionScheduled,
    cases::Status::kInternalReferral,
    cases::Status::kFixed,
    cases::Status::kClosed,
    cases::Status::kDuplicate,
    cases::Status::kNotCouncilsResponsibility,
    cases::Status::kNoFurtherAction,
    cases::Status::kCancelled,
};

// "'open','for_triage',..." for the statuses on one side of open/closed.
std::string StatusList(bool open) {
  std::string out;
  for (const auto s : kAllStatuses) {
    if (cases::IsOpen(s) == open) {
      out += out.empty() ? "'" : ",'";
      out += cases::StatusName(s);
      out += "'";
    }
  }
  return out;
}

std::string Placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += i == 0 ? "?" : ",?";
  }
  return out;
}

std::string JoinList(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += out.empty() ? v : "," + v;
  }
  return out;
}

app::User ReadUser(const Statement& row) {
  app::User u;
  u.id = row.Int(0);
  u.username = row.Text(1);
  u.display_name = row.Text(2);
  u.role = app::ParseRole(row.Text(3)).value_or(app::Role::kAgent);
  u.jurisdictions = SplitList(row.Text(4));
  u.departments = SplitList(row.Text(5));
  u.disabled = row.Int(6) != 0;
  u.created_at = FromMicros(row.Int(7));
  return u;
}
constexpr const char* kUserColumns =
    "id, username, display_name, role, jurisdictions, departments, disabled, created_at";

app::ApiKey ReadApiKey(const Statement& row) {
  app::ApiKey k;
  k.id = row.Int(0);
  k.name = row.Text(1);
  k.prefix = row.Text(2);
  k.created_at = FromMicros(row.Int(3));
  k.revoked = row.Int(4) != 0;
  return k;
}
constexpr const char* kApiKeyColumns = "id, name, prefix, created_at, revoked";

Status ApplyMigrations(Connection& db, std::vector<int>* applied) {
  auto version_stmt = db.PrepareOnce("PRAGMA user_version");
  if (!version_stmt) {
    return version_stmt.error();
  }
  auto row = (*version_stmt)->Step();
  if (!row) {
    return row.error();
  }
  const auto current = static_cast<int>((*version_stmt)->Int(0));
  version_stmt.value().reset();
  const int latest = LatestSchemaVersion();
  if (current > latest) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the database schema is version " + std::to_string(current) +
                         ", newer than this ratusz understands (" + std::to_string(latest) +
                         "); run a newer ratusz or restore a backup");
  }
  for (const auto& m : kMigrations) {
    if (m.number <= current) {
      continue;
    }
    Status s = db.Exec("BEGIN IMMEDIATE");
    if (s) {
      s = db.Exec(m.sql);
    }
    if (s) {
      s = db.Exec("PRAGMA user_version = " + std::to_string(m.number));
    }
    if (s) {
      s = db.Exec("COMMIT");
    }
    if (!s) {
      (void)db.Exec("ROLLBACK");
      return MakeError(s.error().code,
                       std::string("migration ") + m.name + " failed: " + s.error().message);
    }
    if (applied != nullptr) {
      applied->push_back(m.number);
    }
  }
  return {};
}

const std::string kCaseById = std::string("SELECT ") + CaseColumns() + " FROM cases WHERE id = ?";
const std::string kEventByExternalId =
    std::string("SELECT ") + kEventColumns +
    " FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.case_id = ? AND e.actor = ? "
    "AND e.external_id = ?";

// Merges a case being created into `command.merge_into` in the same transaction. Returns the
// master's number, or empty when an optional merge could not be made.
Result<std::string> MergeNewCase(Connection& db, workflow::CaseFile& file,
                                 const app::OutboxDisposition& disposition,
                                 const app::CreateCaseCommand& command) {
  const auto master_id = cases::CaseIdFromNumber(command.merge_into);
  auto master =
      master_id ? LoadCaseFile(db, *master_id)
                : Result<std::optional<workflow::CaseFile>>(std::optional<workflow::CaseFile>{});
  if (!master) {
    return master.error();
  }
  if (!master.value()) {
    if (command.merge_required) {
      return MakeError(ErrorCode::kNotFound, "no case " + command.merge_into, "duplicate_of");
    }
    return std::string();
  }
  auto change = command.opening->Merge(file, *master.value());
  if (!change) {
    if (command.merge_required) {
      return change.error();
    }
    return std::string();
  }
  if (auto st = WriteCaseFile(db, file, change->duplicate, command.actor, file.request.updated_at,
                              disposition);
      !st) {
    return st.error();
  }
  if (auto st = WriteCaseFile(db, *master.value(), change->master, command.actor,
                              file.request.updated_at, disposition);
      !st) {
    return st.error();
  }
  return master.value()->request.number;
}

}  // namespace

namespace {

constexpr std::string_view kCanaryText = "ratusz personal data";

// The first start with keys seals a known text; every later start must open it with the keys
// it is given, or personal data would be written with keys that cannot read what is there.
Status CheckCanary(Connection& db, const security::PersonalData& personal) {
  auto row = QueryOne<std::pair<std::string, std::string>>(
      db, "SELECT sealed, lookup FROM privacy_canary WHERE id = 1", [](Statement&) {},
      [](const Statement& r) {
        return std::pair{r.Text(0), r.Text(1)};
      });
  if (!row) {
    return row.error();
  }
  const std::string lookup = personal.sealer().Lookup(kCanaryText);
  if (!row.value()) {
    return Execute(db, "INSERT INTO privacy_canary (id, sealed, lookup) VALUES (1, ?, ?)",
                   [&](Statement& q) { q.Bind(1, personal.Seal(kCanaryText)).Bind(2, lookup); });
  }
  auto opened = personal.sealer().Open(row.value()->first);
  if (!opened || opened.value() != kCanaryText || row.value()->second != lookup) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the personal-data keys do not fit this database (its personal data was "
                     "sealed with another key file): configure the key file it was created "
                     "with (privacy.key_file or RATUSZ_PERSONAL_KEYS)");
  }
  return {};
}

}  // namespace

int LatestSchemaVersion() {
  int latest = 0;
  for (const auto& m : kMigrations) {
    latest = std::max(latest, m.number);
  }
  return latest;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const StoreOptions& options) {
  auto db = Connection::Open(options.path, Connection::Mode::kReadWrite);
  if (!db) {
    return db.error();
  }
  if (auto s = ApplyMigrations(**db, nullptr); !s) {
    return s.error();
  }
  if (options.personal) {
    if (auto s = CheckCanary(**db, *options.personal); !s) {
      return s.error();
    }
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(options));
  auto max_id = store->LoadMaxCaseId(**db);
  if (!max_id) {
    return max_id.error();
  }
  store->next_case_id_ = max_id.value() + 1;
  if (auto s = store->LoadRecent(**db); !s) {
    return s.error();
  }
  store->writer_ = std::make_unique<Writer>(
      std::move(db).value(), WriterOptions{options.max_batch, options.path},
      // New cases' text goes into the search index once per transaction, after its jobs.
      [raw = store.get()](Connection& conn) -> Status {
        if (!raw->search_pending_) {
          return {};
        }
        raw->search_pending_ = false;
        return FlushSearchQueue(conn);  // On failure the text waits for the next case.
      });
  return store;
}

Result<std::vector<int>> SqliteStore::Migrate(const std::string& path) {
  auto db = Connection::Open(path, Connection::Mode::kReadWrite);
  if (!db) {
    return db.error();
  }
  std::vector<int> applied;
  if (auto s = ApplyMigrations(**db, &applied); !s) {
    return s.error();
  }
  return applied;
}

SqliteStore::~SqliteStore() {
  writer_.reset();  // Finishes queued writes first.
}

Result<std::int64_t> SqliteStore::LoadMaxCaseId(Connection& db) {
  auto max = QueryOne<std::int64_t>(
      db, "SELECT COALESCE(MAX(id), 0) FROM cases", [](Statement&) {},
      [](const Statement& row) { return row.Int(0); });
  if (!max) {
    return max.error();
  }
  return max.value().value_or(0);
}

Result<SqliteStore::Reader> SqliteStore::BorrowReader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return Reader(this, std::move(conn));
    }
  }
  auto conn = Connection::Open(options_.path, Connection::Mode::kReadOnly);
  if (!conn) {
    return conn.error();
  }
  return Reader(this, std::move(conn).value());
}

void SqliteStore::ReturnReader(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(conn));
}

Status SqliteStore::CheckReadable() {
  auto schema = ReadOne<std::int64_t>(
      "PRAGMA user_version", [](Statement&) {}, [](const Statement& row) { return row.Int(0); });
  if (!schema) {
    return schema.error();
  }
  return {};
}

Status SqliteStore::Backup(const std::string& target) {
  sqlite3* dest = nullptr;
  if (sqlite3_open(target.c_str(), &dest) != SQLITE_OK) {
    std::string message = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    return MakeError(ErrorCode::kFailedPrecondition,
                     "cannot create backup file " + target + ": " + message);
  }
  auto reader = BorrowReader();
  if (!reader) {
    sqlite3_close(dest);
    return reader.error();
  }
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", (*reader)->raw(), "main");
  int rc = SQLITE_ERROR;
  if (backup != nullptr) {
    do {
      rc = sqlite3_backup_step(backup, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        sqlite3_sleep(20);
      }
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
  }
  Status result;
  if (rc != SQLITE_DONE) {
    result = MakeError(ErrorCode::kInternal,
                       std::string("backup to ") + target + " failed: " + sqlite3_errmsg(dest));
  }
  sqlite3_close(dest);
  return result;
}

// --- Cases -------------------------------------------------------------------------------

// A new case made ready before the write transaction: numbered, opened by its use case, and
// every value of its row computed (sealed personal fields, their lookups, lists as JSON, the
// text for the search index), so that the writer only checks the current state and writes.
struct NewCase {
  app::CreateCaseCommand command;
  workflow::CaseFile file;
  workflow::Change opened;
  std::string first_name, last_name, email, phone;  // Sealed.
  std::string email_lookup, phone_lookup;
  std::string attributes_json, media_json;
  std::string search_text;
};

namespace {

Status InsertCase(Connection& db, const NewCase& c) {
  using C = CaseColumn;
  static const std::string kSql = kCases.Insert();
  auto insert = db.Prepare(kSql);
  if (!insert) {
    return insert.error();
  }
  const cases::ServiceRequest& r = c.file.request;
  const auto lat = r.location ? std::optional<double>(r.location->lat) : std::nullopt;
  const auto lon = r.location ? std::optional<double>(r.location->lon) : std::nullopt;
  const auto cell =
      r.location ? std::optional<std::int64_t>(dedup::GridCell(*r.location)) : std::nullopt;
  Statement& s = **insert;
  s.Bind(ParamOf(C::kId), r.id)
      .Bind(ParamOf(C::kNumber), r.number)
      .Bind(ParamOf(C::kToken), r.token);
  s.Bind(ParamOf(C::kJurisdiction), r.jurisdiction_id)
      .Bind(ParamOf(C::kServiceCode), r.service_code);
  s.Bind(ParamOf(C::kStatus), cases::StatusName(r.status));
  s.Bind(ParamOf(C::kStatusNotes), r.status_notes).Bind(ParamOf(C::kTitle), r.title);
  s.Bind(ParamOf(C::kDescription), r.description);
  s.Bind(ParamOf(C::kLat), lat).Bind(ParamOf(C::kLon), lon);
  s.Bind(ParamOf(C::kAddress), r.address).Bind(ParamOf(C::kAddressId), r.address_id);
  s.Bind(ParamOf(C::kZipcode), r.zipcode);
  s.Bind(ParamOf(C::kAttributes), c.attributes_json).Bind(ParamOf(C::kMedia), c.media_json);
  s.Bind(ParamOf(C::kReporterFirstName), c.first_name);
  s.Bind(ParamOf(C::kReporterLastName), c.last_name);
  s.Bind(ParamOf(C::kReporterEmail), c.email).Bind(ParamOf(C::kReporterPhone), c.phone);
  s.Bind(ParamOf(C::kReporterDeviceId), r.reporter.device_id);
  s.Bind(ParamOf(C::kReporterAccountId), r.reporter.account_id);
  s.Bind(ParamOf(C::kChannel), cases::ChannelName(r.channel));
  s.Bind(ParamOf(C::kClientName), r.client_name);
  s.Bind(ParamOf(C::kRequestedAt), ToMicros(r.requested_at));
  s.Bind(ParamOf(C::kUpdatedAt), ToMicros(r.updated_at));
  s.Bind(ParamOf(C::kExpectedAt), OptionalMicros(r.expected_at));
  s.Bind(ParamOf(C::kAgencyResponsible), r.agency_responsible);
  s.Bind(ParamOf(C::kServiceNotice), r.service_notice);
  s.Bind(ParamOf(C::kPriority), workflow::PriorityName(c.file.priority));
  s.Bind(ParamOf(C::kEmergency), std::int64_t{c.file.emergency ? 1 : 0});
  s.Bind(ParamOf(C::kVersion), std::int64_t{1}).Bind(ParamOf(C::kMasterNumber), std::string_view());
  s.Bind(ParamOf(C::kGeoCell), cell);
  s.Bind(ParamOf(C::kEmailLookup), c.email_lookup).Bind(ParamOf(C::kPhoneLookup), c.phone_lookup);
  return s.Run();
}

// The case an earlier request with the same Idempotency-Key made; nullopt when the key is new.
Result<std::optional<app::CreatedCase>> Replayed(Connection& db, const app::CreateCaseCommand& c,
                                                 const security::PersonalData& personal) {
  auto stmt = db.Prepare(
      "SELECT fingerprint, case_id FROM idempotency_keys WHERE client_id = ? AND key = ?");
  if (!stmt) {
    return stmt.error();
  }
  (*stmt)->Bind(1, c.client_id).Bind(2, c.idempotency_key);
  auto row = (*stmt)->Step();
  if (!row) {
    return row.error();
  }
  if (!row.value()) {
    return std::optional<app::CreatedCase>{};
  }
  if ((*stmt)->Text(0) != c.fingerprint) {
    return MakeError(ErrorCode::kConflict,
                     "this Idempotency-Key was already used for a different request",
                     "Idempotency-Key");
  }
  const std::int64_t case_id = (*stmt)->Int(1);
  auto earlier = QueryOne<cases::ServiceRequest>(
      db, kCaseById, [&](Statement& q) { q.Bind(1, case_id); },
      [&](const Statement& found) { return ReadCaseOpened(found, personal); });
  if (!earlier) {
    return earlier.error();
  }
  if (!earlier.value()) {
    return MakeError(ErrorCode::kInternal, "idempotency key points to a missing case");
  }
  return std::optional<app::CreatedCase>{
      app::CreatedCase{std::move(*earlier.value()), true, false, {}}};
}

}  // namespace

Result<std::shared_ptr<NewCase>> SqliteStore::PrepareCase(app::CreateCaseCommand command) {
  const std::int64_t id = next_case_id_.fetch_add(1);
  if (id > cases::kMaxCaseId) {
    return MakeError(ErrorCode::kResourceExhausted, "case numbers are exhausted");
  }
  auto made = std::make_shared<NewCase>();
  NewCase& c = *made;
  c.command = std::move(command);
  cases::ServiceRequest& r = c.file.request;
  r = c.command.request;
  r.id = id;
  r.number = cases::CaseNumberFor(r.id);
  r.token = cases::TokenFor(r.number, c.command.token_secret);
  if (c.command.opening) {
    auto opened = c.command.opening->Open(c.file);
    if (!opened) {
      return opened.error();
    }
    c.opened = std::move(opened).value();
  }
  c.first_name = personal_->Seal(r.reporter.first_name);
  c.last_name = personal_->Seal(r.reporter.last_name);
  c.email = personal_->Seal(r.reporter.email);
  c.phone = personal_->Seal(r.reporter.phone);
  c.email_lookup = personal_->EmailLookup(r.reporter.email);
  c.phone_lookup = personal_->PhoneLookup(r.reporter.phone);
  c.attributes_json = EncodeAttributes(r.attributes);
  c.media_json = EncodeStrings(r.media_urls);
  c.search_text = FoldForSearch(r.title + " " + r.description + " " + r.address);
  return made;
}

Result<app::CreatedCase> SqliteStore::WriteNewCase(Connection& db, NewCase& c) {
  const app::CreateCaseCommand& command = c.command;
  if (!command.idempotency_key.empty()) {
    auto replayed = Replayed(db, command, *personal_);
    if (!replayed) {
      return replayed.error();
    }
    if (replayed.value()) {
      return std::move(*replayed.value());
    }
  }
  workflow::CaseFile& file = c.file;
  const cases::ServiceRequest& r = file.request;
  if (auto st = InsertCase(db, c); !st) {
    return st.error();
  }
  auto event = db.Prepare(
      "INSERT INTO case_events (case_id, jurisdiction_id, kind, status, description, "
      "is_public, actor, at) VALUES (?, ?, 'created', ?, '', 1, ?, ?)");
  if (!event) {
    return event.error();
  }
  (*event)->Bind(1, r.id).Bind(2, r.jurisdiction_id).Bind(3, cases::StatusName(r.status));
  (*event)->Bind(4, !command.actor.empty()  ? command.actor
                    : r.client_name.empty() ? std::string("system")
                                            : "open311:" + r.client_name);
  (*event)->Bind(5, ToMicros(r.requested_at));
  if (auto st = (*event)->Run(); !st) {
    return st.error();
  }
  if (auto st = IndexCaseText(db, r.id, c.search_text); !st) {
    return st.error();
  }
  search_pending_ = true;
  std::string merged_into;
  if (command.opening) {
    if (auto st = WriteTasks(db, file, /*replace=*/false); !st) {
      return st.error();
    }
    if (auto st = WriteChange(db, file, c.opened, command.actor, r.requested_at,
                              options_.outbox_disposition);
        !st) {
      return st.error();
    }
    if (!command.merge_into.empty()) {
      auto merged = MergeNewCase(db, file, options_.outbox_disposition, command);
      if (!merged) {
        return merged.error();
      }
      merged_into = merged.value();
    }
  }
  if (!command.idempotency_key.empty()) {
    auto key = db.Prepare(
        "INSERT INTO idempotency_keys (client_id, key, fingerprint, case_id, created_at) "
        "VALUES (?, ?, ?, ?, ?)");
    if (!key) {
      return key.error();
    }
    (*key)->Bind(1, command.client_id).Bind(2, command.idempotency_key);
    (*key)->Bind(3, command.fingerprint).Bind(4, r.id).Bind(5, ToMicros(r.requested_at));
    if (auto st = (*key)->Run(); !st) {
      return st.error();
    }
  }
  const bool emergency = file.emergency;
  return app::CreatedCase{std::move(file.request), false, emergency, std::move(merged_into)};
}

void SqliteStore::CreateCase(app::CreateCaseCommand command,
                             app::Callback<Result<app::CreatedCase>> done) {
  // Before the transaction, on the caller's thread: the number (an id that a failed write
  // leaves unused), the workflow's decisions and the row's values. The writer only checks the
  // current state (a replayed key, the master of a merge) and writes.
  auto made = PrepareCase(std::move(command));
  if (!made) {
    done(made.error());
    return;
  }
  SubmitJob<app::CreatedCase>(
      *writer_,
      [this, made = std::move(made).value()](Connection& db) { return WriteNewCase(db, *made); },
      [this, done = std::move(done)](Result<app::CreatedCase> created) {
        if (created && !created->replayed) {
          RememberPlace(created->request, created->merged_into);
          if (change_listener_) {
            change_listener_(created->request.id);
          }
        }
        done(std::move(created));
      });
}

void SqliteStore::AddUpdate(app::NewUpdate update, app::Callback<Result<cases::CaseEvent>> done) {
  auto work = [update = std::move(update)](Connection& db) -> Result<cases::CaseEvent> {
    const auto id = cases::CaseIdFromNumber(update.case_number);
    if (!id) {
      return MakeError(ErrorCode::kNotFound, "no case " + update.case_number, "service_request_id");
    }
    struct Current {
      std::string jurisdiction_id;
      cases::Status status;
    };
    auto found = QueryOne<Current>(
        db, "SELECT jurisdiction_id, status FROM cases WHERE id = ?",
        [&](Statement& q) { q.Bind(1, *id); },
        [](const Statement& row) {
          return Current{row.Text(0),
                         cases::ParseStatus(row.Text(1)).value_or(cases::Status::kOpen)};
        });
    if (!found) {
      return found.error();
    }
    if (!found.value()) {
      return MakeError(ErrorCode::kNotFound, "no case " + update.case_number, "service_request_id");
    }
    const std::int64_t case_id = *id;
    const std::string jurisdiction_id = found.value()->jurisdiction_id;
    const cases::Status current = found.value()->status;
    if (!update.external_id.empty()) {
      auto existing = QueryOne<cases::CaseEvent>(
          db, kEventByExternalId,
          [&](Statement& q) {
            q.Bind(1, case_id).Bind(2, update.actor).Bind(3, update.external_id);
          },
          ReadEvent);
      if (!existing) {
        return existing.error();
      }
      if (existing.value()) {
        return *existing.value();  // A client re-sent an update it had sent: the same answer.
      }
    }
    const cases::Status status = update.status.value_or(current);
    const auto kind =
        status != current ? cases::EventKind::kStatusChanged : cases::EventKind::kNote;
    auto insert = db.Prepare(
        "INSERT INTO case_events (case_id, jurisdiction_id, kind, status, description, "
        "is_public, media_json, actor, external_id, at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    if (!insert) {
      return insert.error();
    }
    Statement& s = **insert;
    s.Bind(1, case_id).Bind(2, jurisdiction_id).Bind(3, cases::EventKindName(kind));
    s.Bind(4, cases::StatusName(status)).Bind(5, update.description);
    s.Bind(6, std::int64_t{update.is_public ? 1 : 0}).Bind(7, EncodeStrings(update.media_urls));
    s.Bind(8, update.actor).Bind(9, update.external_id).Bind(10, ToMicros(update.at));
    if (auto st = s.Run(); !st) {
      return st.error();
    }
    cases::CaseEvent e;
    e.id = db.LastInsertId();
    e.case_id = case_id;
    e.case_number = update.case_number;
    e.kind = kind;
    e.status = status;
    e.description = update.description;
    e.is_public = update.is_public;
    e.media_urls = update.media_urls;
    e.actor = update.actor;
    e.external_id = update.external_id;
    e.at = update.at;
    const bool notes = update.is_public && !update.description.empty();
    if (auto st = Execute(db,
                          "UPDATE cases SET status = ?, updated_at = ?, status_notes = CASE WHEN ? "
                          "THEN ? ELSE status_notes END WHERE id = ?",
                          [&](Statement& q) {
                            q.Bind(1, cases::StatusName(status)).Bind(2, ToMicros(update.at));
                            q.Bind(3, std::int64_t{notes ? 1 : 0}).Bind(4, update.description);
                            q.Bind(5, case_id);
                          });
        !st) {
      return st.error();
    }
    return e;
  };
  SubmitJob<cases::CaseEvent>(*writer_, std::move(work),
                              [this, done = std::move(done)](Result<cases::CaseEvent> r) {
                                if (r) {
                                  std::unique_lock lock(recent_mutex_);
                                  if (recent_) {
                                    recent_->SetStatus(r->case_id, r->status);
                                  }
                                }
                                if (r && change_listener_) {
                                  change_listener_(r->case_id);
                                }
                                done(std::move(r));
                              });
}

Result<std::optional<cases::ServiceRequest>> SqliteStore::FindById(std::int64_t id) {
  return ReadOne<cases::ServiceRequest>(
      kCaseById, [id](Statement& q) { q.Bind(1, id); },
      [this](const Statement& row) { return ReadCaseOpened(row); });
}

Result<std::optional<cases::ServiceRequest>> SqliteStore::FindByNumber(
    std::string_view canonical_number) {
  const auto id = cases::CaseIdFromNumber(canonical_number);
  if (!id) {
    return std::optional<cases::ServiceRequest>{};
  }
  return FindById(*id);
}

Result<std::optional<cases::ServiceRequest>> SqliteStore::FindByToken(std::string_view token) {
  const auto id = cases::CaseIdFromToken(token);
  if (!id) {
    return std::optional<cases::ServiceRequest>{};
  }
  auto found = FindById(*id);
  if (found && found.value() && found.value()->token != token) {
    return std::optional<cases::ServiceRequest>{};  // Right number, wrong secret.
  }
  return found;
}

Result<std::vector<cases::ServiceRequest>> SqliteStore::ListRequests(
    const app::RequestQuery& query) {
  std::string sql =
      std::string("SELECT ") + CaseColumns() + " FROM cases WHERE jurisdiction_id = ?";
  std::vector<std::int64_t> ids;
  for (const auto& n : query.numbers) {
    if (const auto id = cases::CaseIdFromNumber(n)) {
      ids.push_back(*id);
    }
  }
  if (!query.numbers.empty()) {
    sql += " AND id IN (" + Placeholders(ids.size()) + ")";
  } else {
    if (!query.service_codes.empty()) {
      sql += " AND service_code IN (" + Placeholders(query.service_codes.size()) + ")";
    }
    if (query.requested_from) {
      sql += " AND requested_at >= ?";
    }
    if (query.requested_to) {
      sql += " AND requested_at <= ?";
    }
    if (query.open) {
      sql += " AND status IN (" + StatusList(*query.open) + ")";
    }
  }
  sql += " ORDER BY requested_at DESC, id DESC LIMIT ? OFFSET ?";
  auto reader = BorrowReader();
  if (!reader) {
    return reader.error();
  }
  auto stmt = (*reader)->PrepareOnce(sql);
  if (!stmt) {
    return stmt.error();
  }
  Statement& s = **stmt;
  int i = 1;
  s.Bind(i++, query.jurisdiction_id);
  if (!query.numbers.empty()) {
    for (const auto id : ids) {
      s.Bind(i++, id);
    }
  } else {
    for (const auto& c : query.service_codes) {
      s.Bind(i++, c);
    }
    if (query.requested_from) {
      s.Bind(i++, ToMicros(*query.requested_from));
    }
    if (query.requested_to) {
      s.Bind(i++, ToMicros(*query.requested_to));
    }
  }
  s.Bind(i, std::int64_t{query.limit});
  s.Bind(i + 1, std::int64_t{query.offset});
  return CollectRows<cases::ServiceRequest>(s, ReadCase);
}

Result<std::vector<cases::CaseEvent>> SqliteStore::ListUpdates(const app::UpdateQuery& query) {
  static const std::string kSql =
      std::string("SELECT ") + kEventColumns +
      " FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.jurisdiction_id = ? AND "
      "e.is_public = 1 AND e.kind <> 'created' AND e.at >= ? AND e.at <= ? ORDER BY e.at, e.id "
      "LIMIT ?";
  return ReadAll<cases::CaseEvent>(
      kSql,
      [&](Statement& q) {
        q.Bind(1, query.jurisdiction_id).Bind(2, ToMicros(query.from));
        q.Bind(3, ToMicros(query.to)).Bind(4, std::int64_t{query.limit});
      },
      ReadEvent);
}

// --- Accounts ----------------------------------------------------------------------------

Result<app::User> SqliteStore::AddUser(const app::User& user, const std::string& password_hash) {
  app::User stored = user;
  Status s = writer_->RunAndWait([&](Connection& db) -> Status {
    auto st = Execute(db,
                      "INSERT INTO users (username, display_name, role, jurisdictions, "
                      "departments, password_hash, disabled, created_at) VALUES (?,?,?,?,?,?,?,?)",
                      [&](Statement& q) {
                        q.Bind(1, user.username).Bind(2, user.display_name);
                        q.Bind(3, app::RoleName(user.role)).Bind(4, JoinList(user.jurisdictions));
                        q.Bind(5, JoinList(user.departments)).Bind(6, password_hash);
                        q.Bind(7, std::int64_t{user.disabled ? 1 : 0});
                        q.Bind(8, ToMicros(user.created_at));
                      });
    if (!st && st.error().code == ErrorCode::kAlreadyExists) {
      return MakeError(ErrorCode::kAlreadyExists, "user '" + user.username + "' already exists",
                       "username");
    }
    stored.id = db.LastInsertId();
    return st;
  });
  if (!s) {
    return s.error();
  }
  return stored;
}

Result<std::vector<app::User>> SqliteStore::ListUsers() {
  static const std::string kSql =
      std::string("SELECT ") + kUserColumns + " FROM users ORDER BY username";
  return ReadAll<app::User>(
      kSql, [](Statement&) {}, ReadUser);
}

Status SqliteStore::SetUserDisabled(std::string_view username, bool disabled) {
  const std::string name(username);
  return writer_->RunAndWait([&](Connection& db) -> Status {
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

Result<std::optional<std::pair<app::User, std::string>>> SqliteStore::FindUserByName(
    std::string_view username) {
  static const std::string kSql =
      std::string("SELECT ") + kUserColumns + ", password_hash FROM users WHERE username = ?";
  return ReadOne<std::pair<app::User, std::string>>(
      kSql, [&](Statement& q) { q.Bind(1, username); },
      [](const Statement& row) { return std::make_pair(ReadUser(row), row.Text(8)); });
}

Result<app::ApiKey> SqliteStore::AddApiKey(const app::ApiKey& key, const std::string& key_hash) {
  app::ApiKey stored = key;
  Status s = writer_->RunAndWait([&](Connection& db) -> Status {
    auto st =
        Execute(db, "INSERT INTO api_keys (name, prefix, key_hash, created_at) VALUES (?, ?, ?, ?)",
                [&](Statement& q) {
                  q.Bind(1, key.name).Bind(2, key.prefix).Bind(3, key_hash);
                  q.Bind(4, ToMicros(key.created_at));
                });
    stored.id = db.LastInsertId();
    return st;
  });
  if (!s) {
    return s.error();
  }
  return stored;
}

Result<std::vector<app::ApiKey>> SqliteStore::ListApiKeys() {
  static const std::string kSql =
      std::string("SELECT ") + kApiKeyColumns + " FROM api_keys ORDER BY id";
  return ReadAll<app::ApiKey>(
      kSql, [](Statement&) {}, ReadApiKey);
}

Status SqliteStore::RevokeApiKey(std::int64_t id) {
  return writer_->RunAndWait([&](Connection& db) -> Status {
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

Result<std::optional<app::ApiKey>> SqliteStore::FindApiKey(std::string_view key_hash) {
  static const std::string kSql =
      std::string("SELECT ") + kApiKeyColumns + " FROM api_keys WHERE key_hash = ? AND revoked = 0";
  return ReadOne<app::ApiKey>(
      kSql, [&](Statement& q) { q.Bind(1, key_hash); }, ReadApiKey);
}

Status SqliteStore::AddSession(std::string_view token_hash, std::int64_t user_id,
                               Timestamp expires_at) {
  return writer_->RunAndWait([&](Connection& db) -> Status {
    return Execute(db, "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                   [&](Statement& q) {
                     q.Bind(1, token_hash).Bind(2, user_id).Bind(3, ToMicros(expires_at));
                   });
  });
}

Result<std::optional<app::User>> SqliteStore::FindSession(std::string_view token_hash,
                                                          Timestamp now) {
  static const std::string kSql =
      "SELECT u.id, u.username, u.display_name, u.role, u.jurisdictions, u.departments, "
      "u.disabled, u.created_at FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0";
  return ReadOne<app::User>(
      kSql, [&](Statement& q) { q.Bind(1, token_hash).Bind(2, ToMicros(now)); }, ReadUser);
}

Status SqliteStore::DeleteSession(std::string_view token_hash) {
  return writer_->RunAndWait([&](Connection& db) -> Status {
    return Execute(db, "DELETE FROM sessions WHERE token_hash = ?",
                   [&](Statement& q) { q.Bind(1, token_hash); });
  });
}

}  // namespace ratusz::store::sqlite
