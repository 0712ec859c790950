#include "app/notices.hpp"

#include <future>
#include <map>

#include "residents/phone.hpp"
#include "security/crypto.hpp"

namespace ratusz::app {
namespace {

bool MayBroadcast(const cases::Actor& actor) {
  return actor.role == cases::Role::kSupervisor || actor.role == cases::Role::kAdmin;
}

Error NotAllowed() {
  return MakeError(ErrorCode::kPermissionDenied, "only supervisors and admins send notices");
}

template <typename T>
T Wait(const std::function<void(Callback<T>)>& start) {
  std::promise<T> promise;
  start([&promise](T value) { promise.set_value(std::move(value)); });
  return promise.get_future().get();
}

// The names of the topics or areas in the language, joined.
template <typename Item>
std::string NamesOf(const std::vector<std::string>& codes, std::string_view language,
                    const Item* (residents::NoticeSetup::*find)(std::string_view) const,
                    const residents::NoticeSetup& setup) {
  std::string out;
  for (const auto& code : codes) {
    if (const auto number = residents::CaseOfTopic(code); !number.empty()) {
      out += (out.empty() ? "" : ", ") + std::string(language == "en" ? "report " : "zgłoszenie ") +
             std::string(number);
      continue;
    }
    const Item* item = (setup.*find)(code);
    const std::string name =
        item == nullptr
            ? code
            : std::string(residents::InLanguage(language, item->name_pl, item->name_en));
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

}  // namespace

bool Notices::CanReach(std::string_view kind) const {
  return kind == "email" ? email_.kind == workflow::DeliveryKind::kEmail
                         : policy_.sms.kind == workflow::DeliveryKind::kSms;
}

void Notices::Subscribe(const residents::SubscriptionInput& input,
                        Callback<Result<SubscribeOutcome>> done) {
  auto request = residents::ValidateSubscription(input, options_.setup, options_.consent_versions,
                                                 personal_.default_country());
  if (!request) {
    return done(request.error());
  }
  Store(std::move(request).value(), std::move(done));
}

void Notices::FollowCase(std::string_view number, const residents::SubscriptionInput& input,
                         Callback<Result<SubscribeOutcome>> done) {
  if (cases_ == nullptr) {
    return done(MakeError(ErrorCode::kFailedPrecondition, "cases cannot be followed here"));
  }
  auto found = cases_->FindByNumber(number);
  if (!found) {
    return done(found.error());
  }
  if (!found.value()) {
    return done(MakeError(ErrorCode::kNotFound, "no case " + std::string(number)));
  }
  if (!cases::IsOpen(found.value()->status)) {
    return done(
        MakeError(ErrorCode::kFailedPrecondition,
                  "case " + std::string(number) + " is closed: there is nothing to follow"));
  }
  auto request = residents::ValidateSubscription(input, options_.setup, options_.consent_versions,
                                                 personal_.default_country(), number);
  if (!request) {
    return done(request.error());
  }
  Store(std::move(request).value(), std::move(done));
}

void Notices::Store(residents::SubscriptionRequest request,
                    Callback<Result<SubscribeOutcome>> done) {
  if (!CanReach(request.kind)) {
    return done(MakeError(ErrorCode::kFailedPrecondition,
                          request.kind == "email"
                              ? "notices cannot be sent by e-mail here; give a mobile number"
                              : "notices cannot be sent by text here; give an e-mail address",
                          "address"));
  }
  SubscribeCommand command;
  command.lookup = request.kind == "email" ? personal_.EmailLookup(request.address)
                                           : personal_.PhoneLookup(request.address);
  command.request = std::move(request);
  command.new_key = security::Fingerprint(security::NewToken()).substr(0, 32);  // Hex.
  command.at = clock_.Now();
  command.confirm_again_after = command.at - options_.confirm_again;
  store_.Subscribe(std::move(command), std::move(done));
}

Result<Subscriber> Notices::Mine(std::int64_t id, std::string_view key) {
  auto who = store_.LoadSubscriber(id);
  if (!who) {
    return who.error();
  }
  if (!who.value() || key.empty() || !security::ConstantTimeEquals(key, who.value()->key)) {
    return MakeError(ErrorCode::kNotFound,
                     "no subscription with this link (it may have been cancelled)");
  }
  return std::move(*who.value());
}

void Notices::Confirm(std::int64_t id, std::string_view key, Callback<Result<int>> done) {
  if (auto who = Mine(id, key); !who) {
    return done(who.error());
  }
  store_.ConfirmSubscriptions(id, clock_.Now(), std::move(done));
}

void Notices::Unsubscribe(std::int64_t id, std::string_view key, Callback<Result<bool>> done) {
  auto who = store_.LoadSubscriber(id);
  if (!who) {
    return done(who.error());
  }
  if (!who.value()) {
    return done(false);  // Gone already: unsubscribing twice is fine.
  }
  if (key.empty() || !security::ConstantTimeEquals(key, who.value()->key)) {
    return done(MakeError(ErrorCode::kNotFound, "no subscription with this link"));
  }
  store_.Unsubscribe(id, std::move(done));
}

void Notices::ConfirmByLookup(const std::string& phone_lookup, Callback<Result<int>> done) {
  auto who = store_.SubscriberByLookup(phone_lookup);
  if (!who) {
    return done(who.error());
  }
  if (!who.value()) {
    return done(0);
  }
  store_.ConfirmSubscriptions(who.value()->id, clock_.Now(), std::move(done));
}

void Notices::UnsubscribeByLookup(const std::string& lookup, Callback<Result<bool>> done) {
  auto who = store_.SubscriberByLookup(lookup);
  if (!who) {
    return done(who.error());
  }
  if (!who.value()) {
    return done(false);
  }
  store_.Unsubscribe(who.value()->id, std::move(done));
}

void Notices::Broadcast(const cases::Actor& actor, const residents::BroadcastInput& input,
                        Callback<Result<residents::Broadcast>> done) {
  if (!MayBroadcast(actor)) {
    return done(NotAllowed());
  }
  auto broadcast = residents::ValidateBroadcast(input, options_.setup, clock_.Now());
  if (!broadcast) {
    return done(broadcast.error());
  }
  broadcast->created_by = actor.id;
  store_.CreateBroadcast(std::move(broadcast).value(), std::move(done));
}

void Notices::Cancel(const cases::Actor& actor, std::int64_t id,
                     Callback<Result<residents::Broadcast>> done) {
  if (!MayBroadcast(actor)) {
    return done(NotAllowed());
  }
  store_.CancelBroadcast(id, std::move(done));
}

Result<std::vector<residents::Broadcast>> Notices::List(const cases::Actor& actor) {
  if (!MayBroadcast(actor)) {
    return NotAllowed();
  }
  return store_.ListBroadcasts(200);
}

Result<residents::Broadcast> Notices::Get(const cases::Actor& actor, std::int64_t id) {
  if (!MayBroadcast(actor)) {
    return NotAllowed();
  }
  auto found = store_.LoadBroadcast(id);
  if (!found) {
    return found.error();
  }
  if (!found.value()) {
    return MakeError(ErrorCode::kNotFound, "no broadcast " + std::to_string(id));
  }
  return std::move(*found.value());
}

Result<int> Notices::SendDue() {
  const Timestamp now = clock_.Now();
  const auto fanned = Wait<Result<int>>([&](auto done) { store_.FanOutDue(now, done); });
  if (!fanned) {
    return fanned.error();
  }
  auto due = store_.DueNotices(now, policy_.batch);
  if (!due) {
    return due.error();
  }
  const auto& setup = options_.setup;
  std::vector<NoticeRecord> records;
  std::vector<Parcel> parcels;
  std::vector<std::size_t> sent_records;                 // records[i] of parcels[i].
  std::map<std::int64_t, std::vector<Timestamp>> going;  // Broadcasts leaving in this batch.
  for (auto& item : due.value()) {
    NoticeRecord r;
    r.id = item.id;
    r.attempts = item.attempts;
    r.state = "pending";
    r.next_attempt_at = now;
    const auto& who = item.subscriber;
    Parcel p;
    p.item.id = item.id;
    p.item.topic = item.broadcast ? "notice.broadcast" : "notice.confirm";
    p.reporter = cases::Reporter{};
    if (who.kind == "email" && email_.kind == workflow::DeliveryKind::kEmail) {
      p.channel = email_;
      p.reporter->email = who.address;
    } else if (who.kind == "sms" && policy_.sms.kind == workflow::DeliveryKind::kSms) {
      p.channel = policy_.sms;
      p.channel.callback_url.clear();  // No delivery reports for notices.
      p.reporter->phone = who.address;
      if (policy_.may_text && !policy_.may_text(who.address)) {
        r.state = "dead";
        r.error = "the number sent STOP";
        records.push_back(std::move(r));
        continue;
      }
      if (const auto until =
              QuietUntil(now, policy_.zone, policy_.sms_quiet_from, policy_.sms_quiet_to)) {
        r.next_attempt_at = *until;
        r.error = "waiting for the end of the quiet hours";
        records.push_back(std::move(r));
        continue;
      }
    } else {
      r.state = "dead";
      r.error = "no channel for " + who.kind + " is configured";
      records.push_back(std::move(r));
      continue;
    }
    NoticeMessage m;
    m.subscriber_id = who.id;
    m.key = who.key;
    m.language = who.language;
    if (item.case_notice) {
      // The reporter's notice, for a follower: no survey (that is the reporter's), their language.
      p.item = *item.case_notice;
      p.item.id = item.id;  // The notice_outbox row (Message-ID, delivery reports).
      p.reporter_case = item.case_notice->case_number;
      p.language = who.language;
      m.case_update = true;
    } else if (item.broadcast) {
      const auto& b = *item.broadcast;
      auto sent = item.sent_last_day;
      auto& leaving = going[who.id];
      sent.insert(sent.end(), leaving.begin(), leaving.end());
      if (const auto until = residents::ThrottledUntil(sent, setup.max_per_day, now)) {
        r.next_attempt_at = *until;  // Not an attempt: it waits its turn.
        r.error = "throttled: " + std::to_string(setup.max_per_day) + " a day";
        records.push_back(std::move(r));
        continue;
      }
      leaving.push_back(now);
      m.title = residents::InLanguage(who.language, b.title_pl, b.title_en);
      m.text = residents::InLanguage(who.language, b.text_pl, b.text_en);
      m.topics = NamesOf<residents::NoticeTopic>({b.topic}, who.language,
                                                 &residents::NoticeSetup::Topic, setup);
      m.area = b.city_wide ? std::string()
                           : NamesOf<residents::NoticeArea>(b.reach, who.language,
                                                            &residents::NoticeSetup::Area, setup);
    } else {
      if (item.pending_topics.empty()) {
        r.state = "sent";  // Confirmed already (by text, or by an earlier link).
        r.error = "nothing left to confirm";
        records.push_back(std::move(r));
        continue;
      }
      m.confirmation = true;
      m.topics = NamesOf<residents::NoticeTopic>(item.pending_topics, who.language,
                                                 &residents::NoticeSetup::Topic, setup);
    }
    p.notice = std::move(m);
    r.attempts = item.attempts + 1;
    sent_records.push_back(records.size());
    records.push_back(std::move(r));
    parcels.push_back(std::move(p));
  }
  const auto results = courier_.Send(parcels);
  for (std::size_t i = 0; i < sent_records.size(); ++i) {
    NoticeRecord& r = records[sent_records[i]];
    const ParcelResult result = i < results.size() ? results[i] : ParcelResult{};
    if (result.outcome == ParcelOutcome::kDelivered) {
      r.state = "sent";
      r.error.clear();
    } else if (result.outcome == ParcelOutcome::kRejected || r.attempts >= policy_.max_attempts) {
      r.state = "dead";
      r.error = result.detail;
    } else {
      r.error = result.detail;
      r.next_attempt_at = now + RetryDelay(policy_, r.attempts);
    }
  }
  if (records.empty()) {
    return fanned.value();
  }
  const int count = static_cast<int>(records.size());
  const Status written =
      Wait<Status>([&](auto done) { store_.RecordNotices(std::move(records), now, done); });
  if (!written) {
    return written.error();
  }
  return count;
}

}  // namespace ratusz::app
