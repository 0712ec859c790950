#pragma once

// Satisfaction after closure (S17). A closed case's notice carries a link (e-mail) or asks for a
// digit (SMS); the resident answers 1-5 with a comment, or says it is not fixed, which reopens
// the case's finished tasks within `window_days` of closure. One answer per case; results per
// service, unit and channel for analytics.

#include <optional>
#include <string>

#include "app/case_desk.hpp"
#include "app/ports.hpp"
#include "app/ports/courier.hpp"

namespace ratusz::app {

struct SurveyOptions {
  int window_days = 14;  // After closure: answers taken, and "not fixed" reopens.
};

struct SurveyReply {
  std::optional<int> score;
  bool fixed = true;
  std::string comment;
};

struct SurveyOutcome {
  std::string case_number;
  bool recorded = false;  // False: answered before (the first answer counts).
  bool reopened = false;
};

class Surveys {
 public:
  Surveys(CaseStore& cases, SurveyStore& store, CaseDesk& desk, const Clock& clock,
          SurveyOptions options)
      : cases_(cases), store_(store), desk_(desk), clock_(clock), options_(options) {}

  // From the link: `key` must be the case's SurveyKey.
  void AnswerWithKey(std::string_view number, std::string_view key, SurveyReply reply,
                     Callback<Result<SurveyOutcome>> done);
  // From a text: the case most recently closed for this number (lookup).
  void AnswerBySms(std::string_view phone_lookup, SurveyReply reply,
                   Callback<Result<SurveyOutcome>> done);
  // Supervisors, admins and auditors. `by`: service | unit | channel.
  [[nodiscard]] Result<std::vector<SurveyGroup>> Results(const cases::Actor& actor, Timestamp from,
                                                         Timestamp to, std::string_view by);

 private:
  void Answer(const cases::ServiceRequest& c, SurveyReply reply, std::string answered_by,
              Callback<Result<SurveyOutcome>> done);

  CaseStore& cases_;
  SurveyStore& store_;
  CaseDesk& desk_;
  const Clock& clock_;
  SurveyOptions options_;
};

// "5", "4 szybko naprawione", "NIE", "nie naprawione" -> a reply; nothing for other texts.
std::optional<SurveyReply> ParseSmsSurvey(std::string_view text);

}  // namespace ratusz::app
