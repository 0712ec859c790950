#include "outbound/courier.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>

#include "app/ports/courier.hpp"
#include "common/text.hpp"
#include "common/time_format.hpp"
#include "security/crypto.hpp"

namespace ratusz::outbound {
namespace json = boost::json;
namespace {

std::string Encode(std::string_view value) {
  return boost::urls::encode(value, boost::urls::unreserved_chars);
}

void AddField(std::string& form, std::string_view name, std::string_view value) {
  if (!form.empty()) {
    form += '&';
  }
  form += Encode(name);
  form += '=';
  form += Encode(value);
}

std::string Text(const json::value* v) {
  if (v == nullptr) {
    return {};
  }
  if (const auto* s = v->if_string()) {
    return std::string(*s);
  }
  if (v->is_int64()) {
    return std::to_string(v->as_int64());
  }
  if (v->is_uint64()) {
    return std::to_string(v->as_uint64());
  }
  return {};
}

// One HTTP exchange of a batch.
struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  curl_slist* recipients = nullptr;  // SMTP.
  std::size_t sent = 0;              // SMTP: how much of the body curl has read.
  std::string body;
  std::string response;
  std::size_t limit = 0;
  char error[CURL_ERROR_SIZE] = {};

  Transfer() = default;
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;
  ~Transfer() {
    curl_slist_free_all(headers);
    curl_slist_free_all(recipients);
    if (easy != nullptr) {
      curl_easy_cleanup(easy);
    }
  }
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->response.size() + n > t->limit) {
    return 0;  // Too big: curl stops with CURLE_WRITE_ERROR.
  }
  t->response.append(data, n);
  return n;
}

std::size_t Supply(char* out, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = std::min(size * count, t->body.size() - t->sent);
  std::memcpy(out, t->body.data() + t->sent, n);
  t->sent += n;
  return n;
}

void InitializeCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::unique_ptr<Transfer> Prepare(const CourierOptions& options, const std::string& url) {
  auto t = std::make_unique<Transfer>();
  t->easy = curl_easy_init();
  t->limit = options.max_response_bytes;
  curl_easy_setopt(t->easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(t->easy, CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(t->easy, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->error);
  return t;
}

void SetPost(Transfer& t, std::string body, const std::vector<std::string>& headers) {
  t.body = std::move(body);
  for (const auto& h : headers) {
    t.headers = curl_slist_append(t.headers, h.c_str());
  }
  // No "Expect: 100-continue" round trip.
  t.headers = curl_slist_append(t.headers, "Expect:");
  curl_easy_setopt(t.easy, CURLOPT_HTTPHEADER, t.headers);
  curl_easy_setopt(t.easy, CURLOPT_POSTFIELDS, t.body.c_str());
  curl_easy_setopt(t.easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.body.size()));
}

std::string Snippet(std::string_view text) {
  std::string out(text.substr(0, 200));
  for (auto& c : out) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return out;
}

std::unique_ptr<Transfer> TransferFor(const CourierOptions& options, const app::Parcel& p,
                                      Timestamp now) {
  if (p.channel.kind == workflow::DeliveryKind::kEmail) {
    auto t = Prepare(options, p.channel.url);
    curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    const std::string from = "<" + AddressOf(p.channel.from) + ">";
    curl_easy_setopt(t->easy, CURLOPT_MAIL_FROM, from.c_str());
    const std::string to = "<" +
                           (!p.department.empty() ? p.channel.to
                            : p.reporter          ? p.reporter->email
                                                  : std::string()) +
                           ">";
    t->recipients = curl_slist_append(t->recipients, to.c_str());
    curl_easy_setopt(t->easy, CURLOPT_MAIL_RCPT, t->recipients);
    const bool notice = p.notice && !p.notice->case_update;
    t->body = !p.department.empty() ? UnitEmail(p, now, options)
              : notice              ? NoticeEmail(p, now, options.public_url)
              : p.reply             ? ReplyEmail(p, now)
                                    : ResidentEmail(p, now, options.public_url, options.templates);
    curl_easy_setopt(t->easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(t->easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
    curl_easy_setopt(t->easy, CURLOPT_READFUNCTION, Supply);
    curl_easy_setopt(t->easy, CURLOPT_READDATA, t.get());
    return t;
  }
  if (p.channel.kind == workflow::DeliveryKind::kSms) {
    const std::string text = p.notice && !p.notice->case_update ? NoticeSms(p, options.max_sms_text)
                             : p.reply                          ? p.reply->line.text
                                       : ResidentSms(p, options.public_url, options.templates);
    return Prepare(options, SendSmsUrl(p, text));
  }
  if (p.channel.kind == workflow::DeliveryKind::kWebhook) {
    auto t = Prepare(options, p.channel.url);
    const std::string body = WebhookBody(p);
    const std::string timestamp = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    SetPost(*t, body,
            {"Content-Type: application/json", "X-Ratusz-Event: " + p.item.topic,
             "X-Ratusz-Delivery: " + std::to_string(p.item.id), "X-Ratusz-Timestamp: " + timestamp,
             "X-Ratusz-Signature: " + security::SignWebhook(p.channel.secret, timestamp, body)});
    return t;
  }
  auto t = Prepare(options, p.channel.url + "/requests.json");
  SetPost(*t, Open311RequestForm(p), {"Content-Type: application/x-www-form-urlencoded"});
  return t;
}

app::ParcelResult ResultOf(const app::Parcel& p, const Transfer& t, CURLcode code) {
  app::ParcelResult r;
  if (code != CURLE_OK && p.channel.kind == workflow::DeliveryKind::kEmail) {
    long smtp = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &smtp);
    r.outcome = smtp >= 500 ? app::ParcelOutcome::kRejected : app::ParcelOutcome::kRetry;
    r.detail = "SMTP " + std::to_string(smtp) + ": " +
               (t.error[0] != '\0' ? std::string(t.error) : curl_easy_strerror(code));
    return r;
  }
  if (code != CURLE_OK) {
    r.outcome = app::ParcelOutcome::kRetry;
    r.detail = code == CURLE_WRITE_ERROR
                   ? "the answer was too long"
                   : (t.error[0] != '\0' ? std::string(t.error) : curl_easy_strerror(code));
    return r;
  }
  long status = 0;
  curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
  if (p.channel.kind == workflow::DeliveryKind::kEmail) {
    r.outcome = OutcomeOfSmtp(status);
    if (r.outcome != app::ParcelOutcome::kDelivered) {
      r.detail = "SMTP " + std::to_string(status);
    }
    return r;
  }
  r.outcome = OutcomeOfStatus(status);
  if (r.outcome != app::ParcelOutcome::kDelivered) {
    r.detail = "HTTP " + std::to_string(status) + ": " + Snippet(t.response);
    return r;
  }
  if (p.channel.kind == workflow::DeliveryKind::kOpen311) {
    auto id = ParseOpen311Created(t.response);
    if (id) {
      r.external_id = id.value();
    } else {
      r.detail = id.error().message;
    }
  }
  return r;
}

}  // namespace

app::ParcelOutcome OutcomeOfSmtp(long smtp_code) {
  if (smtp_code >= 200 && smtp_code < 300) {
    return app::ParcelOutcome::kDelivered;
  }
  return smtp_code >= 500 ? app::ParcelOutcome::kRejected : app::ParcelOutcome::kRetry;
}

std::string AddressOf(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  const auto close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(mailbox.substr(open + 1, close - open - 1));
  }
  return std::string(mailbox);
}

namespace {

// Text with any line ends as a mail body's CRLF lines.
std::string Crlf(std::string_view text) {
  std::string out;
  for (const char c : NormalizeNewlines(text)) {
    if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 2047: a header text in UTF-8 as base64 encoded words when it is not plain ASCII.
std::string EncodeHeader(std::string_view text) {
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
  });
  if (ascii) {
    return std::string(text);
  }
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  // Words of at most 45 bytes of UTF-8, never cutting a character.
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = std::min<std::size_t>(45, text.size() - i);
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) {
      --n;
    }
    const std::string_view chunk = text.substr(i, n);
    std::string b64;
    for (std::size_t k = 0; k < chunk.size(); k += 3) {
      const unsigned v =
          (static_cast<unsigned char>(chunk[k]) << 16) |
          (k + 1 < chunk.size() ? static_cast<unsigned char>(chunk[k + 1]) << 8 : 0) |
          (k + 2 < chunk.size() ? static_cast<unsigned char>(chunk[k + 2]) : 0);
      b64 += kB64[(v >> 18) & 63];
      b64 += kB64[(v >> 12) & 63];
      b64 += k + 1 < chunk.size() ? kB64[(v >> 6) & 63] : '=';
      b64 += k + 2 < chunk.size() ? kB64[v & 63] : '=';
    }
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + b64 + "?=";
    i += n;
  }
  return out;
}

std::string Rfc5322Date(Timestamp now) {
  const std::time_t t =
      std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(now));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buffer;
}

// The status as the reader reads it ("w realizacji"), or as it was written when unknown.
std::string StatusIn(std::string_view status, std::string_view language) {
  const auto parsed = cases::ParseStatus(status);
  return parsed ? std::string(cases::StatusLabel(*parsed, language)) : std::string(status);
}

}  // namespace

namespace {

// A subscriber's link: confirm or unsubscribe, with their key.
std::string NoticeLink(const app::Parcel& p, std::string_view public_url, std::string_view action) {
  const app::NoticeMessage& n = *p.notice;
  return std::string(public_url) + "/api/v1/public/subscriptions/" +
         std::to_string(n.subscriber_id) + "/" + std::string(action) + "?key=" + n.key;
}

}  // namespace

namespace {

// The text fields of an outbox message's JSON payload ("" for a missing or other field).
class PayloadFields {
 public:
  explicit PayloadFields(std::string_view json_text) {
    boost::system::error_code ec;
    json::value v = json::parse(json_text, ec);
    if (!ec && v.is_object()) {
      object_ = std::move(v.as_object());
    }
  }
  std::string operator()(const char* key) const {
    const auto* v = object_.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  }

 private:
  json::object object_;
};

}  // namespace

const residents::CaseNoticeTemplates& BuiltInTemplates() {
  static const residents::CaseNoticeTemplates kBuiltIn;
  return kBuiltIn;
}

std::string ResidentEmail(const app::Parcel& p, Timestamp now, std::string_view public_url,
                          const residents::CaseNoticeTemplates& templates) {
  const PayloadFields field(p.item.payload_json);
  const std::string number = p.reporter_case.empty() ? p.item.case_number : p.reporter_case;
  const std::string from = AddressOf(p.channel.from);
  const std::string domain = from.substr(from.find('@') + 1);
  const residents::CaseNoticeTemplate& t = templates.For(p.item.topic);
  const std::string note = field("note");
  const std::string status = field("status");
  const std::string survey = SurveyLink(p, public_url);
  // One language's part; the staff's note (written in one language) goes in the first part.
  const auto part = [&](bool en, bool with_note) {
    const std::map<std::string, std::string> values = {
        {"number", number}, {"status", StatusIn(status, en ? "en" : "pl")}};
    std::string b = residents::Fill(en ? t.text_en : t.text_pl, values) + "\r\n\r\n";
    b += (en ? "Report number: " : "Numer zgłoszenia: ") + number + "\r\n";
    if (!status.empty()) {
      b += "Status: " + values.at("status") + "\r\n";
    }
    if (with_note && !note.empty()) {
      b += "\r\n" + note + "\r\n";
    }
    if (!survey.empty()) {
      b += en ? "\r\nHow did we do? Tell us (1-5), or that the problem is still there:\r\n"
              : "\r\nJak oceniasz załatwienie sprawy? Powiedz nam (1-5), albo że problem nie "
                "zniknął:\r\n";
      b += survey + "\r\n";
    }
    b += en ? "\r\nReply to this message to add to your report.\r\n"
            : "\r\nOdpowiedz na tę wiadomość, aby dopisać coś do zgłoszenia.\r\n";
    return b;
  };
  const std::map<std::string, std::string> pl_values = {{"number", number},
                                                        {"status", StatusIn(status, "pl")}};
  const std::map<std::string, std::string> en_values = {{"number", number},
                                                        {"status", StatusIn(status, "en")}};
  std::string body;
  std::string subject = "[" + number + "] ";
  if (p.language == "en") {
    body = part(true, true);
    subject += residents::Fill(t.subject_en, en_values);
  } else if (p.language == "pl") {
    body = part(false, true);
    subject += residents::Fill(t.subject_pl, pl_values);
  } else {  // Nobody told us their language: Polish, then English.
    body = part(false, true) + "\r\n-- \r\n\r\n" + part(true, false);
    subject +=
        residents::Fill(t.subject_pl, pl_values) + " / " + residents::Fill(t.subject_en, en_values);
  }
  std::string m;
  m += "From: " + p.channel.from + "\r\n";
  m += "To: <" + (p.reporter ? p.reporter->email : std::string()) + ">\r\n";
  m += "Subject: " + EncodeHeader(subject) + "\r\n";
  m += "Date: " + Rfc5322Date(now) + "\r\n";
  if (p.notice) {
    // A follower's copy: its own Message-ID (a bounce finds the copy, not the reporter's
    // message), the case's thread, and their way out.
    const std::string out = NoticeLink(p, public_url, "unsubscribe");
    m += "Message-ID: <notice-" + std::to_string(p.item.id) + "@" + domain + ">\r\n";
    m += "List-Unsubscribe: <" + out + ">\r\n";
    m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    body += p.language == "en"
                ? "\r\n-- \r\nYou follow this report. Stop following: " + out + "\r\n"
                : "\r\n-- \r\nObserwujesz to zgłoszenie. Rezygnacja: " + out + "\r\n";
  } else {
    // The thread of the case: every message names it, so a reply finds its way back.
    m += "Message-ID: <case-" + number + "." + std::to_string(p.item.id) + "@" + domain + ">\r\n";
  }
  m += "References: <case-" + number + "@" + domain + ">\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  if (!p.language.empty()) {
    m += "Content-Language: " + p.language + "\r\n";
  }
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  m += "\r\n" + body;
  return m;
}

std::string UnitEmail(const app::Parcel& p, Timestamp now, const CourierOptions& options) {
  const PayloadFields field(p.item.payload_json);
  const auto name = [&](std::string_view kind, const std::string& code) {
    const auto it = options.names.find(std::string(kind) + ":" + code);
    return it != options.names.end() ? it->second : code;
  };
  const std::string number = p.item.case_number;
  const std::string from = AddressOf(p.channel.from);
  const std::string domain = from.substr(from.find('@') + 1);
  const std::string service = name("service", field("service_code"));
  std::string due;
  if (auto at = ParseW3c(field("due_at")); at) {
    // The city's wall-clock time: "2026-12-01 14:30".
    const auto local = options.zone.ToLocal(at.value());
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::minutes>(local - day)};
    char text[64];  // Room for any int the compiler imagines, not only real dates.
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(time.hours().count()),
                  static_cast<long>(time.minutes().count()));
    due = text;
  }
  std::string pl_head = "Nowe zadanie dla jednostki " + name("unit", p.department) + ".";
  std::string en_head = "A new task for " + p.department + ".";
  std::string subject_pl = "Nowe zadanie";
  std::string subject_en = "New task";
  if (p.item.topic == "unit.sla_warning") {
    pl_head = "Zbliża się termin zadania.";
    en_head = "The task is nearly due.";
    subject_pl = "Zbliża się termin";
    subject_en = "Nearly due";
  } else if (p.item.topic == "unit.escalation") {
    pl_head =
        "Termin zadania jednostki " + name("unit", field("unit")) + " minął: sprawa eskalowana.";
    en_head = "The task of " + field("unit") + " is overdue: escalated.";
    subject_pl = "Eskalacja";
    subject_en = "Escalation";
  }
  std::string body = pl_head + "\n\nZgłoszenie: " + number + "\nKategoria: " + service +
                     "\nPriorytet: " + field("priority") + "\n";
  if (!field("address").empty()) {
    body += "Adres: " + field("address") + "\n";
  }
  if (!field("lat").empty() && !field("long").empty()) {
    body += "Mapa: https://www.openstreetmap.org/?mlat=" + field("lat") + "&mlon=" + field("long") +
            "#map=18/" + field("lat") + "/" + field("long") + "\n";
  }
  if (!due.empty()) {
    body += "Termin: " + due + "\n";
  }
  body += "\nOpis:\n" + field("description") + "\n\n";
  body += "Odpowiedz na tę wiadomość, aby dopisać notatkę do zgłoszenia.\n\n-- \n" + en_head +
          " Case " + number + (due.empty() ? "" : ", due " + due) +
          ". Reply to this message to add a note to the case.\n";
  std::string m;
  m += "From: " + p.channel.from + "\r\n";
  m += "To: <" + p.channel.to + ">\r\n";
  m += "Subject: " +
       EncodeHeader("[" + number + "] " + subject_pl + " / " + subject_en + ": " + service) +
       "\r\n";
  m += "Date: " + Rfc5322Date(now) + "\r\n";
  m += "Message-ID: <case-" + number + "." + std::to_string(p.item.id) + "@" + domain + ">\r\n";
  m += "References: <case-" + number + "@" + domain + ">\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  if (p.item.priority > 0) {
    m += "Importance: high\r\n";
  }
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  return m + "\r\n" + Crlf(body);
}

app::ParcelOutcome OutcomeOfStatus(long http_status) {
  if (http_status >= 200 && http_status < 300) {
    return app::ParcelOutcome::kDelivered;
  }
  if (http_status == 0 || http_status == 408 || http_status == 425 || http_status == 429 ||
      http_status >= 500) {
    return app::ParcelOutcome::kRetry;
  }
  return app::ParcelOutcome::kRejected;
}

std::string WebhookBody(const app::Parcel& p) {
  json::object o;
  o["id"] = p.item.id;
  o["topic"] = p.item.topic;
  o["case"] = p.item.case_number;
  o["jurisdiction_id"] = p.item.jurisdiction_id;
  o["recipient"] = p.item.recipient;
  o["created_at"] = FormatW3c(p.item.created_at);
  o["attempt"] = p.item.attempts + 1;
  json::error_code ec;
  auto data = json::parse(p.item.payload_json, ec);
  o["data"] = ec ? json::value(json::object{}) : std::move(data);
  if (p.reporter) {
    json::object r;
    r["case"] = p.reporter_case;
    r["first_name"] = p.reporter->first_name;
    r["last_name"] = p.reporter->last_name;
    r["email"] = p.reporter->email;
    r["phone"] = p.reporter->phone;
    o["reporter"] = std::move(r);
  }
  return json::serialize(o);
}

std::string ReplyEmail(const app::Parcel& p, Timestamp now) {
  const app::ContactReply& r = *p.reply;
  const std::string from = AddressOf(p.channel.from);
  const std::string domain = from.substr(from.find('@') + 1);
  const std::string contact = std::to_string(r.interaction.id);
  std::string subject = r.interaction.subject;
  if (subject.empty()) {
    subject = "Kontakt nr " + contact + " / Contact " + contact;
  } else if (subject.rfind("Re:", 0) != 0 && subject.rfind("RE:", 0) != 0) {
    subject = "Re: " + subject;
  }
  std::string m;
  m += "From: " + p.channel.from + "\r\n";
  m += "To: <" + (p.reporter ? p.reporter->email : std::string()) + ">\r\n";
  m += "Subject: " + EncodeHeader(subject) + "\r\n";
  m += "Date: " + Rfc5322Date(now) + "\r\n";
  m +=
      "Message-ID: <contact-" + contact + "." + std::to_string(r.line.seq) + "@" + domain + ">\r\n";
  // The contact keeps the resident's Message-ID as "mail:<id>".
  std::string_view theirs = r.interaction.external_id;
  std::string references;
  if (theirs.rfind("mail:", 0) == 0 && theirs.find('@') != std::string_view::npos) {
    theirs.remove_prefix(5);
    m += "In-Reply-To: <" + std::string(theirs) + ">\r\n";
    references = "<" + std::string(theirs) + "> ";
  }
  m += "References: " + references + "<contact-" + contact + "@" + domain + ">\r\n";
  if (r.line.sender == "system") {
    m += "Auto-Submitted: auto-replied\r\n";  // So that auto-responders do not answer it.
  }
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  return m + "\r\n" + Crlf(r.line.text) + "\r\n";
}

std::string NoticeEmail(const app::Parcel& p, Timestamp now, std::string_view public_url) {
  const app::NoticeMessage& n = *p.notice;
  const bool en = n.language == "en";
  const std::string from = AddressOf(p.channel.from);
  const std::string domain = from.substr(from.find('@') + 1);
  const std::string unsubscribe = NoticeLink(p, public_url, "unsubscribe");
  std::string subject;
  std::string body;
  if (n.confirmation) {
    subject = (en ? "Confirm the city's notices: " : "Potwierdź powiadomienia miasta: ") + n.topics;
    body = en ? "Someone (we hope it was you) asked for the city's notices about " + n.topics +
                    " at this address.\n\nTo turn them on, open:\n" +
                    NoticeLink(p, public_url, "confirm") +
                    "\n\nIf it was not you, ignore this message: we will send nothing more."
              : "Ktoś (mamy nadzieję, że Ty) poprosił o powiadomienia miasta (" + n.topics +
                    ") na ten adres.\n\nAby je włączyć, otwórz:\n" +
                    NoticeLink(p, public_url, "confirm") +
                    "\n\nJeśli to nie Ty, zignoruj tę wiadomość: nic więcej nie wyślemy.";
  } else {
    subject = "[" + n.topics + "] " + n.title;
    body = n.text + "\n";
    if (!n.area.empty()) {
      body += (en ? "\nArea: " : "\nObszar: ") + n.area + "\n";
    }
    body += en ? "\n-- \nYou receive this because you subscribed to: " + n.topics +
                     ".\nUnsubscribe: " + unsubscribe
               : "\n-- \nOtrzymujesz tę wiadomość, bo subskrybujesz: " + n.topics +
                     ".\nRezygnacja: " + unsubscribe;
  }
  std::string m;
  m += "From: " + p.channel.from + "\r\n";
  m += "To: <" + (p.reporter ? p.reporter->email : std::string()) + ">\r\n";
  m += "Subject: " + EncodeHeader(subject) + "\r\n";
  m += "Date: " + Rfc5322Date(now) + "\r\n";
  m += "Message-ID: <notice-" + std::to_string(p.item.id) + "@" + domain + ">\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "Precedence: bulk\r\n";
  // RFC 8058: a mail client's "unsubscribe" button posts to the link, no page in between.
  m += "List-Unsubscribe: <" + unsubscribe + ">\r\n";
  m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  m += std::string("Content-Language: ") + (en ? "en" : "pl") + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  return m + "\r\n" + Crlf(body) + "\r\n";
}

std::string NoticeSms(const app::Parcel& p, std::size_t max_text) {
  const app::NoticeMessage& n = *p.notice;
  const bool en = n.language == "en";
  if (n.confirmation) {
    return en ? "City notices (" + n.topics + "): reply YES to turn them on. Not you? Ignore it."
              : "Powiadomienia miasta (" + n.topics +
                    "): odpisz TAK, aby je włączyć. To nie Ty? Zignoruj.";
  }
  std::string text = n.title + ": " + n.text;
  const std::string out = en ? " STOP: opt out" : " STOP: rezygnacja";
  if (text.size() + out.size() > max_text) {
    std::size_t cut = max_text > out.size() + 3 ? max_text - out.size() - 3 : 0;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;  // Never inside a character.
    }
    text = text.substr(0, cut) + "...";
  }
  return text + out;
}

std::string SurveyLink(const app::Parcel& p, std::string_view public_url) {
  if (p.item.topic != "resident.closed" || public_url.empty() || p.about.token.empty()) {
    return {};
  }
  return std::string(public_url) + "/survey/" + p.about.number +
         "?key=" + app::SurveyKey(p.about.token);
}

std::string ResidentSms(const app::Parcel& p, std::string_view public_url,
                        const residents::CaseNoticeTemplates& templates) {
  const std::string status = PayloadFields(p.item.payload_json)("status");
  const std::string number = p.reporter_case.empty() ? p.item.case_number : p.reporter_case;
  const residents::CaseNoticeTemplate& t = templates.For(p.item.topic);
  const bool closed = p.item.topic == "resident.closed";
  const auto line = [&](bool en) {
    const std::string language = en ? "en" : "pl";
    std::string text =
        residents::Fill(en ? t.subject_en : t.subject_pl,
                        {{"number", number}, {"status", StatusIn(status, language)}}) +
        " " + number;
    if (cases::ParseStatus(status) && !closed) {
      text += " (" + StatusIn(status, language) + ")";
    }
    return text + ".";
  };
  std::string text = p.language == "en"   ? line(true)
                     : p.language == "pl" ? line(false)
                                          : line(false) + " " + line(true);
  if (!public_url.empty()) {
    text += " " + std::string(public_url) + "/c/" + number;
  }
  if (closed && !p.notice) {  // The survey is the reporter's, not a follower's.
    text += p.language == "en"   ? " Rate 1-5, NO if not fixed."
            : p.language == "pl" ? " Oceń 1-5: odpisz cyfrą, NIE gdy nie naprawiono."
                                 : " Oceń 1-5: odpisz cyfrą, NIE gdy nie naprawiono. Rate 1-5, "
                                   "NO if not fixed.";
  }
  return text + (p.language == "en"   ? " STOP: opt out"
                 : p.language == "pl" ? " STOP: rezygnacja"
                                      : " STOP: rezygnacja/opt out");
}

std::string SendSmsUrl(const app::Parcel& p, std::string_view text) {
  std::string query;
  AddField(query, "username", p.channel.api_key);
  AddField(query, "password", p.channel.secret);
  AddField(query, "from", p.channel.from);
  AddField(query, "to", p.reporter ? p.reporter->phone : std::string());
  AddField(query, "text", text);
  AddField(query, "charset", "UTF-8");
  AddField(query, "coding", "2");
  if (!p.channel.callback_url.empty()) {
    std::string dlr = p.channel.callback_url;
    dlr += dlr.find('?') == std::string::npos ? "?" : "&";
    // Kannel fills %d (the report's type) and %A (the network's answer) when it calls back.
    // A reply on a contact is a line of its transcript (contact_outbox), not an outbox message.
    dlr += std::string(p.reply ? "reply=" : "outbox=") + std::to_string(p.item.id) +
           "&type=%d&answer=%A";
    AddField(query, "dlr-mask", "19");  // 1 delivered, 2 failed, 16 rejected by the network.
    AddField(query, "dlr-url", dlr);
  }
  return p.channel.url + (p.channel.url.find('?') == std::string::npos ? "?" : "&") + query;
}

std::string Open311RequestForm(const app::Parcel& p) {
  const auto& r = p.about;
  std::string form;
  AddField(form, "api_key", p.channel.api_key);
  if (!p.channel.jurisdiction_id.empty()) {
    AddField(form, "jurisdiction_id", p.channel.jurisdiction_id);
  }
  const auto mapped = p.channel.service_codes.find(r.service_code);
  AddField(form, "service_code",
           mapped != p.channel.service_codes.end() ? mapped->second : r.service_code);
  if (r.location) {
    AddField(form, "lat", std::to_string(r.location->lat));
    AddField(form, "long", std::to_string(r.location->lon));
  }
  if (!r.address.empty()) {
    AddField(form, "address_string", r.address);
  }
  // Our number travels in the text, where the agency's staff see it; the resident's personal
  // data does not travel at all.
  std::string description = "[" + r.number + "] ";
  description += r.title.empty() ? r.description : r.title + "\n\n" + r.description;
  AddField(form, "description", description);
  return form;
}

Result<std::string> ParseOpen311Created(std::string_view body) {
  json::error_code ec;
  const auto v = json::parse(body, ec);
  const json::object* first = nullptr;
  if (!ec && v.is_array() && !v.as_array().empty()) {
    first = v.as_array().front().if_object();
  }
  if (first == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the agency's answer is not an Open311 request list: " + Snippet(body));
  }
  std::string id = Text(first->if_contains("service_request_id"));
  if (id.empty()) {
    const std::string token = Text(first->if_contains("token"));
    if (token.empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "the agency answered without a service_request_id or token");
    }
    return MakeError(ErrorCode::kInvalidArgument,
                     "the agency gave only a token (" + token + "), no service_request_id yet");
  }
  return id;
}

Result<std::vector<app::AgencyUpdate>> ParseOpen311Updates(std::string_view body) {
  json::error_code ec;
  const auto v = json::parse(body, ec);
  if (ec || !v.is_array()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the agency's updates are not an Open311 update list: " + Snippet(body));
  }
  std::vector<app::AgencyUpdate> out;
  for (const auto& item : v.as_array()) {
    const auto* o = item.if_object();
    if (o == nullptr) {
      continue;
    }
    app::AgencyUpdate u;
    u.update_id = Text(o->if_contains("update_id"));
    u.external_id = Text(o->if_contains("service_request_id"));
    u.status = Text(o->if_contains("status"));
    u.description = Text(o->if_contains("description"));
    if (u.update_id.empty() || u.external_id.empty()) {
      continue;  // As FixMyStreet does: an update without its ids cannot be applied once.
    }
    for (auto& c : u.status) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    out.push_back(std::move(u));
  }
  return out;
}

CurlCourier::CurlCourier(CourierOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock) {
  InitializeCurlOnce();
}

std::vector<app::ParcelResult> CurlCourier::Send(const std::vector<app::Parcel>& parcels) {
  std::vector<app::ParcelResult> results(parcels.size());
  if (parcels.empty()) {
    return results;
  }
  const Timestamp now = clock_.Now();
  std::vector<std::unique_ptr<Transfer>> transfers;
  CURLM* multi = curl_multi_init();
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    transfers.push_back(TransferFor(options_, parcels[i], now));
    curl_easy_setopt(transfers.back()->easy, CURLOPT_PRIVATE, reinterpret_cast<void*>(i));
    curl_multi_add_handle(multi, transfers.back()->easy);
  }
  int running = 0;
  do {
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      break;
    }
    if (running > 0) {
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
  } while (running > 0);
  std::vector<bool> finished(parcels.size(), false);
  int pending = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &pending)) {
    if (msg->msg != CURLMSG_DONE) {
      continue;
    }
    void* index = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &index);
    const auto i = reinterpret_cast<std::size_t>(index);
    results[i] = ResultOf(parcels[i], *transfers[i], msg->data.result);
    finished[i] = true;
  }
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    if (!finished[i]) {
      results[i] = {app::ParcelOutcome::kRetry, "the transfer did not finish", ""};
    }
    curl_multi_remove_handle(multi, transfers[i]->easy);
  }
  curl_multi_cleanup(multi);
  return results;
}

Result<std::vector<app::AgencyUpdate>> CurlCourier::FetchUpdates(
    const workflow::DeliveryChannel& agency, Timestamp from, Timestamp to) {
  std::string url = agency.url +
                    "/servicerequestupdates.json?start_date=" + Encode(FormatW3c(from)) +
                    "&end_date=" + Encode(FormatW3c(to));
  if (!agency.jurisdiction_id.empty()) {
    url += "&jurisdiction_id=" + Encode(agency.jurisdiction_id);
  }
  if (!agency.api_key.empty()) {
    url += "&api_key=" + Encode(agency.api_key);
  }
  auto t = Prepare(options_, url);
  const CURLcode code = curl_easy_perform(t->easy);
  if (code != CURLE_OK) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot read " + agency.url + ": " + curl_easy_strerror(code));
  }
  long status = 0;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    return MakeError(
        ErrorCode::kUnavailable,
        agency.url + " answered HTTP " + std::to_string(status) + ": " + Snippet(t->response));
  }
  return ParseOpen311Updates(t->response);
}

}  // namespace ratusz::outbound
