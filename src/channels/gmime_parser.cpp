#include "channels/gmime_parser.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "common/text.hpp"

namespace ratusz::channels {
namespace {

// GMime's objects are reference counted GObjects: released when the holder goes.
template <typename T>
struct GObjectPtr {
  explicit GObjectPtr(T* p) : ptr(p) {}
  GObjectPtr(const GObjectPtr&) = delete;
  GObjectPtr& operator=(const GObjectPtr&) = delete;
  ~GObjectPtr() {
    if (ptr != nullptr) {
      g_object_unref(ptr);
    }
  }
  T* ptr;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string Header(GMimeObject* object, const char* name) {
  const char* v = g_mime_object_get_header(object, name);
  return v == nullptr ? std::string() : std::string(Trim(v));
}

// Message ids in a References or In-Reply-To header, without angle brackets.
void AddIds(const std::string& header, std::vector<std::string>& out) {
  if (header.empty()) {
    return;
  }
  GMimeReferences* refs = g_mime_references_parse(nullptr, header.c_str());
  if (refs == nullptr) {
    return;
  }
  const int n = g_mime_references_length(refs);
  for (int i = 0; i < n; ++i) {
    if (const char* id = g_mime_references_get_message_id(refs, i)) {
      out.emplace_back(id);
    }
  }
  g_mime_references_free(refs);
}

// Why a message was sent by a machine (RFC 3834 and the usual conventions), or empty.
std::string AutomaticReason(GMimeObject* m, const std::string& from) {
  const std::string auto_submitted = Lower(Header(m, "Auto-Submitted"));
  if (!auto_submitted.empty() && auto_submitted != "no") {
    return "Auto-Submitted: " + auto_submitted;
  }
  const std::string precedence = Lower(Header(m, "Precedence"));
  if (precedence == "bulk" || precedence == "junk" || precedence == "list" ||
      precedence == "auto_reply") {
    return "Precedence: " + precedence;
  }
  for (const char* h :
       {"X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe", "X-Loop", "Feedback-ID"}) {
    if (!Header(m, h).empty()) {
      return std::string(h) + " present";
    }
  }
  if (Header(m, "Return-Path") == "<>") {
    return "empty Return-Path (a bounce)";
  }
  const std::string user = Lower(from.substr(0, from.find('@')));
  if (user == "mailer-daemon" || user == "postmaster" || user == "noreply" || user == "no-reply" ||
      user == "do-not-reply") {
    return "sent from " + from;
  }
  return {};
}

std::string Utf8OrEmpty(const char* s);

struct Walk {
  std::string plain;
  std::string html;
  std::string bounced_id;  // A delivery report: the failed message's id ...
  std::string status;      // ... "5.1.1" ...
  std::string recipient;   // ... and whom it did not reach.
  std::vector<app::MailAttachment> attachments;
  const MailLimits* limits = nullptr;
};

std::string PartBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) {
    return {};
  }
  GMimeStream* stream = g_mime_stream_mem_new();
  g_mime_data_wrapper_write_to_stream(content, stream);  // Decodes base64 / quoted-printable.
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  std::string out(reinterpret_cast<const char*>(bytes->data), bytes->len);
  g_object_unref(stream);
  return out;
}

// A text part's words when GMime cannot convert its charset (unknown, or mislabelled): UTF-8
// if it is that, else one of the two Polish 8-bit charsets mail comes in: Windows-1250 when
// bytes 0x80-0x9F appear (control codes in ISO-8859-2), else ISO-8859-2.
std::string BestEffortText(const std::string& bytes) {
  if (IsValidUtf8(bytes)) {
    return bytes;
  }
  const bool windows = std::any_of(bytes.begin(), bytes.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x80 && b <= 0x9F;
  });
  gsize written = 0;
  gchar* converted = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8",
                               windows ? "WINDOWS-1250" : "ISO-8859-2", nullptr, &written, nullptr);
  if (converted == nullptr) {
    converted = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", "ISO-8859-1",
                          nullptr, &written, nullptr);
  }
  std::string out = converted != nullptr ? std::string(converted, written) : std::string();
  g_free(converted);
  return out;
}

// The fields of a delivery status notification (RFC 3464) and of the failed message's
// headers (text/rfc822-headers) that matter here.
void ReadReport(const std::string& text, Walk& walk) {
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = std::min(text.find('\n', at), text.size());
    const std::string_view line = Trim(std::string_view(text).substr(at, end - at));
    at = end + 1;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    const std::string name = Lower(line.substr(0, colon));
    std::string value(Trim(line.substr(colon + 1)));
    if (!IsValidUtf8(value)) {
      continue;
    }
    if (name == "status" && walk.status.empty()) {
      walk.status = value.substr(0, 20);
    } else if (name == "final-recipient" && walk.recipient.empty()) {
      walk.recipient = value.substr(value.find(';') == std::string::npos ? 0 : value.find(';') + 1);
      walk.recipient = std::string(Trim(walk.recipient)).substr(0, 300);
    } else if (name == "message-id" && walk.bounced_id.empty()) {
      std::vector<std::string> ids;
      AddIds(value, ids);
      if (!ids.empty()) {
        walk.bounced_id = ids.front().substr(0, 300);
      }
    }
  }
}

void Visit(GMimeObject* parent, GMimeObject* part, gpointer data) {
  (void)parent;
  auto& walk = *static_cast<Walk*>(data);
  GMimeContentType* type = g_mime_object_get_content_type(part);
  if (GMIME_IS_MESSAGE_PART(part)) {
    // A forwarded message (message/rfc822) is not read into the text; in a delivery report it
    // is the message that failed.
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
    if (inner != nullptr && walk.bounced_id.empty()) {
      walk.bounced_id = Utf8OrEmpty(g_mime_message_get_message_id(inner));
    }
    return;
  }
  if (!GMIME_IS_PART(part)) {
    return;
  }
  GMimePart* p = GMIME_PART(part);
  if (g_mime_content_type_is_type(type, "message", "delivery-status") ||
      g_mime_content_type_is_type(type, "text", "rfc822-headers")) {
    ReadReport(PartBytes(p), walk);
    return;
  }
  const char* filename = g_mime_part_get_filename(p);
  const bool attachment = g_mime_part_is_attachment(p) || filename != nullptr;
  if (GMIME_IS_TEXT_PART(part) && !attachment) {
    char* converted = g_mime_text_part_get_text(GMIME_TEXT_PART(part));  // To UTF-8.
    std::string text = converted != nullptr ? std::string(converted) : std::string();
    g_free(converted);
    if (text.empty() || !IsValidUtf8(text)) {
      text = BestEffortText(PartBytes(p));  // A charset GMime could not convert.
    }
    if (g_mime_content_type_is_type(type, "text", "html")) {
      if (walk.html.empty()) {
        walk.html = std::move(text);
      }
    } else if (walk.plain.empty()) {
      walk.plain = std::move(text);
    }
    return;
  }
  if (walk.attachments.size() >= walk.limits->max_attachments) {
    return;
  }
  app::MailAttachment a;
  a.name = filename != nullptr ? filename : "attachment";
  char* mime = g_mime_content_type_get_mime_type(type);
  a.content_type = mime != nullptr ? mime : "application/octet-stream";
  g_free(mime);
  a.bytes = PartBytes(p);
  walk.attachments.push_back(std::move(a));
}

void InitializeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string Utf8OrEmpty(const char* s) {
  if (s == nullptr) {
    return {};
  }
  std::string out(s);
  return IsValidUtf8(out) ? out : std::string();
}

void Truncate(std::string& text, std::size_t max) {
  if (text.size() <= max) {
    return;
  }
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // Never in the middle of a UTF-8 sequence.
  }
  text.resize(cut);
  text += "\n[...]";
}

}  // namespace

MimeParser::MimeParser(MailLimits limits) : limits_(limits) { InitializeOnce(); }

Result<app::ParsedMail> MimeParser::Parse(std::string_view raw) {
  if (raw.size() > limits_.max_bytes) {
    return MakeError(ErrorCode::kResourceExhausted,
                     "the message is larger than " + std::to_string(limits_.max_bytes) + " bytes");
  }
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.ptr));
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.ptr, nullptr));
  if (message.ptr == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument, "not an e-mail message (no headers)");
  }
  GMimeObject* object = GMIME_OBJECT(message.ptr);
  app::ParsedMail mail;
  if (InternetAddressList* from = g_mime_message_get_from(message.ptr);
      from != nullptr && internet_address_list_length(from) > 0) {
    InternetAddress* first = internet_address_list_get_address(from, 0);
    if (INTERNET_ADDRESS_IS_MAILBOX(first)) {
      mail.from_address =
          Utf8OrEmpty(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(first)));
    }
    mail.from_name = Utf8OrEmpty(internet_address_get_name(first));
  }
  if (mail.from_address.empty() || mail.from_address.find('@') == std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "the message has no sender address (From)");
  }
  mail.subject = Utf8OrEmpty(g_mime_message_get_subject(message.ptr));
  mail.message_id = Utf8OrEmpty(g_mime_message_get_message_id(message.ptr));
  AddIds(Header(object, "In-Reply-To"), mail.references);
  AddIds(Header(object, "References"), mail.references);
  mail.automatic = AutomaticReason(object, Lower(mail.from_address));

  Walk walk;
  walk.limits = &limits_;
  g_mime_message_foreach(message.ptr, Visit, &walk);
  if (!walk.plain.empty()) {
    mail.text = std::move(walk.plain);
  } else if (!walk.html.empty()) {
    mail.text = HtmlToText(walk.html);
    mail.from_html = true;
  }
  mail.text = NormalizeNewlines(Trim(mail.text));
  if (!IsValidUtf8(mail.text)) {
    mail.text.clear();
  }
  Truncate(mail.text, limits_.max_text_bytes);
  mail.attachments = std::move(walk.attachments);
  GMimeObject* body = g_mime_message_get_mime_part(message.ptr);
  GMimeContentType* top = body != nullptr ? g_mime_object_get_content_type(body) : nullptr;
  const char* report =
      top != nullptr ? g_mime_content_type_get_parameter(top, "report-type") : nullptr;
  if (report != nullptr && g_mime_content_type_is_type(top, "multipart", "report") &&
      Lower(report) == "delivery-status") {
    mail.bounced_message_id = std::move(walk.bounced_id);
    mail.bounce_status = std::move(walk.status);
    mail.bounce_recipient = std::move(walk.recipient);
    if (mail.automatic.empty()) {
      mail.automatic = "a delivery report";
    }
  }
  return mail;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  const auto starts = [&](std::size_t at, std::string_view word) {
    if (at + word.size() > html.size()) {
      return false;
    }
    for (std::size_t k = 0; k < word.size(); ++k) {
      if (std::tolower(static_cast<unsigned char>(html[at + k])) != word[k]) {
        return false;
      }
    }
    return true;
  };
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      // Scripts and styles go with their content.
      for (const std::string_view skip : {"script", "style", "head"}) {
        if (starts(i + 1, skip)) {
          const std::string close = "</" + std::string(skip);
          std::size_t end = i;
          while (end < html.size() && !starts(end, close)) {
            ++end;
          }
          i = end;
          break;
        }
      }
      const std::size_t end = i < html.size() ? html.find('>', i) : std::string_view::npos;
      if (end == std::string_view::npos) {
        break;  // An unclosed tag or script: the rest is markup.
      }
      const std::string_view tag = html.substr(i + 1, end - i - 1);
      const std::string name = Lower(tag.substr(!tag.empty() && tag.front() == '/' ? 1 : 0, 3));
      if (name.rfind("br", 0) == 0 || name.rfind("p", 0) == 0 || name.rfind("div", 0) == 0 ||
          name.rfind("tr", 0) == 0 || name.rfind("li", 0) == 0 || name.rfind("h", 0) == 0) {
        out += '\n';
      }
      i = end + 1;
      continue;
    }
    if (c == '&') {
      static const std::pair<std::string_view, std::string_view> kEntities[] = {
          {"&nbsp;", " "},   {"&amp;", "&"},   {"&lt;", "<"},    {"&gt;", ">"},
          {"&quot;", "\""},  {"&#39;", "'"},   {"&apos;", "'"},  {"&oacute;", "ó"},
          {"&Oacute;", "Ó"}, {"&ndash;", "–"}, {"&mdash;", "—"}, {"&hellip;", "…"}};
      bool matched = false;
      for (const auto& [entity, text] : kEntities) {
        if (html.substr(i, entity.size()) == entity) {
          out += text;
          i += entity.size();
          matched = true;
          break;
        }
      }
      if (!matched && i + 2 < html.size() && html[i + 1] == '#') {
        const std::size_t semi = html.find(';', i);
        if (semi != std::string_view::npos && semi - i < 10) {
          const std::string digits(html.substr(i + 2, semi - i - 2));
          const bool hex = !digits.empty() && (digits[0] == 'x' || digits[0] == 'X');
          char* end = nullptr;
          const unsigned long code =
              std::strtoul(digits.c_str() + (hex ? 1 : 0), &end, hex ? 16 : 10);
          if (end != nullptr && *end == '\0' && code > 0 && code < 0x110000 &&
              (code < 0xD800 || code > 0xDFFF)) {
            out += EncodeUtf8(static_cast<char32_t>(code));
            i = semi + 1;
            matched = true;
          }
        }
      }
      if (matched) {
        continue;
      }
    }
    out += (c == '\r' || c == '\t') ? ' ' : c;
    ++i;
  }
  // Collapse runs of spaces and of blank lines.
  std::string clean;
  clean.reserve(out.size());
  int newlines = 0;
  bool space = false;
  for (const char ch : out) {
    if (ch == '\n') {
      ++newlines;
      space = false;
      continue;
    }
    if (ch == ' ') {
      space = true;
      continue;
    }
    if (newlines > 0) {
      clean += newlines > 1 ? "\n\n" : "\n";
    } else if (space && !clean.empty()) {
      clean += ' ';
    }
    newlines = 0;
    space = false;
    clean += ch;
  }
  return clean;
}

}  // namespace ratusz::channels
