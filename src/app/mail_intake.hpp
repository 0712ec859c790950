#pragma once

// E-mail in: a message handed over by the mail server (`ratusz mailgate`) becomes a note on the
// case it answers, or a new contact in the e-mail queue with its text as the first line, routed
// like any other. Mail sent by machines (auto-replies, bounces, lists) is recorded nowhere and
// never answered, so two auto-responders cannot loop. A redelivered message (same Message-ID)
// is stored once.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/case_desk.hpp"
#include "app/contact_center.hpp"
#include "app/contact_replies.hpp"
#include "app/ports.hpp"
#include "common/clock.hpp"

namespace ratusz::app {

struct MailOutcome {
  std::string action;  // "case_note", "interaction", "bounce", "ignored"
  std::string case_number;
  std::int64_t interaction = 0;
  std::string reason;     // Ignored: why.
  bool repeated = false;  // The same message was stored before.
};

struct MailIntakeOptions {
  std::string queue = "email";  // Where new messages wait for an agent.
  // Mail from these addresses comes from a fax gateway: a fax, waiting in `fax_queue`.
  std::vector<std::string> fax_senders;
  std::string fax_queue = "fax";
  std::string public_url;  // For the attachments' links.
  // A new e-mail contact is acknowledged by e-mail with its number (when residents can be
  // mailed). Machines' mail never is.
  bool acknowledge = false;
};

// The outbox message a bounce is about, from our Message-ID "case-NUMBER.ID@domain".
std::optional<std::pair<std::string, std::int64_t>> OutboxMessageOf(std::string_view message_id);

// The case numbers a message names: in its subject ("Re: [5XAP-NW13] ...", "zgłoszenie
// 5xap nw13" is not enough: the dash is needed) or in the message ids it answers.
std::vector<std::string> CaseNumbersIn(const ParsedMail& mail);

class MailIntake {
 public:
  // With `media` and `desk`, the files of a reply about a case are attached to it (photos
  // cleaned of their metadata, like any attachment).
  MailIntake(MailParser& parser, CaseStore& cases, ContactCenter& center, const Clock& clock,
             MailIntakeOptions options = {}, MediaStore* media = nullptr, CaseDesk* desk = nullptr,
             OutboxStore* outbox = nullptr)
      : parser_(parser),
        cases_(cases),
        center_(center),
        clock_(clock),
        options_(std::move(options)),
        media_(media),
        desk_(desk),
        outbox_(outbox) {}

  // Stores one message; `done` runs once what was stored is durable. Parsing and cleaning
  // photos take time: call it off the network threads.
  void Receive(std::string_view raw, Callback<Result<MailOutcome>> done);

 private:
  // Stores the mail's files (photos cleaned) and says in `lines` what became of each;
  // `kept_as` ("attached", ...) words a stored one; none are stored without a MediaStore.
  void StoreFiles(const ParsedMail& mail, std::string_view kept_as, std::vector<std::string>& lines,
                  std::vector<cases::Attachment>& files);
  void AttachFrom(std::string number, std::vector<cases::Attachment> files, std::size_t next,
                  cases::Actor actor, MailOutcome outcome, Callback<Result<MailOutcome>> done);

  MailParser& parser_;
  CaseStore& cases_;
  ContactCenter& center_;
  const Clock& clock_;
  MailIntakeOptions options_;
  MediaStore* media_;
  CaseDesk* desk_;
  OutboxStore* outbox_;
};

}  // namespace ratusz::app
