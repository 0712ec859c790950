#include "app/surveys.hpp"

#include <memory>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "security/crypto.hpp"

namespace ratusz::app {

std::optional<SurveyReply> ParseSmsSurvey(std::string_view text) {
  text = Trim(text);
  const auto space = text.find_first_of(" \t\r\n,.:");
  const std::string word = FoldForSearch(text.substr(0, space));
  const std::string rest(space == std::string_view::npos ? std::string_view{}
                                                         : Trim(text.substr(space + 1)));
  SurveyReply reply;
  if (word.size() == 1 && word[0] >= '1' && word[0] <= '5') {
    reply.score = word[0] - '0';
    reply.comment = rest.substr(0, 1000);
    return reply;
  }
  if (word == "nie" || word == "no") {
    reply.fixed = false;
    reply.comment = rest.substr(0, 1000);
    return reply;
  }
  return std::nullopt;
}

void Surveys::AnswerWithKey(std::string_view number, std::string_view key, SurveyReply reply,
                            Callback<Result<SurveyOutcome>> done) {
  auto canonical = CanonicalCaseNumber(number);
  if (!canonical) {
    return done(canonical.error());
  }
  auto found = cases_.FindByNumber(canonical.value());
  if (!found) {
    return done(found.error());
  }
  if (!found.value() || !security::ConstantTimeEquals(key, SurveyKey(found.value()->token))) {
    return done(MakeError(ErrorCode::kNotFound,
                          "no survey for this case and key (use the link from the notice)"));
  }
  Answer(*found.value(), std::move(reply), "web", std::move(done));
}

void Surveys::AnswerBySms(std::string_view phone_lookup, SurveyReply reply,
                          Callback<Result<SurveyOutcome>> done) {
  auto number = store_.LatestClosedCaseOf(
      phone_lookup, clock_.Now() - std::chrono::hours(24) * options_.window_days);
  if (!number) {
    return done(number.error());
  }
  if (!number.value()) {
    return done(MakeError(ErrorCode::kNotFound, "no case of this number closed lately"));
  }
  auto found = cases_.FindByNumber(*number.value());
  if (!found) {
    return done(found.error());
  }
  if (!found.value()) {
    return done(MakeError(ErrorCode::kNotFound, "no case " + *number.value()));
  }
  Answer(*found.value(), std::move(reply), "sms", std::move(done));
}

void Surveys::Answer(const cases::ServiceRequest& c, SurveyReply reply, std::string answered_by,
                     Callback<Result<SurveyOutcome>> done) {
  if (reply.score && (*reply.score < 1 || *reply.score > 5)) {
    return done(MakeError(ErrorCode::kInvalidArgument, "a score is 1 to 5", "score"));
  }
  if (!reply.score && reply.fixed) {
    return done(MakeError(ErrorCode::kInvalidArgument,
                          "give a score (1-5), or say that it is not fixed", "score"));
  }
  if (!IsValidUtf8(reply.comment) || Utf8Length(reply.comment) > 1000) {
    return done(
        MakeError(ErrorCode::kInvalidArgument, "a comment is at most 1,000 characters", "comment"));
  }
  if (cases::IsOpen(c.status)) {
    return done(MakeError(ErrorCode::kFailedPrecondition,
                          "case " + c.number + " is not closed yet: the survey opens at closure"));
  }
  const Timestamp now = clock_.Now();
  if (c.updated_at + std::chrono::hours(24) * options_.window_days < now) {
    return done(MakeError(ErrorCode::kFailedPrecondition, "case " + c.number +
                                                              " was closed more than " +
                                                              std::to_string(options_.window_days) +
                                                              " days ago: the survey is closed"));
  }
  SurveyAnswer answer;
  answer.case_id = c.id;
  answer.score = reply.score;
  answer.fixed = reply.fixed;
  answer.comment = reply.comment;
  answer.answered_by = std::move(answered_by);
  answer.answered_at = now;
  answer.service_code = c.service_code;
  answer.department = c.agency_responsible;
  answer.case_channel = std::string(cases::ChannelName(c.channel));
  const std::string number = c.number;
  const bool reopen = !reply.fixed;
  const std::string comment = reply.comment;
  store_.SaveSurvey(
      std::move(answer), [this, number, reopen, comment, done](Result<bool> saved) mutable {
        if (!saved) {
          return done(saved.error());
        }
        SurveyOutcome outcome{number, saved.value(), false};
        if (!saved.value() || !reopen) {
          return done(outcome);
        }
        // The resident says it is not fixed: the finished tasks open again.
        cases::Actor resident = cases::Actor::System();
        resident.id = "resident";
        desk_.Act(
            resident, number, std::nullopt,
            [this, comment](workflow::CaseFile& f, Timestamp at) -> Result<workflow::Change> {
              workflow::Change all;
              const std::string note =
                  "Mieszkaniec zgłasza, że problem nie został usunięty / The resident says it is "
                  "not fixed" +
                  (comment.empty() ? std::string() : ": " + comment);
              bool any = false;
              std::vector<std::string> departments;
              for (const auto& t : f.tasks) {
                if (t.state == workflow::TaskState::kResolved ||
                    t.state == workflow::TaskState::kClosed) {
                  departments.push_back(t.department);
                }
              }
              for (const auto& d : departments) {
                auto change = desk_.workflow().SetTaskState(f, d, workflow::TaskState::kReopened,
                                                            any ? "" : note, !any,
                                                            cases::Actor::System(), at);
                if (!change) {
                  return change.error();
                }
                any = true;
                all.Append(std::move(change).value());
              }
              if (!any) {
                return MakeError(ErrorCode::kFailedPrecondition, "no finished task to reopen");
              }
              return all;
            },
            [outcome, done](Result<workflow::CaseFile> reopened) mutable {
              if (!reopened) {
                return done(reopened.error());
              }
              outcome.reopened = true;
              done(outcome);
            });
      });
}

Result<std::vector<SurveyGroup>> Surveys::Results(const cases::Actor& actor, Timestamp from,
                                                  Timestamp to, std::string_view by) {
  if (actor.role != cases::Role::kSupervisor && actor.role != cases::Role::kAdmin &&
      actor.role != cases::Role::kAuditor) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "survey results are for supervisors, admins and auditors");
  }
  if (by != "service" && by != "unit" && by != "channel") {
    return MakeError(ErrorCode::kInvalidArgument, "by is service, unit or channel", "by");
  }
  return store_.SurveyResults(from, to, by);
}

}  // namespace ratusz::app
