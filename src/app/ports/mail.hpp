#pragma once

// E-mail as a person would read it, from the MIME parser (src/channels).

#include <string>
#include <string_view>
#include <vector>

#include "app/ports/callback.hpp"
#include "common/result.hpp"

namespace ratusz::app {

struct MailAttachment {
  std::string name;
  std::string content_type;
  std::string bytes;
};

// A message as a person would read it: headers decoded, text in UTF-8 (from HTML when the mail
// has no plain text).
struct ParsedMail {
  std::string from_address;
  std::string from_name;
  std::string subject;
  std::string message_id;               // Without the angle brackets.
  std::vector<std::string> references;  // In-Reply-To and References, without brackets.
  std::string text;
  bool from_html = false;  // The text was extracted from HTML.
  std::vector<MailAttachment> attachments;
  // Sent by a machine (auto-reply, bounce, list or bulk mail): never answered automatically.
  std::string automatic;  // Why; empty for a person's mail.
  // A delivery failure report (RFC 3464): the failed message's Message-ID, its status
  // ("5.1.1") and the recipient it could not reach.
  std::string bounced_message_id;
  std::string bounce_status;
  std::string bounce_recipient;
};

// Parses RFC 5322 messages (any charset, nested multipart). Thread-safe.
class MailParser {
 public:
  virtual ~MailParser() = default;
  [[nodiscard]] virtual Result<ParsedMail> Parse(std::string_view raw) = 0;
};

}  // namespace ratusz::app
