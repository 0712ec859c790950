#include "app/intake.hpp"

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "security/crypto.hpp"

namespace ratusz::app {
namespace {

// A report opened by its category's workflow: dispatched, its files attached, the notes that
// came with it added; merged into the case it duplicates as the system.
class ReportOpening final : public CaseOpening {
 public:
  ReportOpening(const workflow::Workflow& workflow, Timestamp now,
                std::vector<std::pair<cases::Attachment, std::string>> files,
                std::vector<std::string> notes)
      : workflow_(workflow), now_(now), files_(std::move(files)), notes_(std::move(notes)) {}

  Result<workflow::Change> Open(workflow::CaseFile& file) const override {
    workflow::Change change = workflow_.Open(file, now_);
    for (const auto& [attachment, url] : files_) {
      auto attached = workflow_.Attach(file, attachment, url, cases::Actor::System(), now_);
      if (!attached) {
        return attached.error();
      }
      change.Append(std::move(attached).value());
    }
    for (const auto& note : notes_) {
      change.events.push_back({cases::EventKind::kNote, "", note, false, ""});
    }
    return change;
  }

  Result<workflow::MergeChange> Merge(workflow::CaseFile& duplicate,
                                      workflow::CaseFile& master) const override {
    return workflow_.Merge(duplicate, master, cases::Actor::System(), now_);
  }

 private:
  const workflow::Workflow& workflow_;
  Timestamp now_;
  std::vector<std::pair<cases::Attachment, std::string>> files_;
  std::vector<std::string> notes_;
};

}  // namespace

void Intake::Submit(const cases::Jurisdiction& jurisdiction, ReportSubmission submission,
                    Callback<SubmitOutcome> done) {
  auto validation = cases::ValidateReport(submission.input, catalog_, jurisdiction, limits_);
  if (!validation.report) {
    done(SubmitOutcome{std::move(validation.errors), std::nullopt});
    return;
  }
  cases::ValidReport& report = *validation.report;
  const cases::Service& service = *report.service;
  const Timestamp now = clock_.Now();

  CreateCaseCommand command;
  cases::ServiceRequest& r = command.request;
  r = std::move(report.draft);
  r.status = cases::Status::kOpen;
  r.channel = submission.channel;
  r.client_name = std::move(submission.client_name);
  r.requested_at = now;
  r.updated_at = now;
  r.agency_responsible = service.department;
  const std::string& notice = service.service_notice.In(jurisdiction.locale);
  r.service_notice = notice.empty() ? jurisdiction.service_notice : notice;
  command.token_secret = security::NewToken().substr(0, 22);  // 128 bits: unguessable.
  command.idempotency_key = std::move(submission.idempotency_key);
  command.client_id = submission.client_id;
  command.fingerprint = std::move(submission.fingerprint);
  command.actor = std::move(submission.actor);
  for (const auto& [file, url] : submission.files) {
    if (file.is_public) {
      r.media_urls.push_back(url);
    }
  }
  if (workflow_ != nullptr) {
    command.opening = std::make_shared<ReportOpening>(*workflow_, now, std::move(submission.files),
                                                      std::move(submission.notes));
    if (!submission.duplicate_of.empty()) {
      auto master = cases::NormalizeCaseNumber(Trim(submission.duplicate_of));
      if (!master) {
        done(SubmitOutcome{{MakeError(ErrorCode::kInvalidArgument,
                                      "duplicate_of is not a case number", "duplicate_of")},
                           std::nullopt});
        return;
      }
      command.merge_into = *master;
      command.merge_required = true;
    } else if (submission.auto_merge && r.location) {
      auto candidates =
          Candidates(jurisdiction, DraftReport{r.service_code, *r.location,
                                               r.title + " " + r.description + " " + r.address});
      if (candidates) {  // A failed look-up only means no automatic merge.
        const auto decision = dedup::Decide(std::move(candidates).value(),
                                            workflow_->rules().duplicates().auto_merge_score);
        if (decision.merge_into) {
          command.merge_into = *decision.merge_into;
        }
      }
    }
  }

  store_.CreateCase(std::move(command), [done = std::move(done)](Result<CreatedCase> result) {
    if (!result) {
      done(SubmitOutcome{{result.error()}, std::nullopt});
    } else {
      done(SubmitOutcome{{}, std::move(result).value()});
    }
  });
}

std::vector<Error> Intake::Check(const cases::Jurisdiction& jurisdiction,
                                 const cases::ReportInput& input) const {
  return cases::ValidateReport(input, catalog_, jurisdiction, limits_).errors;
}

Result<std::vector<dedup::Candidate>> Intake::Candidates(const cases::Jurisdiction& jurisdiction,
                                                         const DraftReport& draft) const {
  if (workflow_ == nullptr) {
    return std::vector<dedup::Candidate>{};
  }
  const auto& rules = workflow_->rules();
  const auto process = rules.ForService(draft.service_code, "");
  const dedup::Rule rule{process.duplicate_radius_m, process.duplicate_window_days,
                         rules.RelatedTo(draft.service_code)};
  const dedup::Probe probe{jurisdiction.id, draft.service_code, draft.location, clock_.Now(),
                           draft.text};
  const auto box = dedup::BoxFor(probe, rule);
  auto located = store_.CasesInBox(jurisdiction.id, box, 1000);
  if (!located) {
    return located.error();
  }
  Status read;
  auto ranked = dedup::RankLazily(
      probe, rule, std::move(located).value(),
      [&](std::vector<dedup::Stored>& batch) {
        read = store_.CompleteCandidates(batch);
        return static_cast<bool>(read);
      },
      rules.duplicates().suggest_score, 10);
  if (!read) {
    return read.error();
  }
  return ranked;
}

void Intake::PostUpdate(const cases::Jurisdiction& jurisdiction, UpdateSubmission submission,
                        Callback<Result<cases::CaseEvent>> done) {
  const auto number = cases::NormalizeCaseNumber(Trim(submission.case_number));
  if (!number) {
    done(MakeError(
        ErrorCode::kNotFound,
        "service_request_id '" + submission.case_number.substr(0, 32) + "' is not a case number",
        "service_request_id"));
    return;
  }
  auto existing = store_.FindByNumber(*number);
  if (!existing) {
    done(existing.error());
    return;
  }
  if (!existing.value() || existing.value()->jurisdiction_id != jurisdiction.id) {
    done(MakeError(ErrorCode::kNotFound, "no case " + *number + " in " + jurisdiction.id,
                   "service_request_id"));
    return;
  }
  NewUpdate update;
  update.case_number = *number;
  if (!Trim(submission.status).empty()) {
    update.status = cases::ParseStatus(Trim(submission.status));
    if (!update.status) {
      done(MakeError(ErrorCode::kInvalidArgument,
                     "status '" + submission.status.substr(0, 40) + "' is not a known status",
                     "status"));
      return;
    }
  }
  if (!IsValidUtf8(submission.description) || HasControlChars(submission.description)) {
    done(MakeError(ErrorCode::kInvalidArgument, "description is not valid UTF-8 text",
                   "description"));
    return;
  }
  update.description = std::string(Trim(NormalizeNewlines(submission.description)));
  if (Utf8Length(update.description) > limits_.description_chars) {
    done(MakeError(
        ErrorCode::kInvalidArgument,
        "description is longer than " + std::to_string(limits_.description_chars) + " characters",
        "description"));
    return;
  }
  if (update.description.empty() && !update.status) {
    done(MakeError(ErrorCode::kInvalidArgument, "an update needs a description or a status",
                   "description"));
    return;
  }
  update.at = clock_.Now();
  if (!Trim(submission.updated_datetime).empty()) {
    auto at = ParseW3c(Trim(submission.updated_datetime));
    if (!at) {
      done(MakeError(ErrorCode::kInvalidArgument, at.error().message, "updated_datetime"));
      return;
    }
    // The event is ordered by when we received it; a client's clock may be wrong or old.
  }
  for (const auto& url : submission.media_urls) {
    const auto u = Trim(url);
    if (u.empty()) {
      continue;
    }
    if (u.size() > limits_.url_chars ||
        !(u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0)) {
      done(MakeError(ErrorCode::kInvalidArgument, "media_url must be an http(s) URL", "media_url"));
      return;
    }
    update.media_urls.emplace_back(u);
  }
  if (update.media_urls.size() > limits_.media_urls) {
    done(MakeError(ErrorCode::kInvalidArgument, "too many media_url values", "media_url"));
    return;
  }
  if (submission.external_id.size() > 200 || !IsValidUtf8(submission.external_id)) {
    done(MakeError(ErrorCode::kInvalidArgument, "update_id is too long", "update_id"));
    return;
  }
  update.external_id = std::string(Trim(submission.external_id));
  update.actor = std::move(submission.actor);
  store_.AddUpdate(std::move(update), std::move(done));
}

}  // namespace ratusz::app
