#include "http/document.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <pugixml.hpp>
#include <sstream>

namespace ratusz::http {
namespace {

void AppendXml(pugi::xml_node parent, const Doc& doc) {
  pugi::xml_node node = parent.append_child(doc.name.c_str());
  switch (doc.kind) {
    case Doc::Kind::kText:
    case Doc::Kind::kNumber:
    case Doc::Kind::kBool:
      if (!doc.value.empty()) {
        node.append_child(pugi::node_pcdata).set_value(doc.value.c_str());
      }
      break;
    case Doc::Kind::kNull:
      break;
    case Doc::Kind::kObject:
    case Doc::Kind::kList:
      for (const auto& child : doc.children) {
        AppendXml(node, child);
      }
      break;
  }
}

// Written out directly (Boost.JSON only escapes strings) so numbers keep the shortest exact
// form that Doc::Number produced: Boost.JSON would print 51.11 as 5.111E1.
// Most strings need no escaping: copy them; hand the rest to Boost.JSON.
void AppendJsonString(std::string& out, const std::string& s) {
  for (const char c : s) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      out += boost::json::serialize(boost::json::string_view(s));
      return;
    }
  }
  out += '"';
  out += s;
  out += '"';
}

void AppendJson(std::string& out, const Doc& doc) {
  switch (doc.kind) {
    case Doc::Kind::kText:
      AppendJsonString(out, doc.value);
      break;
    case Doc::Kind::kNumber:
    case Doc::Kind::kBool:
      out += doc.value;
      break;
    case Doc::Kind::kNull:
      out += "null";
      break;
    case Doc::Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& child : doc.children) {
        if (!first) {
          out += ',';
        }
        first = false;
        AppendJsonString(out, child.name);
        out += ':';
        AppendJson(out, child);
      }
      out += '}';
      break;
    }
    case Doc::Kind::kList: {
      out += '[';
      bool first = true;
      for (const auto& child : doc.children) {
        if (!first) {
          out += ',';
        }
        first = false;
        AppendJson(out, child);
      }
      out += ']';
      break;
    }
  }
}

}  // namespace

Doc Doc::Number(std::string name, double value) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return Doc{std::move(name), Kind::kNumber, std::string(buf, ec == std::errc() ? end : buf), {}};
}

std::string RenderXml(const Doc& root) {
  pugi::xml_document xml;
  AppendXml(xml, root);
  std::ostringstream out;
  xml.save(out, "", pugi::format_raw | pugi::format_no_declaration);
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + out.str();
}

std::string RenderJson(const Doc& root) {
  std::string out;
  out.reserve(1024);
  AppendJson(out, root);
  return out;
}

}  // namespace ratusz::http
