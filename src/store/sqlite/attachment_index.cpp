// SqliteAttachmentIndex: which files cases have.

#include "cases/case_number.hpp"
#include "store/sqlite/query.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ratusz::store::sqlite {

Result<std::vector<cases::Attachment>> SqliteAttachmentIndex::ListAttachments(
    std::string_view canonical_number) {
  const auto id = cases::CaseIdFromNumber(canonical_number);
  if (!id) {
    return std::vector<cases::Attachment>{};
  }
  auto reader = db_.BorrowReader();
  if (!reader) {
    return reader.error();
  }
  return Query<cases::Attachment>(
      *reader->get(),
      "SELECT id, kind, name, content_type, sha256, bytes, width, height, is_public, "
      "uploaded_by, created_at FROM attachments WHERE case_id = ? ORDER BY id",
      [&](Statement& q) { q.Bind(1, *id); },
      [](const Statement& row) {
        cases::Attachment a;
        a.id = row.Int(0);
        a.kind = row.Text(1);
        a.name = row.Text(2);
        a.content_type = row.Text(3);
        a.sha256 = row.Text(4);
        a.bytes = row.Int(5);
        a.width = static_cast<int>(row.Int(6));
        a.height = static_cast<int>(row.Int(7));
        a.is_public = row.Int(8) != 0;
        a.uploaded_by = row.Text(9);
        a.created_at = FromMicros(row.Int(10));
        return a;
      });
}

Result<bool> SqliteAttachmentIndex::IsPublicMedia(std::string_view sha256) {
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

}  // namespace ratusz::store::sqlite
