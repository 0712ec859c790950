#include "app/contact_replies.hpp"

#include <charconv>
#include <future>

#include "residents/phone.hpp"

namespace ratusz::app {

std::optional<std::int64_t> ContactOfMessageId(std::string_view id) {
  constexpr std::string_view kPrefix = "contact-";
  if (id.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  id.remove_prefix(kPrefix.size());
  std::int64_t contact = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), contact);
  if (ec != std::errc() || end == id.data() || end == id.data() + id.size() ||
      (*end != '.' && *end != '@') || contact <= 0) {
    return std::nullopt;
  }
  return contact;
}

Result<int> ContactReplies::SendDue() {
  const Timestamp now = clock_.Now();
  auto due = store_.DueReplies(now, policy_.batch);
  if (!due) {
    return due.error();
  }
  std::vector<ReplyRecord> records;
  std::vector<Parcel> parcels;
  std::vector<std::int64_t> ids;
  std::vector<int> attempts;
  for (auto& reply : due.value()) {
    ReplyRecord r;
    r.id = reply.id;
    r.attempts = reply.attempts + 1;
    r.at = now;
    r.next_attempt_at = now;
    Parcel p;
    p.item.id = reply.id;
    p.item.topic = "contact.reply";
    p.reporter = cases::Reporter{};
    std::string problem;
    if (reply.interaction.address.empty()) {
      problem = "the contact has no address (erased, or past retention)";
    } else if (reply.interaction.channel == "email") {
      if (email_.kind != workflow::DeliveryKind::kEmail) {
        problem = "no e-mail channel: set [resident_delivery] kind = \"email\"";
      }
      p.channel = email_;
      p.reporter->email = reply.interaction.address;
    } else {
      auto e164 = residents::NormalisePhone(reply.interaction.address, policy_.sms_country);
      if (policy_.sms.kind != workflow::DeliveryKind::kSms) {
        problem = "no SMS channel: set [sms] sendsms_url";
      } else if (!e164) {
        problem = "not a telephone number";
      } else if (policy_.may_text && !policy_.may_text(e164.value())) {
        problem = "the number sent STOP";
      } else {
        p.channel = policy_.sms;  // With delivery reports (?reply=<id>).
        p.reporter->phone = std::move(e164).value();
      }
    }
    if (!problem.empty()) {
      r.state = "dead";
      r.error = std::move(problem);
      records.push_back(std::move(r));
      continue;
    }
    p.reply = std::move(reply);
    parcels.push_back(std::move(p));
    records.push_back(std::move(r));
  }
  const auto results = courier_.Send(parcels);
  std::size_t next = 0;
  for (auto& r : records) {
    if (!r.state.empty()) {
      continue;  // Decided above.
    }
    const ParcelResult result = next < results.size() ? results[next] : ParcelResult{};
    ++next;
    if (result.outcome == ParcelOutcome::kDelivered) {
      r.state = "sent";
    } else if (result.outcome == ParcelOutcome::kRejected || r.attempts >= policy_.max_attempts) {
      r.state = "dead";
      r.error = result.detail;
    } else {
      r.state = "pending";
      r.error = result.detail;
      r.next_attempt_at = r.at + RetryDelay(policy_, r.attempts);
    }
  }
  if (records.empty()) {
    return 0;
  }
  const int count = static_cast<int>(records.size());
  std::promise<Status> written;
  store_.RecordReplies(std::move(records), [&written](Status s) { written.set_value(s); });
  if (auto s = written.get_future().get(); !s) {
    return s.error();
  }
  return count;
}

}  // namespace ratusz::app
