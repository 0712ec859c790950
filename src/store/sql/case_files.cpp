#include "store/sql/case_files.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <variant>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/text_search.hpp"

namespace ratusz::store::sql {
namespace {

namespace json = boost::json;

// The columns of `tasks`, in the order of kTasks.
enum class TaskColumn {
  kCaseId,
  kDepartment,
  kJurisdiction,
  kState,
  kAssignee,
  kLead,
  kSlaTarget,
  kSlaUsed,
  kRunningSince,
  kWarnAt,
  kDueAt,
  kWarned,
  kEscalationLevel,
  kCreatedAt,
  kUpdatedAt,
  kExternalId,
  kCount
};
// The columns of `case_events` that are written (its id is the row id).
enum class EventColumn {
  kCaseId,
  kJurisdiction,
  kKind,
  kStatus,
  kDescription,
  kIsPublic,
  kMedia,
  kActor,
  kExternalId,
  kAt,
  kDepartment,
  kDetail,
  kCount
};
constexpr Columns<EventColumn> kEvents{
    "case_events",
    {"case_id", "jurisdiction_id", "kind", "status", "description", "is_public", "media_json",
     "actor", "external_id", "at", "department", "detail"}};

constexpr Columns<TaskColumn> kTasks{
    "tasks",
    {"case_id", "department", "jurisdiction_id", "state", "assignee", "lead", "sla_target",
     "sla_used", "running_since", "warn_at", "due_at", "warned", "escalation_level", "created_at",
     "updated_at", "external_id"}};

// A case row with the workflow's columns.
workflow::CaseFile ReadFileRow(const Statement& row) {
  using C = CaseColumn;
  workflow::CaseFile f;
  f.request = ReadCase(row);
  f.priority =
      workflow::ParsePriority(row.Text(At(C::kPriority))).value_or(workflow::Priority::kNormal);
  f.emergency = row.Int(At(C::kEmergency)) != 0;
  f.version = row.Int(At(C::kVersion));
  f.master_number = row.Text(At(C::kMasterNumber));
  return f;
}

workflow::Task ReadTask(const Statement& row) {
  using C = TaskColumn;
  workflow::Task t;
  t.department = row.Text(At(C::kDepartment));
  t.state = workflow::ParseTaskState(row.Text(At(C::kState))).value_or(workflow::TaskState::kNew);
  t.assignee = row.Text(At(C::kAssignee));
  t.lead = row.Int(At(C::kLead)) != 0;
  t.sla.target = workflow::Micros{row.Int(At(C::kSlaTarget))};
  t.sla.used = workflow::Micros{row.Int(At(C::kSlaUsed))};
  t.sla.running_since = OptionalTime(row, At(C::kRunningSince));
  t.sla.warn_at = OptionalTime(row, At(C::kWarnAt));
  t.sla.due_at = OptionalTime(row, At(C::kDueAt));
  t.sla.warned = row.Int(At(C::kWarned)) != 0;
  t.sla.escalation_level = static_cast<int>(row.Int(At(C::kEscalationLevel)));
  t.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
  t.updated_at = FromMicros(row.Int(At(C::kUpdatedAt)));
  t.external_id = row.Text(At(C::kExternalId));
  return t;
}

Status LoadTasks(Connection& db, workflow::CaseFile& file) {
  static const std::string kSql =
      "SELECT " + kTasks.Select() + " FROM tasks WHERE case_id = ? ORDER BY lead DESC, created_at";
  auto tasks = Query<workflow::Task>(
      db, kSql, [&](Statement& q) { q.Bind(1, file.request.id); }, ReadTask);
  if (!tasks) {
    return tasks.error();
  }
  file.tasks = std::move(tasks).value();
  return {};
}

// A public photo's event carries the photo's public URL.
std::vector<std::string> MediaOf(const workflow::WorkflowEvent& e, const workflow::Change& change) {
  if (e.kind != cases::EventKind::kAttached || !e.is_public) {
    return {};
  }
  for (const auto& a : change.attachments) {
    if (!a.public_url.empty() && e.detail == a.kind + " " + a.sha256) {
      return {a.public_url};
    }
  }
  return {};
}

std::string PayloadJson(const workflow::OutboxMessage& m) {
  json::object o;
  for (const auto& [key, value] : m.fields) {
    o[key] = value;
  }
  return json::serialize(o);
}

using Param = std::variant<std::int64_t, double, std::string>;

void BindAll(Statement& s, const std::vector<Param>& params) {
  int i = 1;
  for (const auto& p : params) {
    std::visit([&](const auto& v) { s.Bind(i, v); }, p);
    ++i;
  }
}

std::string In(const std::vector<std::string>& values, std::vector<Param>& params) {
  std::string out;
  for (const auto& v : values) {
    out += out.empty() ? "?" : ",?";
    params.emplace_back(v);
  }
  return "(" + out + ")";
}

}  // namespace

std::string FtsQuery(std::string_view text) {
  // Words of Polish addresses that people type in full or abbreviated ("ulica Zrodlowa" for
  // "ul. Źródłowa"); they tell nothing apart, so they are left out of the query.
  static constexpr std::string_view kAddressWords[] = {
      "ul",    "ulica", "ulicy",   "al",      "aleja", "alei",  "aleje", "pl",    "plac",
      "placu", "os",    "osiedle", "osiedlu", "rondo", "ronda", "skwer", "bulwar"};
  std::string out;
  for (const auto& word : SearchWords(text)) {
    if (std::find(std::begin(kAddressWords), std::end(kAddressWords), word) ==
        std::end(kAddressWords)) {
      out += (out.empty() ? "\"" : " \"") + word + "\"*";
    }
  }
  return out;
}

Result<std::optional<workflow::CaseFile>> LoadCaseFile(Connection& db, std::int64_t id) {
  static const std::string kSql =
      std::string("SELECT ") + CaseColumns() + " FROM cases WHERE id = ?";
  auto file = QueryOne<workflow::CaseFile>(
      db, kSql, [&](Statement& q) { q.Bind(1, id); }, ReadFileRow);
  if (!file || !file.value()) {
    return file;
  }
  if (auto s = LoadTasks(db, *file.value()); !s) {
    return s.error();
  }
  return file;
}

Status InsertEvent(Connection& db, const EventRow& e, std::int64_t* id) {
  using C = EventColumn;
  static const std::string kSql = kEvents.Insert();
  static const std::string kReturningId = kSql + " RETURNING id";
  auto stmt = db.Prepare(id != nullptr ? kReturningId : kSql);
  if (!stmt) {
    return stmt.error();
  }
  Statement& q = **stmt;
  q.Bind(ParamOf(C::kCaseId), e.case_id).Bind(ParamOf(C::kJurisdiction), e.jurisdiction_id);
  q.Bind(ParamOf(C::kKind), cases::EventKindName(e.kind));
  q.Bind(ParamOf(C::kStatus), cases::StatusName(e.status));
  q.Bind(ParamOf(C::kDescription), e.description);
  q.Bind(ParamOf(C::kIsPublic), std::int64_t{e.is_public ? 1 : 0});
  q.Bind(ParamOf(C::kMedia), e.media_json).Bind(ParamOf(C::kActor), e.actor);
  q.Bind(ParamOf(C::kExternalId), e.external_id).Bind(ParamOf(C::kAt), ToMicros(e.at));
  q.Bind(ParamOf(C::kDepartment), e.department).Bind(ParamOf(C::kDetail), e.detail);
  if (id == nullptr) {
    return q.Send();
  }
  auto row = q.Step();
  if (!row) {
    return row.error();
  }
  *id = q.Int(0);
  return q.Run();
}

std::string CaseSearchText(std::string_view title, std::string_view description,
                           std::string_view address) {
  std::string text(title);
  text += ' ';
  text += description;
  text += ' ';
  text += address;
  return FoldForSearch(text);
}

Status IndexCaseText(Connection& db, std::int64_t case_id, std::string_view folded_text) {
  if (db.dialect() == Dialect::kPostgres) {
    // A GIN index gathers its new entries itself (fastupdate): straight into the index table.
    return Send(db,
                "INSERT INTO cases_fts (case_id, document) VALUES (?, to_tsvector('simple', ?)) "
                "ON CONFLICT (case_id) DO UPDATE SET document = excluded.document",
                [&](Statement& q) { q.Bind(1, case_id).Bind(2, folded_text); });
  }
  return Send(db, "INSERT INTO search_queue (case_id, text) VALUES (?, ?)",
              [&](Statement& q) { q.Bind(1, case_id).Bind(2, folded_text); });
}

Status FlushSearchQueue(Connection& db) {
  if (db.dialect() == Dialect::kPostgres) {
    return {};  // Nothing waits there (IndexCaseText).
  }
  if (auto st = Execute(db,
                        "INSERT INTO cases_fts (rowid, text) SELECT case_id, text FROM "
                        "search_queue ORDER BY case_id",
                        [](Statement&) {});
      !st) {
    return st;
  }
  return Execute(db, "DELETE FROM search_queue", [](Statement&) {});
}

Result<std::vector<dedup::Stored>> CasesInBox(Connection& db, std::string_view jurisdiction_id,
                                              const dedup::SearchBox& box, int limit) {
  // One statement (one read transaction): a range scan of the grid-cell index per cell and
  // service over the window. Everything selected and filtered is in the index (the position
  // too), so no case row is read here.
  std::vector<Param> params = {std::string(jurisdiction_id)};
  std::string cells;
  for (const auto cell : dedup::CellsOf(box)) {
    cells += cells.empty() ? "?" : ",?";
    params.emplace_back(cell);
  }
  const std::string services = In(box.service_codes, params);
  params.emplace_back(ToMicros(box.since));
  params.emplace_back(ToMicros(box.until));
  params.emplace_back(box.south);
  params.emplace_back(box.north);
  params.emplace_back(box.west);
  params.emplace_back(box.east);
  params.emplace_back(std::int64_t{limit});
  const std::string sql =
      "SELECT id, service_code, lat, lon, requested_at FROM cases WHERE jurisdiction_id = ? AND "
      "geo_cell IN (" +
      cells + ") AND service_code IN " + services +
      " AND requested_at BETWEEN ? AND ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? LIMIT ?";
  auto stmt = db.Prepare(sql);
  if (!stmt) {
    return stmt.error();
  }
  BindAll(**stmt, params);
  return CollectRows<dedup::Stored>(**stmt, [](const Statement& row) {
    dedup::Stored s;
    s.number = cases::CaseNumberFor(row.Int(0));
    s.service_code = row.Text(1);
    s.location = cases::GeoPoint{row.Real(2), row.Real(3)};
    s.requested_at = FromMicros(row.Int(4));
    return s;
  });
}

Status CompleteCandidates(Connection& db, std::vector<dedup::Stored>& cases) {
  std::map<std::int64_t, dedup::Stored*> by_id;
  std::vector<Param> params;
  std::string ids;
  for (auto& s : cases) {
    if (s.complete) {
      continue;  // Known from memory (the recent grid).
    }
    if (const auto id = cases::CaseIdFromNumber(s.number)) {
      by_id[*id] = &s;
      ids += ids.empty() ? "?" : ",?";
      params.emplace_back(*id);
    }
  }
  if (by_id.empty()) {
    return {};
  }
  auto stmt = db.Prepare(
      "SELECT id, status, master_number, title || ' ' || description || ' ' || address FROM "
      "cases WHERE id IN (" +
      ids + ")");
  if (!stmt) {
    return stmt.error();
  }
  BindAll(**stmt, params);
  for (;;) {
    auto row = (*stmt)->Step();
    if (!row) {
      return row.error();
    }
    if (!row.value()) {
      return {};
    }
    dedup::Stored& s = *by_id.at((*stmt)->Int(0));
    s.status = cases::ParseStatus((*stmt)->Text(1)).value_or(cases::Status::kOpen);
    s.master_number = (*stmt)->Text(2);
    s.text = (*stmt)->Text(3);
    s.stems = dedup::StemsOf(s.text);
    s.complete = true;
  }
}

Status WriteCaseFile(Connection& db, const workflow::CaseFile& file, const workflow::Change& change,
                     const std::string& actor, Timestamp at,
                     const app::OutboxDisposition& disposition) {
  const auto& r = file.request;
  auto st = Execute(db,
                    "UPDATE cases SET service_code = ?, status = ?, status_notes = ?, "
                    "updated_at = ?, expected_at = ?, agency_responsible = ?, priority = ?, "
                    "emergency = ?, version = ?, master_number = ? WHERE id = ?",
                    [&](Statement& q) {
                      q.Bind(1, r.service_code).Bind(2, cases::StatusName(r.status));
                      q.Bind(3, r.status_notes).Bind(4, ToMicros(at));
                      q.Bind(5, OptionalMicros(r.expected_at)).Bind(6, r.agency_responsible);
                      q.Bind(7, workflow::PriorityName(file.priority));
                      q.Bind(8, std::int64_t{file.emergency ? 1 : 0}).Bind(9, file.version);
                      q.Bind(10, file.master_number).Bind(11, r.id);
                    });
  if (!st) {
    return st;
  }
  st = WriteTasks(db, file, /*replace=*/true);
  if (!st) {
    return st;
  }
  return WriteChange(db, file, change, actor, at, disposition);
}

Status WriteTasks(Connection& db, const workflow::CaseFile& file, bool replace) {
  const auto& r = file.request;
  Status st;
  if (replace) {
    st = Send(db, "DELETE FROM tasks WHERE case_id = ?", [&](Statement& q) { q.Bind(1, r.id); });
    if (!st) {
      return st;
    }
  }
  for (const auto& t : file.tasks) {
    static const std::string kInsert = kTasks.Insert();
    st = Send(db, kInsert, [&](Statement& q) {
      using C = TaskColumn;
      q.Bind(ParamOf(C::kCaseId), r.id).Bind(ParamOf(C::kDepartment), t.department);
      q.Bind(ParamOf(C::kJurisdiction), r.jurisdiction_id);
      q.Bind(ParamOf(C::kState), workflow::TaskStateName(t.state));
      q.Bind(ParamOf(C::kAssignee), t.assignee);
      q.Bind(ParamOf(C::kLead), std::int64_t{t.lead ? 1 : 0});
      q.Bind(ParamOf(C::kSlaTarget), t.sla.target.count());
      q.Bind(ParamOf(C::kSlaUsed), t.sla.used.count());
      q.Bind(ParamOf(C::kRunningSince), OptionalMicros(t.sla.running_since));
      q.Bind(ParamOf(C::kWarnAt), OptionalMicros(t.sla.warn_at));
      q.Bind(ParamOf(C::kDueAt), OptionalMicros(t.sla.due_at));
      q.Bind(ParamOf(C::kWarned), std::int64_t{t.sla.warned ? 1 : 0});
      q.Bind(ParamOf(C::kEscalationLevel), std::int64_t{t.sla.escalation_level});
      q.Bind(ParamOf(C::kCreatedAt), ToMicros(t.created_at));
      q.Bind(ParamOf(C::kUpdatedAt), ToMicros(t.updated_at));
      q.Bind(ParamOf(C::kExternalId), t.external_id);
    });
    if (!st) {
      return st;
    }
  }
  return st;
}

Status WriteChange(Connection& db, const workflow::CaseFile& file, const workflow::Change& change,
                   const std::string& actor, Timestamp at,
                   const app::OutboxDisposition& disposition, bool new_case) {
  const auto& r = file.request;
  Status st;
  for (const auto& e : change.events) {
    st = InsertEvent(db, EventRow{r.id,
                                  r.jurisdiction_id,
                                  e.kind,
                                  r.status,
                                  e.description,
                                  e.is_public,
                                  EncodeStrings(MediaOf(e, change)),
                                  actor,
                                  {},
                                  at,
                                  e.department,
                                  e.detail});
    if (!st) {
      return st;
    }
  }
  for (const auto& a : change.attachments) {
    st = InsertAttachment(db, r.id, r.jurisdiction_id, a);
    if (!st) {
      return st;
    }
  }
  for (const auto& number : change.new_followers) {
    st = Send(db, "INSERT OR IGNORE INTO followers (case_id, from_case, created_at) VALUES (?,?,?)",
              [&](Statement& q) {
                q.Bind(1, r.id).Bind(2, cases::CaseIdFromNumber(number).value_or(0));
                q.Bind(3, ToMicros(at));
              });
    if (!st) {
      return st;
    }
  }
  for (const auto& number : change.dropped_followers) {
    st = Send(db, "DELETE FROM followers WHERE case_id = ? AND from_case = ?", [&](Statement& q) {
      q.Bind(1, r.id).Bind(2, cases::CaseIdFromNumber(number).value_or(0));
    });
    if (!st) {
      return st;
    }
  }
  // Messages to the resident go to the reporters of merged duplicates too ("resident:<number>").
  std::vector<std::string> recipients_of_resident_messages = {"resident"};
  const bool to_resident = std::any_of(change.outbox.begin(), change.outbox.end(),
                                       [](const auto& m) { return m.recipient == "resident"; });
  if (to_resident) {
    // A new case's followers are those its change brings (no row could name it before).
    Result<std::vector<std::int64_t>> followers = std::vector<std::int64_t>{};
    if (new_case) {
      for (const auto& number : change.new_followers) {
        followers->push_back(cases::CaseIdFromNumber(number).value_or(0));
      }
      std::sort(followers->begin(), followers->end());
      followers->erase(std::unique(followers->begin(), followers->end()), followers->end());
    } else {
      followers = Query<std::int64_t>(
          db, "SELECT from_case FROM followers WHERE case_id = ? ORDER BY from_case",
          [&](Statement& q) { q.Bind(1, r.id); }, [](const Statement& row) { return row.Int(0); });
    }
    if (!followers) {
      return followers.error();
    }
    for (const auto id : followers.value()) {
      recipients_of_resident_messages.push_back("resident:" + cases::CaseNumberFor(id));
    }
  }
  for (const auto& m : change.outbox) {
    const std::string payload = PayloadJson(m);
    const auto insert = [&](const std::string& recipient) {
      const auto local = disposition ? disposition(m.topic, recipient) : std::nullopt;
      const std::string_view state = !local ? "pending" : (local->held ? "held" : "delivered");
      static const std::string kInsert = kOutbox.Insert();
      return Send(db, kInsert, [&](Statement& q) {
        using C = OutboxColumn;
        q.BindNull(ParamOf(C::kId)).Bind(ParamOf(C::kCaseId), r.id);
        q.Bind(ParamOf(C::kJurisdiction), r.jurisdiction_id).Bind(ParamOf(C::kTopic), m.topic);
        q.Bind(ParamOf(C::kRecipient), recipient);
        q.Bind(ParamOf(C::kPriority), std::int64_t{m.priority});
        q.Bind(ParamOf(C::kPayload), payload).Bind(ParamOf(C::kState), state);
        q.Bind(ParamOf(C::kAttempts), std::int64_t{0});
        q.Bind(ParamOf(C::kNextAttemptAt), ToMicros(at));
        q.Bind(ParamOf(C::kLastError), std::string_view());
        q.Bind(ParamOf(C::kChannel), local ? local->channel : std::string());
        q.Bind(ParamOf(C::kCreatedAt), ToMicros(at));
        q.Bind(ParamOf(C::kDeliveredAt),
               local && !local->held ? std::optional<std::int64_t>(ToMicros(at)) : std::nullopt);
        q.Bind(ParamOf(C::kReceipt), std::string_view());
      });
    };
    if (m.recipient != "resident") {
      st = insert(m.recipient);
      if (!st) {
        return st;
      }
      continue;
    }
    for (const auto& recipient : recipients_of_resident_messages) {
      st = insert(recipient);
      if (!st) {
        return st;
      }
    }
  }
  return {};
}

Result<app::CaseSearchResult> SearchCaseFiles(Connection& db, const app::CaseSearch& s) {
  std::string where = " WHERE 1 = 1";
  std::vector<Param> params;
  if (!s.jurisdictions.empty()) {
    where += " AND c.jurisdiction_id IN " + In(s.jurisdictions, params);
  }
  if (!s.statuses.empty()) {
    where += " AND c.status IN " + In(s.statuses, params);
  }
  if (!s.service_codes.empty()) {
    where += " AND c.service_code IN " + In(s.service_codes, params);
  }
  if (!s.channels.empty()) {
    where += " AND c.channel IN " + In(s.channels, params);
  }
  if (!s.departments.empty()) {
    where += " AND EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.department IN " +
             In(s.departments, params) + ")";
  }
  if (!s.assignee.empty()) {
    where += " AND EXISTS (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND t.assignee = ?)";
    params.emplace_back(s.assignee);
  }
  if (s.from) {
    where += " AND c.requested_at >= ?";
    params.emplace_back(ToMicros(*s.from));
  }
  if (s.to) {
    where += " AND c.requested_at <= ?";
    params.emplace_back(ToMicros(*s.to));
  }
  std::optional<cases::Bounds> box = s.bbox;
  if (s.near && s.radius_m > 0) {
    // An equirectangular approximation: exact enough within a city.
    const double dlat = s.radius_m / 111320.0;
    const double k = std::cos(s.near->lat * M_PI / 180.0);
    const double dlon = dlat / std::max(k, 0.01);
    box = cases::Bounds{s.near->lat - dlat, s.near->lon - dlon, s.near->lat + dlat,
                        s.near->lon + dlon};
    where += " AND ((c.lat - ?) * (c.lat - ?) + (c.lon - ?) * (c.lon - ?) * ?) <= ?";
    params.emplace_back(s.near->lat);
    params.emplace_back(s.near->lat);
    params.emplace_back(s.near->lon);
    params.emplace_back(s.near->lon);
    params.emplace_back(k * k);
    params.emplace_back(dlat * dlat);
  }
  if (box) {
    where += " AND c.lat BETWEEN ? AND ? AND c.lon BETWEEN ? AND ?";
    params.emplace_back(box->south);
    params.emplace_back(box->north);
    params.emplace_back(box->west);
    params.emplace_back(box->east);
  }
  if (const std::string match = FtsQuery(s.text); !match.empty()) {
    if (db.dialect() == Dialect::kPostgres) {
      where +=
          " AND c.id IN (SELECT case_id FROM cases_fts WHERE document @@ to_tsquery('simple', "
          "?))";
      params.emplace_back(TsQueryOf(match));
    } else {
      where += " AND c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)";
      params.emplace_back(match);
    }
  }
  if (s.sla) {
    const std::int64_t now = ToMicros(s.now);
    const std::string task = " (SELECT 1 FROM tasks t WHERE t.case_id = c.id AND ";
    switch (*s.sla) {
      case workflow::SlaState::kBreached:
        where += " AND EXISTS" + task + "t.due_at <= ?)";
        params.emplace_back(now);
        break;
      case workflow::SlaState::kAtRisk:
        where += " AND EXISTS" + task + "t.warn_at <= ? AND t.due_at > ?) AND NOT EXISTS" + task +
                 "t.due_at <= ?)";
        params.insert(params.end(), {now, now, now});
        break;
      default:
        where += " AND EXISTS" + task + "t.warn_at > ?) AND NOT EXISTS" + task + "t.warn_at <= ?)";
        params.insert(params.end(), {now, now});
        break;
    }
  }
  std::string order;
  switch (s.sort) {
    case app::CaseSort::kNewest:
      order = " ORDER BY c.requested_at DESC, c.id DESC";
      break;
    case app::CaseSort::kOldest:
      order = " ORDER BY c.requested_at, c.id";
      break;
    case app::CaseSort::kRecentlyUpdated:
      order = " ORDER BY c.updated_at DESC, c.id DESC";
      break;
    case app::CaseSort::kDueFirst:
      order =
          " ORDER BY (SELECT MIN(t.due_at) FROM tasks t WHERE t.case_id = c.id) IS NULL, "
          "(SELECT MIN(t.due_at) FROM tasks t WHERE t.case_id = c.id), c.id";
      break;
  }
  app::CaseSearchResult result;
  {
    auto count = db.PrepareOnce("SELECT COUNT(*) FROM cases c" + where);
    if (!count) {
      return count.error();
    }
    BindAll(**count, params);
    auto row = (*count)->Step();
    if (!row) {
      return row.error();
    }
    result.total = (*count)->Int(0);
  }
  auto stmt = db.PrepareOnce(std::string("SELECT ") + CaseColumns() + " FROM cases c" + where +
                             order + " LIMIT ? OFFSET ?");
  if (!stmt) {
    return stmt.error();
  }
  params.emplace_back(std::int64_t{s.limit});
  params.emplace_back(std::int64_t{s.offset});
  BindAll(**stmt, params);
  auto files = CollectRows<workflow::CaseFile>(**stmt, ReadFileRow);
  if (!files) {
    return files.error();
  }
  for (auto& f : files.value()) {
    if (auto st = LoadTasks(db, f); !st) {
      return st.error();
    }
  }
  result.cases = std::move(files).value();
  return result;
}

}  // namespace ratusz::store::sql
