#pragma once

// Case handling for staff: every action goes through the workflow (which decides and checks
// permissions) and is written by the store in one transaction with its events and outbox
// messages. Also runs the SLA timers.

#include <functional>
#include <optional>
#include <string>

#include "app/ports.hpp"
#include "workflow/workflow.hpp"

namespace ratusz::app {

class CaseDesk {
 public:
  // All references must outlive the CaseDesk. Thread-safe.
  CaseDesk(const workflow::Workflow& workflow, CaseStore& store, const Clock& clock)
      : workflow_(workflow), store_(store), clock_(clock) {}

  using Operation = std::function<Result<workflow::Change>(workflow::CaseFile&, Timestamp now)>;

  // An agency's update, applied at most once: (department, the agency's update id).
  struct Once {
    std::string department;
    std::string update_id;
  };

  // Runs `operation` on the case, refusing with kConflict when `version` is set and stale, and
  // with kAlreadyExists when `once` was applied before.
  void Act(const cases::Actor& actor, std::string_view number, std::optional<std::int64_t> version,
           Operation operation, Callback<Result<workflow::CaseFile>> done, Once once = {});
  // Merges `duplicate` into `master` (or undoes it).
  void Merge(const cases::Actor& actor, std::string_view duplicate, std::string_view master,
             bool unmerge, std::optional<std::int64_t> version,
             Callback<Result<workflow::CaseFile>> done);

  // The case, if the actor may see it.
  [[nodiscard]] Result<workflow::CaseFile> View(const cases::Actor& actor, std::string_view number);
  // The case's whole history, internal events too, if the actor may see the case.
  [[nodiscard]] Result<std::vector<cases::CaseEvent>> History(const cases::Actor& actor,
                                                              std::string_view number);
  // What anyone with the case number may see: the case without its reporter, the case it was
  // merged into, and its public events (status changes and notes meant for residents).
  struct Tracked {
    cases::ServiceRequest request;
    std::string master_number;
    std::vector<cases::CaseEvent> timeline;
  };
  [[nodiscard]] Result<Tracked> Track(std::string_view number);
  // Restricted to what the actor may see: their jurisdictions, and a specialist's units.
  [[nodiscard]] Result<CaseSearchResult> Search(const cases::Actor& actor, CaseSearch search);

  // Records due SLA warnings and escalations; returns how many cases it changed.
  [[nodiscard]] Result<int> RunTimers();

  const workflow::Workflow& workflow() const { return workflow_; }
  Timestamp Now() const { return clock_.Now(); }

 private:
  const workflow::Workflow& workflow_;
  CaseStore& store_;
  const Clock& clock_;
};

// Parses "K7M2-QX4P" as typed over the phone (case, spaces, look-alike letters).
[[nodiscard]] Result<std::string> CanonicalCaseNumber(std::string_view typed);

}  // namespace ratusz::app
