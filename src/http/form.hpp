#pragma once

// Request parameters: the query string and form bodies (application/x-www-form-urlencoded and
// multipart/form-data), decoded and size-checked.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cases/report.hpp"
#include "common/result.hpp"
#include "http/message.hpp"

namespace ratusz::http {

// Parameters in the order they came; names may repeat (attribute[x]=a&attribute[x]=b).
class Params {
 public:
  void Add(std::string name, std::string value) {
    items_.emplace_back(std::move(name), std::move(value));
  }
  // The first value of `name`, or empty.
  const std::string& Get(std::string_view name) const;
  bool Has(std::string_view name) const;
  std::vector<std::string> All(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct FormLimits {
  std::size_t max_params = 500;
  std::size_t max_name_bytes = 256;
};

// Decodes "a=1&b=%C5%BC+x" into `out` ('+' is a space). Rejects bad percent-escapes.
// application/x-www-form-urlencoded decoding of one name or value: '+' is a space, %XX a byte
// (no check that the bytes are UTF-8). Nothing when an escape is malformed.
std::optional<std::string> PercentDecode(std::string_view s);

[[nodiscard]] Status ParseUrlEncoded(std::string_view text, const FormLimits& limits, Params& out);

// A file part of a multipart body (a view into the body).
struct FilePart {
  std::string field;
  std::string filename;
  std::string_view bytes;
};

// Decodes a multipart/form-data body. `content_type` is the whole header (with the boundary).
// File parts go to `files`, or are refused when it is null (Open311 takes media_url, not files).
[[nodiscard]] Status ParseMultipart(std::string_view body, std::string_view content_type,
                                    const FormLimits& limits, Params& out,
                                    std::vector<FilePart>* files = nullptr);

// Reads the body by its content type into `out`: form-encoded or multipart. Other types are
// refused with a message that names the accepted ones.
[[nodiscard]] Status ParseFormBody(std::string_view body, std::string_view content_type,
                                   const FormLimits& limits, Params& out);

// The fields of an Open311 report (POST requests): service_code, lat, long, address_string, ...,
// and attributes as attribute[CODE]=v (repeatable, as FixMyStreet sends) or attribute[CODE][]=v
// (the spec). A malformed attribute name is an error.
[[nodiscard]] Result<cases::ReportInput> ReportInputFromParams(const Params& params);

// The request's Idempotency-Key header: empty when absent, an error when it is not 1 to 255
// printable characters.
[[nodiscard]] Result<std::string> IdempotencyKeyOf(const HttpRequest& request);

}  // namespace ratusz::http
