#include "app/sms_intake.hpp"

#include <memory>

#include "cases/case_number.hpp"
#include "common/text.hpp"
#include "residents/phone.hpp"

namespace ratusz::app {
namespace {

// The first word and the rest, trimmed.
std::pair<std::string_view, std::string_view> FirstWord(std::string_view text) {
  text = Trim(text);
  const auto end = text.find_first_of(" \t\r\n:,");
  if (end == std::string_view::npos) {
    return {text, {}};
  }
  return {text.substr(0, end), Trim(text.substr(end + 1))};
}

std::string CaseLink(const std::string& public_url, const std::string& number) {
  return public_url.empty() ? std::string() : " " + public_url + "/c/" + number;
}

}  // namespace

std::optional<std::pair<const SmsKeyword*, std::string>> MatchKeyword(
    const std::vector<SmsKeyword>& keywords, std::string_view text) {
  const auto [word, rest] = FirstWord(text);
  const std::string folded = FoldForSearch(word);
  for (const auto& k : keywords) {
    if (!folded.empty() && FoldForSearch(k.keyword) == folded) {
      return std::pair{&k, std::string(rest)};
    }
  }
  return std::nullopt;
}

void SmsIntake::Receive(SmsIn sms, Callback<Result<SmsOutcome>> done) {
  if (sms.id.empty() || sms.id.size() > 100) {
    return done(
        MakeError(ErrorCode::kInvalidArgument, "the message id is 1 to 100 characters", "id"));
  }
  if (!IsValidUtf8(sms.text) || sms.text.size() > 8000) {
    return done(MakeError(ErrorCode::kInvalidArgument,
                          "the text is UTF-8 of at most 8,000 bytes (a long SMS is at most "
                          "255 parts of 153 characters)",
                          "text"));
  }
  auto taken = log_.SmsTaken(sms.id);
  if (!taken) {
    return done(taken.error());
  }
  if (taken.value()) {
    return done(*taken.value());
  }
  auto e164 = residents::NormalisePhone(sms.from, personal_.default_country());
  if (!e164) {
    // An operator's name or a short code: nobody to answer, nothing to keep.
    return Finish(sms, SmsOutcome{"ignored", {}, 0, {}, false}, std::move(done));
  }
  const std::string text = NormalizeNewlines(sms.text);
  const auto [word, rest] = FirstWord(text);
  const std::string command = FoldForSearch(word);
  if (rest.empty() && command == "stop" && notices_ != nullptr) {
    auto self = this;
    notices_->UnsubscribeByLookup(
        personal_.PhoneLookup(e164.value()),
        [self, sms, e164 = e164.value(), done](Result<bool> gone) mutable {
          if (!gone) {
            return done(gone.error());
          }
          self->OptOut(sms, e164, true, std::move(done));
        });
    return;
  }
  if (rest.empty() && (command == "stop" || command == "start")) {
    return OptOut(sms, e164.value(), command == "stop", std::move(done));
  }
  if (rest.empty() && (command == "tak" || command == "yes") && notices_ != nullptr) {
    auto self = this;
    notices_->ConfirmByLookup(
        personal_.PhoneLookup(e164.value()),
        [self, sms, e164 = e164.value(), text, done](Result<int> confirmed) mutable {
          if (!confirmed) {
            return done(confirmed.error());
          }
          if (confirmed.value() == 0) {
            return self->ToAgent(sms, e164, text, std::move(done));  // Nothing to confirm.
          }
          self->Finish(sms,
                       SmsOutcome{"subscribed",
                                  {},
                                  0,
                                  "Powiadomienia włączone. STOP wyłącza. / Notices are on. STOP "
                                  "to end.",
                                  false},
                       std::move(done));
        });
    return;
  }
  if (auto survey = ParseSmsSurvey(text); survey && surveys_ != nullptr) {
    auto self = this;
    surveys_->AnswerBySms(
        personal_.PhoneLookup(e164.value()), std::move(survey).value(),
        [self, sms, e164 = e164.value(), text, done](Result<SurveyOutcome> answered) mutable {
          if (!answered && answered.error().code == ErrorCode::kNotFound) {
            return self->ToAgent(sms, e164, text, std::move(done));  // No survey: a message.
          }
          if (!answered) {
            return done(answered.error());
          }
          const std::string& n = answered->case_number;
          SmsOutcome outcome{"survey", n, 0, {}, false};
          outcome.reply = answered->reopened
                              ? "Zgłoszenie " + n + " otwarte ponownie. / Case " + n + " reopened."
                              : "Dziękujemy za ocenę. / Thank you for your answer.";
          self->Finish(sms, std::move(outcome), std::move(done));
        });
    return;
  }
  if (word.find('-') != std::string_view::npos) {
    if (const auto number = cases::NormalizeCaseNumber(word)) {
      NewUpdate note;
      note.case_number = *number;
      note.description = std::string(rest.empty() ? text : rest);
      note.is_public = false;
      note.actor = "sms:" + e164.value();
      note.external_id = "sms:" + sms.id;
      note.at = clock_.Now();
      const std::string case_number = *number;
      auto self = this;
      cases_.AddUpdate(std::move(note), [self, sms, case_number, text, e164 = e164.value(),
                                         done](Result<cases::CaseEvent> event) mutable {
        if (!event && event.error().code == ErrorCode::kNotFound) {
          return self->ToAgent(sms, e164, text, std::move(done));  // Not one of our numbers.
        }
        if (!event) {
          return done(event.error());
        }
        self->Finish(sms,
                     SmsOutcome{"note", case_number, 0,
                                "Dopisano do zgłoszenia " + case_number + ". / Added to case " +
                                    case_number + ".",
                                false},
                     std::move(done));
      });
      return;
    }
  }
  if (auto keyword = MatchKeyword(options_.keywords, text); keyword && !keyword->second.empty()) {
    const cases::Jurisdiction* jurisdiction =
        catalog_.FindJurisdiction(keyword->first->jurisdiction_id);
    if (jurisdiction != nullptr) {
      ReportSubmission s;
      s.input.jurisdiction_id = keyword->first->jurisdiction_id;
      s.input.service_code = keyword->first->service_code;
      s.input.address_string = keyword->second;
      s.input.description = text;
      s.input.reporter.phone = e164.value();
      s.channel = cases::Channel::kSms;
      s.client_name = "SMS";
      s.idempotency_key = "sms:" + sms.id;
      s.fingerprint = "sms:" + sms.id;
      s.actor = "sms";
      auto self = this;
      intake_.Submit(*jurisdiction, std::move(s),
                     [self, sms, e164 = e164.value(), text, done](SubmitOutcome outcome) mutable {
                       if (outcome.created) {
                         const std::string number = outcome.created->request.number;
                         self->Finish(sms,
                                      SmsOutcome{"case", number, 0,
                                                 "Przyjęto zgłoszenie " + number + ". / Report " +
                                                     number + " received." +
                                                     CaseLink(self->options_.public_url, number),
                                                 false},
                                      std::move(done));
                         return;
                       }
                       // Not a valid report (a required question, an unknown place): an agent
                       // takes it from here.
                       self->ToAgent(sms, e164, text, std::move(done));
                     });
      return;
    }
  }
  ToAgent(sms, e164.value(), text, std::move(done));
}

void SmsIntake::ToAgent(const SmsIn& sms, const std::string& e164, const std::string& text,
                        Callback<Result<SmsOutcome>> done) {
  NewContact contact;
  contact.channel = contact::Channel::kSms;
  contact.queue = options_.queue;
  contact.address = e164;
  contact.external_id = "sms:" + sms.id;
  auto routing = center_.Open(contact);
  if (!routing) {
    return done(routing.error());
  }
  const std::int64_t id = routing->interaction.id;
  auto self = this;
  center_.Say(id, "resident", text, {}, [self, sms, id, done](Result<ChatLine> line) mutable {
    if (!line) {
      return done(line.error());
    }
    self->Finish(sms, SmsOutcome{"interaction", {}, id, {}, false}, std::move(done));
  });
}

void SmsIntake::OptOut(const SmsIn& sms, const std::string& e164, bool out,
                       Callback<Result<SmsOutcome>> done) {
  const std::string lookup = personal_.PhoneLookup(e164);
  auto self = this;
  residents_.SetSmsOptOut(
      lookup, out, clock_.Now(), [self, sms, lookup, out, done](Status stored) mutable {
        if (!stored) {
          return done(stored.error());
        }
        SmsOutcome outcome;
        outcome.action = out ? "stop" : "start";
        outcome.reply = out ? "Nie wyślemy więcej SMS-ów na ten numer. START przywraca. / You will "
                              "get no more texts from us. START to resume."
                            : "Znów będziemy wysyłać SMS-y o Twoich zgłoszeniach. STOP wyłącza. / "
                              "Texts about your reports resume. STOP to end.";
        if (!out) {
          return self->Finish(sms, std::move(outcome), std::move(done));
        }
        // A resident with this number withdraws their consent to notifications by SMS too.
        auto resident = self->residents_.ResidentByLookup(lookup);
        if (!resident) {
          return done(resident.error());
        }
        if (!resident.value() || !resident.value()->Consents(residents::Purpose::kNotifications)) {
          return self->Finish(sms, std::move(outcome), std::move(done));
        }
        residents::Resident r = std::move(*resident.value());
        const Timestamp now = self->clock_.Now();
        (void)residents::Withdraw(r, residents::Purpose::kNotifications, "sms", now);
        if (!r.HasAnyConsent()) {
          r.erased_at = now;
        }
        r.updated_at = now;
        AccessEntry log;
        log.at = now;
        log.actor = "sms";
        log.action = "withdraw";
        log.subject = "resident:" + std::to_string(r.id);
        log.reason = "STOP by SMS: consent to notifications withdrawn";
        const std::int64_t version = r.version;
        self->residents_.UpdateResident(
            std::move(r), version, std::move(log),
            [self, sms, outcome = std::move(outcome), done](Result<residents::Resident> u) mutable {
              if (!u) {
                return done(u.error());
              }
              self->Finish(sms, std::move(outcome), std::move(done));
            });
      });
}

void SmsIntake::Finish(const SmsIn& sms, SmsOutcome outcome, Callback<Result<SmsOutcome>> done) {
  log_.RememberSms(sms.id, outcome, clock_.Now(),
                   [outcome, done = std::move(done)](Status stored) mutable {
                     if (!stored) {
                       return done(stored.error());
                     }
                     done(std::move(outcome));
                   });
}

}  // namespace ratusz::app
