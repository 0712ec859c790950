#pragma once

// Reading typed values out of TOML tables while collecting every problem (internal to config).

#include <toml++/toml.h>

#include <cctype>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "cases/catalog.hpp"
#include "common/result.hpp"

namespace ratusz::config::detail {

// Collects every problem with a path such as "server.listen" or "service[3].attribute[1].code".
class Problems {
 public:
  void Add(const std::string& where, const std::string& what) {
    list_.push_back(where + ": " + what);
  }
  bool Empty() const { return list_.empty(); }
  Error ToError(std::string_view source) const {
    std::string message = "invalid configuration " + std::string(source) + ":";
    for (const auto& p : list_) {
      message += "\n  - " + p;
    }
    return MakeError(ErrorCode::kInvalidArgument, message);
  }

 private:
  std::vector<std::string> list_;
};

inline void CheckKeys(const toml::table& table, const std::string& where,
                      const std::set<std::string>& allowed, Problems& problems) {
  for (const auto& [key, value] : table) {
    if (!allowed.count(std::string(key.str()))) {
      problems.Add(where.empty() ? std::string(key.str()) : where + "." + std::string(key.str()),
                   "unknown key");
    }
  }
}

inline void ReadString(const toml::table& t, const char* key, const std::string& where,
                       std::string& out, Problems& problems) {
  if (const auto* node = t.get(key)) {
    if (const auto* s = node->as_string()) {
      out = s->get();
    } else {
      problems.Add(where + "." + key, "must be a string");
    }
  }
}

template <typename Int>
inline void ReadInt(const toml::table& t, const char* key, const std::string& where, Int& out,
                    std::int64_t min, std::int64_t max, Problems& problems) {
  if (const auto* node = t.get(key)) {
    const auto* v = node->as_integer();
    if (v == nullptr || v->get() < min || v->get() > max) {
      problems.Add(where + "." + key, "must be a whole number from " + std::to_string(min) +
                                          " to " + std::to_string(max));
    } else {
      out = static_cast<Int>(v->get());
    }
  }
}

inline void ReadBool(const toml::table& t, const char* key, const std::string& where, bool& out,
                     Problems& problems) {
  if (const auto* node = t.get(key)) {
    if (const auto* v = node->as_boolean()) {
      out = v->get();
    } else {
      problems.Add(where + "." + key, "must be true or false");
    }
  }
}

inline void ReadDouble(const toml::table& t, const char* key, const std::string& where, double& out,
                       Problems& problems) {
  if (const auto* node = t.get(key)) {
    if (const auto v = node->value<double>()) {
      out = *v;
    } else {
      problems.Add(where + "." + key, "must be a number");
    }
  }
}

// A text in both languages: "same in both" or { pl = "...", en = "..." }.
inline void ReadText(const toml::table& t, const char* key, const std::string& where,
                     cases::LocalizedText& out, Problems& problems) {
  const auto* node = t.get(key);
  if (node == nullptr) {
    return;
  }
  if (const auto* s = node->as_string()) {
    out.pl = s->get();
    out.en = s->get();
  } else if (const auto* table = node->as_table()) {
    CheckKeys(*table, where + "." + key, {"pl", "en"}, problems);
    ReadString(*table, "pl", where + "." + key, out.pl, problems);
    ReadString(*table, "en", where + "." + key, out.en, problems);
  } else {
    problems.Add(where + "." + key, "must be a string or a table { pl = ..., en = ... }");
  }
}

inline void ReadStrings(const toml::table& t, const char* key, const std::string& where,
                        std::vector<std::string>& out, Problems& problems) {
  const auto* node = t.get(key);
  if (node == nullptr) {
    return;
  }
  const auto* array = node->as_array();
  if (array == nullptr) {
    problems.Add(where + "." + key, "must be an array of strings");
    return;
  }
  out.clear();
  for (const auto& item : *array) {
    if (const auto* s = item.as_string()) {
      out.push_back(s->get());
    } else {
      problems.Add(where + "." + key, "must be an array of strings");
      return;
    }
  }
}

// A secret given inline or, better, in a file readable only by the service account.
inline void ReadSecret(const toml::table& t, const char* key, const std::string& where,
                       std::string& out, Problems& problems) {
  ReadString(t, key, where, out, problems);
  const std::string file_key = std::string(key) + "_file";
  std::string path;
  ReadString(t, file_key.c_str(), where, path, problems);
  if (path.empty()) {
    return;
  }
  std::ifstream in(path);
  if (!in) {
    problems.Add(where + "." + file_key, "cannot read " + path);
    return;
  }
  std::getline(in, out);
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) {
    out.pop_back();
  }
}

// Calls `each(table, where)` for every table of an array of tables `key`.
template <typename F>
inline void ForEachTable(const toml::table& root, const char* key, Problems& problems, F each) {
  const auto* node = root.get(key);
  if (node == nullptr) {
    return;
  }
  const auto* array = node->as_array();
  if (array == nullptr) {
    problems.Add(key, "must be an array of tables ([[" + std::string(key) + "]])");
    return;
  }
  std::size_t i = 0;
  for (const auto& item : *array) {
    const std::string where = std::string(key) + "[" + std::to_string(i++) + "]";
    if (const auto* table = item.as_table()) {
      each(*table, where);
    } else {
      problems.Add(where, "must be a table");
    }
  }
}

}  // namespace ratusz::config::detail
