// Residents, consents, the personal-data access log, erasure and retention on SQLite.

#include <functional>
#include <future>
#include <limits>
#include <optional>

#include "cases/case.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"
#include "store/sql/table.hpp"

namespace ratusz::store::sql {
namespace {

// The columns of `residents` (name sealed), in the order of kResidents.
enum class ResidentColumn {
  kId,
  kName,
  kLanguage,
  kChannel,
  kCreatedAt,
  kUpdatedAt,
  kErasedAt,
  kVersion,
  kCount
};
constexpr Columns<ResidentColumn> kResidents{
    "residents",
    {"id", "name", "language", "channel", "created_at", "updated_at", "erased_at", "version"}};

// The columns of `consents`, in the order of kConsents.
enum class ConsentColumn {
  kId,
  kResidentId,
  kPurpose,
  kTextVersion,
  kGivenAt,
  kChannel,
  kRecordedBy,
  kWithdrawnAt,
  kWithdrawnChannel,
  kCount
};
constexpr Columns<ConsentColumn> kConsents{
    "consents",
    {"id", "resident_id", "purpose", "text_version", "given_at", "channel", "recorded_by",
     "withdrawn_at", "withdrawn_channel"}};

using residents::Consent;
using residents::Resident;

std::optional<std::int64_t> MaybeMicros(const std::optional<Timestamp>& t) {
  return t ? std::optional<std::int64_t>(ToMicros(*t)) : std::nullopt;
}

Status WriteAccess(Connection& db, const app::AccessEntry& e) {
  return Execute(db,
                 "INSERT INTO personal_data_access (at, actor, action, subject, reason) "
                 "VALUES (?, ?, ?, ?, ?)",
                 [&](Statement& q) {
                   q.Bind(1, ToMicros(e.at)).Bind(2, e.actor).Bind(3, e.action);
                   q.Bind(4, e.subject).Bind(5, e.reason);
                 });
}

// The profile's contacts, consents and access entry; the row itself is written by the caller.
Status WriteParts(Connection& db, const security::PersonalData& personal, const Resident& r,
                  const app::AccessEntry& log) {
  auto st = Execute(db, "DELETE FROM resident_contacts WHERE resident_id = ?",
                    [&](Statement& q) { q.Bind(1, r.id); });
  if (!st) {
    return st;
  }
  auto add = [&](std::string_view kind, const std::string& value,
                 const std::string& lookup) -> Status {
    auto owner = QueryOne<std::int64_t>(
        db, "SELECT resident_id FROM resident_contacts WHERE kind = ? AND lookup = ?",
        [&](Statement& q) { q.Bind(1, kind).Bind(2, lookup); },
        [](const Statement& row) { return row.Int(0); });
    if (!owner) {
      return owner.error();
    }
    if (owner.value()) {
      return MakeError(ErrorCode::kAlreadyExists,
                       std::string(kind == "phone" ? "the number " : "the address ") + value +
                           " belongs to resident " + std::to_string(*owner.value()),
                       kind == "phone" ? "phones" : "emails");
    }
    return Execute(db,
                   "INSERT INTO resident_contacts (resident_id, kind, value, lookup) "
                   "VALUES (?, ?, ?, ?)",
                   [&](Statement& q) {
                     q.Bind(1, r.id).Bind(2, kind).Bind(3, personal.Seal(value)).Bind(4, lookup);
                   });
  };
  if (!r.erased_at) {
    for (const auto& p : r.phones) {
      if (st = add("phone", p, personal.PhoneLookup(p)); !st) {
        return st;
      }
    }
    for (const auto& e : r.emails) {
      if (st = add("email", e, personal.EmailLookup(e)); !st) {
        return st;
      }
    }
  }
  for (const auto& c : r.consents) {
    if (c.id == 0) {
      using C = ConsentColumn;
      static const std::string kSql = kConsents.Insert();
      st = Execute(db, kSql, [&](Statement& q) {
        q.BindNull(ParamOf(C::kId)).Bind(ParamOf(C::kResidentId), r.id);
        q.Bind(ParamOf(C::kPurpose), residents::PurposeName(c.purpose));
        q.Bind(ParamOf(C::kTextVersion), c.text_version);
        q.Bind(ParamOf(C::kGivenAt), ToMicros(c.given_at)).Bind(ParamOf(C::kChannel), c.channel);
        q.Bind(ParamOf(C::kRecordedBy), c.recorded_by);
        q.Bind(ParamOf(C::kWithdrawnAt), MaybeMicros(c.withdrawn_at));
        q.Bind(ParamOf(C::kWithdrawnChannel), c.withdrawn_channel);
      });
    } else {
      st = Execute(db,
                   "UPDATE consents SET withdrawn_at = ?, withdrawn_channel = ? "
                   "WHERE id = ? AND resident_id = ?",
                   [&](Statement& q) {
                     q.Bind(1, MaybeMicros(c.withdrawn_at)).Bind(2, c.withdrawn_channel);
                     q.Bind(3, c.id).Bind(4, r.id);
                   });
    }
    if (!st) {
      return st;
    }
  }
  return WriteAccess(db, log);
}

Result<std::optional<Resident>> LoadResidentFrom(Connection& db,
                                                 const security::PersonalData& personal,
                                                 std::int64_t id) {
  static const std::string kSql = "SELECT " + kResidents.Select() + " FROM residents WHERE id = ?";
  auto row = QueryOne<Resident>(
      db, kSql, [&](Statement& q) { q.Bind(1, id); },
      [&](const Statement& s) {
        using C = ResidentColumn;
        Resident r;
        r.id = s.Int(At(C::kId));
        r.name = personal.Open(s.Text(At(C::kName)));
        r.language = s.Text(At(C::kLanguage));
        r.channel = s.Text(At(C::kChannel));
        r.created_at = FromMicros(s.Int(At(C::kCreatedAt)));
        r.updated_at = FromMicros(s.Int(At(C::kUpdatedAt)));
        if (!s.IsNull(At(C::kErasedAt))) {
          r.erased_at = FromMicros(s.Int(At(C::kErasedAt)));
        }
        r.version = s.Int(At(C::kVersion));
        return r;
      });
  if (!row || !row.value()) {
    return row;
  }
  Resident& r = *row.value();
  auto contacts = Query<std::pair<std::string, std::string>>(
      db, "SELECT kind, value FROM resident_contacts WHERE resident_id = ? ORDER BY rowid",
      [&](Statement& q) { q.Bind(1, id); },
      [&](const Statement& s) {
        return std::pair{s.Text(0), personal.Open(s.Text(1))};
      });
  if (!contacts) {
    return contacts.error();
  }
  for (auto& [kind, value] : contacts.value()) {
    (kind == "phone" ? r.phones : r.emails).push_back(std::move(value));
  }
  static const std::string kConsentsOf =
      "SELECT " + kConsents.Select() + " FROM consents WHERE resident_id = ? ORDER BY id";
  auto consents = Query<Consent>(
      db, kConsentsOf, [&](Statement& q) { q.Bind(1, id); },
      [](const Statement& s) {
        using C = ConsentColumn;
        Consent c;
        c.id = s.Int(At(C::kId));
        c.purpose = residents::ParsePurpose(s.Text(At(C::kPurpose)))
                        .value_or(residents::Purpose::kRecognition);
        c.text_version = s.Text(At(C::kTextVersion));
        c.given_at = FromMicros(s.Int(At(C::kGivenAt)));
        c.channel = s.Text(At(C::kChannel));
        c.recorded_by = s.Text(At(C::kRecordedBy));
        if (!s.IsNull(At(C::kWithdrawnAt))) {
          c.withdrawn_at = FromMicros(s.Int(At(C::kWithdrawnAt)));
        }
        c.withdrawn_channel = s.Text(At(C::kWithdrawnChannel));
        return c;
      });
  if (!consents) {
    return consents.error();
  }
  r.consents = std::move(consents.value());
  return row;
}

// The profile's parts written, and the profile as it now is.
Result<Resident> WriteAndReload(Connection& db, const security::PersonalData& personal,
                                const Resident& r, const app::AccessEntry& log) {
  if (auto st = WriteParts(db, personal, r, log); !st) {
    return st.error();
  }
  auto stored = LoadResidentFrom(db, personal, r.id);
  if (!stored) {
    return stored.error();
  }
  if (!stored.value()) {
    return MakeError(ErrorCode::kNotFound, "no resident " + std::to_string(r.id));
  }
  return std::move(*stored.value());
}

// Lookups of residents who consented to recognition.
constexpr const char* kConsentingLookups =
    "SELECT rc.lookup FROM resident_contacts rc JOIN consents c ON c.resident_id = "
    "rc.resident_id AND c.purpose = 'recognition' AND c.withdrawn_at IS NULL";

}  // namespace

void SqlResidentStore::CreateResident(Resident resident, app::AccessEntry log,
                                      app::Callback<Result<Resident>> done) {
  auto work = [this, r = std::move(resident),
               log = std::move(log)](Connection& db) mutable -> Result<Resident> {
    auto id = InsertReturningId(
        db,
        "INSERT INTO residents (name, language, channel, created_at, updated_at, "
        "version) VALUES (?, ?, ?, ?, ?, 1)",
        [&](Statement& q) {
          q.Bind(1, db_.personal().Seal(r.name)).Bind(2, r.language).Bind(3, r.channel);
          q.Bind(4, ToMicros(r.created_at)).Bind(5, ToMicros(r.updated_at));
        });
    if (!id) {
      return id.error();
    }
    r.id = *id;
    r.version = 1;
    log.subject = "resident:" + std::to_string(r.id);
    return WriteAndReload(db, db_.personal(), r, log);
  };
  SubmitJob<Resident>(db_.writer(), std::move(work), std::move(done));
}

void SqlResidentStore::UpdateResident(Resident resident, std::int64_t version, app::AccessEntry log,
                                      app::Callback<Result<Resident>> done) {
  auto work = [this, r = std::move(resident), version,
               log = std::move(log)](Connection& db) -> Result<Resident> {
    auto st = Execute(db,
                      "UPDATE residents SET name = ?, language = ?, channel = ?, updated_at = ?, "
                      "erased_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                      [&](Statement& q) {
                        q.Bind(1, r.erased_at ? std::string() : db_.personal().Seal(r.name));
                        q.Bind(2, r.language).Bind(3, r.channel).Bind(4, ToMicros(r.updated_at));
                        q.Bind(5, MaybeMicros(r.erased_at)).Bind(6, r.id).Bind(7, version);
                      });
    if (!st) {
      return st.error();
    }
    if (db.Changes() == 0) {
      return MakeError(ErrorCode::kConflict,
                       "resident " + std::to_string(r.id) +
                           " was changed by someone else (or does not exist); load it again");
    }
    return WriteAndReload(db, db_.personal(), r, log);
  };
  SubmitJob<Resident>(db_.writer(), std::move(work), std::move(done));
}

Result<std::optional<Resident>> SqlResidentStore::LoadResident(std::int64_t id) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return LoadResidentFrom(*reader->get(), db_.personal(), id);
}

Result<std::optional<Resident>> SqlResidentStore::ResidentByLookup(std::string_view lookup) {
  if (lookup.empty()) {
    return std::optional<Resident>();
  }
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  auto id = QueryOne<std::int64_t>(
      *reader->get(), "SELECT resident_id FROM resident_contacts WHERE lookup = ?",
      [&](Statement& q) { q.Bind(1, lookup); }, [](const Statement& s) { return s.Int(0); });
  if (!id) {
    return id.error();
  }
  if (!id.value()) {
    return std::optional<Resident>();
  }
  return LoadResidentFrom(*reader->get(), db_.personal(), *id.value());
}

Result<app::ResidentActivity> SqlResidentStore::ActivityOf(const std::vector<std::string>& lookups,
                                                           int limit) {
  app::ResidentActivity out;
  std::string in;
  for (std::size_t i = 0; i < lookups.size(); ++i) {
    in += i == 0 ? "?" : ", ?";
  }
  if (lookups.empty()) {
    return out;
  }
  auto bind = [&](Statement& q) {
    int i = 1;
    for (const auto& l : lookups) {
      q.Bind(i++, l);
    }
    q.Bind(i, std::int64_t{limit});
  };
  auto found = db_.ReadAll<cases::ServiceRequest>(
      std::string("SELECT ") + CaseColumns() + " FROM cases WHERE reporter_email_lookup IN (" + in +
          ") OR reporter_phone_lookup IN (" + in + ") ORDER BY requested_at DESC LIMIT ?",
      [&](Statement& q) {
        int i = 1;
        for (int pass = 0; pass < 2; ++pass) {
          for (const auto& l : lookups) {
            q.Bind(i++, l);
          }
        }
        q.Bind(i, std::int64_t{limit});
      },
      [this](const Statement& row) { return ReadCaseOpened(row, db_.personal()); });
  if (!found) {
    return found.error();
  }
  out.cases = std::move(found.value());
  std::vector<std::int64_t> ids;
  auto interactions =
      db_.ReadAll<std::int64_t>("SELECT id FROM interactions WHERE address_lookup IN (" + in +
                                    ") ORDER BY offered_at DESC LIMIT ?",
                                bind, [](const Statement& s) { return s.Int(0); });
  if (!interactions) {
    return interactions.error();
  }
  for (const auto id : interactions.value()) {
    auto one = contact_.LoadInteraction(id);
    if (!one) {
      return one.error();
    }
    if (one.value()) {
      out.interactions.push_back(std::move(*one.value()));
    }
  }
  for (const auto& lookup : lookups) {
    auto subscriber = notices_.SubscriberByLookup(lookup);
    if (!subscriber) {
      return subscriber.error();
    }
    if (subscriber.value()) {
      out.subscriptions.push_back(std::move(*subscriber.value()));
    }
  }
  return out;
}

void SqlResidentStore::EraseResident(std::int64_t id, std::vector<std::int64_t> open_contacts,
                                     Timestamp at, app::AccessEntry log,
                                     app::Callback<Result<app::ErasureCounts>> done) {
  auto work = [this, id, open_contacts = std::move(open_contacts), at,
               log = std::move(log)](Connection& db) -> Result<app::ErasureCounts> {
    auto resident = LoadResidentFrom(db, db_.personal(), id);
    if (!resident) {
      return resident.error();
    }
    if (!resident.value()) {
      return MakeError(ErrorCode::kNotFound, "no resident " + std::to_string(id));
    }
    const Resident& r = *resident.value();
    // Every value this job removes is overwritten in the file, even where that costs a write
    // (the writer's default, FAST, zeroes only what costs nothing).
    const bool sqlite = db.dialect() == Dialect::kSqlite;
    if (sqlite) {
      if (auto st = db.Exec("PRAGMA secure_delete=ON;"); !st) {
        return st.error();
      }
    }
    struct Fast {
      Connection& db;
      bool sqlite;
      ~Fast() {
        if (sqlite) {
          (void)db.Exec("PRAGMA secure_delete=FAST;");
        }
      }
    } fast{db, sqlite};
    auto lookups = Query<std::string>(
        db, "SELECT lookup FROM resident_contacts WHERE resident_id = ?",
        [&](Statement& q) { q.Bind(1, id); }, [](const Statement& s) { return s.Text(0); });
    if (!lookups) {
      return lookups.error();
    }
    app::ErasureCounts counts;
    const std::string pseudonym = "erased-resident-" + std::to_string(id);
    const std::string pseudonym_lookup = db_.personal().sealer().Lookup(pseudonym);
    for (const auto& lookup : lookups.value()) {
      auto st =
          Execute(db,
                  "UPDATE cases SET reporter_first_name = ?2, reporter_last_name = '', "
                  "reporter_email = '', reporter_phone = '', reporter_email_lookup = '', "
                  "reporter_phone_lookup = '', reporter_device_id = '', reporter_account_id = '' "
                  "WHERE reporter_email_lookup = ?1 OR reporter_phone_lookup = ?1",
                  [&](Statement& q) { q.Bind(1, lookup).Bind(2, pseudonym); });
      if (!st) {
        return st.error();
      }
      counts.cases += db.Changes();
      for (const char* sql :
           {"UPDATE chat_lines SET body = '[usunięto / erased]' WHERE sender = 'resident' AND "
            "interaction_id IN (SELECT id FROM interactions WHERE address_lookup = ?)",
            // The conversation an agent sent to the expert line with a question.
            "UPDATE chat_lines SET body = '[usunięto / erased]' WHERE sender = 'system' AND "
            "interaction_id IN (SELECT interaction_id FROM consultations WHERE for_interaction "
            "IN (SELECT id FROM interactions WHERE address_lookup = ?))"}) {
        st = Execute(db, sql, [&](Statement& q) { q.Bind(1, lookup); });
        if (!st) {
          return st.error();
        }
        counts.chat_lines += db.Changes();
      }
      // The contacts stay counted, under one pseudonym (repeat contacts still count as such).
      st = Execute(db,
                   "UPDATE interactions SET address = '', address_lookup = ? "
                   "WHERE address_lookup = ?",
                   [&](Statement& q) { q.Bind(1, pseudonym_lookup).Bind(2, lookup); });
      if (!st) {
        return st.error();
      }
      counts.interactions += db.Changes();
      auto dropped = DropSubscriber(db, "lookup", lookup);
      if (!dropped) {
        return dropped.error();
      }
      counts.subscribers += dropped.value() ? 1 : 0;
    }
    for (const auto contact : open_contacts) {
      Status st;
      for (const char* sql :
           {"UPDATE chat_lines SET body = '[usunięto / erased]' WHERE sender = 'resident' AND "
            "interaction_id = ?",
            "UPDATE chat_lines SET body = '[usunięto / erased]' WHERE sender = 'system' AND "
            "interaction_id IN (SELECT interaction_id FROM consultations WHERE "
            "for_interaction = ?)"}) {
        st = Execute(db, sql, [&](Statement& q) { q.Bind(1, contact); });
        if (!st) {
          return st.error();
        }
        counts.chat_lines += db.Changes();
      }
      st = Execute(db, "UPDATE interactions SET address = '', address_lookup = ? WHERE id = ?",
                   [&](Statement& q) { q.Bind(1, pseudonym_lookup).Bind(2, contact); });
      if (!st) {
        return st.error();
      }
      counts.interactions += db.Changes();
    }
    std::vector<std::string> actors;  // How their e-mails and texts signed case events.
    for (const auto& email : r.emails) {
      actors.push_back("email:" + email);
    }
    for (const auto& phone : r.phones) {
      actors.push_back("sms:" + phone);
    }
    for (const auto& actor : actors) {
      auto st = Execute(db, "UPDATE case_events SET actor = ? WHERE actor = ?",
                        [&](Statement& q) { q.Bind(1, pseudonym).Bind(2, actor); });
      if (!st) {
        return st.error();
      }
      counts.events += db.Changes();
    }
    auto st = Execute(db, "DELETE FROM resident_contacts WHERE resident_id = ?",
                      [&](Statement& q) { q.Bind(1, id); });
    if (!st) {
      return st.error();
    }
    st = Execute(db,
                 "UPDATE residents SET name = '', erased_at = ?, updated_at = ?, "
                 "version = version + 1 WHERE id = ?",
                 [&](Statement& q) { q.Bind(1, ToMicros(at)).Bind(2, ToMicros(at)).Bind(3, id); });
    if (!st) {
      return st.error();
    }
    if (st = WriteAccess(db, log); !st) {
      return st.error();
    }
    return counts;
  };
  // Old versions of the erased rows stay in the write-ahead log until it is checkpointed and
  // truncated; secure_delete has zeroed them in the database file itself.
  auto purge = [this, done = std::move(done)](Result<app::ErasureCounts> r) {
    if (r) {
      db_.PurgeOldVersions();
    }
    done(std::move(r));
  };
  SubmitJob<app::ErasureCounts>(db_.writer(), std::move(work), std::move(purge));
}

void SqlResidentStore::ForgetContacts(Timestamp before,
                                      app::Callback<Result<app::RetentionCounts>> done) {
  auto work = [before](Connection& db) -> Result<app::RetentionCounts> {
    app::RetentionCounts counts;
    static const std::string kPseudonymiseCases =
        "UPDATE cases SET reporter_first_name = '', reporter_last_name = '', reporter_email = '', "
        "reporter_phone = '', reporter_email_lookup = '', reporter_phone_lookup = '', "
        "reporter_device_id = '' WHERE updated_at < ? AND status IN (" +
        StatusList(false) +
        ") AND (reporter_first_name != '' OR reporter_last_name != '' OR reporter_email != '' "
        "OR reporter_phone != '' OR reporter_device_id != '') "
        "AND reporter_email_lookup NOT IN (" +
        std::string(kConsentingLookups) + ") AND reporter_phone_lookup NOT IN (" +
        std::string(kConsentingLookups) + ")";
    auto st = Execute(db, kPseudonymiseCases, [&](Statement& q) { q.Bind(1, ToMicros(before)); });
    if (!st) {
      return st.error();
    }
    counts.cases = db.Changes();
    static const std::string kInteractions =
        "UPDATE interactions SET address = '', address_lookup = '' "
        "WHERE state IN ('ended', 'abandoned', 'refused') AND address != '' "
        "AND COALESCE(ended_at, abandoned_at, offered_at) < ? "
        "AND address_lookup NOT IN (" +
        std::string(kConsentingLookups) + ")";
    st = Execute(db, kInteractions, [&](Statement& q) { q.Bind(1, ToMicros(before)); });
    if (!st) {
      return st.error();
    }
    counts.interactions = db.Changes();
    return counts;
  };
  SubmitJob<app::RetentionCounts>(db_.writer(), std::move(work), std::move(done));
}

void SqlResidentStore::LogAccess(app::AccessEntry entry, app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(), [entry = std::move(entry)](Connection& db) { return WriteAccess(db, entry); },
      std::move(done));
}

Result<std::vector<app::AccessEntry>> SqlResidentStore::ListAccess(const app::AccessQuery& query) {
  return db_.ReadAll<app::AccessEntry>(
      "SELECT id, at, actor, action, subject, reason FROM personal_data_access "
      "WHERE (?1 = '' OR actor = ?1) AND (?2 = '' OR subject = ?2) AND at >= ?3 AND at <= ?4 "
      "AND (?5 = 0 OR id < ?5) ORDER BY id DESC LIMIT ?6",
      [&](Statement& q) {
        q.Bind(1, query.actor).Bind(2, query.subject);
        q.Bind(3, query.from ? ToMicros(*query.from) : std::numeric_limits<std::int64_t>::min());
        q.Bind(4, query.to ? ToMicros(*query.to) : std::numeric_limits<std::int64_t>::max());
        q.Bind(5, query.before_id).Bind(6, std::int64_t{query.limit});
      },
      [](const Statement& s) {
        return app::AccessEntry{s.Int(0), FromMicros(s.Int(1)), s.Text(2), s.Text(3), s.Text(4),
                                s.Text(5)};
      });
}

}  // namespace ratusz::store::sql

namespace ratusz::store::sql {
namespace {

// One batch of a table's rows after `after` (by id): each sealed field not sealed with the
// newest key is sealed again (values from before encryption too), and missing lookups are
// filled. Returns the last id seen, or 0 at the end.
struct ResealTable {
  const char* table;
  const char* id;
  std::vector<const char*> sealed;  // Columns holding sealed values.
  // Lookups computed from the opened values: (column, function of the row's opened values).
  // Nothing: the stored lookup stays (an erased person's pseudonym).
  using Lookup = std::function<std::optional<std::string>(const std::vector<std::string>&,
                                                          const security::PersonalData&)>;
  std::vector<std::pair<const char*, Lookup>> lookups;
  std::vector<const char*> extra;  // Plain columns the lookups need (after the sealed ones).
};

Result<std::int64_t> ResealBatch(Connection& db, const security::PersonalData& personal,
                                 const ResealTable& t, std::int64_t after, std::int64_t& changed) {
  std::string columns;
  for (const auto* c : t.sealed) {
    columns += std::string(", ") + c;
  }
  for (const auto& l : t.lookups) {
    columns += std::string(", ") + l.first;
  }
  for (const auto* c : t.extra) {
    columns += std::string(", ") + c;
  }
  struct Row {
    std::int64_t id = 0;
    std::vector<std::string> values;
  };
  const std::size_t width = t.sealed.size() + t.lookups.size() + t.extra.size();
  auto rows = Query<Row>(
      db,
      std::string("SELECT ") + t.id + columns + " FROM " + t.table + " WHERE " + t.id +
          " > ? ORDER BY " + t.id + " LIMIT 1000",
      [&](Statement& q) { q.Bind(1, after); },
      [&](const Statement& s) {
        Row r;
        r.id = s.Int(0);
        for (std::size_t i = 0; i < width; ++i) {
          r.values.push_back(s.Text(static_cast<int>(i) + 1));
        }
        return r;
      });
  if (!rows) {
    return rows.error();
  }
  for (const auto& row : rows.value()) {
    std::vector<std::string> opened;
    bool stale = false;
    for (std::size_t i = 0; i < t.sealed.size(); ++i) {
      auto plain = personal.sealer().Open(row.values[i]);
      if (!plain) {
        return MakeError(plain.error().code, std::string(t.table) + " " + std::to_string(row.id) +
                                                 ": " + plain.error().message);
      }
      stale = stale || !personal.sealer().IsCurrent(row.values[i]);
      opened.push_back(std::move(plain.value()));
    }
    for (std::size_t i = 0; i < t.extra.size(); ++i) {
      opened.push_back(row.values[t.sealed.size() + t.lookups.size() + i]);
    }
    std::vector<std::string> lookups;
    for (std::size_t i = 0; i < t.lookups.size(); ++i) {
      const std::string& stored = row.values[t.sealed.size() + i];
      lookups.push_back(t.lookups[i].second(opened, personal).value_or(stored));
      stale = stale || lookups.back() != stored;
    }
    if (!stale) {
      continue;
    }
    std::string set;
    for (const auto* c : t.sealed) {
      set += (set.empty() ? "" : ", ") + std::string(c) + " = ?";
    }
    for (const auto& l : t.lookups) {
      set += (set.empty() ? "" : ", ") + std::string(l.first) + " = ?";
    }
    auto st =
        Execute(db, std::string("UPDATE ") + t.table + " SET " + set + " WHERE " + t.id + " = ?",
                [&](Statement& q) {
                  int i = 1;
                  for (std::size_t k = 0; k < t.sealed.size(); ++k) {
                    q.Bind(i++, personal.Seal(opened[k]));
                  }
                  for (const auto& l : lookups) {
                    q.Bind(i++, l);
                  }
                  q.Bind(i, row.id);
                });
    if (!st) {
      return st.error();
    }
    ++changed;
  }
  return rows->size() < 1000 ? 0 : rows->back().id;
}

}  // namespace

Result<std::int64_t> SqlResidentStore::Reseal() {
  using Values = std::vector<std::string>;
  const std::vector<ResealTable> tables = {
      {"cases",
       "id",
       {"reporter_first_name", "reporter_last_name", "reporter_email", "reporter_phone"},
       {{"reporter_email_lookup",
         [](const Values& v, const security::PersonalData& p) {
           return std::optional<std::string>(p.EmailLookup(v[2]));
         }},
        {"reporter_phone_lookup",
         [](const Values& v, const security::PersonalData& p) {
           return std::optional<std::string>(p.PhoneLookup(v[3]));
         }}},
       {}},
      {"interactions",
       "id",
       {"address"},
       {{"address_lookup",
         [](const Values& v, const security::PersonalData& p) -> std::optional<std::string> {
           if (v[0].empty()) {
             return std::nullopt;  // Erased (a pseudonym's lookup) or removed: as it is.
           }
           return p.AddressLookup(v[1], v[0]);
         }}},
       {"channel"}},
      {"residents", "id", {"name"}, {}, {}},
      {"resident_contacts", "rowid", {"value"}, {}, {}},
      {"subscribers", "id", {"address", "key"}, {}, {}},
      {"privacy_canary", "id", {"sealed"}, {}, {}},
  };
  std::int64_t changed = 0;
  for (const auto& table : tables) {
    std::int64_t after = 0;
    do {
      std::promise<Result<std::int64_t>> done;
      auto next = done.get_future();
      SubmitJob<std::int64_t>(
          db_.writer(),
          [&](Connection& db) { return ResealBatch(db, db_.personal(), table, after, changed); },
          [&done](Result<std::int64_t> r) { done.set_value(std::move(r)); });
      auto r = next.get();
      if (!r) {
        return r.error();
      }
      after = r.value();
    } while (after != 0);
  }
  return changed;
}

}  // namespace ratusz::store::sql

namespace ratusz::store::sql {

void SqlResidentStore::SetSmsOptOut(std::string lookup, bool opted_out, Timestamp at,
                                    app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [lookup = std::move(lookup), opted_out, at](Connection& db) -> Status {
        return opted_out
                   ? Execute(db, "INSERT OR IGNORE INTO sms_optouts (lookup, at) VALUES (?, ?)",
                             [&](Statement& q) { q.Bind(1, lookup).Bind(2, ToMicros(at)); })
                   : Execute(db, "DELETE FROM sms_optouts WHERE lookup = ?",
                             [&](Statement& q) { q.Bind(1, lookup); });
      },
      std::move(done));
}

Result<bool> SqlResidentStore::SmsOptedOut(std::string_view lookup) {
  auto row = db_.ReadOne<std::int64_t>(
      "SELECT 1 FROM sms_optouts WHERE lookup = ?", [&](Statement& q) { q.Bind(1, lookup); },
      [](const Statement& s) { return s.Int(0); });
  if (!row) {
    return row.error();
  }
  return row->has_value();
}

Result<std::optional<app::SmsOutcome>> SqlContactStore::SmsTaken(std::string_view id) {
  return db_.ReadOne<app::SmsOutcome>(
      "SELECT action, case_number, interaction, reply FROM sms_in WHERE id = ?",
      [&](Statement& q) { q.Bind(1, id); },
      [](const Statement& s) {
        app::SmsOutcome o;
        o.action = s.Text(0);
        o.case_number = s.Text(1);
        o.interaction = s.Int(2);
        o.reply = s.Text(3);
        o.repeated = true;
        return o;
      });
}

void SqlContactStore::RememberSms(std::string id, app::SmsOutcome o, Timestamp at,
                                  app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [id = std::move(id), o = std::move(o), at](Connection& db) -> Status {
        return Execute(db,
                       "INSERT OR IGNORE INTO sms_in (id, at, action, case_number, interaction, "
                       "reply) VALUES (?, ?, ?, ?, ?, ?)",
                       [&](Statement& q) {
                         q.Bind(1, id).Bind(2, ToMicros(at)).Bind(3, o.action);
                         q.Bind(4, o.case_number).Bind(5, o.interaction).Bind(6, o.reply);
                       });
      },
      std::move(done));
}

}  // namespace ratusz::store::sql

namespace ratusz::store::sql {}  // namespace ratusz::store::sql
