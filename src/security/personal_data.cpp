#include "security/personal_data.hpp"

#include "residents/phone.hpp"

namespace ratusz::security {

std::shared_ptr<const PersonalData> PersonalData::Ephemeral(std::string default_country) {
  return std::make_shared<const PersonalData>(Sealer::FromText(Sealer::NewKeyFile()).value(),
                                              std::move(default_country));
}

std::string PersonalData::Open(std::string_view stored) const {
  auto plain = sealer_.Open(stored);
  return plain ? std::move(plain.value()) : std::string();
}

std::string PersonalData::PhoneLookup(std::string_view written) const {
  auto e164 = residents::NormalisePhone(written, default_country_);
  return e164 ? sealer_.Lookup("phone:" + e164.value()) : std::string();
}

std::string PersonalData::EmailLookup(std::string_view written) const {
  auto address = residents::NormaliseEmail(written);
  return address ? sealer_.Lookup("email:" + address.value()) : std::string();
}

std::string PersonalData::AddressLookup(std::string_view channel, std::string_view address) const {
  if (channel == "email") {
    return EmailLookup(address);
  }
  if (channel == "chat" || channel == "consult") {
    return {};  // A chat session; a staff member asking the expert line: nobody to recognise.
  }
  return PhoneLookup(address);
}

}  // namespace ratusz::security
