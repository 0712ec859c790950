#pragma once

// HTTP requests and responses as plain values, so that handlers never see Beast's types (its
// headers are kept inside server.cpp, which alone pays their compile time).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ratusz::http {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // As sent: path and query.
  std::string path;    // Percent-decoded path without the query.
  std::string query;   // Raw query string without '?'.
  std::vector<std::pair<std::string, std::string>> headers;  // Names in lower case.
  std::string body;
  std::string remote;  // Peer address.

  // The first header with that lower-case name, or null.
  const std::string* Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) {
        return &value;
      }
    }
    return nullptr;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Delivers a response that is computed later (after a commit, or on a worker). Callable from
// any thread, exactly once.
using Responder = std::function<void(HttpResponse)>;

// One WebSocket connection as a handler sees it. Callable from any thread.
class WsPeer {
 public:
  virtual ~WsPeer() = default;
  // Queues a text message; dropped once the connection is closing. A peer that does not read
  // (too many messages queued) is disconnected.
  virtual void Send(std::string text) = 0;
  virtual void Close() = 0;
};

// What answers a WebSocket's messages: called on the connection's thread, one at a time.
class WsSession {
 public:
  virtual ~WsSession() = default;
  virtual void OnMessage(std::string_view text) = 0;
  virtual void OnClose() = 0;  // Once, when the connection has ended.
};

// The answer to a WebSocket upgrade: a refusal (an HTTP response) or the session.
using Upgrade = std::variant<HttpResponse, std::shared_ptr<WsSession>>;

class Handler {
 public:
  virtual ~Handler() = default;
  // Returns the response at once, or returns nothing and calls `later` exactly once.
  virtual std::optional<HttpResponse> Handle(const HttpRequest& request, Responder later) = 0;
  // The answer to a request that could not be read whole (bad syntax, too large, too many
  // headers): `status` is 400, 413 or 431; `target` may be empty.
  virtual HttpResponse Reject(int status, std::string_view target, std::string_view reason) = 0;
  // Called after each response, for metrics.
  virtual void Observe(const HttpRequest& request, int status, double seconds) = 0;
  // A request to open a WebSocket. `peer` sends to it once the session is returned.
  virtual Upgrade OpenSocket(const HttpRequest& request, std::shared_ptr<WsPeer> peer) {
    (void)peer;
    return Reject(404, request.target, "no WebSocket here");
  }
};

}  // namespace ratusz::http
