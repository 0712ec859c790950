#pragma once

// Validation of an incoming report (Open311 POST requests, and later the staff API) against the
// service definition: the one place that decides whether a report may become a case.

#include <map>
#include <string>
#include <vector>

#include "cases/case.hpp"
#include "cases/catalog.hpp"
#include "common/result.hpp"

namespace ratusz::cases {

// What a client sent, as text. Empty means "not given" (Open311: an empty optional argument is
// the same as an absent one).
struct ReportInput {
  std::string jurisdiction_id;
  std::string service_code;
  std::string lat;
  std::string lon;
  std::string address_string;
  std::string address_id;
  std::string zipcode;
  std::string title;
  std::string description;
  std::vector<std::string> media_urls;
  std::map<std::string, std::vector<std::string>> attributes;  // attribute[CODE] -> values
  Reporter reporter;
};

struct ReportLimits {
  std::size_t description_chars = 4000;
  std::size_t title_chars = 200;
  std::size_t address_chars = 500;
  std::size_t name_chars = 100;
  std::size_t string_attribute_chars = 500;
  std::size_t text_attribute_chars = 4000;
  std::size_t media_urls = 10;
  std::size_t url_chars = 2048;
};

// A report that passed validation: every field is normalised (trimmed, LF newlines) and checked.
struct ValidReport {
  const Jurisdiction* jurisdiction = nullptr;
  const Service* service = nullptr;
  // The case as the resident described it: jurisdiction, service, title, description, location,
  // address, attributes (in the service's order), media and reporter are set; the rest (id,
  // number, status, times, channel) is for the use case and the store to fill in.
  ServiceRequest draft;
};

// Checks everything and reports every problem found, not only the first, so that a client
// can fix a form in one go. `jurisdiction` must already be resolved by the caller (it decides
// between "missing" and "unknown" with its knowledge of the deployment). `service_code` is
// looked up in that jurisdiction: an unknown code is kNotFound, other problems kInvalidArgument.
struct ReportValidation {
  std::optional<ValidReport> report;  // Set only when `errors` is empty.
  std::vector<Error> errors;
};
ReportValidation ValidateReport(const ReportInput& input, const Catalog& catalog,
                                const Jurisdiction& jurisdiction, const ReportLimits& limits);

// Parses a decimal number the way Open311 sends them ("51.1079", "-0.5", "17"): no hex, no
// infinities or NaN, no trailing garbage.
std::optional<double> ParseDecimal(std::string_view text);

}  // namespace ratusz::cases
