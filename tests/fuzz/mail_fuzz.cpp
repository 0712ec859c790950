// E-mail messages from anyone on the Internet (untrusted): any bytes. Parsing never crashes,
// and what it returns is valid UTF-8 within the limits; so is the text taken from HTML.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "channels/gmime_parser.hpp"
#include "common/check.hpp"
#include "common/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  static ratusz::channels::MimeParser parser;
  if (const auto mail = parser.Parse(raw)) {
    RATUSZ_CHECK(ratusz::IsValidUtf8(mail->text));
    RATUSZ_CHECK(ratusz::IsValidUtf8(mail->subject));
    RATUSZ_CHECK(mail->text.size() <= 100 * 1024 + 6);
    RATUSZ_CHECK(mail->attachments.size() <= 20);
  }
  (void)ratusz::channels::HtmlToText(raw);
  return 0;
}
