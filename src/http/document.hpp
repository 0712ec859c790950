#pragma once

// One tree, two renderings: Open311 answers are built once as a Doc and written either as XML
// (element names as given) or as JSON by the "Spark convention" the spec uses: the root element
// is dropped, a list becomes an array of its children's values, an element with children
// becomes an object.

#include <string>
#include <string_view>
#include <vector>

namespace ratusz::http {

struct Doc {
  enum class Kind { kText, kNumber, kBool, kNull, kObject, kList };

  std::string name;
  Kind kind = Kind::kText;
  std::string value;  // For text, number (already formatted) and bool ("true"/"false").
  std::vector<Doc> children;

  static Doc Text(std::string name, std::string value) {
    return Doc{std::move(name), Kind::kText, std::move(value), {}};
  }
  static Doc Number(std::string name, double value);
  static Doc Integer(std::string name, long long value) {
    return Doc{std::move(name), Kind::kNumber, std::to_string(value), {}};
  }
  static Doc Bool(std::string name, bool value) {
    return Doc{std::move(name), Kind::kBool, value ? "true" : "false", {}};
  }
  static Doc Null(std::string name) { return Doc{std::move(name), Kind::kNull, {}, {}}; }
  static Doc Object(std::string name) { return Doc{std::move(name), Kind::kObject, {}, {}}; }
  static Doc List(std::string name) { return Doc{std::move(name), Kind::kList, {}, {}}; }

  Doc& Add(Doc child) {
    children.push_back(std::move(child));
    return children.back();
  }
};

// `<?xml version="1.0" encoding="utf-8"?>` and the tree; text is escaped.
std::string RenderXml(const Doc& root);
// The tree by the Spark convention; compact.
std::string RenderJson(const Doc& root);

}  // namespace ratusz::http
