#include "store/sql/text_search.hpp"

namespace ratusz::store::sql {

std::string TsQueryOf(std::string_view fts5) {
  std::string out;
  std::string_view join = " & ";
  std::size_t i = 0;
  while (i < fts5.size()) {
    if (fts5[i] == '"') {
      const std::size_t end = fts5.find('"', i + 1);
      if (end == std::string_view::npos) {
        break;
      }
      const std::string_view word = fts5.substr(i + 1, end - i - 1);
      i = end + 1;
      if (word.empty()) {
        continue;
      }
      if (!out.empty()) {
        out += join;
      }
      join = " & ";
      // Quoted for tsquery, so no word is read as its syntax.
      out += '\'';
      for (const char c : word) {
        if (c == '\'' || c == '\\') {
          out += '\\';
        }
        out += c;
      }
      out += '\'';
      if (i < fts5.size() && fts5[i] == '*') {
        out += ":*";
        ++i;
      }
    } else if (fts5.substr(i).starts_with("OR ") || fts5.substr(i) == "OR") {
      join = " | ";
      i += 2;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace ratusz::store::sql
