#pragma once

// Articles' Markdown (CommonMark, by cmark): HTML that is safe to show, and the plain text that
// is indexed and quoted in snippets and texts.
//
// cmark's safe mode is kept: raw HTML in an article becomes a comment and links or images to
// javascript:, vbscript:, file: and data: (other than images) lose their target, so an article
// can never carry a script into the console or the portal.

#include <string>
#include <string_view>

namespace ratusz::kb {

std::string MarkdownToHtml(std::string_view markdown);

// The words an article shows, without the Markdown syntax: paragraphs and list items on their
// own lines, link texts kept and their targets dropped.
std::string MarkdownToText(std::string_view markdown);

}  // namespace ratusz::kb
