#pragma once

// The HTTP/1.1 server (Boost.Beast over Asio, C++20 coroutines). One io_context per thread,
// each with its own listening socket on the same port (SO_REUSEPORT), so connections are spread
// by the kernel and a connection never changes thread. Beast's headers stay in server.cpp.

#include <chrono>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "http/message.hpp"

namespace ratusz::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (see Server::port()).
  int threads = 1;
  std::size_t body_limit = 1024 * 1024;
  // File uploads (POST .../attachments) may be this large.
  std::size_t upload_limit = 16 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds drain_timeout{10};  // Stop() waits this long for requests in progress.
};

class Server {
 public:
  // Binds and starts serving on background threads. Fails (kUnavailable) when the address is
  // in use or cannot be bound. `handler` must outlive the server.
  [[nodiscard]] static Result<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                             Handler& handler);
  ~Server();  // Stops and joins.

  unsigned short port() const;
  // Stops accepting, answers the requests already read (up to drain_timeout), closes the
  // connections; returns when the threads have ended.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Parses "host:port" ("127.0.0.1:8080", "[::1]:8080", ":8080" = all interfaces).
[[nodiscard]] Result<std::pair<std::string, unsigned short>> ParseListen(std::string_view text);

}  // namespace ratusz::http
