// SqlAttachmentIndex: which files cases have.

#include "cases/case_number.hpp"
#include "store/sql/query.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/store.hpp"

namespace ratusz::store::sql {

Result<std::vector<cases::Attachment>> SqlAttachmentIndex::ListAttachments(
    std::string_view canonical_number) {
  const auto id = cases::CaseIdFromNumber(canonical_number);
  if (!id) {
    return std::vector<cases::Attachment>{};
  }
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  static const std::string kSql =
      "SELECT " + kAttachments.Select() + " FROM attachments WHERE case_id = ? ORDER BY id";
  return Query<cases::Attachment>(
      *reader->get(), kSql, [&](Statement& q) { q.Bind(1, *id); }, ReadAttachment);
}

Result<bool> SqlAttachmentIndex::IsPublicMedia(std::string_view sha256) {
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  auto found = QueryOne<bool>(
      *reader->get(), "SELECT 1 FROM attachments WHERE sha256 = ? AND is_public = 1 LIMIT 1",
      [&](Statement& q) { q.Bind(1, sha256); }, [](const Statement&) { return true; });
  if (!found) {
    return found.error();
  }
  return found.value().has_value();
}

}  // namespace ratusz::store::sql
