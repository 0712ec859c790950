#include "app/case_desk.hpp"

#include <future>

#include "cases/case_number.hpp"
#include "common/text.hpp"

namespace ratusz::app {
namespace {

// A staff member's (or an agency's) operation on a case they may see.
class ActOnCase final : public CaseOperation {
 public:
  ActOnCase(const workflow::Workflow& workflow, cases::Actor actor, Timestamp now,
            CaseDesk::Operation operation)
      : workflow_(workflow),
        actor_(std::move(actor)),
        now_(now),
        operation_(std::move(operation)) {}

  Result<std::vector<workflow::Change>> Decide(
      std::vector<workflow::CaseFile>& files) const override {
    if (auto s = workflow_.CanView(actor_, files.front()); !s) {
      return s.error();
    }
    auto change = operation_(files.front(), now_);
    if (!change) {
      return change.error();
    }
    return std::vector<workflow::Change>{std::move(change).value()};
  }

 private:
  const workflow::Workflow& workflow_;
  cases::Actor actor_;
  Timestamp now_;
  CaseDesk::Operation operation_;
};

// A duplicate merged into its master, or taken out of it again.
class MergeCases final : public CaseOperation {
 public:
  MergeCases(const workflow::Workflow& workflow, cases::Actor actor, Timestamp now, bool unmerge)
      : workflow_(workflow), actor_(std::move(actor)), now_(now), unmerge_(unmerge) {}

  Result<std::vector<workflow::Change>> Decide(
      std::vector<workflow::CaseFile>& files) const override {
    auto r = unmerge_ ? workflow_.Unmerge(files[0], files[1], actor_, now_)
                      : workflow_.Merge(files[0], files[1], actor_, now_);
    if (!r) {
      return r.error();
    }
    return std::vector<workflow::Change>{std::move(r->duplicate), std::move(r->master)};
  }

 private:
  const workflow::Workflow& workflow_;
  cases::Actor actor_;
  Timestamp now_;
  bool unmerge_;
};

// The SLA clocks' warnings and escalations that are due.
class RunClocks final : public CaseOperation {
 public:
  RunClocks(const workflow::Workflow& workflow, Timestamp now) : workflow_(workflow), now_(now) {}

  Result<std::vector<workflow::Change>> Decide(
      std::vector<workflow::CaseFile>& files) const override {
    return std::vector<workflow::Change>{workflow_.Tick(files.front(), now_)};
  }

 private:
  const workflow::Workflow& workflow_;
  Timestamp now_;
};

}  // namespace

Result<std::string> CanonicalCaseNumber(std::string_view typed) {
  const auto number = cases::NormalizeCaseNumber(Trim(typed));
  if (!number) {
    return MakeError(ErrorCode::kNotFound,
                     "'" + std::string(typed.substr(0, 32)) + "' is not a case number");
  }
  return *number;
}

void CaseDesk::Act(const cases::Actor& actor, std::string_view number,
                   std::optional<std::int64_t> version, Operation operation,
                   Callback<Result<workflow::CaseFile>> done, Once once) {
  auto canonical = CanonicalCaseNumber(number);
  if (!canonical) {
    done(canonical.error());
    return;
  }
  const Timestamp now = clock_.Now();
  CaseMutation m;
  m.numbers = {canonical.value()};
  m.expected_version = version;
  m.actor = actor.id;
  m.at = now;
  m.once_department = std::move(once.department);
  m.once_update_id = std::move(once.update_id);
  m.operation = std::make_shared<ActOnCase>(workflow_, actor, now, std::move(operation));
  store_.MutateCases(std::move(m), [done = std::move(done)](auto result) {
    if (!result) {
      done(result.error());
    } else {
      done(std::move(result->front()));
    }
  });
}

void CaseDesk::Merge(const cases::Actor& actor, std::string_view duplicate, std::string_view master,
                     bool unmerge, std::optional<std::int64_t> version,
                     Callback<Result<workflow::CaseFile>> done) {
  auto d = CanonicalCaseNumber(duplicate);
  auto m = CanonicalCaseNumber(master);
  if (!d || !m) {
    done(!d ? d.error() : MakeError(ErrorCode::kNotFound, m.error().message, "into"));
    return;
  }
  const Timestamp now = clock_.Now();
  CaseMutation mutation;
  mutation.numbers = {d.value(), m.value()};
  mutation.expected_version = version;
  mutation.actor = actor.id;
  mutation.at = now;
  mutation.operation = std::make_shared<MergeCases>(workflow_, actor, now, unmerge);
  store_.MutateCases(std::move(mutation), [done = std::move(done)](auto result) {
    if (!result) {
      done(result.error());
    } else {
      done(std::move(result->front()));
    }
  });
}

Result<workflow::CaseFile> CaseDesk::View(const cases::Actor& actor, std::string_view number) {
  auto canonical = CanonicalCaseNumber(number);
  if (!canonical) {
    return canonical.error();
  }
  auto file = store_.LoadCase(canonical.value());
  if (!file) {
    return file.error();
  }
  if (!file.value()) {
    return MakeError(ErrorCode::kNotFound, "no case " + canonical.value());
  }
  if (auto s = workflow_.CanView(actor, *file.value()); !s) {
    return s.error();
  }
  return std::move(*file.value());
}

Result<std::vector<cases::CaseEvent>> CaseDesk::History(const cases::Actor& actor,
                                                        std::string_view number) {
  auto file = View(actor, number);
  if (!file) {
    return file.error();
  }
  return store_.CaseHistory(file->request.number);
}

Result<CaseDesk::Tracked> CaseDesk::Track(std::string_view number) {
  auto file = View(cases::Actor::System(), number);
  if (!file) {
    return file.error();
  }
  auto events = store_.CaseHistory(file->request.number);
  if (!events) {
    return events.error();
  }
  Tracked out;
  out.request = std::move(file->request);
  out.request.reporter = cases::Reporter{};
  out.master_number = std::move(file->master_number);
  for (auto& e : events.value()) {
    if (e.is_public) {
      e.actor.clear();  // Residents see what happened, not who in the city did it.
      e.external_id.clear();
      out.timeline.push_back(std::move(e));
    }
  }
  return out;
}

Result<CaseSearchResult> CaseDesk::Search(const cases::Actor& actor, CaseSearch search) {
  if (!actor.jurisdictions.empty()) {
    if (search.jurisdictions.empty()) {
      search.jurisdictions = actor.jurisdictions;
    }
    for (const auto& j : search.jurisdictions) {
      if (!actor.ServesJurisdiction(j)) {
        return MakeError(ErrorCode::kPermissionDenied, "you do not serve " + j);
      }
    }
  }
  if (actor.role == cases::Role::kSpecialist) {
    if (actor.departments.empty()) {
      return MakeError(ErrorCode::kPermissionDenied,
                       "a specialist sees the cases of their units, and you have none");
    }
    if (search.departments.empty()) {
      search.departments = actor.departments;
    }
    for (const auto& d : search.departments) {
      if (!actor.InDepartment(d)) {
        return MakeError(ErrorCode::kPermissionDenied,
                         "a specialist sees only the cases of their own units, not " + d);
      }
    }
  }
  search.now = clock_.Now();
  return store_.SearchCases(search);
}

Result<int> CaseDesk::RunTimers() {
  const Timestamp now = clock_.Now();
  auto due = store_.CasesDueForTimers(now, 500);
  if (!due) {
    return due.error();
  }
  int changed = 0;
  for (const auto& number : due.value()) {
    std::promise<Status> finished;
    CaseMutation m;
    m.numbers = {number};
    m.actor = "system";
    m.at = now;
    m.operation = std::make_shared<RunClocks>(workflow_, now);
    store_.MutateCases(std::move(m), [&finished](auto result) {
      finished.set_value(result ? Status{} : Status{result.error()});
    });
    if (auto s = finished.get_future().get(); !s) {
      return s.error();
    }
    ++changed;
  }
  return changed;
}

}  // namespace ratusz::app
