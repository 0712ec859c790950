// SqlCaseStore: new cases, Open311 updates and reads.

#include <algorithm>
#include <array>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "store/sql/case_files.hpp"
#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"

namespace ratusz::store::sql {
namespace {

std::string Placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += i == 0 ? "?" : ",?";
  }
  return out;
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

Result<std::int64_t> LoadMaxCaseId(Connection& db) {
  auto max = QueryOne<std::int64_t>(
      db, "SELECT COALESCE(MAX(id), 0) FROM cases", [](Statement&) {},
      [](const Statement& row) { return row.Int(0); });
  if (!max) {
    return max.error();
  }
  return max.value().value_or(0);
}

}  // namespace

Status SqlCaseStore::Load() {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  auto max_id = LoadMaxCaseId(*reader->get());
  if (!max_id) {
    return max_id.error();
  }
  next_case_id_ = max_id.value() + 1;
  if (auto s = LoadRecent(*reader->get()); !s) {
    return s.error();
  }
  // New cases' text goes into the search index once per transaction, after its jobs.
  db_.BeforeCommit([this](Connection& conn) -> Status {
    if (!search_pending_) {
      return {};
    }
    search_pending_ = false;
    return FlushSearchQueue(conn);  // On failure the text waits for the next case.
  });
  return {};
}

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
  return s.Send();
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

Result<std::shared_ptr<NewCase>> SqlCaseStore::PrepareCase(app::CreateCaseCommand command) {
  const std::int64_t id = next_case_id_.fetch_add(1);
  if (id > cases::kMaxCaseId) {
    return MakeError(ErrorCode::kResourceExhausted, "case numbers are exhausted");
  }
  auto made = std::make_shared<NewCase>();
  NewCase& c = *made;
  c.command = std::move(command);
  cases::ServiceRequest& r = c.file.request;
  r = std::move(c.command.request);  // The command's copy is not read again.
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
  c.first_name = db_.personal().Seal(r.reporter.first_name);
  c.last_name = db_.personal().Seal(r.reporter.last_name);
  c.email = db_.personal().Seal(r.reporter.email);
  c.phone = db_.personal().Seal(r.reporter.phone);
  c.email_lookup = db_.personal().EmailLookup(r.reporter.email);
  c.phone_lookup = db_.personal().PhoneLookup(r.reporter.phone);
  c.attributes_json = EncodeAttributes(r.attributes);
  c.media_json = EncodeStrings(r.media_urls);
  c.search_text = CaseSearchText(r.title, r.description, r.address);
  return made;
}

Result<app::CreatedCase> SqlCaseStore::WriteNewCase(Connection& db, NewCase& c) {
  const app::CreateCaseCommand& command = c.command;
  if (!command.idempotency_key.empty()) {
    auto replayed = Replayed(db, command, db_.personal());
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
  const std::string actor = !command.actor.empty()  ? command.actor
                            : r.client_name.empty() ? std::string("system")
                                                    : "open311:" + r.client_name;
  if (auto st = InsertEvent(db, EventRow{r.id,
                                         r.jurisdiction_id,
                                         cases::EventKind::kCreated,
                                         r.status,
                                         {},
                                         true,
                                         "[]",
                                         actor,
                                         {},
                                         r.requested_at,
                                         {},
                                         {}});
      !st) {
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
                              db_.options().outbox_disposition, /*new_case=*/true);
        !st) {
      return st.error();
    }
    if (!command.merge_into.empty()) {
      auto merged = MergeNewCase(db, file, db_.options().outbox_disposition, command);
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

void SqlCaseStore::CreateCase(app::CreateCaseCommand command,
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
      db_.writer(),
      [this, made = std::move(made).value()](Connection& db) { return WriteNewCase(db, *made); },
      [this, done = std::move(done)](Result<app::CreatedCase> created) {
        if (created && !created->replayed) {
          RememberPlace(created->request, created->merged_into);
          db_.CaseChanged(created->request.id);
        }
        done(std::move(created));
      });
}

void SqlCaseStore::AddUpdate(app::NewUpdate update, app::Callback<Result<cases::CaseEvent>> done) {
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
    std::int64_t event_id = 0;
    if (auto st = InsertEvent(db,
                              EventRow{case_id,
                                       jurisdiction_id,
                                       kind,
                                       status,
                                       update.description,
                                       update.is_public,
                                       EncodeStrings(update.media_urls),
                                       update.actor,
                                       update.external_id,
                                       update.at,
                                       {},
                                       {}},
                              &event_id);
        !st) {
      return st.error();
    }
    cases::CaseEvent e;
    e.id = event_id;
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
    if (auto st =
            Execute(db,
                    "UPDATE cases SET status = ?, updated_at = ?, status_notes = CASE WHEN ? <> 0 "
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
  SubmitJob<cases::CaseEvent>(db_.writer(), std::move(work),
                              [this, done = std::move(done)](Result<cases::CaseEvent> r) {
                                if (r) {
                                  std::unique_lock lock(recent_mutex_);
                                  if (recent_) {
                                    recent_->SetStatus(r->case_id, r->status);
                                  }
                                }
                                if (r) {
                                  db_.CaseChanged(r->case_id);
                                }
                                done(std::move(r));
                              });
}

Result<std::optional<cases::ServiceRequest>> SqlCaseStore::FindById(std::int64_t id) {
  return db_.ReadOne<cases::ServiceRequest>(
      kCaseById, [id](Statement& q) { q.Bind(1, id); },
      [this](const Statement& row) { return ReadCaseOpened(row, db_.personal()); });
}

Result<std::optional<cases::ServiceRequest>> SqlCaseStore::FindByNumber(
    std::string_view canonical_number) {
  const auto id = cases::CaseIdFromNumber(canonical_number);
  if (!id) {
    return std::optional<cases::ServiceRequest>{};
  }
  return FindById(*id);
}

Result<std::optional<cases::ServiceRequest>> SqlCaseStore::FindByToken(std::string_view token) {
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

Result<std::vector<cases::ServiceRequest>> SqlCaseStore::ListRequests(
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
  auto reader = db_.BorrowReader();
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

Result<std::vector<cases::CaseEvent>> SqlCaseStore::ListUpdates(const app::UpdateQuery& query) {
  static const std::string kSql =
      std::string("SELECT ") + kEventColumns +
      " FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.jurisdiction_id = ? AND "
      "e.is_public = 1 AND e.kind <> 'created' AND e.at >= ? AND e.at <= ? ORDER BY e.at, e.id "
      "LIMIT ?";
  return db_.ReadAll<cases::CaseEvent>(
      kSql,
      [&](Statement& q) {
        q.Bind(1, query.jurisdiction_id).Bind(2, ToMicros(query.from));
        q.Bind(3, ToMicros(query.to)).Bind(4, std::int64_t{query.limit});
      },
      ReadEvent);
}

Result<std::unique_ptr<SqlStore>> SqlStore::Open(const StoreOptions& options) {
  auto db = Database::Open(options);
  if (!db) {
    return db.error();
  }
  std::unique_ptr<SqlStore> store(new SqlStore(std::move(db).value()));
  if (auto s = store->cases_.Load(); !s) {
    return s.error();
  }
  return store;
}

}  // namespace ratusz::store::sql
