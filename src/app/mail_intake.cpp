#include "app/mail_intake.hpp"

#include <algorithm>
#include <cctype>

#include "cases/case_number.hpp"

namespace ratusz::app {
namespace {

constexpr std::size_t kMaxNote = 20000;

bool IsNumberChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Every "XXXX-XXXX" in `text` that is a valid case number (its check symbol holds).
void FindNumbers(std::string_view text, std::vector<std::string>& out) {
  for (std::size_t i = 0; i + 9 <= text.size(); ++i) {
    if (text[i + 4] != '-' || (i > 0 && IsNumberChar(text[i - 1])) ||
        (i + 9 < text.size() && IsNumberChar(text[i + 9]))) {
      continue;
    }
    bool shape = true;
    for (std::size_t k = 0; k < 9; ++k) {
      shape = shape && (k == 4 || IsNumberChar(text[i + k]));
    }
    if (!shape) {
      continue;
    }
    if (const auto n = cases::NormalizeCaseNumber(text.substr(i, 9));
        n && std::find(out.begin(), out.end(), *n) == out.end()) {
      out.push_back(*n);
    }
  }
}

std::string Describe(const ParsedMail& mail) {
  std::string text = mail.text.empty() ? "(no text)" : mail.text;
  if (text.size() > kMaxNote) {
    text.resize(kMaxNote);
  }
  for (const auto& a : mail.attachments) {
    text += "\n[" + a.name + ", " + a.content_type + ", " + std::to_string(a.bytes.size()) + " B]";
  }
  return text;
}

}  // namespace

std::vector<std::string> CaseNumbersIn(const ParsedMail& mail) {
  std::vector<std::string> out;
  FindNumbers(mail.subject, out);
  for (const auto& id : mail.references) {
    FindNumbers(id, out);
  }
  return out;
}

void MailIntake::Receive(std::string_view raw, Callback<Result<MailOutcome>> done) {
  auto parsed = parser_.Parse(raw);
  if (!parsed) {
    done(parsed.error());
    return;
  }
  ParsedMail mail = std::move(parsed).value();
  if (!mail.automatic.empty()) {
    done(MailOutcome{"ignored", {}, 0, "sent by a machine: " + mail.automatic, false});
    return;
  }
  const std::string message_id =
      mail.message_id.empty() ? std::string() : "mail:" + mail.message_id.substr(0, 300);
  for (const auto& number : CaseNumbersIn(mail)) {
    auto found = cases_.FindByNumber(number);
    if (!found) {
      done(found.error());
      return;
    }
    if (!found.value()) {
      continue;
    }
    // A reply about a case: a note for the staff (not public: it may hold personal data).
    NewUpdate update;
    update.case_number = number;
    update.description = Describe(mail);
    update.is_public = false;
    update.actor = "email:" + mail.from_address;
    update.external_id = message_id;
    update.at = clock_.Now();
    cases_.AddUpdate(std::move(update), [done, number](Result<cases::CaseEvent> event) {
      if (!event) {
        done(event.error());
        return;
      }
      done(MailOutcome{"case_note", number, 0, {}, false});
    });
    return;
  }
  NewContact contact;
  contact.channel = contact::Channel::kEmail;
  contact.queue = options_.queue;
  contact.address = mail.from_address;
  contact.subject = mail.subject.substr(0, 200);
  contact.external_id = message_id;
  auto routing = center_.Open(contact);
  if (!routing && routing.error().code == ErrorCode::kAlreadyExists) {
    auto id = center_.InteractionOfCall(message_id);
    done(MailOutcome{"interaction", {}, id ? id.value() : 0, {}, true});
    return;
  }
  if (!routing) {
    done(routing.error());
    return;
  }
  const std::int64_t id = routing->interaction.id;
  if (auto line = center_.Say(id, "resident", Describe(mail)); !line) {
    done(line.error());
    return;
  }
  center_.Flush([done, id](Status s) {
    if (!s) {
      done(s.error());
      return;
    }
    done(MailOutcome{"interaction", {}, id, {}, false});
  });
}

}  // namespace ratusz::app
