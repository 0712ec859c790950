#include "cases/report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "common/text.hpp"
#include "common/time_format.hpp"

namespace ratusz::cases {
namespace {

class Checker {
 public:
  explicit Checker(std::vector<Error>& errors) : errors_(errors) {}

  void Fail(ErrorCode code, std::string field, std::string message) {
    errors_.push_back(MakeError(code, std::move(message), std::move(field)));
  }

  // Normalises newlines, trims and checks encoding and length. Returns the cleaned text.
  std::string Text(const std::string& field, std::string_view raw, std::size_t max_chars,
                   bool multiline) {
    if (!IsValidUtf8(raw)) {
      Fail(ErrorCode::kInvalidArgument, field, field + " is not valid UTF-8");
      return {};
    }
    std::string text = NormalizeNewlines(raw);
    text = std::string(Trim(text));
    if (HasControlChars(text)) {
      Fail(ErrorCode::kInvalidArgument, field, field + " contains control characters");
      return {};
    }
    if (!multiline && text.find('\n') != std::string::npos) {
      Fail(ErrorCode::kInvalidArgument, field, field + " must be a single line");
      return {};
    }
    const std::size_t length = Utf8Length(text);
    if (length > max_chars) {
      Fail(ErrorCode::kInvalidArgument, field,
           field + " is " + std::to_string(length) + " characters long; the limit is " +
               std::to_string(max_chars));
      return {};
    }
    return text;
  }

 private:
  std::vector<Error>& errors_;
};

bool LooksLikeEmail(std::string_view s) {
  const auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find('@', at + 1) == std::string_view::npos && s.find(' ') == std::string_view::npos &&
         s.substr(at + 1).find('.') != std::string_view::npos && s.size() <= 254;
}

bool LooksLikePhone(std::string_view s) {
  int digits = 0;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return false;
    }
  }
  return digits >= 3 && digits <= 20;
}

bool LooksLikeUrl(std::string_view s) {
  const bool scheme = s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0;
  return scheme && s.find_first_of(" \t\n\"<>") == std::string_view::npos;
}

}  // namespace

std::optional<double> ParseDecimal(std::string_view text) {
  if (text.empty() || text.size() > 40) {
    return std::nullopt;
  }
  if (text.front() == '+') {
    text.remove_prefix(1);
  }
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+')) {
      return std::nullopt;  // Rules out "inf", "nan" and hex, which from_chars would take.
    }
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

ReportValidation ValidateReport(const ReportInput& input, const Catalog& catalog,
                                const Jurisdiction& jurisdiction, const ReportLimits& limits) {
  ReportValidation out;
  Checker check(out.errors);
  ValidReport report;
  report.jurisdiction = &jurisdiction;
  report.draft.jurisdiction_id = jurisdiction.id;

  const std::string code(Trim(input.service_code));
  if (code.empty()) {
    check.Fail(ErrorCode::kInvalidArgument, "service_code", "service_code was not provided");
  } else {
    report.service = catalog.FindService(jurisdiction.id, code);
    report.draft.service_code = code;
    if (report.service == nullptr) {
      check.Fail(ErrorCode::kNotFound, "service_code",
                 "service_code '" + code.substr(0, 64) + "' is not offered in " + jurisdiction.id);
    }
  }

  // Location: lat and long together, or an address, or an address id.
  const auto lat_text = Trim(input.lat);
  const auto lon_text = Trim(input.lon);
  if (!lat_text.empty() || !lon_text.empty()) {
    const auto lat = ParseDecimal(lat_text);
    const auto lon = ParseDecimal(lon_text);
    if (lat_text.empty() || lon_text.empty()) {
      check.Fail(ErrorCode::kInvalidArgument, lat_text.empty() ? "lat" : "long",
                 "lat and long must be given together");
    } else if (!lat || *lat < -90 || *lat > 90) {
      check.Fail(ErrorCode::kInvalidArgument, "lat",
                 "lat must be a decimal number of degrees between -90 and 90");
    } else if (!lon || *lon < -180 || *lon > 180) {
      check.Fail(ErrorCode::kInvalidArgument, "long",
                 "long must be a decimal number of degrees between -180 and 180");
    } else if (jurisdiction.bounds && !jurisdiction.bounds->Contains(*lat, *lon)) {
      check.Fail(ErrorCode::kInvalidArgument, "lat",
                 "the location is outside " + jurisdiction.name.In("en"));
    } else {
      report.draft.location = GeoPoint{*lat, *lon};
    }
  }
  report.draft.address =
      check.Text("address_string", input.address_string, limits.address_chars, true);
  report.draft.address_id = check.Text("address_id", input.address_id, 200, false);
  report.draft.zipcode = check.Text("zipcode", input.zipcode, 20, false);
  if (lat_text.empty() && lon_text.empty() && Trim(input.address_string).empty() &&
      Trim(input.address_id).empty()) {
    check.Fail(ErrorCode::kInvalidArgument, "lat",
               "a location is required: lat and long, address_string or address_id");
  }

  report.draft.title = check.Text("title", input.title, limits.title_chars, false);
  report.draft.description =
      check.Text("description", input.description, limits.description_chars, true);

  if (input.media_urls.size() > limits.media_urls) {
    check.Fail(ErrorCode::kInvalidArgument, "media_url",
               "at most " + std::to_string(limits.media_urls) + " media_url values are accepted");
  } else {
    for (const auto& raw : input.media_urls) {
      const std::string url(Trim(raw));
      if (url.empty()) {
        continue;
      }
      if (url.size() > limits.url_chars || !IsValidUtf8(url) || !LooksLikeUrl(url)) {
        check.Fail(ErrorCode::kInvalidArgument, "media_url",
                   "media_url must be an http(s) URL of at most " +
                       std::to_string(limits.url_chars) + " characters");
      } else {
        report.draft.media_urls.push_back(url);
      }
    }
  }

  Reporter& r = report.draft.reporter;
  r.first_name = check.Text("first_name", input.reporter.first_name, limits.name_chars, false);
  r.last_name = check.Text("last_name", input.reporter.last_name, limits.name_chars, false);
  r.email = check.Text("email", input.reporter.email, 254, false);
  r.phone = check.Text("phone", input.reporter.phone, 40, false);
  r.device_id = check.Text("device_id", input.reporter.device_id, 200, false);
  r.account_id = check.Text("account_id", input.reporter.account_id, 200, false);
  if (!r.email.empty() && !LooksLikeEmail(r.email)) {
    check.Fail(ErrorCode::kInvalidArgument, "email", "email is not an e-mail address");
  }
  if (!r.phone.empty() && !LooksLikePhone(r.phone)) {
    check.Fail(ErrorCode::kInvalidArgument, "phone", "phone is not a telephone number");
  }

  if (report.service != nullptr) {
    const Service& service = *report.service;
    for (const auto& [attr_code, values] : input.attributes) {
      const auto* def = service.FindAttribute(attr_code);
      const std::string field = "attribute[" + attr_code.substr(0, 64) + "]";
      if (def == nullptr) {
        check.Fail(
            ErrorCode::kInvalidArgument, field,
            "service " + service.code + " has no attribute '" + attr_code.substr(0, 64) + "'");
      } else if (!def->variable) {
        check.Fail(ErrorCode::kInvalidArgument, field,
                   field + " is information for the resident, not a question to answer");
      }
    }
    for (const auto& def : service.attributes) {
      if (!def.variable) {
        continue;
      }
      const std::string field = "attribute[" + def.code + "]";
      std::vector<std::string> values;
      if (const auto it = input.attributes.find(def.code); it != input.attributes.end()) {
        for (const auto& v : it->second) {
          const auto t = Trim(v);
          if (!t.empty()) {
            values.emplace_back(t);
          }
        }
      }
      if (values.empty()) {
        if (def.required) {
          check.Fail(ErrorCode::kInvalidArgument, field,
                     field + " is required: " + def.description.In("en"));
        }
        continue;
      }
      if (values.size() > 1 && def.datatype != AttributeType::kMultiValueList) {
        check.Fail(ErrorCode::kInvalidArgument, field, field + " takes a single value");
        continue;
      }
      bool ok = true;
      std::vector<std::string> clean;
      for (const auto& v : values) {
        switch (def.datatype) {
          case AttributeType::kString:
          case AttributeType::kText: {
            const bool multiline = def.datatype == AttributeType::kText;
            const std::size_t max =
                multiline ? limits.text_attribute_chars : limits.string_attribute_chars;
            const std::size_t before = out.errors.size();
            clean.push_back(check.Text(field, v, max, multiline));
            ok = ok && out.errors.size() == before;
            break;
          }
          case AttributeType::kNumber:
            if (!ParseDecimal(v)) {
              check.Fail(ErrorCode::kInvalidArgument, field, field + " must be a number");
              ok = false;
            }
            clean.push_back(v);
            break;
          case AttributeType::kDatetime:
            if (!ParseW3c(v)) {
              check.Fail(ErrorCode::kInvalidArgument, field,
                         field + " must be a date-time such as 2026-01-31T08:00:00+01:00");
              ok = false;
            }
            clean.push_back(v);
            break;
          case AttributeType::kSingleValueList:
          case AttributeType::kMultiValueList:
            if (def.FindValue(v) == nullptr) {
              check.Fail(ErrorCode::kInvalidArgument, field,
                         "'" + v.substr(0, 64) + "' is not one of the values of " + field);
              ok = false;
            } else if (std::find(clean.begin(), clean.end(), v) == clean.end()) {
              clean.push_back(v);
            }
            break;
        }
      }
      if (ok) {
        report.draft.attributes.push_back(AttributeAnswer{def.code, std::move(clean)});
      }
    }
  }

  if (out.errors.empty()) {
    out.report = std::move(report);
  }
  return out;
}

}  // namespace ratusz::cases
