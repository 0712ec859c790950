#pragma once

// Personal data at rest, as the store and the use cases see it: fields sealed with the
// configured keys, and lookups (blind indexes) of normalised telephone numbers and e-mail
// addresses, so that "600 123 456" on a case and "+48600123456" from the telephone system find
// each other without either being stored in the clear.

#include <memory>
#include <string>
#include <string_view>

#include "security/sealer.hpp"

namespace ratusz::security {

class PersonalData {
 public:
  // `default_country`: ISO code for numbers written without a country code.
  PersonalData(Sealer sealer, std::string default_country)
      : sealer_(std::move(sealer)), default_country_(std::move(default_country)) {}

  // A store and its tests with a fresh random key (nothing sealed with it outlives the process).
  static std::shared_ptr<const PersonalData> Ephemeral(std::string default_country = "PL");

  std::string Seal(std::string_view plain) const { return sealer_.Seal(plain); }
  // The plain text; a field that does not open (a damaged row) reads as empty, and the start-up
  // check (the canary) makes sure the keys are the database's.
  std::string Open(std::string_view stored) const;

  // Lookups of what a person wrote; empty when it is not a number / an address.
  std::string PhoneLookup(std::string_view written) const;
  std::string EmailLookup(std::string_view written) const;
  // A contact's address by its channel: e-mail for "email", a number for the rest; empty for a
  // chat (its address is a session, not a person's).
  std::string AddressLookup(std::string_view channel, std::string_view address) const;

  const Sealer& sealer() const { return sealer_; }
  const std::string& default_country() const { return default_country_; }

 private:
  Sealer sealer_;
  std::string default_country_;
};

}  // namespace ratusz::security
