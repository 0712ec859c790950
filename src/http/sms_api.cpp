#include "http/sms_api.hpp"

#include <map>

#include "common/text.hpp"
#include "http/api.hpp"
#include "http/form.hpp"
#include "security/crypto.hpp"

namespace ratusz::http {
namespace {

// A query string's parameters as bytes: the text of a message may be UCS-2, not UTF-8, so
// nothing is checked here but the escapes. The first value of a name wins.
std::optional<std::map<std::string, std::string, std::less<>>> RawQuery(std::string_view query) {
  std::map<std::string, std::string, std::less<>> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq));
    auto value =
        PercentDecode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value || out.size() > 50) {
      return std::nullopt;
    }
    out.emplace(std::move(name).value(), std::move(value).value());
  }
  return out;
}

std::string Param(const std::map<std::string, std::string, std::less<>>& q, std::string_view name) {
  const auto it = q.find(name);
  return it == q.end() ? std::string() : it->second;
}

HttpResponse Plain(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  if (!r.body.empty()) {
    // Kannel sends the reply as UCS-2 (Polish letters do not fit the GSM alphabet).
    r.headers.emplace_back("X-Kannel-Coding", "2");
  }
  return r;
}

}  // namespace

std::optional<std::string> SmsText(std::string_view bytes, std::string_view coding,
                                   std::string_view charset) {
  std::string lower(charset);
  for (auto& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (coding == "2" || lower == "utf-16be" || lower == "ucs-2" || lower == "ucs-2be") {
    if (bytes.size() % 2 != 0) {
      return std::nullopt;
    }
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 2) {
      std::uint32_t unit =
          (static_cast<unsigned char>(bytes[i]) << 8) | static_cast<unsigned char>(bytes[i + 1]);
      if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
        const std::uint32_t low = (static_cast<unsigned char>(bytes[i + 2]) << 8) |
                                  static_cast<unsigned char>(bytes[i + 3]);
        if (low < 0xDC00 || low >= 0xE000) {
          return std::nullopt;
        }
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else if (unit >= 0xD800 && unit < 0xE000) {
        return std::nullopt;
      }
      out += EncodeUtf8(unit);
    }
    return out;
  }
  if (lower == "iso-8859-1" || lower == "latin1" || lower == "windows-1252") {
    std::string out;
    for (const char c : bytes) {
      out += EncodeUtf8(static_cast<unsigned char>(c));
    }
    return out;
  }
  if (!IsValidUtf8(bytes)) {
    return std::nullopt;
  }
  return std::string(bytes);
}

std::optional<HttpResponse> SmsApi::Handle(std::string_view route, const HttpRequest& request,
                                           Responder later) {
  if (request.method != "GET" && request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "Kannel calls with GET");
  }
  if (secret_.empty()) {
    return Api::ErrorResponse(ErrorCode::kUnavailable,
                              "SMS is turned off: set sms.secret (or sms.secret_file)");
  }
  return route == kReports ? Report(request, std::move(later))
                           : Incoming(request, std::move(later));
}

std::optional<HttpResponse> SmsApi::Incoming(const HttpRequest& request, Responder later) {
  const auto q = RawQuery(request.query);
  if (!q) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "the query string is malformed");
  }
  if (!security::ConstantTimeEquals(Param(*q, "secret"), secret_)) {
    return Api::ErrorResponse(ErrorCode::kUnauthenticated,
                              "Kannel's get-url carries secret=<sms.secret>");
  }
  auto text = SmsText(Param(*q, "text"), Param(*q, "coding"), Param(*q, "charset"));
  if (!text) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "the text cannot be read in its coding / charset", "text");
  }
  app::SmsIn sms{Param(*q, "id"), Param(*q, "from"), Param(*q, "to"), std::move(text).value()};
  if (!IsValidUtf8(sms.id) || !IsValidUtf8(sms.from) || !IsValidUtf8(sms.to) || sms.from.empty() ||
      sms.from.size() > 64) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "from (%p) is 1 to 64 characters; id (%I) and to (%P) are text",
                              "from");
  }
  intake_.Receive(std::move(sms), [later = std::move(later)](Result<app::SmsOutcome> outcome) {
    if (!outcome) {
      later(Api::ErrorResponse(outcome.error()));
      return;
    }
    later(Plain(200, outcome->reply));
  });
  return std::nullopt;
}

std::optional<HttpResponse> SmsApi::Report(const HttpRequest& request, Responder later) {
  const auto q = RawQuery(request.query);
  if (!q) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "the query string is malformed");
  }
  if (!security::ConstantTimeEquals(Param(*q, "secret"), secret_)) {
    return Api::ErrorResponse(ErrorCode::kUnauthenticated,
                              "Kannel's dlr-url carries secret=<sms.secret>");
  }
  std::int64_t outbox = 0;
  const bool reply_line = !Param(*q, "reply").empty();
  const std::string id = Param(*q, reply_line ? "reply" : "outbox");
  const std::string type = Param(*q, "type");
  for (const char c : id) {
    if (c < '0' || c > '9' || outbox > 1'000'000'000'000) {
      outbox = -1;
      break;
    }
    outbox = outbox * 10 + (c - '0');
  }
  if (outbox <= 0) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "outbox (or reply) is a message's id",
                              reply_line ? "reply" : "outbox");
  }
  std::string answer = Param(*q, "answer");
  if (!IsValidUtf8(answer)) {
    answer = "(unreadable)";
  }
  answer = answer.substr(0, 200);
  auto reply = [later = std::move(later)](Result<bool> known) {
    if (!known) {
      later(Api::ErrorResponse(known.error()));
      return;
    }
    later(Plain(200, ""));
  };
  const std::string failure = std::string(type == "2" ? "the text did not reach the phone"
                                                      : "the network rejected the text") +
                              (answer.empty() ? "" : ": " + answer);
  if (reply_line && (type == "1" || type == "2" || type == "16")) {
    contacts_.RecordReplyReport(outbox, type == "1",
                                type == "1" ? "delivered to the phone" : failure, std::move(reply));
  } else if (type == "1") {
    outbox_.RecordReceipt(outbox, "delivered to the phone", std::move(reply));
  } else if (type == "2" || type == "16") {
    outbox_.RecordBounce(outbox, failure, clock_.Now(), [reply](Status s) {
      reply(s ? Result<bool>(true) : Result<bool>(s.error()));
    });
  } else if (type == "4" || type == "8") {
    reply(true);  // Buffered by / accepted by the network: nothing to record yet.
  } else {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "type is a Kannel delivery report type (1, 2, 4, 8, 16)", "type");
  }
  return std::nullopt;
}

}  // namespace ratusz::http
