#pragma once

// Residents and personal data: profiles, consent, the access log, erasure and retention.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/callback.hpp"
#include "cases/case.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "residents/notices.hpp"
#include "residents/resident.hpp"

namespace ratusz::app {

// One staff access to personal data (and every change of a profile or a consent).
struct AccessEntry {
  std::int64_t id = 0;
  Timestamp at;
  std::string actor;    // "user:ala", "system".
  std::string action;   // read | recognise | export | erase | create | update | consent | withdraw
  std::string subject;  // "resident:12", "case:K7M2-QX4P"
  std::string reason;
};

// Unset fields do not filter; newest first, before `before_id` when set.
struct AccessQuery {
  std::string actor;
  std::string subject;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
  std::int64_t before_id = 0;
  int limit = 100;
};

// An address subscribed to area and topic notices (see NoticeStore).
struct Subscriber {
  std::int64_t id = 0;
  std::string kind;     // email | sms
  std::string address;  // Opened.
  std::string lookup;
  std::string key;  // Opened: the key of its links.
  std::string language;
  Timestamp created_at;
  struct Pair {
    std::string topic;
    std::string area;
    std::string text_version;
    std::string channel;
    Timestamp given_at;
    std::optional<Timestamp> confirmed_at;
  };
  std::vector<Pair> subscriptions;
};

// What the city holds about a person, found by the lookups of their numbers and addresses.
struct ResidentActivity {
  std::vector<cases::ServiceRequest> cases;  // With the reporter opened; newest first.
  std::vector<InteractionRecord> interactions;
  std::vector<Subscriber> subscriptions;  // Area and topic notices to their numbers/addresses.
};

struct ErasureCounts {
  std::int64_t cases = 0;
  std::int64_t events = 0;
  std::int64_t interactions = 0;
  std::int64_t chat_lines = 0;
  std::int64_t subscribers = 0;  // Addresses deleted with their notice subscriptions.
};

// Contact details removed after the retention period.
struct RetentionCounts {
  std::int64_t cases = 0;
  std::int64_t interactions = 0;
};

// Profiles and their consents; the store seals the personal fields and keeps the lookups.
// Every write carries the access entry that explains it, written in the same transaction.
class ResidentStore {
 public:
  virtual ~ResidentStore() = default;

  // AlreadyExists (naming the field) when a number or address belongs to another profile.
  virtual void CreateResident(residents::Resident resident, AccessEntry log,
                              Callback<Result<residents::Resident>> done) = 0;
  // Replaces the profile, its contacts and consents when its version is still `version`
  // (Conflict otherwise). A profile with `erased_at` set loses its name and contacts.
  virtual void UpdateResident(residents::Resident resident, std::int64_t version, AccessEntry log,
                              Callback<Result<residents::Resident>> done) = 0;
  [[nodiscard]] virtual Result<std::optional<residents::Resident>> LoadResident(
      std::int64_t id) = 0;
  // The profile holding this lookup (of a number or an address), if any.
  [[nodiscard]] virtual Result<std::optional<residents::Resident>> ResidentByLookup(
      std::string_view lookup) = 0;
  [[nodiscard]] virtual Result<ResidentActivity> ActivityOf(const std::vector<std::string>& lookups,
                                                            int limit) = 0;
  // Pseudonymises the person in cases, events and interactions; the profile keeps no personal
  // data; consents and the access log stay.
  // `open_contacts`: contacts still going on (the contact center has already taken their
  // address), whose resident lines are erased too.
  virtual void EraseResident(std::int64_t id, std::vector<std::int64_t> open_contacts, Timestamp at,
                             AccessEntry log, Callback<Result<ErasureCounts>> done) = 0;
  // Removes the contact details of cases closed and contacts ended before `before`, except
  // those of residents who consented to recognition.
  virtual void ForgetContacts(Timestamp before, Callback<Result<RetentionCounts>> done) = 0;

  // SMS opt-outs (STOP), by the lookup of the number.
  virtual void SetSmsOptOut(std::string lookup, bool opted_out, Timestamp at,
                            Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<bool> SmsOptedOut(std::string_view lookup) = 0;

  virtual void LogAccess(AccessEntry entry, Callback<Status> done) = 0;
  [[nodiscard]] virtual Result<std::vector<AccessEntry>> ListAccess(const AccessQuery& query) = 0;
};

}  // namespace ratusz::app
