#include "app/residents.hpp"

#include <algorithm>
#include <memory>

#include "common/text.hpp"

namespace ratusz::app {
namespace {

using residents::Resident;

bool HandlesProfiles(cases::Role role) {
  return role == cases::Role::kAgent || role == cases::Role::kSupervisor ||
         role == cases::Role::kAdmin;
}

Status MayHandleProfiles(const cases::Actor& actor) {
  if (HandlesProfiles(actor.role)) {
    return {};
  }
  return MakeError(ErrorCode::kPermissionDenied,
                   "a " + std::string(cases::RoleName(actor.role)) +
                       " may not see residents' profiles; agents, supervisors and admins do");
}

// A reason is what the access log is for: required, one line, at most 500 characters.
Status CheckReason(std::string_view reason) {
  const auto trimmed = Trim(reason);
  if (trimmed.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "say why you need this person's data (reason); every access is logged",
                     "reason");
  }
  if (trimmed.size() > 500 || !IsValidUtf8(trimmed) || HasControlChars(trimmed)) {
    return MakeError(ErrorCode::kInvalidArgument, "a reason is one line of at most 500 bytes",
                     "reason");
  }
  return {};
}

std::string Subject(std::int64_t id) { return "resident:" + std::to_string(id); }

}  // namespace

AccessEntry Residents::Entry(const cases::Actor& actor, std::string action, std::string subject,
                             std::string reason) const {
  AccessEntry e;
  e.at = clock_.Now();
  e.actor = actor.id;
  e.action = std::move(action);
  e.subject = std::move(subject);
  e.reason = std::string(Trim(reason));
  return e;
}

std::vector<std::string> Residents::LookupsOf(const Resident& r) const {
  std::vector<std::string> out;
  for (const auto& p : r.phones) {
    out.push_back(personal_.PhoneLookup(p));
  }
  for (const auto& e : r.emails) {
    out.push_back(personal_.EmailLookup(e));
  }
  return out;
}

Result<Resident> Residents::LoadForStaff(const cases::Actor& actor, std::int64_t id) {
  if (auto st = MayHandleProfiles(actor); !st) {
    return st.error();
  }
  auto r = store_.LoadResident(id);
  if (!r) {
    return r.error();
  }
  if (!r.value() || r.value()->erased_at) {
    return MakeError(ErrorCode::kNotFound,
                     "no resident " + std::to_string(id) + " (or their profile was erased)");
  }
  return std::move(*r.value());
}

void Residents::Create(const cases::Actor& actor, const residents::ResidentInput& input,
                       const std::vector<ConsentRequest>& consents,
                       Callback<Result<Resident>> done) {
  if (auto st = MayHandleProfiles(actor); !st) {
    return done(st.error());
  }
  auto r = residents::ValidateResident(input, personal_.default_country());
  if (!r) {
    return done(r.error());
  }
  if (consents.empty()) {
    return done(MakeError(ErrorCode::kInvalidArgument,
                          "a profile exists only with the resident's consent: give at least one "
                          "(recognition, notifications or surveys)",
                          "consents"));
  }
  const Timestamp now = clock_.Now();
  for (const auto& c : consents) {
    auto consent =
        residents::CheckConsent(c.purpose, c.text_version, c.channel, options_.consent_texts, now);
    if (!consent) {
      return done(consent.error());
    }
    consent->recorded_by = actor.id;
    r->consents.push_back(std::move(consent.value()));
  }
  r->created_at = now;
  r->updated_at = now;
  store_.CreateResident(std::move(r.value()), Entry(actor, "create", "", "profile created"),
                        std::move(done));
}

void Residents::Read(const cases::Actor& actor, std::int64_t id, std::string reason,
                     Callback<Result<Resident>> done) {
  if (auto st = CheckReason(reason); !st) {
    return done(st.error());
  }
  auto r = LoadForStaff(actor, id);
  if (!r) {
    return done(r.error());
  }
  store_.LogAccess(Entry(actor, "read", Subject(id), std::move(reason)),
                   [r = std::move(r.value()), done = std::move(done)](Status logged) mutable {
                     if (!logged) {
                       return done(logged.error());
                     }
                     done(std::move(r));
                   });
}

void Residents::Update(const cases::Actor& actor, std::int64_t id, std::int64_t version,
                       const residents::ResidentInput& input, Callback<Result<Resident>> done) {
  auto current = LoadForStaff(actor, id);
  if (!current) {
    return done(current.error());
  }
  auto r = residents::ValidateResident(input, personal_.default_country());
  if (!r) {
    return done(r.error());
  }
  Resident next = std::move(current.value());
  next.name = r->name;
  next.phones = r->phones;
  next.emails = r->emails;
  next.language = r->language;
  next.channel = r->channel;
  next.updated_at = clock_.Now();
  store_.UpdateResident(std::move(next), version,
                        Entry(actor, "update", Subject(id), "profile changed"), std::move(done));
}

void Residents::GiveConsent(const cases::Actor& actor, std::int64_t id,
                            const ConsentRequest& consent, Callback<Result<Resident>> done) {
  auto r = LoadForStaff(actor, id);
  if (!r) {
    return done(r.error());
  }
  const Timestamp now = clock_.Now();
  auto c = residents::CheckConsent(consent.purpose, consent.text_version, consent.channel,
                                   options_.consent_texts, now);
  if (!c) {
    return done(c.error());
  }
  if (r->Consents(c->purpose)) {
    return done(MakeError(ErrorCode::kAlreadyExists,
                          "the resident already consents to " + consent.purpose +
                              "; withdraw it first to record another version",
                          "purpose"));
  }
  c->recorded_by = actor.id;
  r->consents.push_back(std::move(c.value()));
  r->updated_at = now;
  const std::int64_t version = r->version;
  store_.UpdateResident(std::move(r.value()), version,
                        Entry(actor, "consent", Subject(id),
                              "consent to " + consent.purpose + " (" + consent.text_version +
                                  ") through " + consent.channel),
                        std::move(done));
}

void Residents::WithdrawConsent(const cases::Actor& actor, std::int64_t id,
                                std::string_view purpose, std::string_view channel,
                                Callback<Result<Resident>> done) {
  auto r = LoadForStaff(actor, id);
  if (!r) {
    return done(r.error());
  }
  const auto p = residents::ParsePurpose(purpose);
  if (!p) {
    return done(MakeError(ErrorCode::kInvalidArgument,
                          "a consent's purpose is recognition, notifications or surveys",
                          "purpose"));
  }
  const Timestamp now = clock_.Now();
  if (auto st = residents::Withdraw(r.value(), *p, channel, now); !st) {
    return done(st.error());
  }
  std::string why =
      "consent to " + std::string(purpose) + " withdrawn through " + std::string(channel);
  if (!r->HasAnyConsent()) {
    r->erased_at = now;  // Nothing left to keep the profile for.
    why += "; no consent left, the profile's personal data deleted";
  }
  r->updated_at = now;
  const std::int64_t version = r->version;
  store_.UpdateResident(std::move(r.value()), version,
                        Entry(actor, "withdraw", Subject(id), std::move(why)), std::move(done));
}

void Residents::Recognise(const cases::Actor& actor, std::string_view address, std::string reason,
                          Callback<Result<Recognition>> done) {
  if (auto st = MayHandleProfiles(actor); !st) {
    return done(st.error());
  }
  if (auto st = CheckReason(reason); !st) {
    return done(st.error());
  }
  const std::string phone = personal_.PhoneLookup(address);
  const std::string email = personal_.EmailLookup(address);
  if (phone.empty() && email.empty()) {
    return done(MakeError(ErrorCode::kInvalidArgument,
                          "recognition needs a telephone number or an e-mail address", "address"));
  }
  auto found = store_.ResidentByLookup(phone.empty() ? email : phone);
  if (!found) {
    return done(found.error());
  }
  if (!found.value() || !found.value()->Consents(residents::Purpose::kRecognition)) {
    return done(Recognition{});  // Unknown, or known without consent: the same to the agent.
  }
  Recognition out;
  out.resident = std::move(*found.value());
  auto activity = store_.ActivityOf(LookupsOf(*out.resident), 50);
  if (!activity) {
    return done(activity.error());
  }
  out.activity = std::move(activity.value());
  const std::int64_t id = out.resident->id;
  store_.LogAccess(Entry(actor, "recognise", Subject(id), std::move(reason)),
                   [out = std::move(out), done = std::move(done)](Status logged) mutable {
                     if (!logged) {
                       return done(logged.error());
                     }
                     done(std::move(out));
                   });
}

void Residents::RecogniseCaller(const cases::Actor& actor, std::int64_t interaction,
                                Callback<Result<Recognition>> done) {
  auto record = contacts_.Load(interaction);
  if (!record) {
    return done(record.error());
  }
  const auto& i = record.value();
  if (actor.role == cases::Role::kAgent && "user:" + i.agent != actor.id) {
    return done(MakeError(ErrorCode::kPermissionDenied,
                          "an agent recognises the callers of their own contacts only"));
  }
  if (personal_.AddressLookup(i.channel, i.address).empty()) {
    return done(Recognition{});  // A chat, or a withheld number: nobody to recognise.
  }
  Recognise(actor, i.address, "contact " + std::to_string(interaction), std::move(done));
}

void Residents::Export(const cases::Actor& actor, std::int64_t id, std::string reason,
                       Callback<Result<ResidentExport>> done) {
  if (auto st = CheckReason(reason); !st) {
    return done(st.error());
  }
  auto r = LoadForStaff(actor, id);
  if (!r) {
    return done(r.error());
  }
  auto activity = store_.ActivityOf(LookupsOf(r.value()), 10'000);
  if (!activity) {
    return done(activity.error());
  }
  AccessQuery q;
  q.subject = Subject(id);
  q.limit = 10'000;
  auto accesses = store_.ListAccess(q);
  if (!accesses) {
    return done(accesses.error());
  }
  auto out = std::make_shared<ResidentExport>(ResidentExport{
      std::move(r.value()), std::move(activity.value()), std::move(accesses.value())});
  store_.LogAccess(Entry(actor, "export", Subject(id), std::move(reason)),
                   [out, done = std::move(done)](Status logged) {
                     if (!logged) {
                       return done(logged.error());
                     }
                     done(std::move(*out));
                   });
}

void Residents::Erase(const cases::Actor& actor, std::int64_t id, std::string reason,
                      bool open_cases_too, Callback<Result<ErasureCounts>> done) {
  if (actor.role != cases::Role::kSupervisor && actor.role != cases::Role::kAdmin) {
    return done(MakeError(ErrorCode::kPermissionDenied,
                          "only supervisors and admins erase a resident's data"));
  }
  if (auto st = CheckReason(reason); !st) {
    return done(st.error());
  }
  auto r = LoadForStaff(actor, id);
  if (!r) {
    return done(r.error());
  }
  if (!open_cases_too) {
    auto activity = store_.ActivityOf(LookupsOf(r.value()), 10'000);
    if (!activity) {
      return done(activity.error());
    }
    std::string open;
    for (const auto& c : activity->cases) {
      if (cases::IsOpen(c.status)) {
        open += (open.empty() ? "" : ", ") + c.number;
      }
    }
    if (!open.empty()) {
      return done(MakeError(ErrorCode::kFailedPrecondition,
                            "the resident has open cases (" + open +
                                "): after erasure they cannot be told how these end; erase "
                                "anyway with open_cases=erase",
                            "open_cases"));
    }
  }
  // Contacts going on now lose the address first, so that nothing writes it back.
  const auto lookups = LookupsOf(r.value());
  auto open_contacts = contacts_.ForgetAddresses([&](const InteractionRecord& i) {
    const std::string lookup = personal_.AddressLookup(i.channel, i.address);
    return !lookup.empty() && std::find(lookups.begin(), lookups.end(), lookup) != lookups.end();
  });
  store_.EraseResident(id, std::move(open_contacts), clock_.Now(),
                       Entry(actor, "erase", Subject(id), std::move(reason)), std::move(done));
}

void Residents::ReporterOf(const cases::Actor& actor, std::string_view number, std::string reason,
                           Callback<Result<cases::Reporter>> done) {
  if (auto st = CheckReason(reason); !st) {
    return done(st.error());
  }
  auto file = desk_.View(actor, number);  // Checks that the actor may see the case.
  if (!file) {
    return done(file.error());
  }
  auto found = cases_.FindByNumber(file->request.number);
  if (!found) {
    return done(found.error());
  }
  if (!found.value()) {
    return done(MakeError(ErrorCode::kNotFound, "no case " + std::string(number)));
  }
  cases::Reporter reporter = found.value()->reporter;
  store_.LogAccess(Entry(actor, "read", "case:" + found.value()->number, std::move(reason)),
                   [reporter = std::move(reporter), done = std::move(done)](Status logged) mutable {
                     if (!logged) {
                       return done(logged.error());
                     }
                     done(std::move(reporter));
                   });
}

Result<std::vector<AccessEntry>> Residents::AccessLog(const cases::Actor& actor,
                                                      const AccessQuery& query) {
  if (actor.role != cases::Role::kAuditor && actor.role != cases::Role::kAdmin) {
    return MakeError(ErrorCode::kPermissionDenied,
                     "the personal-data access log is for auditors and admins");
  }
  return store_.ListAccess(query);
}

void Residents::RunRetention(Callback<Result<RetentionCounts>> done) {
  if (options_.retention_days <= 0) {
    return done(RetentionCounts{});
  }
  store_.ForgetContacts(clock_.Now() - std::chrono::hours(24) * options_.retention_days,
                        std::move(done));
}

}  // namespace ratusz::app
