#include "store/sql/rows.hpp"

#include <boost/json.hpp>

#include "cases/case_number.hpp"

namespace ratusz::store::sql {

namespace json = boost::json;

constexpr Columns<CaseColumn> kCases{"cases",
                                     {"id",
                                      "number",
                                      "token",
                                      "jurisdiction_id",
                                      "service_code",
                                      "status",
                                      "status_notes",
                                      "title",
                                      "description",
                                      "lat",
                                      "lon",
                                      "address",
                                      "address_id",
                                      "zipcode",
                                      "attributes_json",
                                      "media_json",
                                      "reporter_first_name",
                                      "reporter_last_name",
                                      "reporter_email",
                                      "reporter_phone",
                                      "reporter_device_id",
                                      "reporter_account_id",
                                      "channel",
                                      "client_name",
                                      "requested_at",
                                      "updated_at",
                                      "expected_at",
                                      "agency_responsible",
                                      "service_notice",
                                      "priority",
                                      "emergency",
                                      "version",
                                      "master_number",
                                      "geo_cell",
                                      "reporter_email_lookup",
                                      "reporter_phone_lookup"}};

const std::string& CaseColumns() {
  static const std::string columns = kCases.Select();
  return columns;
}

const char* const kEventColumns =
    "e.id, e.case_id, c.number, e.kind, e.status, e.description, e.is_public, e.media_json, "
    "e.actor, e.external_id, e.at";

cases::ServiceRequest ReadCase(const Statement& row) {
  using C = CaseColumn;
  cases::ServiceRequest r;
  r.id = row.Int(At(C::kId));
  r.number = row.Text(At(C::kNumber));
  r.token = row.Text(At(C::kToken));
  r.jurisdiction_id = row.Text(At(C::kJurisdiction));
  r.service_code = row.Text(At(C::kServiceCode));
  r.status = cases::ParseStatus(row.Text(At(C::kStatus))).value_or(cases::Status::kOpen);
  r.status_notes = row.Text(At(C::kStatusNotes));
  r.title = row.Text(At(C::kTitle));
  r.description = row.Text(At(C::kDescription));
  if (!row.IsNull(At(C::kLat)) && !row.IsNull(At(C::kLon))) {
    r.location = cases::GeoPoint{row.Real(At(C::kLat)), row.Real(At(C::kLon))};
  }
  r.address = row.Text(At(C::kAddress));
  r.address_id = row.Text(At(C::kAddressId));
  r.zipcode = row.Text(At(C::kZipcode));
  r.attributes = DecodeAttributes(row.Text(At(C::kAttributes)));
  r.media_urls = DecodeStrings(row.Text(At(C::kMedia)));
  r.reporter.device_id = row.Text(At(C::kReporterDeviceId));
  r.reporter.account_id = row.Text(At(C::kReporterAccountId));
  r.channel = cases::ParseChannel(row.Text(At(C::kChannel))).value_or(cases::Channel::kOpen311);
  r.client_name = row.Text(At(C::kClientName));
  r.requested_at = FromMicros(row.Int(At(C::kRequestedAt)));
  r.updated_at = FromMicros(row.Int(At(C::kUpdatedAt)));
  r.expected_at = OptionalTime(row, At(C::kExpectedAt));
  r.agency_responsible = row.Text(At(C::kAgencyResponsible));
  r.service_notice = row.Text(At(C::kServiceNotice));
  return r;
}

cases::ServiceRequest ReadCaseOpened(const Statement& row, const security::PersonalData& personal) {
  using C = CaseColumn;
  cases::ServiceRequest r = ReadCase(row);
  r.reporter.first_name = personal.Open(row.Text(At(C::kReporterFirstName)));
  r.reporter.last_name = personal.Open(row.Text(At(C::kReporterLastName)));
  r.reporter.email = personal.Open(row.Text(At(C::kReporterEmail)));
  r.reporter.phone = personal.Open(row.Text(At(C::kReporterPhone)));
  return r;
}

cases::CaseEvent ReadEvent(const Statement& row) {
  cases::CaseEvent e;
  e.id = row.Int(0);
  e.case_id = row.Int(1);
  e.case_number = row.Text(2);
  e.kind = cases::ParseEventKind(row.Text(3)).value_or(cases::EventKind::kNote);
  e.status = cases::ParseStatus(row.Text(4)).value_or(cases::Status::kOpen);
  e.description = row.Text(5);
  e.is_public = row.Int(6) != 0;
  e.media_urls = DecodeStrings(row.Text(7));
  e.actor = row.Text(8);
  e.external_id = row.Text(9);
  e.at = FromMicros(row.Int(10));
  return e;
}

std::string EncodeAttributes(const std::vector<cases::AttributeAnswer>& attributes) {
  json::array out;
  for (const auto& a : attributes) {
    json::array values;
    for (const auto& v : a.values) {
      values.emplace_back(v);
    }
    out.emplace_back(json::object{{"code", a.code}, {"values", std::move(values)}});
  }
  return json::serialize(out);
}

std::vector<cases::AttributeAnswer> DecodeAttributes(const std::string& text) {
  std::vector<cases::AttributeAnswer> out;
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) {
    return out;  // Written by EncodeAttributes only; a damaged row shows no attributes.
  }
  for (const auto& item : v.as_array()) {
    if (!item.is_object()) {
      continue;
    }
    const auto& o = item.as_object();
    cases::AttributeAnswer a;
    if (const auto* code = o.if_contains("code"); code && code->is_string()) {
      a.code = std::string(code->as_string());
    }
    if (const auto* values = o.if_contains("values"); values && values->is_array()) {
      for (const auto& value : values->as_array()) {
        if (value.is_string()) {
          a.values.emplace_back(value.as_string());
        }
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

namespace {

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

}  // namespace

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

std::optional<Timestamp> OptionalTime(const Statement& row, int column) {
  if (row.IsNull(column)) {
    return std::nullopt;
  }
  return FromMicros(row.Int(column));
}

std::optional<std::int64_t> OptionalMicros(const std::optional<Timestamp>& t) {
  if (!t) {
    return std::nullopt;
  }
  return ToMicros(*t);
}

std::string EncodeStrings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) {
    out.emplace_back(v);
  }
  return json::serialize(out);
}

std::vector<std::string> DecodeStrings(const std::string& text) {
  std::vector<std::string> out;
  if (text == "[]") {
    return out;
  }
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) {
    return out;
  }
  for (const auto& item : v.as_array()) {
    if (item.is_string()) {
      out.emplace_back(item.as_string());
    }
  }
  return out;
}

constexpr Columns<OutboxColumn> kOutbox{
    "outbox",
    {"id", "case_id", "jurisdiction_id", "topic", "recipient", "priority", "payload_json", "state",
     "attempts", "next_attempt_at", "last_error", "channel", "created_at", "delivered_at",
     "receipt"}};

constexpr Columns<AttachmentColumn> kAttachments{
    "attachments",
    {"id", "case_id", "jurisdiction_id", "kind", "name", "content_type", "sha256", "bytes", "width",
     "height", "is_public", "uploaded_by", "created_at"}};

cases::Attachment ReadAttachment(const Statement& row) {
  using C = AttachmentColumn;
  cases::Attachment a;
  a.id = row.Int(At(C::kId));
  a.kind = row.Text(At(C::kKind));
  a.name = row.Text(At(C::kName));
  a.content_type = row.Text(At(C::kContentType));
  a.sha256 = row.Text(At(C::kSha256));
  a.bytes = row.Int(At(C::kBytes));
  a.width = static_cast<int>(row.Int(At(C::kWidth)));
  a.height = static_cast<int>(row.Int(At(C::kHeight)));
  a.is_public = row.Int(At(C::kIsPublic)) != 0;
  a.uploaded_by = row.Text(At(C::kUploadedBy));
  a.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
  return a;
}

Status InsertAttachment(Connection& db, std::int64_t case_id, std::string_view jurisdiction_id,
                        const cases::Attachment& a) {
  using C = AttachmentColumn;
  static const std::string kSql = kAttachments.Insert();
  auto stmt = db.Prepare(kSql);
  if (!stmt) {
    return stmt.error();
  }
  Statement& q = **stmt;
  q.BindNull(ParamOf(C::kId)).Bind(ParamOf(C::kCaseId), case_id);
  q.Bind(ParamOf(C::kJurisdiction), jurisdiction_id).Bind(ParamOf(C::kKind), a.kind);
  q.Bind(ParamOf(C::kName), a.name).Bind(ParamOf(C::kContentType), a.content_type);
  q.Bind(ParamOf(C::kSha256), a.sha256).Bind(ParamOf(C::kBytes), a.bytes);
  q.Bind(ParamOf(C::kWidth), std::int64_t{a.width})
      .Bind(ParamOf(C::kHeight), std::int64_t{a.height});
  q.Bind(ParamOf(C::kIsPublic), std::int64_t{a.is_public ? 1 : 0});
  q.Bind(ParamOf(C::kUploadedBy), a.uploaded_by);
  q.Bind(ParamOf(C::kCreatedAt), ToMicros(a.created_at));
  return q.Run();
}

const std::string& OutboxColumns() {
  static const std::string columns = kOutbox.Select();
  return columns;
}

app::OutboxItem ReadOutboxItem(const Statement& row) {
  using C = OutboxColumn;
  app::OutboxItem m;
  m.id = row.Int(At(C::kId));
  m.case_id = row.Int(At(C::kCaseId));
  m.case_number = cases::CaseNumberFor(m.case_id);
  m.jurisdiction_id = row.Text(At(C::kJurisdiction));
  m.topic = row.Text(At(C::kTopic));
  m.recipient = row.Text(At(C::kRecipient));
  m.priority = static_cast<int>(row.Int(At(C::kPriority)));
  m.payload_json = row.Text(At(C::kPayload));
  m.state = app::ParseDeliveryState(row.Text(At(C::kState))).value_or(app::DeliveryState::kPending);
  m.attempts = static_cast<int>(row.Int(At(C::kAttempts)));
  m.next_attempt_at = FromMicros(row.Int(At(C::kNextAttemptAt)));
  m.last_error = row.Text(At(C::kLastError));
  m.channel = row.Text(At(C::kChannel));
  m.receipt = row.Text(At(C::kReceipt));
  m.created_at = FromMicros(row.Int(At(C::kCreatedAt)));
  m.delivered_at = OptionalTime(row, At(C::kDeliveredAt));
  return m;
}

}  // namespace ratusz::store::sql
