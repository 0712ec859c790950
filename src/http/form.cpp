#include "http/form.hpp"

#include <algorithm>
#include <boost/url/params_view.hpp>
#include <cctype>
#include <optional>

#include "common/text.hpp"

namespace ratusz::http {
namespace {

const std::string kEmpty;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Error Bad(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}

// The value of `name=` in a header such as `form-data; name="x"; filename="y"`.
std::optional<std::string> HeaderParam(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    const auto semi = header.find(';', pos);
    auto piece =
        Trim(header.substr(pos, semi == std::string_view::npos ? header.npos : semi - pos));
    const auto eq = piece.find('=');
    if (eq != std::string_view::npos && Lower(Trim(piece.substr(0, eq))) == name) {
      auto value = Trim(piece.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
    if (semi == std::string_view::npos) {
      break;
    }
    pos = semi + 1;
  }
  return std::nullopt;
}

Status AddParam(std::string name, std::string value, const FormLimits& limits, Params& out) {
  if (out.items().size() >= limits.max_params) {
    return Bad("too many parameters (more than " + std::to_string(limits.max_params) + ")");
  }
  if (name.size() > limits.max_name_bytes) {
    return Bad("a parameter name is longer than " + std::to_string(limits.max_name_bytes) +
               " bytes");
  }
  if (!IsValidUtf8(name) || !IsValidUtf8(value)) {
    return Bad("parameter '" + (IsValidUtf8(name) ? name.substr(0, 64) : std::string("?")) +
               "' is not valid UTF-8");
  }
  out.Add(std::move(name), std::move(value));
  return {};
}

}  // namespace

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

}  // namespace

// application/x-www-form-urlencoded decoding: '+' is a space, %XX a byte.
std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) {
        return std::nullopt;
      }
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) {
        return std::nullopt;
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

const std::string& Params::Get(std::string_view name) const {
  for (const auto& [n, v] : items_) {
    if (n == name) {
      return v;
    }
  }
  return kEmpty;
}

bool Params::Has(std::string_view name) const {
  for (const auto& item : items_) {
    if (item.first == name) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> Params::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : items_) {
    if (n == name) {
      out.push_back(v);
    }
  }
  return out;
}

Status ParseUrlEncoded(std::string_view text, const FormLimits& limits, Params& out) {
  // Decoded by hand rather than with Boost.URL's query grammar: that grammar (RFC 3986) refuses
  // raw '[' and ']', which real form clients send unescaped in attribute[CODE][] names.
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto amp = std::min(text.find('&', pos), text.size());
    const auto pair = text.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) {
      continue;  // "a=1&&b=2"
    }
    const auto eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    auto value =
        PercentDecode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) {
      return Bad("the parameters are not correctly URL-encoded (a bad %-escape)");
    }
    if (auto s = AddParam(std::move(*name), std::move(*value), limits, out); !s) {
      return s;
    }
  }
  return {};
}

Status ParseMultipart(std::string_view body, std::string_view content_type,
                      const FormLimits& limits, Params& out, std::vector<FilePart>* files) {
  const auto boundary_param = HeaderParam(content_type, "boundary");
  if (!boundary_param || boundary_param->empty() || boundary_param->size() > 200) {
    return Bad("multipart/form-data without a boundary");
  }
  const std::string delimiter = "--" + *boundary_param;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) {
    return Bad("multipart body does not contain its boundary");
  }
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") {
      return {};  // Closing delimiter.
    }
    if (body.substr(pos, 2) != "\r\n") {
      return Bad("malformed multipart body (expected CRLF after the boundary)");
    }
    pos += 2;
    const auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) {
      return Bad("malformed multipart body (part headers do not end)");
    }
    const auto headers = body.substr(pos, headers_end - pos);
    const auto next = body.find("\r\n" + delimiter, headers_end + 4);
    if (next == std::string_view::npos) {
      return Bad("malformed multipart body (missing closing boundary)");
    }
    const auto content = body.substr(headers_end + 4, next - (headers_end + 4));
    std::optional<std::string> name;
    std::optional<std::string> filename;
    std::size_t line_start = 0;
    while (line_start <= headers.size()) {
      const auto line_end = std::min(headers.find("\r\n", line_start), headers.size());
      const auto line = headers.substr(line_start, line_end - line_start);
      const auto colon = line.find(':');
      if (colon != std::string_view::npos &&
          Lower(Trim(line.substr(0, colon))) == "content-disposition") {
        const auto value = line.substr(colon + 1);
        name = HeaderParam(value, "name");
        filename = HeaderParam(value, "filename");
      }
      line_start = line_end + 2;
    }
    if (!name) {
      return Bad("a multipart part has no Content-Disposition name");
    }
    if (filename && files == nullptr) {
      return Bad("file uploads ('" + name->substr(0, 64) +
                 "') are not accepted here; send the picture's address as media_url");
    }
    if (filename) {
      if (files->size() >= limits.max_params) {
        return Bad("too many files");
      }
      files->push_back(FilePart{*name, *filename, content});
      pos = next + 2;
      continue;
    }
    if (auto s = AddParam(*name, std::string(content), limits, out); !s) {
      return s;
    }
    pos = next + 2;
  }
}

Status ParseFormBody(std::string_view body, std::string_view content_type, const FormLimits& limits,
                     Params& out) {
  const std::string type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  if (type == "application/x-www-form-urlencoded" || (type.empty() && !body.empty())) {
    return ParseUrlEncoded(body, limits, out);
  }
  if (type == "multipart/form-data") {
    return ParseMultipart(body, content_type, limits, out);
  }
  if (body.empty()) {
    return {};
  }
  return Bad("unsupported Content-Type '" + type.substr(0, 64) +
             "': send application/x-www-form-urlencoded or multipart/form-data");
}

Result<cases::ReportInput> ReportInputFromParams(const Params& p) {
  cases::ReportInput in;
  in.service_code = p.Get("service_code");
  in.lat = p.Get("lat");
  in.lon = p.Get("long");
  in.address_string = p.Get("address_string");
  in.address_id = p.Get("address_id");
  in.zipcode = p.Get("zipcode");
  in.title = p.Get("title");
  in.description = p.Get("description");
  in.media_urls = p.All("media_url");
  in.reporter.first_name = p.Get("first_name");
  in.reporter.last_name = p.Get("last_name");
  in.reporter.email = p.Get("email");
  in.reporter.phone = p.Get("phone");
  in.reporter.device_id = p.Get("device_id");
  in.reporter.account_id = p.Get("account_id");
  for (const auto& [name, value] : p.items()) {
    if (name.rfind("attribute[", 0) != 0) {
      continue;
    }
    const std::string_view rest = std::string_view(name).substr(10);
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close == 0 ||
        !(close + 1 == rest.size() || rest.substr(close + 1) == "[]")) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "malformed attribute parameter '" + name.substr(0, 80) +
                           "': use attribute[CODE] or attribute[CODE][]",
                       name.substr(0, 80));
    }
    in.attributes[std::string(rest.substr(0, close))].push_back(value);
  }
  return in;
}

Result<std::string> IdempotencyKeyOf(const HttpRequest& request) {
  constexpr std::size_t kMaxIdempotencyKey = 255;
  const auto* key = request.Header("idempotency-key");
  if (key == nullptr) {
    return std::string();
  }
  if (key->empty() || key->size() > kMaxIdempotencyKey || HasControlChars(*key)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "Idempotency-Key must be 1 to 255 printable characters", "Idempotency-Key");
  }
  return *key;
}

}  // namespace ratusz::http
