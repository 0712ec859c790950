#include "residents/phone.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ratusz::residents {
namespace {

struct Country {
  std::string_view iso;
  std::string_view code;  // Calling code without "+".
  int min_length;         // National significant number, digits.
  int max_length;
  std::string_view trunk;  // Dialled before national numbers at home ("0"), or "".
};

// Poland and the countries Polish cities hear from most (neighbours, the diaspora, the UK and
// the US); others are accepted by E.164's rules alone.
constexpr std::array<Country, 14> kCountries{{
    {"PL", "48", 9, 9, "0"},
    {"UA", "380", 9, 9, "0"},
    {"DE", "49", 6, 13, "0"},
    {"CZ", "420", 9, 9, ""},
    {"SK", "421", 9, 9, "0"},
    {"LT", "370", 8, 8, "8"},
    {"BY", "375", 9, 9, "8"},
    {"GB", "44", 9, 10, "0"},
    {"IE", "353", 7, 9, "0"},
    {"FR", "33", 9, 9, "0"},
    {"NL", "31", 9, 9, "0"},
    {"US", "1", 10, 10, "1"},
    {"CA", "1", 10, 10, "1"},
    {"NO", "47", 8, 8, ""},
}};

const Country* ByIso(std::string_view iso) {
  for (const auto& c : kCountries) {
    if (c.iso == iso) {
      return &c;
    }
  }
  return nullptr;
}

// The table entry whose calling code starts `digits` (the longest that fits).
const Country* ByCode(std::string_view digits) {
  const Country* best = nullptr;
  for (const auto& c : kCountries) {
    if (digits.rfind(c.code, 0) == 0 && (best == nullptr || c.code.size() > best->code.size())) {
      best = &c;
    }
  }
  return best;
}

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), "phone");
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Cuts an extension: "wew. 12", "w. 12", "ext 12", "x12", "#12", ";ext=12".
std::string_view WithoutExtension(std::string_view s) {
  const std::string lower = Lower(s);
  for (const std::string_view mark : {"wew", "ext", ";", "#", " w.", "x"}) {
    const auto at = lower.find(mark);
    if (at != std::string::npos && at > 0) {
      s = s.substr(0, at);
    }
  }
  return s;
}

}  // namespace

bool KnownCountry(std::string_view country) { return ByIso(country) != nullptr; }

Result<std::string> NormalisePhone(std::string_view written, std::string_view default_country) {
  const Country* home = ByIso(default_country);
  if (home == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown default country \"" + std::string(default_country) + "\"");
  }
  if (written.size() > 64) {
    return Invalid("a telephone number is at most 64 characters");
  }
  std::string_view s = written;
  if (const std::string lower = Lower(s.substr(0, 4)); lower == "tel:") {
    s.remove_prefix(4);
  }
  s = WithoutExtension(s);
  std::string digits;
  bool plus = false;
  bool seen_digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      seen_digit = true;
    } else if (c == '+' && !seen_digit && !plus) {
      plus = true;
    } else if (c == '(' && s.substr(i, 3) == "(0)" && (plus || digits.rfind("00", 0) == 0)) {
      i += 2;  // "+48 (0) 22 ...": the trunk zero shown for callers at home.
    } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')' && c != '\t' &&
               c != '\xa0') {
      return Invalid("a telephone number has only digits, spaces, +, -, ., / and brackets");
    }
  }
  if (digits.empty()) {
    return Invalid("no digits in the telephone number");
  }
  std::string international;  // Digits after "+".
  if (plus) {
    international = digits;
  } else if (digits.rfind("00", 0) == 0) {
    international = digits.substr(2);
  } else {
    std::string national = digits;
    if (!home->trunk.empty() && national.rfind(home->trunk, 0) == 0 &&
        static_cast<int>(national.size() - home->trunk.size()) >= home->min_length &&
        static_cast<int>(national.size() - home->trunk.size()) <= home->max_length) {
      national.erase(0, home->trunk.size());
    } else if (national.rfind(home->code, 0) == 0 &&
               static_cast<int>(national.size() - home->code.size()) >= home->min_length &&
               static_cast<int>(national.size() - home->code.size()) <= home->max_length &&
               static_cast<int>(national.size()) > home->max_length) {
      national.erase(0, home->code.size());  // "48600123456": the code without its "+".
    }
    const int n = static_cast<int>(national.size());
    if (n < home->min_length || n > home->max_length) {
      return Invalid(
          "\"" + std::string(written.substr(0, 40)) + "\" is not a telephone number of " +
          std::string(home->iso) + " (" + std::to_string(home->min_length) +
          (home->min_length == home->max_length ? "" : "-" + std::to_string(home->max_length)) +
          " digits) and has no country code");
    }
    international = std::string(home->code) + national;
  }
  if (international.empty() || international[0] == '0') {
    return Invalid("a country code does not start with 0");
  }
  if (const Country* c = ByCode(international)) {
    std::string national = international.substr(c->code.size());
    if (c->code != "1" && !c->trunk.empty() && national.rfind(c->trunk, 0) == 0 &&
        static_cast<int>(national.size()) > c->max_length) {
      national.erase(0, c->trunk.size());  // "+48 022 ...": a trunk digit after the code.
    }
    const int n = static_cast<int>(national.size());
    if (n < c->min_length || n > c->max_length) {
      return Invalid("a number of +" + std::string(c->code) + " has " +
                     std::to_string(c->min_length) +
                     (c->min_length == c->max_length ? "" : "-" + std::to_string(c->max_length)) +
                     " digits after the country code");
    }
    return "+" + std::string(c->code) + national;
  }
  if (international.size() < 8 || international.size() > 15) {
    return Invalid("an international number has 8 to 15 digits");
  }
  return "+" + international;
}

Result<std::string> NormaliseEmail(std::string_view written) {
  std::string_view s = written;
  if (const auto open = s.rfind('<'); open != std::string_view::npos) {
    const auto close = s.find('>', open);
    if (close == std::string_view::npos) {
      return MakeError(ErrorCode::kInvalidArgument, "an unclosed < in the e-mail address", "email");
    }
    s = s.substr(open + 1, close - open - 1);
  }
  // Spaces around, and "mailto:" in any case however often ("mailtO:", "mailto:mailto:"), so
  // that an address normalised once stays as it is.
  for (;;) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
      s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
      s.remove_suffix(1);
    }
    if (s.size() < 7 || Lower(s.substr(0, 7)) != "mailto:") {
      break;
    }
    s.remove_prefix(7);
  }
  const bool odd = std::any_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c == 0x7F || ch == ',' || ch == '<' || ch == '>';
  });
  const auto at = s.rfind('@');
  if (s.empty() || s.size() > 254 || at == std::string_view::npos || at == 0 ||
      at + 1 == s.size() || odd || s.substr(at + 1).find('.') == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "\"" + std::string(written.substr(0, 60)) + "\" is not an e-mail address",
                     "email");
  }
  return Lower(s);
}

}  // namespace ratusz::residents
