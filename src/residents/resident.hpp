#pragma once

// A resident's profile exists only with consent (S12, S26): the purposes they agreed to, the
// version of the consent text they saw, when and through which channel. Withdrawing is as easy
// as giving: one call per purpose; when no purpose is left the profile's personal data goes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::residents {

// recognition: a contact from their number or address is recognised and the agent sees their
// earlier cases; notifications: case updates and subscribed notices; surveys: after closure.
enum class Purpose { kRecognition, kNotifications, kSurveys };
std::string_view PurposeName(Purpose purpose);
std::optional<Purpose> ParsePurpose(std::string_view name);

// The wording a resident agrees to, in both languages, by version (configuration).
struct ConsentText {
  Purpose purpose = Purpose::kRecognition;
  std::string version;
  std::string text_pl;
  std::string text_en;
};

struct Consent {
  std::int64_t id = 0;  // 0 until stored.
  Purpose purpose = Purpose::kRecognition;
  std::string text_version;
  Timestamp given_at;
  std::string channel;  // voice, email, sms, web, walk_in, letter, chat.
  std::optional<Timestamp> withdrawn_at;
  std::string withdrawn_channel;
  std::string recorded_by;  // The staff member or channel that took it.

  bool Active() const { return !withdrawn_at.has_value(); }
};

struct Resident {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> phones;  // E.164.
  std::vector<std::string> emails;  // Lower case.
  std::string language = "pl";      // pl | en.
  std::string channel = "email";    // Preferred for notifications: email | sms | none.
  std::vector<Consent> consents;    // Every consent ever given, withdrawn ones too.
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> erased_at;  // Erased, or closed when the last consent was withdrawn.
  std::int64_t version = 0;

  bool Consents(Purpose purpose) const;
  bool HasAnyConsent() const;
};

// What staff send to create or change a profile, before it is checked.
struct ResidentInput {
  std::string name;
  std::vector<std::string> phones;
  std::vector<std::string> emails;
  std::string language = "pl";
  std::string channel = "email";
};

// The channels a consent may be given or withdrawn through.
bool KnownConsentChannel(std::string_view channel);

// Checks a profile and normalises its numbers and addresses; every problem at once.
[[nodiscard]] Result<Resident> ValidateResident(const ResidentInput& input,
                                                std::string_view default_country);

// A consent to record: the purpose and version must be among `texts`, the channel known.
[[nodiscard]] Result<Consent> CheckConsent(std::string_view purpose, std::string_view version,
                                           std::string_view channel,
                                           const std::vector<ConsentText>& texts, Timestamp at);

// Withdraws the active consent for `purpose`; NotFound when there is none.
[[nodiscard]] Status Withdraw(Resident& resident, Purpose purpose, std::string_view channel,
                              Timestamp at);

}  // namespace ratusz::residents
