#pragma once

// The case-handling rules in one place: opening a case (priority, emergency hand-off, dispatch
// to one or more units with their SLA clocks), classification, dispatch and assignment, task
// state transitions, notes, merging duplicates, and the timer that warns and escalates. Pure:
// every operation takes the time and the acting person, changes the CaseFile only when it
// succeeds, and returns what happened.

#include <string_view>

#include "cases/catalog.hpp"
#include "cases/staff.hpp"
#include "common/result.hpp"
#include "workflow/case_file.hpp"
#include "workflow/process.hpp"

namespace ratusz::workflow {

struct MergeChange {
  Change duplicate;
  Change master;
};

class Workflow {
 public:
  // Both must outlive the Workflow.
  Workflow(const cases::Catalog& catalog, const Rules& rules) : catalog_(catalog), rules_(rules) {}

  const Rules& rules() const { return rules_; }

  // A new case from any channel: sets the priority, recognises emergencies (the service is one,
  // or the text holds a configured phrase) and hands them to the crisis centre, dispatches a
  // task to every unit of the service's process, starts their clocks and sets the resident's
  // status and expected time.
  Change Open(CaseFile& file, Timestamp now) const;

  // Sets the case's service. Tasks not started yet are replaced by the new service's units;
  // tasks already in work stay.
  Result<Change> Classify(CaseFile& file, std::string_view service_code, const cases::Actor& actor,
                          Timestamp now) const;
  // Gives a unit a task on the case (when it has none) and, when `assignee` is set, a person.
  Result<Change> Dispatch(CaseFile& file, std::string_view department, std::string_view assignee,
                          const cases::Actor& actor, Timestamp now) const;
  // Moves a unit's task through its process. `note` (optional) is recorded with it.
  Result<Change> SetTaskState(CaseFile& file, std::string_view department, TaskState to,
                              std::string_view note, bool public_note, const cases::Actor& actor,
                              Timestamp now) const;
  Result<Change> AddNote(CaseFile& file, std::string_view text, bool is_public,
                         const cases::Actor& actor, Timestamp now) const;
  // Attaches a stored file. A public photo reaches the resident (and Open311) at `public_url`.
  Result<Change> Attach(CaseFile& file, cases::Attachment attachment, std::string_view public_url,
                        const cases::Actor& actor, Timestamp now) const;
  // The duplicate is closed as such under the master; its reporter follows the master.
  Result<MergeChange> Merge(CaseFile& duplicate, CaseFile& master, const cases::Actor& actor,
                            Timestamp now) const;
  Result<MergeChange> Unmerge(CaseFile& duplicate, CaseFile& master, const cases::Actor& actor,
                              Timestamp now) const;
  // Warnings at the warning share of a task's SLA and escalation at its breach, once each.
  Change Tick(CaseFile& file, Timestamp now) const;

  SlaState SlaOf(const Task& task, Timestamp now) const;
  // The worst SLA state of the case's unfinished tasks.
  SlaState SlaOf(const CaseFile& file, Timestamp now) const;

  // Who may see a case, and why not.
  Status CanView(const cases::Actor& actor, const CaseFile& file) const;

 private:
  Status CanChangeTask(const cases::Actor& actor, const CaseFile& file,
                       std::string_view department) const;
  Status CanRegister(const cases::Actor& actor, const CaseFile& file, const char* what) const;
  // Notes and files: a specialist on their units' cases, first line and supervisors on all.
  Status CanInform(const cases::Actor& actor, const CaseFile& file, const char* what) const;
  void AddTask(CaseFile& file, std::string_view department, bool lead, Timestamp now,
               Change& change) const;
  void MoveTask(CaseFile& file, Task& task, TaskState to, Timestamp now) const;
  // Recomputes the resident's status and expected time; records a public status event and the
  // closure message when they change.
  void Settle(CaseFile& file, std::string_view public_note, Change& change) const;

  const cases::Catalog& catalog_;
  const Rules& rules_;
};

}  // namespace ratusz::workflow
