#pragma once

// SMS in (through Kannel's smsbox): each message is, in this order,
//   STOP / START            the number stops (or starts again) receiving our SMS; a resident
//                           with that number loses their consent to notifications, and its
//                           area and topic subscriptions are deleted;
//   TAK / YES               confirms the number's pending subscriptions (if it has any);
//   "<case number> text"    a note on that case;
//   "1".."5" [comment], NIE  the answer to the survey of the number's case closed lately ("NIE":
//                           not fixed, which reopens it); with no such case, as below;
//   "<KEYWORD> address"     a new case of the keyword's category at that address (configured
//                           keywords, e.g. "DZIURA ul. Legnicka 5");
//   anything else           a contact in the SMS queue for an agent to classify.
// Senders that are not telephone numbers (operators' names) are ignored. A message the gateway
// delivers again (the same id) gets the first answer and changes nothing. The reply (in the
// resident's words: Polish, then English) goes back at once through the gateway.

#include <string>
#include <vector>

#include "app/contact_center.hpp"
#include "app/intake.hpp"
#include "app/notices.hpp"
#include "app/ports.hpp"
#include "app/surveys.hpp"
#include "security/personal_data.hpp"

namespace ratusz::app {

struct SmsKeyword {
  std::string keyword;  // Upper case, compared without diacritics ("DZIURA", "SMIECI").
  std::string jurisdiction_id;
  std::string service_code;
};

struct SmsIntakeOptions {
  std::string queue = "sms";
  std::vector<SmsKeyword> keywords;
  std::string public_url;  // For the case's link in replies.
};

struct SmsIn {
  std::string id;    // The gateway's message id.
  std::string from;  // As the gateway gives it ("48600100200", "+48600100200").
  std::string to;    // The number it was sent to.
  std::string text;  // UTF-8.
};

class SmsIntake {
 public:
  SmsIntake(const cases::Catalog& catalog, Intake& intake, CaseStore& cases, ContactCenter& center,
            ResidentStore& residents, SmsLog& log, const security::PersonalData& personal,
            const Clock& clock, SmsIntakeOptions options, Surveys* surveys = nullptr,
            Notices* notices = nullptr)
      : catalog_(catalog),
        intake_(intake),
        cases_(cases),
        center_(center),
        residents_(residents),
        log_(log),
        personal_(personal),
        clock_(clock),
        options_(std::move(options)),
        surveys_(surveys),
        notices_(notices) {}

  // `done` runs once what the message changed is durable.
  void Receive(SmsIn sms, Callback<Result<SmsOutcome>> done);

 private:
  void OptOut(const SmsIn& sms, const std::string& e164, bool out,
              Callback<Result<SmsOutcome>> done);
  // A contact in the SMS queue with the text as its first line.
  void ToAgent(const SmsIn& sms, const std::string& e164, const std::string& text,
               Callback<Result<SmsOutcome>> done);
  void Finish(const SmsIn& sms, SmsOutcome outcome, Callback<Result<SmsOutcome>> done);

  const cases::Catalog& catalog_;
  Intake& intake_;
  CaseStore& cases_;
  ContactCenter& center_;
  ResidentStore& residents_;
  SmsLog& log_;
  const security::PersonalData& personal_;
  const Clock& clock_;
  SmsIntakeOptions options_;
  Surveys* surveys_;
  Notices* notices_;
};

// The keyword syntax: "DZIURA ul. Legnicka 5" -> (keyword, rest); matched without case and
// diacritics, the keyword followed by a space, a colon or the end.
std::optional<std::pair<const SmsKeyword*, std::string>> MatchKeyword(
    const std::vector<SmsKeyword>& keywords, std::string_view text);

}  // namespace ratusz::app
