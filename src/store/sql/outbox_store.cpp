// SqlOutboxStore: the outbox (due messages, delivery outcomes, dead letters, replay) and the
// agencies' side of tasks.

#include <limits>

#include "cases/case_number.hpp"
#include "store/sql/case_files.hpp"
#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"

namespace ratusz::store::sql {
namespace {

// An internal event of the system's on the case, with the case's jurisdiction and status.
Status AddEvent(Connection& db, std::int64_t case_id, cases::EventKind kind,
                const std::string& department, const std::string& description,
                const std::string& detail, Timestamp at) {
  struct Current {
    std::string jurisdiction_id;
    cases::Status status;
  };
  auto found = QueryOne<Current>(
      db, "SELECT jurisdiction_id, status FROM cases WHERE id = ?",
      [&](Statement& q) { q.Bind(1, case_id); },
      [](const Statement& row) {
        return Current{row.Text(0), cases::ParseStatus(row.Text(1)).value_or(cases::Status::kOpen)};
      });
  if (!found) {
    return found.error();
  }
  if (!found.value()) {
    return {};  // No such case: nothing to note.
  }
  return InsertEvent(db, EventRow{case_id,
                                  found.value()->jurisdiction_id,
                                  kind,
                                  found.value()->status,
                                  description,
                                  false,
                                  "[]",
                                  "system",
                                  {},
                                  at,
                                  department,
                                  detail});
}

Status WriteDelivery(Connection& db, const app::DeliveryRecord& r, Timestamp at) {
  auto st = Execute(
      db,
      "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
      "channel = ?, delivered_at = ? WHERE id = ? AND state != 'dead'",
      [&](Statement& q) {
        q.Bind(1, app::DeliveryStateName(r.state)).Bind(2, std::int64_t{r.attempts});
        q.Bind(3, ToMicros(r.state == app::DeliveryState::kPending ? r.next_attempt_at : at));
        q.Bind(4, r.error.substr(0, 1000)).Bind(5, r.channel);
        q.Bind(6, r.state == app::DeliveryState::kDelivered
                      ? std::optional<std::int64_t>(ToMicros(at))
                      : std::nullopt);
        q.Bind(7, r.outbox_id);
      });
  if (!st) {
    return st;
  }
  if (r.state == app::DeliveryState::kDead) {
    return AddEvent(db, r.case_id, cases::EventKind::kDeliveryFailed, "",
                    "Message " + std::to_string(r.outbox_id) +
                        " could not be delivered: " + r.error.substr(0, 300),
                    r.channel, at);
  }
  if (!r.external_id.empty()) {
    st = Execute(db,
                 "UPDATE tasks SET external_id = ?, updated_at = ? WHERE case_id = ? AND "
                 "department = ?",
                 [&](Statement& q) {
                   q.Bind(1, r.external_id).Bind(2, ToMicros(at)).Bind(3, r.case_id);
                   q.Bind(4, r.department);
                 });
    if (!st) {
      return st;
    }
    st = Execute(db, "UPDATE cases SET version = version + 1 WHERE id = ?",
                 [&](Statement& q) { q.Bind(1, r.case_id); });
    if (!st) {
      return st;
    }
    return AddEvent(db, r.case_id, cases::EventKind::kForwarded, r.department,
                    "Accepted by the agency as " + r.external_id, r.external_id, at);
  }
  return {};
}

}  // namespace

Result<std::vector<app::OutboxItem>> SqlOutboxStore::DueOutbox(Timestamp now, int limit) {
  static const std::string kSql = "SELECT " + OutboxColumns() +
                                  " FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? "
                                  "ORDER BY priority, next_attempt_at, id LIMIT ?";
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return Query<app::OutboxItem>(
      *reader->get(), kSql,
      [&](Statement& q) { q.Bind(1, ToMicros(now)).Bind(2, std::int64_t{limit}); }, ReadOutboxItem);
}

void SqlOutboxStore::RecordDeliveries(std::vector<app::DeliveryRecord> records, Timestamp at,
                                      app::Callback<Status> done) {
  // Cases that got an event or an agency's id: cached views of them are dropped.
  std::vector<std::int64_t> changed;
  for (const auto& r : records) {
    if (r.state == app::DeliveryState::kDead || !r.external_id.empty()) {
      changed.push_back(r.case_id);
    }
  }
  auto work = [this, records = std::move(records), at](Connection& db) -> Result<bool> {
    for (const auto& r : records) {
      if (auto st = WriteDelivery(db, r, at); !st) {
        return st.error();
      }
      if (r.copy_to_followers) {
        // Followers who confirmed by now get a copy, once however often it is tried.
        auto st = Execute(
            db,
            "INSERT OR IGNORE INTO notice_outbox (subscriber_id, outbox_id, next_attempt_at) "
            "SELECT subscriber_id, ?1, ?2 FROM subscriptions WHERE topic = 'case:' || ?3 AND "
            "confirmed_at IS NOT NULL",
            [&](Statement& q) {
              q.Bind(1, r.outbox_id).Bind(2, ToMicros(at));
              q.Bind(3, cases::CaseNumberFor(r.case_id));
            });
        if (!st) {
          return st.error();
        }
      }
      if (!r.refused_address.empty()) {
        if (auto st = WriteUndeliverable(db, r.refused_address, r.error, at); !st) {
          return st.error();
        }
      }
    }
    return true;
  };
  SubmitJob<bool>(db_.writer(), std::move(work),
                  [this, changed = std::move(changed), done = std::move(done)](Result<bool> r) {
                    if (r) {
                      for (const auto id : changed) {
                        db_.CaseChanged(id);
                      }
                    }
                    done(r ? Status{} : Status{r.error()});
                  });
}

Result<std::vector<app::OutboxItem>> SqlOutboxStore::ListOutbox(app::DeliveryState state,
                                                                std::int64_t before_id, int limit) {
  static const std::string kSql = "SELECT " + OutboxColumns() +
                                  " FROM outbox WHERE state = ? AND id < ? ORDER BY id DESC "
                                  "LIMIT ?";
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return Query<app::OutboxItem>(
      *reader->get(), kSql,
      [&](Statement& q) {
        q.Bind(1, app::DeliveryStateName(state));
        q.Bind(2, before_id > 0 ? before_id : std::numeric_limits<std::int64_t>::max());
        q.Bind(3, std::int64_t{limit});
      },
      ReadOutboxItem);
}

void SqlOutboxStore::RecordBounce(std::int64_t id, std::string reason, Timestamp at,
                                  app::Callback<Status> done) {
  auto case_id = std::make_shared<std::int64_t>(0);
  auto work = [id, reason = std::move(reason), at, case_id](Connection& db) -> Result<bool> {
    auto found = QueryOne<std::int64_t>(
        // Pending too: a network's report can overtake the dispatcher's own record.
        db, "SELECT case_id FROM outbox WHERE id = ? AND state IN ('delivered', 'pending')",
        [&](Statement& q) { q.Bind(1, id); }, [](const Statement& row) { return row.Int(0); });
    if (!found) {
      return found.error();
    }
    if (!found.value()) {
      return false;  // Unknown, or already recorded as failed.
    }
    *case_id = *found.value();
    auto st = Execute(db, "UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ?",
                      [&](Statement& q) { q.Bind(1, reason.substr(0, 1000)).Bind(2, id); });
    if (!st) {
      return st.error();
    }
    st = AddEvent(db, *case_id, cases::EventKind::kDeliveryFailed, "",
                  "Message " + std::to_string(id) + " came back: " + reason.substr(0, 300),
                  "bounce", at);
    if (!st) {
      return st.error();
    }
    return true;
  };
  SubmitJob<bool>(db_.writer(), std::move(work),
                  [this, case_id, done = std::move(done)](Result<bool> r) {
                    if (r && r.value()) {
                      db_.CaseChanged(*case_id);
                    }
                    done(r ? Status{} : Status{r.error()});
                  });
}

Status SqlOutboxStore::WriteUndeliverable(Connection& db, std::string_view address,
                                          std::string_view reason, Timestamp at) const {
  const std::string lookup = db_.personal().EmailLookup(address);
  if (lookup.empty()) {
    return {};
  }
  return Execute(db,
                 "INSERT INTO undeliverable_addresses (lookup, at, reason) VALUES (?, ?, ?) "
                 "ON CONFLICT (lookup) DO UPDATE SET at = excluded.at, reason = excluded.reason",
                 [&](Statement& q) {
                   q.Bind(1, lookup).Bind(2, ToMicros(at)).Bind(3, reason.substr(0, 300));
                 });
}

void SqlOutboxStore::RememberUndeliverable(std::string address, std::string reason, Timestamp at,
                                           app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [this, address = std::move(address), reason = std::move(reason), at](Connection& db) {
        return WriteUndeliverable(db, address, reason, at);
      },
      std::move(done));
}

void SqlOutboxStore::ForgetUndeliverable(std::string address, app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [lookup = db_.personal().EmailLookup(address)](Connection& db) -> Status {
        return Execute(db, "DELETE FROM undeliverable_addresses WHERE lookup = ?",
                       [&](Statement& q) { q.Bind(1, lookup); });
      },
      std::move(done));
}

Result<bool> SqlOutboxStore::IsUndeliverable(std::string_view address) {
  const std::string lookup = db_.personal().EmailLookup(address);
  if (lookup.empty()) {
    return false;
  }
  auto row = db_.ReadOne<std::int64_t>(
      "SELECT 1 FROM undeliverable_addresses WHERE lookup = ?",
      [&](Statement& q) { q.Bind(1, lookup); }, [](const Statement& s) { return s.Int(0); });
  if (!row) {
    return row.error();
  }
  return row->has_value();
}

void SqlOutboxStore::ReplayOutbox(std::int64_t id, Timestamp now,
                                  app::Callback<Result<app::OutboxItem>> done) {
  auto work = [id, now](Connection& db) -> Result<app::OutboxItem> {
    static const std::string kSql = "SELECT " + OutboxColumns() + " FROM outbox WHERE id = ?";
    auto item = QueryOne<app::OutboxItem>(
        db, kSql, [&](Statement& q) { q.Bind(1, id); }, ReadOutboxItem);
    if (!item) {
      return item.error();
    }
    if (!item.value()) {
      return MakeError(ErrorCode::kNotFound, "no outbox message " + std::to_string(id));
    }
    auto m = std::move(*item.value());
    if (m.state != app::DeliveryState::kDead && m.state != app::DeliveryState::kHeld) {
      return MakeError(ErrorCode::kConflict, "message " + std::to_string(id) + " is " +
                                                 std::string(app::DeliveryStateName(m.state)) +
                                                 "; only dead or held messages are replayed");
    }
    auto st = Execute(db,
                      "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, "
                      "last_error = '' WHERE id = ?",
                      [&](Statement& q) { q.Bind(1, ToMicros(now)).Bind(2, id); });
    if (!st) {
      return st.error();
    }
    m.state = app::DeliveryState::kPending;
    m.attempts = 0;
    m.next_attempt_at = now;
    m.last_error.clear();
    return m;
  };
  SubmitJob<app::OutboxItem>(db_.writer(), std::move(work), std::move(done));
}

Result<std::optional<std::string>> SqlOutboxStore::CaseOfExternalId(std::string_view department,
                                                                    std::string_view external_id) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return QueryOne<std::string>(
      *reader->get(), "SELECT case_id FROM tasks WHERE department = ? AND external_id = ?",
      [&](Statement& q) { q.Bind(1, department).Bind(2, external_id); },
      [](const Statement& row) { return cases::CaseNumberFor(row.Int(0)); });
}

Result<std::optional<Timestamp>> SqlOutboxStore::AgencyCursor(std::string_view department) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return QueryOne<Timestamp>(
      *reader->get(), "SELECT polled_to FROM agency_cursors WHERE department = ?",
      [&](Statement& q) { q.Bind(1, department); },
      [](const Statement& row) { return FromMicros(row.Int(0)); });
}

void SqlOutboxStore::SetAgencyCursor(std::string department, Timestamp polled_to,
                                     app::Callback<Status> done) {
  auto work = [department = std::move(department), polled_to](Connection& db) -> Result<bool> {
    auto st = Execute(db,
                      "INSERT INTO agency_cursors (department, polled_to) VALUES (?, ?) "
                      "ON CONFLICT (department) DO UPDATE SET polled_to = excluded.polled_to",
                      [&](Statement& q) { q.Bind(1, department).Bind(2, ToMicros(polled_to)); });
    if (!st) {
      return st.error();
    }
    return true;
  };
  SubmitJob<bool>(db_.writer(), std::move(work), [done = std::move(done)](Result<bool> r) {
    done(r ? Status{} : Status{r.error()});
  });
}

}  // namespace ratusz::store::sql

namespace ratusz::store::sql {

void SqlOutboxStore::RecordReceipt(std::int64_t id, std::string note,
                                   app::Callback<Result<bool>> done) {
  SubmitJob<bool>(
      db_.writer(),
      [id, note = std::move(note)](Connection& db) -> Result<bool> {
        auto st = Execute(db, "UPDATE outbox SET receipt = ? WHERE id = ?",
                          [&](Statement& q) { q.Bind(1, note).Bind(2, id); });
        if (!st) {
          return st.error();
        }
        return db.Changes() > 0;
      },
      std::move(done));
}

}  // namespace ratusz::store::sql
