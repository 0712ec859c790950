// SqlCaseStore: case handling (workflow mutations, case files, history, search, timers).

#include "cases/case_number.hpp"
#include "store/sql/case_files.hpp"
#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"

namespace ratusz::store::sql {

void SqlCaseStore::MutateCases(app::CaseMutation mutation,
                               app::Callback<Result<std::vector<workflow::CaseFile>>> done) {
  auto work = [mutation = std::move(mutation), disposition = db_.options().outbox_disposition](
                  Connection& db) -> Result<std::vector<workflow::CaseFile>> {
    std::vector<workflow::CaseFile> files;
    for (const auto& number : mutation.numbers) {
      const auto id = cases::CaseIdFromNumber(number);
      auto file =
          id ? LoadCaseFile(db, *id)
             : Result<std::optional<workflow::CaseFile>>(std::optional<workflow::CaseFile>{});
      if (!file) {
        return file.error();
      }
      if (!file.value()) {
        return MakeError(ErrorCode::kNotFound, "no case " + number);
      }
      files.push_back(std::move(*file.value()));
    }
    if (files.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "no case named");
    }
    if (!mutation.once_update_id.empty()) {
      auto st = Execute(db,
                        "INSERT OR IGNORE INTO agency_updates (department, update_id, case_id, at) "
                        "VALUES (?,?,?,?)",
                        [&](Statement& q) {
                          q.Bind(1, mutation.once_department).Bind(2, mutation.once_update_id);
                          q.Bind(3, files.front().request.id).Bind(4, ToMicros(mutation.at));
                        });
      if (!st) {
        return st.error();
      }
      if (db.Changes() == 0) {
        return MakeError(ErrorCode::kAlreadyExists, "update " + mutation.once_update_id + " of " +
                                                        mutation.once_department +
                                                        " was applied before");
      }
    }
    if (mutation.expected_version && *mutation.expected_version != files.front().version) {
      return MakeError(ErrorCode::kConflict,
                       "case " + files.front().request.number +
                           " was changed by someone else; it is now at version " +
                           std::to_string(files.front().version) + ", reload it and try again",
                       "version");
    }
    auto changes = mutation.operation->Decide(files);
    if (!changes) {
      return changes.error();
    }
    if (changes->size() != files.size()) {
      return MakeError(ErrorCode::kInternal, "a case operation returned the wrong change count");
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (auto st =
              WriteCaseFile(db, files[i], (*changes)[i], mutation.actor, mutation.at, disposition);
          !st) {
        return st.error();
      }
    }
    return files;
  };
  SubmitJob<std::vector<workflow::CaseFile>>(
      db_.writer(), std::move(work),
      [this, done = std::move(done)](Result<std::vector<workflow::CaseFile>> r) {
        if (r) {
          for (const auto& f : r.value()) {
            RememberPlace(f.request, f.master_number);  // New service, status, master.
            db_.CaseChanged(f.request.id);
          }
        }
        done(std::move(r));
      });
}

Result<std::optional<workflow::CaseFile>> SqlCaseStore::LoadCase(
    std::string_view canonical_number) {
  const auto id = cases::CaseIdFromNumber(canonical_number);
  if (!id) {
    return std::optional<workflow::CaseFile>{};
  }
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return LoadCaseFile(*reader->get(), *id);
}

Result<std::vector<cases::CaseEvent>> SqlCaseStore::CaseHistory(std::string_view canonical_number) {
  const auto id = cases::CaseIdFromNumber(canonical_number);
  if (!id) {
    return std::vector<cases::CaseEvent>{};
  }
  static const std::string kSql = std::string("SELECT ") + kEventColumns +
                                  ", e.department, e.detail FROM case_events e JOIN cases c ON "
                                  "c.id = e.case_id WHERE e.case_id = ? ORDER BY e.id";
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return Query<cases::CaseEvent>(
      *reader->get(), kSql, [&](Statement& q) { q.Bind(1, *id); },
      [](const Statement& row) {
        cases::CaseEvent e = ReadEvent(row);
        e.department = row.Text(11);
        e.detail = row.Text(12);
        return e;
      });
}

Result<app::CaseSearchResult> SqlCaseStore::SearchCases(const app::CaseSearch& search) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return SearchCaseFiles(*reader->get(), search);
}

Status SqlCaseStore::LoadRecent(Connection& db) {
  if (db_.options().recent_days <= 0) {
    return {};
  }
  auto grid = std::make_unique<dedup::RecentGrid>();
  const Timestamp since = db_.options().now() - std::chrono::hours(24) * db_.options().recent_days;
  for (const auto& jurisdiction : db_.options().jurisdictions) {
    auto stmt = db.Prepare(
        "SELECT id, service_code, lat, lon, requested_at, status, master_number, "
        "title || ' ' || description || ' ' || address FROM cases WHERE jurisdiction_id = ? "
        "AND requested_at >= ? AND geo_cell IS NOT NULL");
    if (!stmt) {
      return stmt.error();
    }
    (*stmt)->Bind(1, jurisdiction).Bind(2, ToMicros(since));
    for (;;) {
      auto row = (*stmt)->Step();
      if (!row) {
        return row.error();
      }
      if (!row.value()) {
        break;
      }
      const auto& q = **stmt;
      grid->Put(q.Int(0), jurisdiction, q.Text(1), {q.Real(2), q.Real(3)}, FromMicros(q.Int(4)),
                cases::ParseStatus(q.Text(5)).value_or(cases::Status::kOpen), q.Text(6), q.Text(7));
    }
  }
  std::unique_lock lock(recent_mutex_);
  recent_ = std::move(grid);
  recent_since_ = since;
  return {};
}

void SqlCaseStore::RememberPlace(const cases::ServiceRequest& r, std::string_view master_number) {
  if (!r.location) {
    return;
  }
  std::unique_lock lock(recent_mutex_);
  if (!recent_) {
    return;
  }
  // Once a day, the oldest day goes.
  const Timestamp since = db_.options().now() - std::chrono::hours(24) * db_.options().recent_days;
  if (since - recent_since_ > std::chrono::hours(24)) {
    recent_->DropBefore(since);
    recent_since_ = since;
  }
  if (r.requested_at >= recent_since_) {
    recent_->Put(r.id, r.jurisdiction_id, r.service_code, *r.location, r.requested_at, r.status,
                 master_number, r.title + " " + r.description + " " + r.address);
  }
}

Result<std::vector<dedup::Stored>> SqlCaseStore::CasesInBox(std::string_view jurisdiction_id,
                                                            const dedup::SearchBox& box,
                                                            int limit) {
  {
    std::shared_lock lock(recent_mutex_);
    if (recent_ && box.since >= recent_since_) {
      return recent_->InBox(jurisdiction_id, box, static_cast<std::size_t>(limit));
    }
  }
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return sql::CasesInBox(*reader->get(), jurisdiction_id, box, limit);
}

Status SqlCaseStore::CompleteCandidates(std::vector<dedup::Stored>& cases) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return sql::CompleteCandidates(*reader->get(), cases);
}

Result<std::vector<std::string>> SqlCaseStore::CasesDueForTimers(Timestamp now, int limit) {
  static const std::string kSql =
      "SELECT case_id FROM tasks WHERE warn_at IS NOT NULL AND warned = 0 AND warn_at <= ?1 "
      "UNION SELECT case_id FROM tasks WHERE due_at IS NOT NULL AND escalation_level = 0 AND "
      "due_at <= ?1 LIMIT ?2";
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return Query<std::string>(
      *reader->get(), kSql,
      [&](Statement& q) { q.Bind(1, ToMicros(now)).Bind(2, std::int64_t{limit}); },
      [](const Statement& row) { return cases::CaseNumberFor(row.Int(0)); });
}

}  // namespace ratusz::store::sql
