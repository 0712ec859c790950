#pragma once

// E-mail in: a message handed over by the mail server (`ratusz mailgate`) becomes a note on the
// case it answers, or a new contact in the e-mail queue with its text as the first line, routed
// like any other. Mail sent by machines (auto-replies, bounces, lists) is recorded nowhere and
// never answered, so two auto-responders cannot loop. A redelivered message (same Message-ID)
// is stored once.

#include <string>
#include <string_view>
#include <vector>

#include "app/contact_center.hpp"
#include "app/ports.hpp"
#include "common/clock.hpp"

namespace ratusz::app {

struct MailOutcome {
  std::string action;  // "case_note", "interaction", "ignored"
  std::string case_number;
  std::int64_t interaction = 0;
  std::string reason;     // Ignored: why.
  bool repeated = false;  // The same message was stored before.
};

struct MailIntakeOptions {
  std::string queue = "email";  // Where new messages wait for an agent.
};

// The case numbers a message names: in its subject ("Re: [5XAP-NW13] ...", "zgłoszenie
// 5xap nw13" is not enough: the dash is needed) or in the message ids it answers.
std::vector<std::string> CaseNumbersIn(const ParsedMail& mail);

class MailIntake {
 public:
  MailIntake(MailParser& parser, CaseStore& cases, ContactCenter& center, const Clock& clock,
             MailIntakeOptions options = {})
      : parser_(parser), cases_(cases), center_(center), clock_(clock), options_(options) {}

  // Stores one message; `done` runs once what was stored is durable.
  void Receive(std::string_view raw, Callback<Result<MailOutcome>> done);

 private:
  MailParser& parser_;
  CaseStore& cases_;
  ContactCenter& center_;
  const Clock& clock_;
  MailIntakeOptions options_;
};

}  // namespace ratusz::app
