#include "app/mail_intake.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "security/crypto.hpp"

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

// The text kept: the message and a line for each of its files.
std::string Describe(const ParsedMail& mail, const std::vector<std::string>& files) {
  std::string text = mail.text.empty() ? "(no text)" : mail.text;
  if (text.size() > kMaxNote) {
    text.resize(kMaxNote);
  }
  for (const auto& line : files) {
    text += "\n" + line;
  }
  return text;
}

// Outlook's packed attachments (winmail.dat): nothing here can open them.
bool IsTnef(const MailAttachment& a) {
  return a.content_type == "application/ms-tnef" || a.content_type == "application/vnd.ms-tnef" ||
         a.name == "winmail.dat";
}

constexpr const char* kTnefNote =
    ": Outlook's packed attachments (TNEF), which cannot be opened here; ask the sender to send "
    "the files again as plain attachments]";

std::string FileLine(const MailAttachment& a) {
  if (IsTnef(a)) {
    return "[" + a.name + kTnefNote;
  }
  return "[" + a.name + ", " + a.content_type + ", " + std::to_string(a.bytes.size()) + " B]";
}

// A file name that is safe to keep and show: no path, no control characters, not too long.
std::string SafeName(const std::string& name) {
  std::string out =
      name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  if (!IsValidUtf8(out) || HasControlChars(out) || out.empty()) {
    out = "attachment";
  }
  return out.substr(0, 200);
}

}  // namespace

std::optional<std::pair<std::string, std::int64_t>> OutboxMessageOf(std::string_view id) {
  constexpr std::string_view kPrefix = "case-";
  if (id.substr(0, kPrefix.size()) != kPrefix || id.size() < kPrefix.size() + 11) {
    return std::nullopt;
  }
  const auto number = cases::NormalizeCaseNumber(id.substr(kPrefix.size(), 9));
  std::string_view rest = id.substr(kPrefix.size() + 9);
  if (!number || rest.front() != '.') {
    return std::nullopt;
  }
  rest.remove_prefix(1);
  std::int64_t outbox = 0;
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), outbox);
  if (ec != std::errc() || end == rest.data() || end == rest.data() + rest.size() || *end != '@' ||
      outbox <= 0) {
    return std::nullopt;
  }
  return std::make_pair(*number, outbox);
}

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
  if (const auto ours = OutboxMessageOf(mail.bounced_message_id); ours && outbox_ != nullptr) {
    // Our message to a resident came back: its delivery failed after all.
    std::string reason = "bounced";
    if (!mail.bounce_status.empty()) {
      reason += " (" + mail.bounce_status + ")";
    }
    if (!mail.bounce_recipient.empty()) {
      reason += " for " + mail.bounce_recipient;
    }
    // A permanent failure (5.x.x) means the address does not work: remembered with the bounce.
    const bool permanent = mail.bounce_status.rfind('5', 0) == 0 && !mail.bounce_recipient.empty();
    auto* outbox = outbox_;
    outbox_->RecordBounce(ours->second, reason, clock_.Now(),
                          [done, number = ours->first, reason, permanent, outbox, at = clock_.Now(),
                           address = mail.bounce_recipient](Status s) {
                            if (!s) {
                              done(s.error());
                              return;
                            }
                            if (!permanent) {
                              done(MailOutcome{"bounce", number, 0, reason, false});
                              return;
                            }
                            outbox->RememberUndeliverable(
                                address, reason, at, [done, number, reason](Status r) {
                                  if (!r) {
                                    done(r.error());
                                    return;
                                  }
                                  done(MailOutcome{"bounce", number, 0, reason, false});
                                });
                          });
    return;
  }
  if (outbox_ != nullptr && mail.automatic.empty() && !mail.from_address.empty()) {
    // A person writes from this address: it works again (if it did not).
    outbox_->ForgetUndeliverable(mail.from_address, [](Status) {});
  }
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
    // A reply about a case: a note for the staff (not public: it may hold personal data), and
    // its files attached to the case.
    std::vector<std::string> lines;
    std::vector<cases::Attachment> files;
    StoreFiles(mail, desk_ != nullptr ? "attached" : "", lines, files);
    NewUpdate update;
    update.case_number = number;
    update.description = Describe(mail, lines);
    update.is_public = false;
    update.actor = "email:" + mail.from_address;
    update.external_id = message_id;
    update.at = clock_.Now();
    cases::Actor actor = cases::Actor::System();
    actor.id = update.actor;
    const Timestamp at = update.at;
    cases_.AddUpdate(std::move(update), [this, done, number, at, actor,
                                         files = std::move(files)](Result<cases::CaseEvent> event) {
      if (!event) {
        done(event.error());
        return;
      }
      MailOutcome outcome{"case_note", number, 0, {}, event->at != at};
      if (outcome.repeated) {
        done(outcome);  // Delivered again: its files were attached the first time.
        return;
      }
      AttachFrom(number, files, 0, actor, outcome, done);
    });
    return;
  }
  std::string sender = mail.from_address;
  for (auto& c : sender) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const bool fax = std::find(options_.fax_senders.begin(), options_.fax_senders.end(), sender) !=
                   options_.fax_senders.end();
  std::vector<std::string> lines;
  std::vector<cases::Attachment> files;
  StoreFiles(mail, "kept with the contact", lines, files);
  // An answer to what we wrote on a contact still going on: its next line.
  for (const auto& ref : mail.references) {
    const auto earlier = ContactOfMessageId(ref);
    if (!earlier) {
      continue;
    }
    auto record = center_.Load(*earlier);
    if (!record || (record->state != "waiting" && record->state != "offered" &&
                    record->state != "connected")) {
      break;  // Ended: the answer is a new contact.
    }
    const std::int64_t id = *earlier;
    // The Message-ID makes a redelivered answer one line (a long one by its hash).
    const std::string line_id =
        message_id.size() <= 100 ? message_id : security::Fingerprint(message_id);
    center_.AddFiles(
        id, std::move(files), [this, done, id, line_id, text = Describe(mail, lines)](Status kept) {
          if (!kept) {
            done(kept.error());
            return;
          }
          center_.Say(id, "resident", text, line_id, [done, id](Result<ChatLine> line) {
            if (!line) {
              done(line.error());
              return;
            }
            done(MailOutcome{"interaction", {}, id, {}, false});
          });
        });
    return;
  }
  NewContact contact;
  contact.channel = fax ? contact::Channel::kFax : contact::Channel::kEmail;
  contact.queue = fax ? options_.fax_queue : options_.queue;
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
  const bool acknowledge = options_.acknowledge && !fax;
  // The files first, then the text that names them (both durable before mailgate exits 0).
  center_.AddFiles(
      id, std::move(files),
      [this, done, id, acknowledge, text = Describe(mail, lines)](Status kept) {
        if (!kept) {
          done(kept.error());
          return;
        }
        center_.Say(id, "resident", text, {}, [this, done, id, acknowledge](Result<ChatLine> line) {
          if (!line) {
            done(line.error());
            return;
          }
          if (!acknowledge) {
            done(MailOutcome{"interaction", {}, id, {}, false});
            return;
          }
          // The acknowledgement leaves as an e-mail (marked Auto-Submitted).
          const std::string n = std::to_string(id);
          center_.Say(id, "system",
                      "Dziękujemy za wiadomość. Ma ona numer kontaktu " + n +
                          "; odpowiemy najszybciej, jak to możliwe.\n\nThank you for "
                          "your message (contact " +
                          n + "). We will answer as soon as we can.",
                      {}, [done, id](Result<ChatLine>) {
                        // The mail is stored either way; a failed acknowledgement is not
                        // a reason for the mail server to deliver it again.
                        done(MailOutcome{"interaction", {}, id, {}, false});
                      });
        });
      });
}

void MailIntake::StoreFiles(const ParsedMail& mail, std::string_view kept_as,
                            std::vector<std::string>& lines,
                            std::vector<cases::Attachment>& files) {
  for (const auto& a : mail.attachments) {
    if (media_ == nullptr || kept_as.empty()) {
      lines.push_back(FileLine(a));
      continue;
    }
    const std::string name = SafeName(a.name);
    if (IsTnef(a)) {
      lines.push_back("[" + name + kTnefNote);
      continue;
    }
    auto stored = media_->Put(a.bytes, name);
    if (!stored) {
      lines.push_back("[" + name + ": not kept: " + stored.error().message + "]");
      continue;
    }
    files.push_back(AttachmentOf(stored.value(), name, /*is_public=*/false));
    files.back().created_at = clock_.Now();
    lines.push_back("[" + name + ": " + std::string(kept_as) + "]");
  }
}

void MailIntake::AttachFrom(std::string number, std::vector<cases::Attachment> files,
                            std::size_t next, cases::Actor actor, MailOutcome outcome,
                            Callback<Result<MailOutcome>> done) {
  if (next == files.size()) {
    done(outcome);
    return;
  }
  const cases::Attachment file = files[next];
  const std::string url = options_.public_url + "/api/v1/public/media/" + file.sha256 + ".jpg";
  const workflow::Workflow& wf = desk_->workflow();
  desk_->Act(
      actor, number, std::nullopt,
      [&wf, file, url, actor](workflow::CaseFile& f, Timestamp now) {
        return wf.Attach(f, file, url, actor, now);
      },
      [this, number, files = std::move(files), next, actor, outcome,
       done](Result<workflow::CaseFile> attached) mutable {
        if (!attached) {
          done(attached.error());
          return;
        }
        AttachFrom(std::move(number), std::move(files), next + 1, std::move(actor), outcome,
                   std::move(done));
      });
}

}  // namespace ratusz::app
