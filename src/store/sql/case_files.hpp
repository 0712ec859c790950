#pragma once

// Case files (a case with its tasks) in SQLite: reading, writing a workflow change with its
// events, outbox messages and followers, and the staff search. Internal to the SQLite store.

#include <optional>
#include <string>

#include "app/ports.hpp"
#include "store/sql/connection.hpp"
#include "workflow/case_file.hpp"

namespace ratusz::store::sql {

[[nodiscard]] Result<std::optional<workflow::CaseFile>> LoadCaseFile(Connection& db,
                                                                     std::int64_t id);
// Writes the file's new state (the case row and its tasks) and what the change produced.
// Outbox messages that stay inside (`disposition`) are written in their final state.
[[nodiscard]] Status WriteCaseFile(Connection& db, const workflow::CaseFile& file,
                                   const workflow::Change& change, const std::string& actor,
                                   Timestamp at, const app::OutboxDisposition& disposition);
// Cases in a duplicate search box: the grid-cell index, place and time only.
[[nodiscard]] Result<std::vector<dedup::Stored>> CasesInBox(Connection& db,
                                                            std::string_view jurisdiction_id,
                                                            const dedup::SearchBox& box, int limit);
// Status, master and text of cases found by CasesInBox, by their numbers.
Status CompleteCandidates(Connection& db, std::vector<dedup::Stored>& cases);
// The parts of WriteCaseFile, for a case being created: its tasks (`replace`: drop the old
// ones first) and what the change produced (events, outbox messages, followers).
[[nodiscard]] Status WriteTasks(Connection& db, const workflow::CaseFile& file, bool replace);
// `new_case`: the case is being created in this transaction (no row names it yet).
[[nodiscard]] Status WriteChange(Connection& db, const workflow::CaseFile& file,
                                 const workflow::Change& change, const std::string& actor,
                                 Timestamp at, const app::OutboxDisposition& disposition,
                                 bool new_case = false);
// One row of case_events as it is written (the history; the source of Open311 updates).
struct EventRow {
  std::int64_t case_id = 0;
  std::string_view jurisdiction_id;
  cases::EventKind kind = cases::EventKind::kNote;
  cases::Status status = cases::Status::kOpen;  // The case's status after the event.
  std::string_view description;
  bool is_public = false;
  std::string media_json = "[]";
  std::string_view actor;
  std::string_view external_id;  // A client's own id of an update (a repeat is refused).
  Timestamp at;
  std::string_view department;
  std::string_view detail;
};
// Appends the event (the one statement that writes case_events); with `id`, tells the id it
// was given.
[[nodiscard]] Status InsertEvent(Connection& db, const EventRow& e, std::int64_t* id = nullptr);

// What the search index holds of a case: its title, description and address, folded.
std::string CaseSearchText(std::string_view title, std::string_view description,
                           std::string_view address);

// Queues a new case's folded text for the search index; FlushSearchQueue indexes what waits,
// many cases in one statement (FTS5 writes one segment, not one per case). PostgreSQL's GIN
// index takes each case at once (its pending list gathers them).
[[nodiscard]] Status IndexCaseText(Connection& db, std::int64_t case_id,
                                   std::string_view folded_text);
[[nodiscard]] Status FlushSearchQueue(Connection& db);

[[nodiscard]] Result<app::CaseSearchResult> SearchCaseFiles(Connection& db,
                                                            const app::CaseSearch& search);
// "zrodlowa ul" -> "\"zrodlowa\"* \"ul\"*": every word, as a prefix; nothing else of FTS5's
// query syntax gets through.
std::string FtsQuery(std::string_view text);

}  // namespace ratusz::store::sql
