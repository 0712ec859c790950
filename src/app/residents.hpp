#pragma once

// Residents and their personal data (S12, S26): profiles that exist only with consent,
// recognition of a known caller, GDPR export and erasure, the retention of contact details on
// cases, and the log of every staff access to personal data.
//
// Every read of personal data names a reason and is logged before the data is returned; a
// log that cannot be written means no data.

#include <optional>
#include <string>
#include <vector>

#include "app/case_desk.hpp"
#include "app/contact_center.hpp"
#include "app/ports.hpp"
#include "residents/resident.hpp"
#include "security/personal_data.hpp"

namespace ratusz::app {

struct ResidentsOptions {
  std::vector<residents::ConsentText> consent_texts;
  // Contact details of cases closed (and contacts ended) longer ago are removed, unless the
  // resident consented to recognition. 0 keeps them.
  int retention_days = 365;
};

// A consent being given: what the resident agreed to, and where.
struct ConsentRequest {
  std::string purpose;
  std::string text_version;
  std::string channel;
};

struct Recognition {
  std::optional<residents::Resident> resident;  // Set only with consent to recognition.
  ResidentActivity activity;
};

struct ResidentExport {
  residents::Resident resident;
  ResidentActivity activity;
  std::vector<AccessEntry> accesses;  // Who looked at their data, and why.
};

class Residents {
 public:
  // All references must outlive this. Thread-safe.
  Residents(ResidentStore& store, CaseStore& cases, ContactCenter& contacts, CaseDesk& desk,
            const security::PersonalData& personal, const Clock& clock, ResidentsOptions options)
      : store_(store),
        cases_(cases),
        contacts_(contacts),
        desk_(desk),
        personal_(personal),
        clock_(clock),
        options_(std::move(options)) {}

  const std::vector<residents::ConsentText>& consent_texts() const {
    return options_.consent_texts;
  }

  // Agents, supervisors and admins; at least one consent.
  void Create(const cases::Actor& actor, const residents::ResidentInput& input,
              const std::vector<ConsentRequest>& consents,
              Callback<Result<residents::Resident>> done);
  void Read(const cases::Actor& actor, std::int64_t id, std::string reason,
            Callback<Result<residents::Resident>> done);
  void Update(const cases::Actor& actor, std::int64_t id, std::int64_t version,
              const residents::ResidentInput& input, Callback<Result<residents::Resident>> done);
  void GiveConsent(const cases::Actor& actor, std::int64_t id, const ConsentRequest& consent,
                   Callback<Result<residents::Resident>> done);
  // When no consent is left, the profile's name, numbers and addresses are deleted.
  void WithdrawConsent(const cases::Actor& actor, std::int64_t id, std::string_view purpose,
                       std::string_view channel, Callback<Result<residents::Resident>> done);
  // The resident behind a number or address, with their earlier cases and contacts, if they
  // consented to recognition; otherwise nothing (and nothing is logged).
  void Recognise(const cases::Actor& actor, std::string_view address, std::string reason,
                 Callback<Result<Recognition>> done);
  // The caller of a contact the actor handles (an agent: their own; supervisors: any).
  void RecogniseCaller(const cases::Actor& actor, std::int64_t interaction,
                       Callback<Result<Recognition>> done);
  void Export(const cases::Actor& actor, std::int64_t id, std::string reason,
              Callback<Result<ResidentExport>> done);
  // Supervisors and admins. Refused while the person has open cases unless `open_cases_too`.
  void Erase(const cases::Actor& actor, std::int64_t id, std::string reason, bool open_cases_too,
             Callback<Result<ErasureCounts>> done);
  // A case's reporter, for someone who may see the case.
  void ReporterOf(const cases::Actor& actor, std::string_view number, std::string reason,
                  Callback<Result<cases::Reporter>> done);
  // Auditors and admins.
  [[nodiscard]] Result<std::vector<AccessEntry>> AccessLog(const cases::Actor& actor,
                                                           const AccessQuery& query);
  // Applies the retention period (the timer thread calls it).
  void RunRetention(Callback<Result<RetentionCounts>> done);

 private:
  AccessEntry Entry(const cases::Actor& actor, std::string action, std::string subject,
                    std::string reason) const;
  // Loads the profile (NotFound for an unknown or erased one) after checking the actor's role.
  [[nodiscard]] Result<residents::Resident> LoadForStaff(const cases::Actor& actor,
                                                         std::int64_t id);
  // The lookups of a profile's numbers and addresses.
  std::vector<std::string> LookupsOf(const residents::Resident& r) const;

  ResidentStore& store_;
  CaseStore& cases_;
  ContactCenter& contacts_;
  CaseDesk& desk_;
  const security::PersonalData& personal_;
  const Clock& clock_;
  ResidentsOptions options_;
};

}  // namespace ratusz::app
