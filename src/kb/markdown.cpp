#include "kb/markdown.hpp"

#include <cmark.h>

#include <cstdlib>
#include <memory>

namespace ratusz::kb {
namespace {

struct NodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

std::unique_ptr<cmark_node, NodeFree> Parse(std::string_view markdown) {
  return std::unique_ptr<cmark_node, NodeFree>(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_VALIDATE_UTF8));
}

bool IsBlock(cmark_node_type type) {
  return type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING ||
         type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_ITEM;
}

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  const auto doc = Parse(markdown);
  // CMARK_OPT_UNSAFE is not given: raw HTML and dangerous link targets are dropped.
  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
  std::string out(html);
  std::free(html);  // NOLINT: cmark allocates with the default allocator (malloc).
  return out;
}

std::string MarkdownToText(std::string_view markdown) {
  const auto doc = Parse(markdown);
  std::unique_ptr<cmark_iter, IterFree> iter(cmark_iter_new(doc.get()));
  std::string out;
  for (auto ev = cmark_iter_next(iter.get()); ev != CMARK_EVENT_DONE;
       ev = cmark_iter_next(iter.get())) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const auto type = cmark_node_get_type(node);
    if (ev == CMARK_EVENT_EXIT) {
      if (IsBlock(type) && !out.empty() && out.back() != '\n') {
        out += '\n';
      }
      continue;
    }
    switch (type) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK:
        out += cmark_node_get_literal(node);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += ' ';
        break;
      default:
        break;
    }
  }
  while (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace ratusz::kb
