#pragma once

// Cases and their history: opening, changing and finding cases, and residents' answers to
// the survey about how their case went (S17).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/callback.hpp"
#include "cases/case.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "dedup/dedup.hpp"
#include "workflow/case_file.hpp"
#include "workflow/workflow.hpp"

namespace ratusz::app {

// The steps of opening a case that the use case decides. The store numbers the case and
// runs Open before its write transaction (on the caller's thread), and Merge inside it, with
// the master as stored at that moment.
class CaseOpening {
 public:
  virtual ~CaseOpening() = default;
  // Dispatches the numbered case (workflow::Workflow::Open) and attaches the files that came
  // with it. An error writes nothing.
  [[nodiscard]] virtual Result<workflow::Change> Open(workflow::CaseFile& file) const = 0;
  // Merges the new case into `master` (a duplicate the intake recognised, or one an agent
  // named).
  [[nodiscard]] virtual Result<workflow::MergeChange> Merge(workflow::CaseFile& duplicate,
                                                            workflow::CaseFile& master) const = 0;
};

struct CreateCaseCommand {
  cases::ServiceRequest request;  // id, number and token are assigned by the store.
  std::string token_secret;       // The random part of the token (cases::TokenFor).
  // Idempotency: a retried POST with the same key (within the same client) returns the first
  // case. `fingerprint` is a hash of what was sent; the same key with another body is a conflict.
  std::string idempotency_key;
  std::int64_t client_id = 0;
  std::string fingerprint;
  // Null: the case is stored as it is, with no task.
  std::shared_ptr<const CaseOpening> opening;
  // When set, the new case is merged into this one in the same transaction. A failed merge
  // fails the whole creation when `merge_required`, and is skipped otherwise.
  std::string merge_into;
  bool merge_required = false;
  std::string actor;  // Who registered it: "open311:<client>", "user:<name>".
};

struct CreatedCase {
  cases::ServiceRequest request;
  bool replayed = false;  // True when an earlier POST with the same Idempotency-Key made it.
  bool emergency = false;
  std::string merged_into;  // The master, when the case was merged as a duplicate.
};

// What a use case decides about cases already stored, run by the store inside its write
// transaction with the cases as they are at that moment.
class CaseOperation {
 public:
  virtual ~CaseOperation() = default;
  // One Change per case, in the order they were named.
  [[nodiscard]] virtual Result<std::vector<workflow::Change>> Decide(
      std::vector<workflow::CaseFile>& files) const = 0;
};

// A change to one or more cases decided by the workflow. The store loads the cases inside its
// write transaction, checks the version, runs `operation` and writes the new state, the events
// and the outbox messages together, or nothing.
struct CaseMutation {
  std::vector<std::string> numbers;              // Canonical; the first is the case acted on.
  std::optional<std::int64_t> expected_version;  // Of the first case; a mismatch is kConflict.
  std::string actor;
  Timestamp at;
  // An agency's status update is applied once: when (department, update id) was applied
  // before, the store writes nothing and fails with kAlreadyExists.
  std::string once_department;
  std::string once_update_id;
  std::shared_ptr<const CaseOperation> operation;
};

enum class CaseSort { kNewest, kOldest, kDueFirst, kRecentlyUpdated };

// A staff search. Empty lists and unset fields do not filter.
struct CaseSearch {
  std::vector<std::string> jurisdictions;  // Allowed jurisdictions (empty: all).
  std::vector<std::string> statuses;
  std::vector<std::string> service_codes;
  std::vector<std::string> departments;  // Cases with a task for one of these units.
  std::vector<std::string> channels;
  std::string assignee;
  std::optional<Timestamp> from;  // requested_at, inclusive.
  std::optional<Timestamp> to;
  std::optional<cases::Bounds> bbox;
  std::optional<cases::GeoPoint> near;
  double radius_m = 0;
  std::string text;                       // Words, each must match (prefixes); folded by the store.
  std::optional<workflow::SlaState> sla;  // kOnTime, kAtRisk or kBreached.
  Timestamp now;                          // For the SLA filter.
  CaseSort sort = CaseSort::kNewest;
  int limit = 50;
  int offset = 0;
};

struct CaseSearchResult {
  std::vector<workflow::CaseFile> cases;
  std::int64_t total = 0;  // Matching cases, all pages.
};

struct NewUpdate {
  std::string case_number;
  std::optional<cases::Status> status;  // Unset: the status stays as it is.
  std::string description;
  std::vector<std::string> media_urls;
  bool is_public = true;
  std::string actor;
  std::string external_id;  // The client's own update_id; a repeat returns the first event.
  Timestamp at;
};

struct RequestQuery {
  std::string jurisdiction_id;
  std::vector<std::string> numbers;  // When set, all other filters are ignored.
  std::vector<std::string> service_codes;
  std::optional<Timestamp> requested_from;  // Inclusive.
  std::optional<Timestamp> requested_to;    // Inclusive.
  std::optional<bool> open;                 // Unset: open and closed.
  int limit = 1000;
  int offset = 0;
};

struct UpdateQuery {
  std::string jurisdiction_id;
  Timestamp from;
  Timestamp to;
  int limit = 1000;
};

// Cases and their history. Writes are asynchronous: the store serialises them on one writer
// and commits several together (group commit); `done` runs on the store's completion thread after
// the transaction is durable, or with the error that stopped it. Reads are synchronous and may be
// called from any thread.
class CaseStore {
 public:
  virtual ~CaseStore() = default;

  virtual void CreateCase(CreateCaseCommand command, Callback<Result<CreatedCase>> done) = 0;
  // `listener` is called on the store's completion thread after each commit, once for every case
  // the commit changed, before the writers' callbacks run: caches drop what they hold of the case.
  // Set it once, before any write.
  virtual void SetChangeListener(std::function<void(std::int64_t case_id)> listener) = 0;
  virtual void AddUpdate(NewUpdate update, Callback<Result<cases::CaseEvent>> done) = 0;

  [[nodiscard]] virtual Result<std::optional<cases::ServiceRequest>> FindByNumber(
      std::string_view canonical_number) = 0;
  [[nodiscard]] virtual Result<std::optional<cases::ServiceRequest>> FindByToken(
      std::string_view token) = 0;
  [[nodiscard]] virtual Result<std::vector<cases::ServiceRequest>> ListRequests(
      const RequestQuery& query) = 0;
  // Public events in [from, to] of cases in the jurisdiction, oldest first.
  [[nodiscard]] virtual Result<std::vector<cases::CaseEvent>> ListUpdates(
      const UpdateQuery& query) = 0;

  // Case handling. `done` gets the cases as written, in the order of `numbers`.
  virtual void MutateCases(CaseMutation mutation,
                           Callback<Result<std::vector<workflow::CaseFile>>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<workflow::CaseFile>> LoadCase(
      std::string_view canonical_number) = 0;
  // Every event of the case, internal ones too, oldest first.
  [[nodiscard]] virtual Result<std::vector<cases::CaseEvent>> CaseHistory(
      std::string_view canonical_number) = 0;
  [[nodiscard]] virtual Result<CaseSearchResult> SearchCases(const CaseSearch& search) = 0;
  // Cases of the jurisdiction and services in the box and its time window, with their number,
  // service, place and time only (from an index: no case rows are read).
  [[nodiscard]] virtual Result<std::vector<dedup::Stored>> CasesInBox(
      std::string_view jurisdiction_id, const dedup::SearchBox& box, int limit) = 0;
  // Fills in status, master and text of the cases CasesInBox found (dedup::RankLazily).
  [[nodiscard]] virtual Status CompleteCandidates(std::vector<dedup::Stored>& cases) = 0;
  // Cases with a task whose SLA warning or breach is due at `now` and not yet recorded.
  [[nodiscard]] virtual Result<std::vector<std::string>> CasesDueForTimers(Timestamp now,
                                                                           int limit) = 0;
};

struct SurveyAnswer {
  std::int64_t case_id = 0;
  std::optional<int> score;  // 1-5.
  bool fixed = true;
  std::string comment;
  std::string answered_by;  // web | sms
  Timestamp answered_at;
  std::string service_code;
  std::string department;
  std::string case_channel;
};

// Answers grouped by service, unit or channel.
struct SurveyGroup {
  std::string key;
  std::int64_t answers = 0;
  double average = 0;                    // Of the scores given.
  std::array<std::int64_t, 5> scores{};  // How many 1s ... 5s.
  std::int64_t not_fixed = 0;
};

class SurveyStore {
 public:
  virtual ~SurveyStore() = default;
  // False when the case was answered before (the first answer counts).
  virtual void SaveSurvey(SurveyAnswer answer, Callback<Result<bool>> done) = 0;
  // The case most recently closed since `since` whose reporter's number has this lookup.
  [[nodiscard]] virtual Result<std::optional<std::string>> LatestClosedCaseOf(
      std::string_view phone_lookup, Timestamp since) = 0;
  // `by`: service | unit | channel.
  [[nodiscard]] virtual Result<std::vector<SurveyGroup>> SurveyResults(Timestamp from, Timestamp to,
                                                                       std::string_view by) = 0;
};

}  // namespace ratusz::app
