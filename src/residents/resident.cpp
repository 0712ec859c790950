#include "residents/resident.hpp"

#include <algorithm>
#include <array>

#include "common/text.hpp"
#include "residents/phone.hpp"

namespace ratusz::residents {
namespace {

constexpr std::array<std::string_view, 3> kPurposes{"recognition", "notifications", "surveys"};
constexpr std::array<std::string_view, 7> kChannels{"voice",   "email",  "sms", "web",
                                                    "walk_in", "letter", "chat"};

// One error naming every problem (the field is the first problem's).
Error Combine(const std::vector<Error>& problems) {
  std::string message;
  for (const auto& e : problems) {
    message += (message.empty() ? "" : "; ") + e.message;
  }
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), problems.front().field);
}

}  // namespace

std::string_view PurposeName(Purpose purpose) {
  return kPurposes.at(static_cast<std::size_t>(purpose));
}

std::optional<Purpose> ParsePurpose(std::string_view name) {
  for (std::size_t i = 0; i < kPurposes.size(); ++i) {
    if (kPurposes[i] == name) {
      return static_cast<Purpose>(i);
    }
  }
  return std::nullopt;
}

bool KnownConsentChannel(std::string_view channel) {
  return std::find(kChannels.begin(), kChannels.end(), channel) != kChannels.end();
}

bool Resident::Consents(Purpose purpose) const {
  return !erased_at && std::any_of(consents.begin(), consents.end(), [&](const Consent& c) {
    return c.purpose == purpose && c.Active();
  });
}

bool Resident::HasAnyConsent() const {
  return !erased_at &&
         std::any_of(consents.begin(), consents.end(), [](const Consent& c) { return c.Active(); });
}

Result<Resident> ValidateResident(const ResidentInput& input, std::string_view default_country) {
  std::vector<Error> problems;
  Resident r;
  r.name = std::string(Trim(input.name));
  if (r.name.size() > 200 || !IsValidUtf8(r.name)) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "a name is at most 200 characters of UTF-8", "name"));
  }
  if (input.phones.empty() && input.emails.empty()) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "a profile needs a telephone number or an e-mail address to be "
                                 "recognised by",
                                 "phones"));
  }
  if (input.phones.size() + input.emails.size() > 10) {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, "at most 10 numbers and addresses", "phones"));
  }
  for (const auto& p : input.phones) {
    auto n = NormalisePhone(p, default_country);
    if (!n) {
      problems.push_back(n.error());
    } else if (std::find(r.phones.begin(), r.phones.end(), n.value()) == r.phones.end()) {
      r.phones.push_back(std::move(n.value()));
    }
  }
  for (const auto& e : input.emails) {
    auto n = NormaliseEmail(e);
    if (!n) {
      problems.push_back(n.error());
    } else if (std::find(r.emails.begin(), r.emails.end(), n.value()) == r.emails.end()) {
      r.emails.push_back(std::move(n.value()));
    }
  }
  if (input.language != "pl" && input.language != "en") {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument, "language is pl or en", "language"));
  }
  r.language = input.language;
  if (input.channel != "email" && input.channel != "sms" && input.channel != "none") {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, "channel is email, sms or none", "channel"));
  } else if (input.channel == "email" && input.emails.empty()) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "notifications by e-mail need an e-mail address", "channel"));
  } else if (input.channel == "sms" && input.phones.empty()) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "notifications by SMS need a telephone number", "channel"));
  }
  r.channel = input.channel;
  if (!problems.empty()) {
    return Combine(problems);
  }
  return r;
}

Result<Consent> CheckConsent(std::string_view purpose, std::string_view version,
                             std::string_view channel, const std::vector<ConsentText>& texts,
                             Timestamp at) {
  const auto p = ParsePurpose(purpose);
  if (!p) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a consent's purpose is recognition, notifications or surveys", "purpose");
  }
  if (!KnownConsentChannel(channel)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a consent's channel is voice, email, sms, web, walk_in, letter or chat",
                     "channel");
  }
  const bool known = std::any_of(texts.begin(), texts.end(), [&](const ConsentText& t) {
    return t.purpose == *p && t.version == version;
  });
  if (!known) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "no consent text \"" + std::string(version.substr(0, 40)) + "\" for " +
                         std::string(purpose) + " (GET /api/v1/public/consent-texts lists them)",
                     "text_version");
  }
  Consent c;
  c.purpose = *p;
  c.text_version = std::string(version);
  c.given_at = at;
  c.channel = std::string(channel);
  return c;
}

Status Withdraw(Resident& resident, Purpose purpose, std::string_view channel, Timestamp at) {
  if (!KnownConsentChannel(channel)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a consent's channel is voice, email, sms, web, walk_in, letter or chat",
                     "channel");
  }
  bool found = false;
  for (auto& c : resident.consents) {
    if (c.purpose == purpose && c.Active()) {
      c.withdrawn_at = at;
      c.withdrawn_channel = std::string(channel);
      found = true;
    }
  }
  if (!found) {
    return MakeError(ErrorCode::kNotFound,
                     "no active consent for " + std::string(PurposeName(purpose)));
  }
  return {};
}

}  // namespace ratusz::residents
