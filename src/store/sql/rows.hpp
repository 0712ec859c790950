#pragma once

// Mapping between case rows and domain values. Internal to the SQLite store.

#include <string>
#include <vector>

#include "app/ports.hpp"
#include "cases/case.hpp"
#include "security/personal_data.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/table.hpp"

namespace ratusz::store::sql {

// The columns of `cases`, in the order of kCases.
enum class CaseColumn {
  kId,
  kNumber,
  kToken,
  kJurisdiction,
  kServiceCode,
  kStatus,
  kStatusNotes,
  kTitle,
  kDescription,
  kLat,
  kLon,
  kAddress,
  kAddressId,
  kZipcode,
  kAttributes,
  kMedia,
  kReporterFirstName,  // Sealed (security::PersonalData), like the three after it.
  kReporterLastName,
  kReporterEmail,
  kReporterPhone,
  kReporterDeviceId,
  kReporterAccountId,
  kChannel,
  kClientName,
  kRequestedAt,
  kUpdatedAt,
  kExpectedAt,
  kAgencyResponsible,
  kServiceNotice,
  kPriority,
  kEmergency,
  kVersion,
  kMasterNumber,
  kGeoCell,
  kEmailLookup,  // Keyed hashes of the reporter's e-mail address and phone number.
  kPhoneLookup,
  kCount
};
extern const Columns<CaseColumn> kCases;
// kCases.Select(): the columns ReadCase expects, in order, for "SELECT ... FROM cases" (a
// function, so that statements built at start-up in other files find it made).
const std::string& CaseColumns();
// Without the reporter's name, e-mail and phone (they stay sealed in the row): what public
// reads and the workflow need.
cases::ServiceRequest ReadCase(const Statement& row);
// With the reporter's personal fields opened.
cases::ServiceRequest ReadCaseOpened(const Statement& row, const security::PersonalData& personal);

// The columns ReadEvent expects: "SELECT <kEventColumns> FROM case_events e JOIN cases c ...".
extern const char* const kEventColumns;
cases::CaseEvent ReadEvent(const Statement& row);

// The columns of `outbox`, in the order of kOutbox (id: NULL in an INSERT, the next row id).
enum class OutboxColumn {
  kId,
  kCaseId,
  kJurisdiction,
  kTopic,
  kRecipient,
  kPriority,
  kPayload,
  kState,
  kAttempts,
  kNextAttemptAt,
  kLastError,
  kChannel,
  kCreatedAt,
  kDeliveredAt,
  kReceipt,
  kCount
};
extern const Columns<OutboxColumn> kOutbox;
// kOutbox.Select(): the columns ReadOutboxItem expects, for "SELECT ... FROM outbox".
const std::string& OutboxColumns();
app::OutboxItem ReadOutboxItem(const Statement& row);

// "'open','for_triage',..." for SQL: the statuses on one side of open (true) / closed, where
// the city's work is done (false).
std::string StatusList(bool open);

// The columns of `attachments`, in the order of kAttachments (id: NULL in an INSERT).
enum class AttachmentColumn {
  kId,
  kCaseId,
  kJurisdiction,
  kKind,
  kName,
  kContentType,
  kSha256,
  kBytes,
  kWidth,
  kHeight,
  kIsPublic,
  kUploadedBy,
  kCreatedAt,
  kCount
};
extern const Columns<AttachmentColumn> kAttachments;
cases::Attachment ReadAttachment(const Statement& row);
// Writes the file's record for the case (inside a writer job).
[[nodiscard]] Status InsertAttachment(Connection& db, std::int64_t case_id,
                                      std::string_view jurisdiction_id, const cases::Attachment& a);

std::string EncodeAttributes(const std::vector<cases::AttributeAnswer>& attributes);
std::vector<cases::AttributeAnswer> DecodeAttributes(const std::string& json);
std::string EncodeStrings(const std::vector<std::string>& values);

// A nullable time column, and the value to bind for an optional time (microseconds, UTC).
std::optional<Timestamp> OptionalTime(const Statement& row, int column);
std::optional<std::int64_t> OptionalMicros(const std::optional<Timestamp>& t);
std::vector<std::string> DecodeStrings(const std::string& json);

}  // namespace ratusz::store::sql
