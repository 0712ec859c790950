// SqlContactStore: the contact center's interactions, chat transcripts, agents' profiles and
// states, and 15-minute queue statistics.

#include <boost/json.hpp>
#include <limits>

#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"

namespace ratusz::store::sql {
namespace {

namespace json = boost::json;

// The columns of `interactions`, in the order of kInteractions.
enum class InteractionColumn {
  kId,
  kChannel,
  kQueue,
  kAddress,  // Sealed.
  kLanguage,
  kSubject,
  kExternalId,  // NULL when the contact has none (unique otherwise).
  kState,
  kAgent,
  kOfferedAt,
  kAnsweredAt,
  kEndedAt,
  kAbandonedAt,
  kWrapUp,
  kNotes,
  kRecording,
  kChatTokenHash,
  kLastSeq,
  kAddressLookup,
  kCount
};
constexpr Columns<InteractionColumn> kInteractions{
    "interactions",
    {"id", "channel", "queue", "address", "language", "subject", "external_id", "state", "agent",
     "offered_at", "answered_at", "ended_at", "abandoned_at", "wrap_up", "notes", "recording",
     "chat_token_hash", "last_seq", "address_lookup"}};
// A read adds the numbers of the contact's cases after the table's own columns.
constexpr int kInteractionCases = At(InteractionColumn::kCount);
const std::string kInteractionColumns =
    kInteractions.Select("i") +
    ", (SELECT json_group_array(case_number) FROM interaction_cases c WHERE c.interaction_id = "
    "i.id)";

// The columns of `chat_lines`, in the order of kChatLines.
enum class ChatLineColumn { kInteractionId, kSeq, kSender, kBody, kAt, kCount };
constexpr Columns<ChatLineColumn> kChatLines{"chat_lines",
                                             {"interaction_id", "seq", "sender", "body", "at"}};

// The columns of `contact_agents`, in the order of kAgents.
enum class AgentColumn { kUsername, kSkills, kLanguages, kCapacity, kUpdatedAt, kCount };
constexpr Columns<AgentColumn> kAgents{
    "contact_agents", {"username", "skills", "languages", "capacity", "updated_at"}};

// The columns of `queue_intervals`, in the order of kIntervals (the key: queue and start).
enum class IntervalColumn {
  kQueue,
  kStart,
  kOffered,
  kAnswered,
  kAbandoned,
  kServiceLevel,
  kSpeedOfAnswer,
  kHandleTime,
  kCount
};
constexpr Columns<IntervalColumn> kIntervals{"queue_intervals",
                                             {"queue", "start", "offered", "answered", "abandoned",
                                              "service_level", "speed_of_answer", "handle_time"}};

// The columns of `interaction_files`, in the order of kInteractionFiles.
enum class FileColumn {
  kInteractionId,
  kSha256,
  kName,
  kKind,
  kContentType,
  kBytes,
  kCreatedAt,
  kCount
};
constexpr Columns<FileColumn> kInteractionFiles{
    "interaction_files",
    {"interaction_id", "sha256", "name", "kind", "content_type", "bytes", "created_at"}};

app::InteractionRecord ReadInteraction(const Statement& row,
                                       const security::PersonalData& personal) {
  using C = InteractionColumn;
  app::InteractionRecord r;
  r.id = row.Int(At(C::kId));
  r.channel = row.Text(At(C::kChannel));
  r.queue = row.Text(At(C::kQueue));
  r.address = personal.Open(row.Text(At(C::kAddress)));
  r.language = row.Text(At(C::kLanguage));
  r.subject = row.Text(At(C::kSubject));
  r.external_id = row.IsNull(At(C::kExternalId)) ? std::string() : row.Text(At(C::kExternalId));
  r.state = row.Text(At(C::kState));
  r.agent = row.Text(At(C::kAgent));
  r.offered_at = FromMicros(row.Int(At(C::kOfferedAt)));
  r.answered_at = OptionalTime(row, At(C::kAnsweredAt));
  r.ended_at = OptionalTime(row, At(C::kEndedAt));
  r.abandoned_at = OptionalTime(row, At(C::kAbandonedAt));
  r.wrap_up = row.Text(At(C::kWrapUp));
  r.notes = row.Text(At(C::kNotes));
  r.recording = row.Text(At(C::kRecording));
  r.chat_token_hash = row.Text(At(C::kChatTokenHash));
  r.last_seq = row.Int(At(C::kLastSeq));
  r.cases = DecodeStrings(row.Text(kInteractionCases));
  return r;
}

std::string EncodeLevels(const std::map<std::string, int, std::less<>>& levels) {
  json::object o;
  for (const auto& [name, level] : levels) {
    o[name] = level;
  }
  return json::serialize(o);
}

std::map<std::string, int, std::less<>> DecodeLevels(const std::string& text) {
  std::map<std::string, int, std::less<>> out;
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return out;
  }
  for (const auto& [name, level] : v.as_object()) {
    if (level.is_int64()) {
      out.emplace(std::string(name), static_cast<int>(level.as_int64()));
    }
  }
  return out;
}

}  // namespace

Result<std::int64_t> SqlContactStore::MaxInteractionId() {
  auto max = db_.ReadOne<std::int64_t>(
      "SELECT COALESCE(MAX(id), 0) FROM interactions", [](Statement&) {},
      [](const Statement& row) { return row.Int(0); });
  if (!max) {
    return max.error();
  }
  return max->value_or(0);
}

void SqlContactStore::SaveInteraction(app::InteractionRecord r, app::Callback<Status> done) {
  std::string lookup = db_.personal().AddressLookup(r.channel, r.address);
  r.address = db_.personal().Seal(r.address);
  auto work = [r = std::move(r), lookup = std::move(lookup)](Connection& db) -> Status {
    static const std::string kSql = kInteractions.Upsert(1);
    auto st = Execute(db, kSql, [&](Statement& q) {
      using C = InteractionColumn;
      q.Bind(ParamOf(C::kId), r.id).Bind(ParamOf(C::kChannel), r.channel);
      q.Bind(ParamOf(C::kQueue), r.queue).Bind(ParamOf(C::kAddress), r.address);
      q.Bind(ParamOf(C::kLanguage), r.language).Bind(ParamOf(C::kSubject), r.subject);
      if (r.external_id.empty()) {
        q.BindNull(ParamOf(C::kExternalId));
      } else {
        q.Bind(ParamOf(C::kExternalId), r.external_id);
      }
      q.Bind(ParamOf(C::kState), r.state).Bind(ParamOf(C::kAgent), r.agent);
      q.Bind(ParamOf(C::kOfferedAt), ToMicros(r.offered_at));
      q.Bind(ParamOf(C::kAnsweredAt), OptionalMicros(r.answered_at));
      q.Bind(ParamOf(C::kEndedAt), OptionalMicros(r.ended_at));
      q.Bind(ParamOf(C::kAbandonedAt), OptionalMicros(r.abandoned_at));
      q.Bind(ParamOf(C::kWrapUp), r.wrap_up).Bind(ParamOf(C::kNotes), r.notes);
      q.Bind(ParamOf(C::kRecording), r.recording);
      q.Bind(ParamOf(C::kChatTokenHash), r.chat_token_hash);
      q.Bind(ParamOf(C::kLastSeq), r.last_seq).Bind(ParamOf(C::kAddressLookup), lookup);
    });
    if (!st) {
      return st;
    }
    for (const auto& number : r.cases) {
      st = Execute(db,
                   "INSERT OR IGNORE INTO interaction_cases (interaction_id, case_number) "
                   "VALUES (?, ?)",
                   [&](Statement& q) { q.Bind(1, r.id).Bind(2, number); });
      if (!st) {
        return st;
      }
    }
    return {};
  };
  SubmitWrite(db_.writer(), std::move(work), std::move(done));
}

namespace {

// Writes a transcript line; one the city writes also leaves (contact_outbox) when its contact's
// channel is one of `leaving` (an SQL list).
Status WriteLine(Connection& db, const app::ChatLine& line, std::string_view leaving) {
  using C = ChatLineColumn;
  static const std::string kInsert = kChatLines.Insert();
  auto st = Execute(db, kInsert, [&](Statement& q) {
    q.Bind(ParamOf(C::kInteractionId), line.interaction).Bind(ParamOf(C::kSeq), line.seq);
    q.Bind(ParamOf(C::kSender), line.sender).Bind(ParamOf(C::kBody), line.text);
    q.Bind(ParamOf(C::kAt), ToMicros(line.at));
  });
  if (!st) {
    return st;
  }
  st = Execute(db, "UPDATE interactions SET last_seq = MAX(last_seq, ?) WHERE id = ?",
               [&](Statement& q) { q.Bind(1, line.seq).Bind(2, line.interaction); });
  if (!st || line.sender == "resident") {
    return st;
  }
  return Execute(db,
                 "INSERT OR IGNORE INTO contact_outbox (interaction_id, seq, next_attempt_at) "
                 "SELECT id, ?, ? FROM interactions WHERE id = ? AND channel IN " +
                     std::string(leaving),
                 [&](Statement& q) {
                   q.Bind(1, line.seq).Bind(2, ToMicros(line.at)).Bind(3, line.interaction);
                 });
}

}  // namespace

void SqlContactStore::AddChatLine(app::ChatLine line, app::Callback<Status> done) {
  // On a written channel, what the city writes leaves as an e-mail or a text.
  SubmitWrite(
      db_.writer(),
      [line = std::move(line)](Connection& db) { return WriteLine(db, line, "('email', 'sms')"); },
      std::move(done));
}

void SqlContactStore::AddReply(app::ChatLine line, app::Callback<Result<app::ChatLine>> done) {
  SubmitJob<app::ChatLine>(
      db_.writer(),
      [line = std::move(line)](Connection& db) mutable -> Result<app::ChatLine> {
        if (line.seq == 0) {
          auto last = QueryOne<std::int64_t>(
              db, "SELECT COALESCE(MAX(seq), 0) FROM chat_lines WHERE interaction_id = ?",
              [&](Statement& q) { q.Bind(1, line.interaction); },
              [](const Statement& row) { return row.Int(0); });
          if (!last) {
            return last.error();
          }
          line.seq = last.value().value_or(0) + 1;
        }
        if (auto s = WriteLine(db, line, "('email', 'sms', 'voice')"); !s) {
          return s.error();
        }
        return line;
      },
      std::move(done));
}

void SqlContactStore::SaveAgentProfile(app::AgentProfile p, Timestamp at,
                                       app::Callback<Status> done) {
  auto work = [p = std::move(p), at](Connection& db) -> Status {
    using C = AgentColumn;
    static const std::string kSql = kAgents.Upsert(1);
    return Execute(db, kSql, [&](Statement& q) {
      q.Bind(ParamOf(C::kUsername), p.username).Bind(ParamOf(C::kSkills), EncodeLevels(p.skills));
      q.Bind(ParamOf(C::kLanguages), EncodeStrings(p.languages));
      q.Bind(ParamOf(C::kCapacity), EncodeLevels(p.capacity));
      q.Bind(ParamOf(C::kUpdatedAt), ToMicros(at));
    });
  };
  SubmitWrite(db_.writer(), std::move(work), std::move(done));
}

void SqlContactStore::LogAgentState(std::string agent, std::string state, std::string reason,
                                    Timestamp at, app::Callback<Status> done) {
  auto work = [agent = std::move(agent), state = std::move(state), reason = std::move(reason),
               at](Connection& db) -> Status {
    return Execute(db, "INSERT INTO agent_states (agent, state, reason, at) VALUES (?, ?, ?, ?)",
                   [&](Statement& q) {
                     q.Bind(1, agent).Bind(2, state).Bind(3, reason).Bind(4, ToMicros(at));
                   });
  };
  SubmitWrite(db_.writer(), std::move(work), std::move(done));
}

void SqlContactStore::SaveIntervals(std::vector<app::QueueInterval> intervals,
                                    app::Callback<Status> done) {
  auto work = [intervals = std::move(intervals)](Connection& db) -> Status {
    for (const auto& i : intervals) {
      using C = IntervalColumn;
      static const std::string kSql = kIntervals.Upsert(2);
      auto st = Execute(db, kSql, [&](Statement& q) {
        q.Bind(ParamOf(C::kQueue), i.queue).Bind(ParamOf(C::kStart), ToMicros(i.start));
        q.Bind(ParamOf(C::kOffered), i.offered).Bind(ParamOf(C::kAnswered), i.answered);
        q.Bind(ParamOf(C::kAbandoned), i.abandoned);
        q.Bind(ParamOf(C::kServiceLevel), i.service_level);
        q.Bind(ParamOf(C::kSpeedOfAnswer), i.speed_of_answer_s);
        q.Bind(ParamOf(C::kHandleTime), i.handle_time_s);
      });
      if (!st) {
        return st;
      }
    }
    return {};
  };
  SubmitWrite(db_.writer(), std::move(work), std::move(done));
}

void SqlContactStore::Flush(app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(), [](Connection&) { return Status{}; }, std::move(done));
}

Result<std::optional<app::InteractionRecord>> SqlContactStore::LoadInteraction(std::int64_t id) {
  auto read = [this](const Statement& row) { return ReadInteraction(row, db_.personal()); };
  return db_.ReadOne<app::InteractionRecord>(
      "SELECT " + kInteractionColumns + " FROM interactions i WHERE i.id = ?",
      [&](Statement& q) { q.Bind(1, id); }, read);
}

Result<std::optional<app::InteractionRecord>> SqlContactStore::InteractionOfCall(
    std::string_view external_id) {
  auto read = [this](const Statement& row) { return ReadInteraction(row, db_.personal()); };
  return db_.ReadOne<app::InteractionRecord>(
      "SELECT " + kInteractionColumns + " FROM interactions i WHERE i.external_id = ?",
      [&](Statement& q) { q.Bind(1, external_id); }, read);
}

Result<std::vector<app::InteractionRecord>> SqlContactStore::ListInteractions(
    const app::InteractionQuery& query) {
  auto read = [this](const Statement& row) { return ReadInteraction(row, db_.personal()); };
  // Empty texts and unset times do not filter.
  static const std::string kSql =
      "SELECT " + kInteractionColumns +
      " FROM interactions i WHERE (?1 = '' OR i.id IN (SELECT interaction_id FROM "
      "interaction_cases WHERE case_number = ?1)) "
      "AND (?2 = '' OR i.address_lookup IN (?2, ?8)) "
      "AND (?3 = '' OR i.agent = ?3) AND (?4 = '' OR i.queue = ?4) "
      "AND i.offered_at >= ?5 AND i.offered_at <= ?6 "
      "ORDER BY i.offered_at DESC, i.id DESC LIMIT ?7";
  return db_.ReadAll<app::InteractionRecord>(
      kSql,
      [&](Statement& q) {
        // The address as a number and as an e-mail address (only one of them is ever set).
        const std::string phone = db_.personal().PhoneLookup(query.address);
        const std::string email = db_.personal().EmailLookup(query.address);
        const bool given = !query.address.empty();
        q.Bind(1, query.case_number)
            .Bind(2, given && phone.empty() && email.empty() ? std::string("-")  // Matches nothing.
                                                             : (phone.empty() ? email : phone));
        q.Bind(8, email.empty() ? phone : email).Bind(3, query.agent);
        q.Bind(4, query.queue);
        q.Bind(5, query.from ? ToMicros(*query.from) : std::numeric_limits<std::int64_t>::min());
        q.Bind(6, query.to ? ToMicros(*query.to) : std::numeric_limits<std::int64_t>::max());
        q.Bind(7, static_cast<std::int64_t>(query.limit));
      },
      read);
}

Result<std::vector<app::InteractionRecord>> SqlContactStore::OpenInteractions() {
  auto read = [this](const Statement& row) { return ReadInteraction(row, db_.personal()); };
  return db_.ReadAll<app::InteractionRecord>(
      "SELECT " + kInteractionColumns +
          " FROM interactions i WHERE i.state IN ('waiting', 'offered', 'connected') "
          "ORDER BY i.id",
      [](Statement&) {}, read);
}

Result<std::vector<app::ChatLine>> SqlContactStore::ChatLines(std::int64_t interaction,
                                                              std::int64_t after_seq) {
  // A line, then its delivery (when it left): state, receipt, last error.
  static const std::string kSql =
      "SELECT " + kChatLines.Select("l") +
      ", o.state, o.receipt, o.last_error FROM chat_lines l LEFT JOIN contact_outbox o ON "
      "o.interaction_id = l.interaction_id AND o.seq = l.seq WHERE l.interaction_id = ? AND "
      "l.seq > ? ORDER BY l.seq";
  return db_.ReadAll<app::ChatLine>(
      kSql, [&](Statement& q) { q.Bind(1, interaction).Bind(2, after_seq); },
      [](const Statement& row) {
        using C = ChatLineColumn;
        constexpr int kState = At(C::kCount);
        app::ChatLine line{row.Int(At(C::kInteractionId)),  row.Int(At(C::kSeq)),
                           row.Text(At(C::kSender)),        row.Text(At(C::kBody)),
                           FromMicros(row.Int(At(C::kAt))), {}};
        const std::string state = row.IsNull(kState) ? std::string() : row.Text(kState);
        if (state == "dead") {
          line.delivery = "failed: " + row.Text(kState + 2);
        } else if (state == "sent" && !row.Text(kState + 1).empty()) {
          line.delivery = "delivered";
        } else {
          line.delivery = state;
        }
        return line;
      });
}

Result<std::vector<app::AgentProfile>> SqlContactStore::AgentProfiles() {
  static const std::string kSql =
      "SELECT " + kAgents.Select() + " FROM contact_agents ORDER BY username";
  return db_.ReadAll<app::AgentProfile>(
      kSql, [](Statement&) {},
      [](const Statement& row) {
        using C = AgentColumn;
        app::AgentProfile p;
        p.username = row.Text(At(C::kUsername));
        p.skills = DecodeLevels(row.Text(At(C::kSkills)));
        p.languages = DecodeStrings(row.Text(At(C::kLanguages)));
        p.capacity = DecodeLevels(row.Text(At(C::kCapacity)));
        return p;
      });
}

Result<std::vector<app::QueueInterval>> SqlContactStore::Intervals(std::string_view queue,
                                                                   Timestamp from, Timestamp to) {
  static const std::string kSql = "SELECT " + kIntervals.Select() +
                                  " FROM queue_intervals WHERE queue = ? AND start >= ? AND "
                                  "start < ? ORDER BY start";
  return db_.ReadAll<app::QueueInterval>(
      kSql, [&](Statement& q) { q.Bind(1, queue).Bind(2, ToMicros(from)).Bind(3, ToMicros(to)); },
      [](const Statement& row) {
        using C = IntervalColumn;
        app::QueueInterval i;
        i.queue = row.Text(At(C::kQueue));
        i.start = FromMicros(row.Int(At(C::kStart)));
        i.offered = row.Int(At(C::kOffered));
        i.answered = row.Int(At(C::kAnswered));
        i.abandoned = row.Int(At(C::kAbandoned));
        i.service_level = row.Real(At(C::kServiceLevel));
        i.speed_of_answer_s = row.Real(At(C::kSpeedOfAnswer));
        i.handle_time_s = row.Real(At(C::kHandleTime));
        return i;
      });
}

Result<std::vector<app::ContactReply>> SqlContactStore::DueReplies(Timestamp now, int limit) {
  struct Due {
    std::int64_t id, interaction, seq;
    int attempts;
  };
  auto due = db_.ReadAll<Due>(
      "SELECT id, interaction_id, seq, attempts FROM contact_outbox "
      "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
      [&](Statement& q) { q.Bind(1, ToMicros(now)).Bind(2, std::int64_t{limit}); },
      [](const Statement& s) {
        return Due{s.Int(0), s.Int(1), s.Int(2), static_cast<int>(s.Int(3))};
      });
  if (!due) {
    return due.error();
  }
  std::vector<app::ContactReply> out;
  for (const auto& d : due.value()) {
    auto interaction = LoadInteraction(d.interaction);
    if (!interaction) {
      return interaction.error();
    }
    auto lines = ChatLines(d.interaction, d.seq - 1);
    if (!lines) {
      return lines.error();
    }
    if (!interaction.value() || lines->empty() || lines->front().seq != d.seq) {
      continue;  // Erased meanwhile: RecordReplies is never asked about it; it stays pending.
    }
    out.push_back(app::ContactReply{d.id, std::move(*interaction.value()),
                                    std::move(lines->front()), d.attempts});
  }
  return out;
}

void SqlContactStore::RecordReplies(std::vector<app::ReplyRecord> records,
                                    app::Callback<Status> done) {
  auto work = [records = std::move(records)](Connection& db) -> Status {
    for (const auto& r : records) {
      auto st = Execute(db,
                        "UPDATE contact_outbox SET state = ?, attempts = ?, next_attempt_at = ?, "
                        "last_error = ?, sent_at = CASE WHEN ? = 'sent' THEN ? END WHERE id = ? "
                        "AND state != 'dead'",
                        [&](Statement& q) {
                          q.Bind(1, r.state).Bind(2, std::int64_t{r.attempts});
                          q.Bind(3, ToMicros(r.next_attempt_at)).Bind(4, r.error.substr(0, 1000));
                          q.Bind(5, r.state).Bind(6, ToMicros(r.at)).Bind(7, r.id);
                        });
      if (!st) {
        return st;
      }
    }
    return {};
  };
  SubmitWrite(db_.writer(), std::move(work), std::move(done));
}

void SqlContactStore::AddInteractionFiles(std::int64_t interaction,
                                          std::vector<cases::Attachment> files,
                                          app::Callback<Status> done) {
  SubmitWrite(
      db_.writer(),
      [interaction, files = std::move(files)](Connection& db) -> Status {
        for (const auto& f : files) {
          using C = FileColumn;
          static const std::string kSql = kInteractionFiles.InsertOrIgnore();
          auto st = Execute(db, kSql, [&](Statement& q) {
            q.Bind(ParamOf(C::kInteractionId), interaction).Bind(ParamOf(C::kSha256), f.sha256);
            q.Bind(ParamOf(C::kName), f.name).Bind(ParamOf(C::kKind), f.kind);
            q.Bind(ParamOf(C::kContentType), f.content_type).Bind(ParamOf(C::kBytes), f.bytes);
            q.Bind(ParamOf(C::kCreatedAt), ToMicros(f.created_at));
          });
          if (!st) {
            return st;
          }
        }
        return {};
      },
      std::move(done));
}

Result<std::vector<cases::Attachment>> SqlContactStore::InteractionFiles(std::int64_t interaction) {
  static const std::string kSql = "SELECT " + kInteractionFiles.Select() +
                                  " FROM interaction_files WHERE interaction_id = ? ORDER BY "
                                  "created_at, name";
  return db_.ReadAll<cases::Attachment>(
      kSql, [&](Statement& q) { q.Bind(1, interaction); },
      [](const Statement& row) {
        using C = FileColumn;
        cases::Attachment a;
        a.sha256 = row.Text(At(C::kSha256));
        a.name = row.Text(At(C::kName));
        a.kind = row.Text(At(C::kKind));
        a.content_type = row.Text(At(C::kContentType));
        a.bytes = row.Int(At(C::kBytes));
        a.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
        return a;
      });
}

void SqlContactStore::RecordReplyReport(std::int64_t id, bool delivered, std::string note,
                                        app::Callback<Result<bool>> done) {
  SubmitJob<bool>(
      db_.writer(),
      [id, delivered, note = std::move(note)](Connection& db) -> Result<bool> {
        auto st = delivered ? Execute(db, "UPDATE contact_outbox SET receipt = ? WHERE id = ?",
                                      [&](Statement& q) { q.Bind(1, note).Bind(2, id); })
                            : Execute(db,
                                      "UPDATE contact_outbox SET state = 'dead', last_error = ? "
                                      "WHERE id = ?",
                                      [&](Statement& q) { q.Bind(1, note).Bind(2, id); });
        if (!st) {
          return st.error();
        }
        return db.Changes() > 0;
      },
      std::move(done));
}

Result<app::RepeatCounts> SqlContactStore::Repeats(Timestamp from, Timestamp to,
                                                   std::chrono::seconds window) {
  const std::int64_t window_us = std::chrono::microseconds(window).count();
  auto row = db_.ReadOne<app::RepeatCounts>(
      "SELECT COUNT(*), COALESCE(SUM(repeated), 0), COALESCE(SUM(informed), 0), "
      "COALESCE(SUM(informed AND repeated), 0) FROM (SELECT EXISTS (SELECT 1 FROM "
      "interactions n WHERE n.address_lookup = i.address_lookup AND n.id != i.id "
      "  AND n.offered_at > i.offered_at AND n.offered_at <= i.ended_at + ?) AS repeated, "
      "EXISTS (SELECT 1 FROM information_requests q WHERE q.interaction_id = i.id AND "
      "  q.outcome = 'answered') AS informed "
      "FROM interactions i WHERE i.state = 'ended' AND i.address_lookup != '' "
      "AND i.ended_at >= ? AND i.ended_at < ?) AS contacts",
      [&](Statement& q) { q.Bind(1, window_us).Bind(2, ToMicros(from)).Bind(3, ToMicros(to)); },
      [](const Statement& r) {
        return app::RepeatCounts{r.Int(0), r.Int(1), r.Int(2), r.Int(3)};
      });
  if (!row) {
    return row.error();
  }
  return row->value_or(app::RepeatCounts{});
}

}  // namespace ratusz::store::sql
