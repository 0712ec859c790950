#pragma once

// app::MailParser with GMime 3: MIME structure, charsets (ISO-8859-2, Windows-1250, UTF-8 ...),
// encoded words in headers, HTML-only mail turned into text, attachments decoded.

#include <string>
#include <string_view>

#include "app/ports.hpp"

namespace ratusz::channels {

struct MailLimits {
  std::size_t max_bytes = 25 * 1024 * 1024;  // Of the whole message.
  std::size_t max_text_bytes = 100 * 1024;   // Of the text kept (the rest is cut).
  std::size_t max_attachments = 20;
};

class MimeParser final : public app::MailParser {
 public:
  explicit MimeParser(MailLimits limits = {});
  [[nodiscard]] Result<app::ParsedMail> Parse(std::string_view raw) override;

 private:
  MailLimits limits_;
};

// Readable text from HTML: tags dropped (scripts and styles with their content), block
// elements and <br> as line breaks, entities decoded, blank runs collapsed.
std::string HtmlToText(std::string_view html);

}  // namespace ratusz::channels
