#pragma once

// The intake use cases: a report becomes a case; a client posts an update to a case.

#include <string>
#include <utility>
#include <vector>

#include "app/ports.hpp"
#include "cases/catalog.hpp"
#include "cases/report.hpp"
#include "workflow/workflow.hpp"

namespace ratusz::app {

struct ReportSubmission {
  cases::ReportInput input;
  cases::Channel channel = cases::Channel::kOpen311;
  std::string client_name;
  std::int64_t client_id = 0;
  std::string idempotency_key;
  std::string fingerprint;  // Hash of the request body, for idempotency conflicts.
  std::string actor;        // Staff registering it ("user:ala"); empty for Open311 clients.
  // An agent who recognised the report as a duplicate names the master here; otherwise a
  // report scoring above the auto-merge threshold is merged into its best candidate.
  std::string duplicate_of;
  bool auto_merge = true;
  // Files that came with the report, already stored (the portal's photos), each with the URL
  // residents see it at; attached when the case is written, in the same transaction.
  std::vector<std::pair<cases::Attachment, std::string>> files;
  // Internal notes written with the case (the consent a resident gave with their details).
  std::vector<std::string> notes;
};

// A report being written, for duplicate candidates before it is saved.
struct DraftReport {
  std::string service_code;
  cases::GeoPoint location;
  std::string text;
};

// Either validation errors, or the case (new or replayed), or a storage error in `errors`.
struct SubmitOutcome {
  std::vector<Error> errors;
  std::optional<CreatedCase> created;
};

struct UpdateSubmission {
  std::string case_number;  // As typed; normalised here.
  std::string status;       // mySociety status name, any case; empty keeps the status.
  std::string description;
  std::vector<std::string> media_urls;
  std::string external_id;
  std::string updated_datetime;  // W3C; empty: now.
  std::string actor;
};

class Intake {
 public:
  // All references must outlive the Intake. Thread-safe.
  // With a workflow, every new case is opened by it (dispatch, SLA clocks, emergencies).
  Intake(const cases::Catalog& catalog, CaseStore& store, const Clock& clock,
         cases::ReportLimits limits, const workflow::Workflow* workflow = nullptr)
      : catalog_(catalog), store_(store), clock_(clock), limits_(limits), workflow_(workflow) {}

  // Validates and stores a report. `done` runs once, on the store's completion thread when the
  // report was stored, or on the caller's thread when validation failed.
  void Submit(const cases::Jurisdiction& jurisdiction, ReportSubmission submission,
              Callback<SubmitOutcome> done);
  // What Submit would refuse in `input`, without storing anything (before slow work on files).
  [[nodiscard]] std::vector<Error> Check(const cases::Jurisdiction& jurisdiction,
                                         const cases::ReportInput& input) const;

  // Duplicate candidates of a draft, best first (empty without a workflow).
  [[nodiscard]] Result<std::vector<dedup::Candidate>> Candidates(
      const cases::Jurisdiction& jurisdiction, const DraftReport& draft) const;

  // Adds a public update (status and/or note) to a case of `jurisdiction`.
  void PostUpdate(const cases::Jurisdiction& jurisdiction, UpdateSubmission submission,
                  Callback<Result<cases::CaseEvent>> done);

 private:
  const cases::Catalog& catalog_;
  CaseStore& store_;
  const Clock& clock_;
  cases::ReportLimits limits_;
  const workflow::Workflow* workflow_;
};

}  // namespace ratusz::app
