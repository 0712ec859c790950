// Area and topic notices: subscribers and their pairs, broadcasts, the notice outbox.

#include <boost/json.hpp>
#include <map>

#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"
#include "store/sql/table.hpp"

namespace ratusz::store::sql {
namespace {

namespace json = boost::json;
using residents::Broadcast;

std::string EncodePolygon(const residents::Polygon& polygon) {
  if (polygon.empty()) {
    return {};
  }
  json::array out;
  for (const auto& p : polygon) {
    out.push_back(json::array{p.lat, p.lon});
  }
  return json::serialize(out);
}

residents::Polygon DecodePolygon(const std::string& text) {
  residents::Polygon out;
  json::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_array()) {
    return out;
  }
  for (const auto& p : v.as_array()) {
    if (p.is_array() && p.as_array().size() == 2) {
      out.push_back({p.as_array()[0].to_number<double>(ec), p.as_array()[1].to_number<double>(ec)});
    }
  }
  return out;
}

// The columns of `broadcasts`, in the order of kBroadcasts.
enum class BroadcastColumn {
  kId,
  kTopic,
  kArea,
  kPolygon,
  kReach,
  kTitlePl,
  kTitleEn,
  kTextPl,
  kTextEn,
  kSendAt,
  kCreatedBy,
  kCreatedAt,
  kState,
  kCount
};
constexpr Columns<BroadcastColumn> kBroadcasts{
    "broadcasts",
    {"id", "topic", "area", "polygon", "reach", "title_pl", "title_en", "text_pl", "text_en",
     "send_at", "created_by", "created_at", "state"}};
// A read adds its messages' counts after the table's own columns: all, sent, waiting, dead.
constexpr int kBroadcastCounts = At(BroadcastColumn::kCount);
const std::string kBroadcastColumns =
    kBroadcasts.Select("b") +
    ", (SELECT COUNT(*) FROM notice_outbox o WHERE o.broadcast_id = b.id), "
    "(SELECT COUNT(*) FROM notice_outbox o WHERE o.broadcast_id = b.id AND o.state = 'sent'), "
    "(SELECT COUNT(*) FROM notice_outbox o WHERE o.broadcast_id = b.id AND o.state = 'pending'), "
    "(SELECT COUNT(*) FROM notice_outbox o WHERE o.broadcast_id = b.id AND o.state = 'dead')";

Broadcast ReadBroadcast(const Statement& row) {
  using C = BroadcastColumn;
  Broadcast b;
  b.id = row.Int(At(C::kId));
  b.topic = row.Text(At(C::kTopic));
  b.area = row.Text(At(C::kArea));
  b.polygon = DecodePolygon(row.Text(At(C::kPolygon)));
  const std::string reach = row.Text(At(C::kReach));
  b.city_wide = reach == "*";
  if (!b.city_wide) {
    b.reach = DecodeStrings(reach);
  }
  b.title_pl = row.Text(At(C::kTitlePl));
  b.title_en = row.Text(At(C::kTitleEn));
  b.text_pl = row.Text(At(C::kTextPl));
  b.text_en = row.Text(At(C::kTextEn));
  b.send_at = FromMicros(row.Int(At(C::kSendAt)));
  b.created_by = row.Text(At(C::kCreatedBy));
  b.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
  b.state = row.Text(At(C::kState));
  b.recipients = row.Int(kBroadcastCounts);
  b.sent = row.Int(kBroadcastCounts + 1);
  b.waiting = row.Int(kBroadcastCounts + 2);
  b.failed = row.Int(kBroadcastCounts + 3);
  return b;
}

Result<std::optional<Broadcast>> BroadcastFrom(Connection& db, std::int64_t id) {
  return QueryOne<Broadcast>(
      db, std::string("SELECT ") + kBroadcastColumns + " FROM broadcasts b WHERE b.id = ?",
      [&](Statement& q) { q.Bind(1, id); }, ReadBroadcast);
}

constexpr const char* kSubscriberColumns =
    "id, kind, address, lookup, key, language, created_at FROM subscribers";

// A subscriber's seven columns (as in kSubscriberColumns) from column `first` on, opened.
app::Subscriber ReadSubscriber(const Statement& s, int first,
                               const security::PersonalData& personal) {
  app::Subscriber r;
  r.id = s.Int(first);
  r.kind = s.Text(first + 1);
  r.address = personal.Open(s.Text(first + 2));
  r.lookup = s.Text(first + 3);
  r.key = personal.Open(s.Text(first + 4));
  r.language = s.Text(first + 5);
  r.created_at = FromMicros(s.Int(first + 6));
  return r;
}

}  // namespace

Result<std::optional<app::Subscriber>> SqlNoticeStore::SubscriberFrom(Connection& db,
                                                                      std::string_view where,
                                                                      std::string_view value,
                                                                      std::int64_t id) const {
  auto row = QueryOne<app::Subscriber>(
      db, std::string("SELECT ") + kSubscriberColumns + " WHERE " + std::string(where) + " = ?",
      [&](Statement& q) {
        if (id != 0) {
          q.Bind(1, id);
        } else {
          q.Bind(1, value);
        }
      },
      [this](const Statement& s) { return ReadSubscriber(s, 0, db_.personal()); });
  if (!row || !row.value()) {
    return row;
  }
  auto pairs = Query<app::Subscriber::Pair>(
      db,
      "SELECT topic, area, text_version, channel, given_at, confirmed_at FROM subscriptions "
      "WHERE subscriber_id = ? ORDER BY topic, area",
      [&](Statement& q) { q.Bind(1, row.value()->id); },
      [](const Statement& s) {
        app::Subscriber::Pair p;
        p.topic = s.Text(0);
        p.area = s.Text(1);
        p.text_version = s.Text(2);
        p.channel = s.Text(3);
        p.given_at = FromMicros(s.Int(4));
        if (!s.IsNull(5)) {
          p.confirmed_at = FromMicros(s.Int(5));
        }
        return p;
      });
  if (!pairs) {
    return pairs.error();
  }
  row.value()->subscriptions = std::move(pairs.value());
  return row;
}

void SqlNoticeStore::Subscribe(app::SubscribeCommand command,
                               app::Callback<Result<app::SubscribeOutcome>> done) {
  auto work = [this, c = std::move(command)](Connection& db) -> Result<app::SubscribeOutcome> {
    app::SubscribeOutcome out;
    auto existing = QueryOne<std::int64_t>(
        db, "SELECT id FROM subscribers WHERE lookup = ?",
        [&](Statement& q) { q.Bind(1, c.lookup); }, [](const Statement& s) { return s.Int(0); });
    if (!existing) {
      return existing.error();
    }
    if (existing.value()) {
      out.subscriber_id = *existing.value();
      if (auto st = Execute(
              db, "UPDATE subscribers SET language = ? WHERE id = ?",
              [&](Statement& q) { q.Bind(1, c.request.language).Bind(2, out.subscriber_id); });
          !st) {
        return st.error();
      }
    } else {
      auto id = InsertReturningId(
          db,
          "INSERT INTO subscribers (kind, address, lookup, key, language, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?)",
          [&](Statement& q) {
            q.Bind(1, c.request.kind).Bind(2, db_.personal().Seal(c.request.address));
            q.Bind(3, c.lookup).Bind(4, db_.personal().Seal(c.new_key));
            q.Bind(5, c.request.language).Bind(6, ToMicros(c.at));
          });
      if (!id) {
        return id.error();
      }
      out.subscriber_id = *id;
    }
    for (const auto& pair : c.request.pairs) {
      auto st = Execute(db,
                        "INSERT OR IGNORE INTO subscriptions (subscriber_id, topic, area, "
                        "text_version, channel, given_at) VALUES (?, ?, ?, ?, ?, ?)",
                        [&](Statement& q) {
                          q.Bind(1, out.subscriber_id).Bind(2, pair.first).Bind(3, pair.second);
                          q.Bind(4, c.request.consent_version).Bind(5, c.request.channel);
                          q.Bind(6, ToMicros(c.at));
                        });
      if (!st) {
        return st.error();
      }
      out.added += db.Changes();
    }
    auto asked = QueryOne<std::int64_t>(
        db,
        // Unconfirmed pairs, and a request to confirm that is still waiting to leave, or left
        // lately while nothing new was asked for (asking again and again sends one mail).
        "SELECT (SELECT COUNT(*) FROM subscriptions WHERE subscriber_id = ?1 AND confirmed_at "
        "IS NULL), (SELECT COUNT(*) FROM notice_outbox WHERE subscriber_id = ?1 AND "
        "broadcast_id IS NULL AND outbox_id IS NULL AND (state = 'pending' OR (?3 = 0 AND "
        "sent_at > ?2)))",
        [&](Statement& q) {
          q.Bind(1, out.subscriber_id).Bind(2, ToMicros(c.confirm_again_after));
          q.Bind(3, static_cast<std::int64_t>(out.added));
        },
        [](const Statement& s) { return s.Int(0) > 0 && s.Int(1) == 0 ? 1 : 0; });
    if (!asked) {
      return asked.error();
    }
    if (asked.value() && *asked.value() == 1) {
      auto st =
          Execute(db, "INSERT INTO notice_outbox (subscriber_id, next_attempt_at) VALUES (?, ?)",
                  [&](Statement& q) { q.Bind(1, out.subscriber_id).Bind(2, ToMicros(c.at)); });
      if (!st) {
        return st.error();
      }
      out.confirmation = true;
    }
    return out;
  };
  SubmitJob<app::SubscribeOutcome>(db_.writer(), std::move(work), std::move(done));
}

Result<std::optional<app::Subscriber>> SqlNoticeStore::LoadSubscriber(std::int64_t id) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return SubscriberFrom(*reader->get(), "id", {}, id);
}

Result<std::optional<app::Subscriber>> SqlNoticeStore::SubscriberByLookup(std::string_view lookup) {
  if (lookup.empty()) {
    return std::optional<app::Subscriber>();
  }
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return SubscriberFrom(*reader->get(), "lookup", lookup, 0);
}

void SqlNoticeStore::ConfirmSubscriptions(std::int64_t id, Timestamp at,
                                          app::Callback<Result<int>> done) {
  SubmitJob<int>(
      db_.writer(),
      [id, at](Connection& db) -> Result<int> {
        auto st = Execute(db,
                          "UPDATE subscriptions SET confirmed_at = ? WHERE subscriber_id = ? AND "
                          "confirmed_at IS NULL",
                          [&](Statement& q) { q.Bind(1, ToMicros(at)).Bind(2, id); });
        if (!st) {
          return st.error();
        }
        return db.Changes();
      },
      std::move(done));
}

Result<bool> DropSubscriber(Connection& db, std::string_view column, std::string_view value) {
  const std::string match = "(SELECT id FROM subscribers WHERE " + std::string(column) + " = ?)";
  for (const std::string& sql :
       {"DELETE FROM notice_outbox WHERE state = 'pending' AND subscriber_id IN " + match,
        "DELETE FROM subscriptions WHERE subscriber_id IN " + match}) {
    if (auto st = Execute(db, sql, [&](Statement& q) { q.Bind(1, value); }); !st) {
      return st.error();
    }
  }
  auto st = Execute(db, "DELETE FROM subscribers WHERE " + std::string(column) + " = ?",
                    [&](Statement& q) { q.Bind(1, value); });
  if (!st) {
    return st.error();
  }
  return db.Changes() > 0;
}

void SqlNoticeStore::Unsubscribe(std::int64_t id, app::Callback<Result<bool>> done) {
  SubmitJob<bool>(
      db_.writer(),
      [id](Connection& db) -> Result<bool> { return DropSubscriber(db, "id", std::to_string(id)); },
      std::move(done));
}

void SqlNoticeStore::CreateBroadcast(Broadcast broadcast, app::Callback<Result<Broadcast>> done) {
  auto work = [b = std::move(broadcast)](Connection& db) -> Result<Broadcast> {
    using C = BroadcastColumn;
    static const std::string kSql = kBroadcasts.Insert();
    auto id = InsertReturningId(db, kSql, [&](Statement& q) {
      q.BindNull(ParamOf(C::kId)).Bind(ParamOf(C::kTopic), b.topic);
      q.Bind(ParamOf(C::kArea), b.area).Bind(ParamOf(C::kPolygon), EncodePolygon(b.polygon));
      q.Bind(ParamOf(C::kReach), b.city_wide ? std::string("*") : EncodeStrings(b.reach));
      q.Bind(ParamOf(C::kTitlePl), b.title_pl).Bind(ParamOf(C::kTitleEn), b.title_en);
      q.Bind(ParamOf(C::kTextPl), b.text_pl).Bind(ParamOf(C::kTextEn), b.text_en);
      q.Bind(ParamOf(C::kSendAt), ToMicros(b.send_at));
      q.Bind(ParamOf(C::kCreatedBy), b.created_by);
      q.Bind(ParamOf(C::kCreatedAt), ToMicros(b.created_at));
      q.Bind(ParamOf(C::kState), std::string_view("scheduled"));
    });
    if (!id) {
      return id.error();
    }
    auto stored = BroadcastFrom(db, *id);
    if (!stored) {
      return stored.error();
    }
    return std::move(*stored.value());
  };
  SubmitJob<Broadcast>(db_.writer(), std::move(work), std::move(done));
}

void SqlNoticeStore::CancelBroadcast(std::int64_t id, app::Callback<Result<Broadcast>> done) {
  auto work = [id](Connection& db) -> Result<Broadcast> {
    auto st = Execute(db,
                      "UPDATE broadcasts SET state = 'cancelled' WHERE id = ? AND state = "
                      "'scheduled'",
                      [&](Statement& q) { q.Bind(1, id); });
    if (!st) {
      return st.error();
    }
    const bool cancelled = db.Changes() > 0;
    auto stored = BroadcastFrom(db, id);
    if (!stored) {
      return stored.error();
    }
    if (!stored.value()) {
      return MakeError(ErrorCode::kNotFound, "no broadcast " + std::to_string(id));
    }
    if (!cancelled && stored.value()->state != "cancelled") {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "broadcast " + std::to_string(id) + " was already sent");
    }
    return std::move(*stored.value());
  };
  SubmitJob<Broadcast>(db_.writer(), std::move(work), std::move(done));
}

Result<std::optional<Broadcast>> SqlNoticeStore::LoadBroadcast(std::int64_t id) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return BroadcastFrom(*reader->get(), id);
}

Result<std::vector<Broadcast>> SqlNoticeStore::ListBroadcasts(int limit) {
  return db_.ReadAll<Broadcast>(
      std::string("SELECT ") + kBroadcastColumns + " FROM broadcasts b ORDER BY b.id DESC LIMIT ?",
      [&](Statement& q) { q.Bind(1, static_cast<std::int64_t>(limit)); }, ReadBroadcast);
}

void SqlNoticeStore::FanOutDue(Timestamp now, app::Callback<Result<int>> done) {
  // Asked every half second: the single writer (the intake's) is taken only when a broadcast
  // is due.
  auto any = db_.ReadOne<std::int64_t>(
      "SELECT 1 FROM broadcasts WHERE state = 'scheduled' AND send_at <= ? LIMIT 1",
      [&](Statement& q) { q.Bind(1, ToMicros(now)); }, [](const Statement& s) { return s.Int(0); });
  if (!any || !any.value()) {
    return done(any ? Result<int>(0) : Result<int>(any.error()));
  }
  SubmitJob<int>(
      db_.writer(),
      [now](Connection& db) -> Result<int> {
        struct Due {
          std::int64_t id;
          std::string topic;
          std::string reach;
        };
        auto due = Query<Due>(
            db,
            "SELECT id, topic, reach FROM broadcasts WHERE state = 'scheduled' AND send_at <= ? "
            "ORDER BY send_at LIMIT 20",
            [&](Statement& q) { q.Bind(1, ToMicros(now)); },
            [](const Statement& s) {
              return Due{s.Int(0), s.Text(1), s.Text(2)};
            });
        if (!due) {
          return due.error();
        }
        for (const auto& b : due.value()) {
          auto st = Execute(
              db,
              "INSERT OR IGNORE INTO notice_outbox (subscriber_id, broadcast_id, "
              "next_attempt_at) SELECT DISTINCT subscriber_id, ?1, ?2 FROM subscriptions WHERE "
              "topic = ?3 AND confirmed_at IS NOT NULL AND (?4 = '*' OR area = '' OR area IN "
              "(SELECT value FROM json_each(CASE WHEN ?4 = '*' THEN '[]' ELSE ?4 END)))",
              [&](Statement& q) {
                q.Bind(1, b.id).Bind(2, ToMicros(now)).Bind(3, b.topic).Bind(4, b.reach);
              });
          if (!st) {
            return st.error();
          }
          st = Execute(db, "UPDATE broadcasts SET state = 'sent' WHERE id = ?",
                       [&](Statement& q) { q.Bind(1, b.id); });
          if (!st) {
            return st.error();
          }
        }
        return static_cast<int>(due->size());
      },
      std::move(done));
}

Result<std::vector<app::NoticeItem>> SqlNoticeStore::DueNotices(Timestamp now, int limit) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  Connection& db = *reader->get();
  struct Row {
    app::NoticeItem item;
    std::optional<std::int64_t> broadcast;
    std::optional<std::int64_t> outbox;
  };
  auto rows = Query<Row>(
      db,
      "SELECT o.id, o.broadcast_id, o.attempts, s.id, s.kind, s.address, s.lookup, s.key, "
      "s.language, s.created_at, o.outbox_id FROM notice_outbox o JOIN subscribers s ON s.id = "

      "o.subscriber_id WHERE o.state = 'pending' AND o.next_attempt_at <= ? ORDER BY "
      "o.next_attempt_at, o.id LIMIT ?",
      [&](Statement& q) { q.Bind(1, ToMicros(now)).Bind(2, static_cast<std::int64_t>(limit)); },
      [this](const Statement& s) {
        Row r;
        r.item.id = s.Int(0);
        if (!s.IsNull(1)) {
          r.broadcast = s.Int(1);
        }
        r.item.attempts = static_cast<int>(s.Int(2));
        r.item.subscriber = ReadSubscriber(s, 3, db_.personal());
        if (!s.IsNull(10)) {
          r.outbox = s.Int(10);
        }
        return r;
      });
  if (!rows) {
    return rows.error();
  }
  std::map<std::int64_t, Broadcast> broadcasts;
  std::vector<app::NoticeItem> out;
  for (auto& row : rows.value()) {
    auto& item = row.item;
    if (row.outbox) {
      auto notice = QueryOne<app::OutboxItem>(
          db, "SELECT " + OutboxColumns() + " FROM outbox WHERE id = ?",
          [&](Statement& q) { q.Bind(1, *row.outbox); }, ReadOutboxItem);
      if (!notice) {
        return notice.error();
      }
      if (!notice.value()) {
        continue;
      }
      item.case_notice = std::move(*notice.value());
    } else if (row.broadcast) {
      auto found = broadcasts.find(*row.broadcast);
      if (found == broadcasts.end()) {
        auto b = BroadcastFrom(db, *row.broadcast);
        if (!b) {
          return b.error();
        }
        if (!b.value()) {
          continue;
        }
        found = broadcasts.emplace(*row.broadcast, std::move(*b.value())).first;
      }
      item.broadcast = found->second;
      auto sent = Query<Timestamp>(
          db,
          "SELECT sent_at FROM notice_outbox WHERE subscriber_id = ? AND state = 'sent' AND "
          "broadcast_id IS NOT NULL AND sent_at > ?",
          [&](Statement& q) {
            q.Bind(1, item.subscriber.id).Bind(2, ToMicros(now - std::chrono::hours(24)));
          },
          [](const Statement& s) { return FromMicros(s.Int(0)); });
      if (!sent) {
        return sent.error();
      }
      item.sent_last_day = std::move(sent.value());
    } else {
      auto topics = Query<std::string>(
          db,
          "SELECT DISTINCT topic FROM subscriptions WHERE subscriber_id = ? AND confirmed_at IS "
          "NULL ORDER BY topic",
          [&](Statement& q) { q.Bind(1, item.subscriber.id); },
          [](const Statement& s) { return s.Text(0); });
      if (!topics) {
        return topics.error();
      }
      item.pending_topics = std::move(topics.value());
    }
    out.push_back(std::move(item));
  }
  return out;
}

void SqlNoticeStore::RecordNotices(std::vector<app::NoticeRecord> records, Timestamp at,
                                   app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [records = std::move(records), at](Connection& db) -> Status {
        for (const auto& r : records) {
          auto st = Execute(db,
                            "UPDATE notice_outbox SET state = ?, attempts = ?, next_attempt_at = "
                            "?, last_error = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE "
                            "sent_at END WHERE id = ?",
                            [&](Statement& q) {
                              q.Bind(1, r.state).Bind(2, static_cast<std::int64_t>(r.attempts));
                              q.Bind(3, ToMicros(r.next_attempt_at)).Bind(4, r.error);
                              q.Bind(5, r.state).Bind(6, ToMicros(at)).Bind(7, r.id);
                            });
          if (!st) {
            return st;
          }
        }
        return {};
      },
      std::move(done));
}

}  // namespace ratusz::store::sql
