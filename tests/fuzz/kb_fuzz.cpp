// Knowledge-base input (untrusted: articles written by staff, queries typed by anyone): any
// bytes as Markdown and as a search query. Rendering never crashes and never lets a script or a
// javascript: link through; the plain text is valid UTF-8; query terms can never carry FTS5
// syntax; the edit distance is symmetric and bounded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/check.hpp"
#include "common/text.hpp"
#include "kb/markdown.hpp"
#include "kb/search.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string html = ratusz::kb::MarkdownToHtml(text);
  for (auto& c : html) {
    c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  RATUSZ_CHECK(html.find("<script") == std::string::npos);
  RATUSZ_CHECK(html.find("href=\"javascript:") == std::string::npos);
  RATUSZ_CHECK(html.find("src=\"javascript:") == std::string::npos);
  RATUSZ_CHECK(ratusz::IsValidUtf8(ratusz::kb::MarkdownToText(text)));

  std::string prefix;
  const auto terms = ratusz::kb::QueryTerms(text, ratusz::kb::Matching::kStems, &prefix);
  for (const auto& t : terms) {
    RATUSZ_CHECK(!t.empty() && t.find_first_of("\"*() :^-+") == std::string::npos);
  }
  RATUSZ_CHECK(prefix.find_first_of("\"*() :^-+") == std::string::npos);
  (void)ratusz::kb::FtsMatch(terms, prefix);

  const auto a = text.substr(0, std::min<std::size_t>(text.size() / 2, 64));
  const auto b = text.substr(text.size() / 2, 64);
  const int d = ratusz::kb::EditDistance(a, b, 2);
  RATUSZ_CHECK(d >= 0 && d <= 3 && d == ratusz::kb::EditDistance(b, a, 2));
  return 0;
}
