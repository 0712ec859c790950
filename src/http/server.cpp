#include "http/server.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <deque>
#include <thread>
#include <vector>

namespace ratusz::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using WsStream = websocket::stream<beast::tcp_stream>;

constexpr std::size_t kWsMessageLimit = 64 * 1024;  // Bytes of one incoming message.
constexpr std::size_t kWsQueueLimit = 4096;         // Messages waiting for a slow reader.

// A response computed on another thread, handed back to the connection's own thread. The timer
// (a wake-up for the waiting coroutine) is made only when the handler did not answer at once.
// Both fields are touched only on the connection's thread: the responder posts there, and the
// post cannot run before the coroutine suspends.
struct Pending {
  std::optional<asio::steady_timer> timer;
  std::optional<HttpResponse> response;
};

struct Shared {
  Shared(Handler* h, ServerOptions o) : handler(h), options(std::move(o)) {}
  Handler* handler;
  ServerOptions options;
  std::atomic<int> in_flight{0};      // Requests read and not yet answered.
  std::atomic<bool> draining{false};  // Stopping: answer what was read, keep nothing alive.
};

bool IsDisconnect(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
         ec == asio::error::connection_reset || ec == asio::error::eof ||
         ec == asio::error::operation_aborted || ec == asio::error::broken_pipe ||
         ec == bhttp::error::partial_message;
}

int StatusForReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    return 413;
  }
  if (ec == bhttp::error::header_limit) {
    return 431;
  }
  return 400;
}

std::string ReasonForReadError(const beast::error_code& ec, const ServerOptions& o) {
  if (ec == bhttp::error::body_limit) {
    return "the request body is larger than " + std::to_string(o.body_limit) + " bytes";
  }
  if (ec == bhttp::error::header_limit) {
    return "the request headers are larger than " + std::to_string(o.header_limit) + " bytes";
  }
  return "malformed HTTP request: " + ec.message();
}

// The target of a request whose headers could not be parsed (too large), from its first line,
// so the error can still be answered in the format the client asked for.
std::string TargetFromRequestLine(const beast::flat_buffer& buffer) {
  const auto data = buffer.data();
  const std::string_view text(static_cast<const char*>(data.data()),
                              std::min<std::size_t>(data.size(), 8192));
  const auto line = text.substr(0, text.find("\r\n"));
  const auto first_space = line.find(' ');
  if (first_space == std::string_view::npos) {
    return {};
  }
  const auto rest = line.substr(first_space + 1);
  return std::string(rest.substr(0, rest.find(' ')));
}

bhttp::response<bhttp::string_body> ToBeast(HttpResponse&& r, unsigned version, bool keep_alive,
                                            bool head) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  res.set(bhttp::field::server, "ratusz");
  res.set(bhttp::field::content_type, r.content_type);
  for (auto& [name, value] : r.headers) {
    res.insert(name, value);
  }
  res.keep_alive(keep_alive);
  const auto size = r.body.size();
  res.body() = std::move(r.body);
  res.prepare_payload();
  if (head) {
    res.body().clear();
    res.content_length(size);
  }
  return res;
}

asio::awaitable<void> SendAndClose(beast::tcp_stream& stream, HttpResponse r) {
  auto res = ToBeast(std::move(r), 11, false, false);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(5));
  co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

// A file upload (POST to a path ending in "/attachments") or an e-mail handed over by the
// mail server: they may carry a larger body.
bool IsUpload(const bhttp::request_parser<bhttp::string_body>::value_type& req) {
  if (req.method() != bhttp::verb::post) {
    return false;
  }
  std::string_view target = req.target();
  target = target.substr(0, target.find('?'));
  constexpr std::string_view kSuffix = "/attachments";
  return (target.size() > kSuffix.size() &&
          target.substr(target.size() - kSuffix.size()) == kSuffix) ||
         target == "/api/v1/channels/email" ||  // A mail with its attachments.
         target == "/api/v1/public/reports";    // A resident's report with its photos.
}

// A WebSocket's outgoing side: messages queued from any thread, written in order on the
// connection's own thread.
struct WsConnection final : WsPeer, std::enable_shared_from_this<WsConnection> {
  explicit WsConnection(asio::any_io_executor ex)
      : executor(std::move(ex)), wake(executor, asio::steady_timer::time_point::max()) {}

  void Send(std::string text) override {
    asio::post(executor, [self = shared_from_this(), text = std::move(text)]() mutable {
      if (self->closing) {
        return;
      }
      if (self->queue.size() >= kWsQueueLimit) {
        self->closing = true;  // It does not read: let it go rather than hold its backlog.
      } else {
        self->queue.push_back(std::move(text));
      }
      self->wake.cancel();
    });
  }

  void Close() override {
    asio::post(executor, [self = shared_from_this()] {
      self->closing = true;
      self->wake.cancel();
    });
  }

  asio::any_io_executor executor;
  asio::steady_timer wake;
  std::deque<std::string> queue;
  bool closing = false;
};

asio::awaitable<void> WriteLoop(WsStream& ws, WsConnection& c) {
  beast::error_code ec;
  for (;;) {
    while (!c.queue.empty() && !c.closing) {
      const std::string message = std::move(c.queue.front());
      c.queue.pop_front();
      ws.text(true);
      co_await ws.async_write(asio::buffer(message), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        co_return;
      }
    }
    if (c.closing) {
      co_await ws.async_close(websocket::close_code::normal,
                              asio::redirect_error(asio::use_awaitable, ec));
      co_return;
    }
    c.wake.expires_at(asio::steady_timer::time_point::max());
    co_await c.wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> ReadLoop(WsStream& ws, WsSession& session, WsConnection& c) {
  beast::flat_buffer buffer;
  for (;;) {
    beast::error_code ec;
    co_await ws.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      c.closing = true;
      c.wake.cancel();
      co_return;
    }
    if (ws.got_text()) {
      const auto data = buffer.data();
      try {
        session.OnMessage(std::string_view(static_cast<const char*>(data.data()), data.size()));
      } catch (const std::exception& e) {
        spdlog::error("WebSocket message failed: {}", e.what());
      }
    }
    buffer.consume(buffer.size());
  }
}

// Runs an accepted WebSocket until either side closes it.
asio::awaitable<void> RunWebSocket(beast::tcp_stream stream, bhttp::request<bhttp::string_body> req,
                                   std::shared_ptr<WsSession> session,
                                   std::shared_ptr<WsConnection> connection) {
  using asio::experimental::awaitable_operators::operator&&;
  WsStream ws(std::move(stream));
  beast::get_lowest_layer(ws).expires_never();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = std::chrono::seconds(60);
  timeouts.keep_alive_pings = true;  // A peer that vanished is noticed within a minute.
  ws.set_option(timeouts);
  ws.read_message_max(kWsMessageLimit);
  ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(bhttp::field::server, "ratusz"); }));
  beast::error_code ec;
  co_await ws.async_accept(req, asio::redirect_error(asio::use_awaitable, ec));
  if (!ec) {
    co_await (ReadLoop(ws, *session, *connection) && WriteLoop(ws, *connection));
  }
  connection->closing = true;
  session->OnClose();
}

asio::awaitable<void> Session(tcp::socket socket, Shared& shared) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  Handler& handler = *shared.handler;
  const ServerOptions& o = shared.options;
  const auto executor = co_await asio::this_coro::executor;
  std::string remote;
  {
    beast::error_code ec;
    const auto endpoint = stream.socket().remote_endpoint(ec);
    remote = ec ? std::string() : endpoint.address().to_string();
  }
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(o.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(o.header_limit));
    beast::error_code ec;
    stream.expires_after(buffer.size() > 0 ? o.read_timeout : o.idle_timeout);
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    if (!ec && !parser.is_done()) {
      if (IsUpload(parser.get())) {
        parser.body_limit(std::max(o.body_limit, o.upload_limit));
      }
      stream.expires_after(o.read_timeout);
      co_await bhttp::async_read(stream, buffer, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec) {
      if (!IsDisconnect(ec)) {
        std::string target(parser.get().target());
        if (target.empty()) {
          target = TargetFromRequestLine(buffer);
        }
        co_await SendAndClose(
            stream, handler.Reject(StatusForReadError(ec), target, ReasonForReadError(ec, o)));
      }
      break;
    }
    const auto started = std::chrono::steady_clock::now();
    shared.in_flight.fetch_add(1);
    auto& req = parser.get();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.remote = remote;
    const auto url = boost::urls::parse_origin_form(req.target());
    if (!url) {
      co_await SendAndClose(stream, handler.Reject(400, {}, "malformed request target"));
      shared.in_flight.fetch_sub(1);
      break;
    }
    request.path = std::string(url->path());
    request.query = std::string(url->encoded_query());
    request.headers.reserve(16);
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(req.body());

    if (websocket::is_upgrade(req)) {
      auto connection = std::make_shared<WsConnection>(executor);
      Upgrade upgrade = handler.Reject(500, request.path, "internal error");
      try {
        upgrade = handler.OpenSocket(request, connection);
      } catch (const std::exception& e) {
        spdlog::error("WebSocket {} failed: {}", request.path, e.what());
      }
      shared.in_flight.fetch_sub(1);
      if (auto* refusal = std::get_if<HttpResponse>(&upgrade)) {
        co_await SendAndClose(stream, std::move(*refusal));
        co_return;
      }
      co_await RunWebSocket(std::move(stream), std::move(req),
                            std::get<std::shared_ptr<WsSession>>(upgrade), std::move(connection));
      co_return;
    }

    auto pending = std::make_shared<Pending>();
    Responder later = [pending, executor](HttpResponse response) {
      asio::post(executor, [pending, response = std::move(response)]() mutable {
        pending->response = std::move(response);
        if (pending->timer) {
          pending->timer->cancel();
        }
      });
    };
    HttpResponse response;
    try {
      auto immediate = handler.Handle(request, std::move(later));
      if (immediate) {
        response = std::move(*immediate);
      } else {
        pending->timer.emplace(executor, asio::steady_timer::time_point::max());
        while (!pending->response) {
          beast::error_code wait_ec;
          co_await pending->timer->async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
        }
        response = std::move(*pending->response);
      }
    } catch (const std::exception& e) {
      // Last resort: a bug must not take the server down.
      spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
      response = handler.Reject(500, request.path, "internal error");
    }
    const int status = response.status;
    const bool keep_alive = req.keep_alive() && status < 500 && !shared.draining.load();
    auto res = ToBeast(std::move(response), req.version(), keep_alive, request.method == "HEAD");
    handler.Observe(
        request, status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    stream.expires_after(o.read_timeout);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    shared.in_flight.fetch_sub(1);
    if (ec || !keep_alive) {
      break;
    }
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Accept(tcp::acceptor& acceptor, Shared& shared) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
      co_return;
    }
    if (ec) {
      continue;  // Out of file descriptors and the like: keep serving the others.
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(acceptor.get_executor(), Session(std::move(socket), shared), asio::detached);
  }
}

}  // namespace

struct Server::Impl {
  Impl(Handler& handler, const ServerOptions& options) : shared(&handler, options) {}
  Shared shared;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::thread> threads;
  unsigned short port = 0;
  bool stopped = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

unsigned short Server::port() const { return impl_->port; }

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler& handler) {
  auto impl = std::make_unique<Impl>(handler, options);
  const int threads = std::max(1, options.threads);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "cannot listen on '" + options.host + "': not an IP address");
  }
  unsigned short port = options.port;
  for (int i = 0; i < threads; ++i) {
    auto ctx = std::make_unique<asio::io_context>(1);
    auto acceptor = std::make_unique<tcp::acceptor>(*ctx);
    const tcp::endpoint endpoint(address, port);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec) {
      acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
      const int one = 1;
      if (::setsockopt(acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) !=
          0) {
        ec = beast::error_code(errno, boost::system::system_category());
      }
    }
    if (!ec) {
      acceptor->bind(endpoint, ec);
    }
    if (!ec) {
      acceptor->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return MakeError(ErrorCode::kUnavailable, "cannot listen on " + options.host + ":" +
                                                    std::to_string(port) + ": " + ec.message());
    }
    port = acceptor->local_endpoint().port();
    impl->contexts.push_back(std::move(ctx));
    impl->acceptors.push_back(std::move(acceptor));
  }
  impl->port = port;
  for (std::size_t i = 0; i < impl->contexts.size(); ++i) {
    asio::co_spawn(*impl->contexts[i], Accept(*impl->acceptors[i], impl->shared), asio::detached);
    impl->threads.emplace_back([ctx = impl->contexts[i].get()] {
      pthread_setname_np(pthread_self(), "ratusz-net");  // For top -H and profilers.
      ctx->run();
    });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::Stop() {
  if (impl_->stopped) {
    return;
  }
  impl_->stopped = true;
  // Drain: accept nothing more, answer every request already read (a report that is being
  // committed gets its answer), then stop.
  impl_->shared.draining.store(true);
  for (std::size_t i = 0; i < impl_->contexts.size(); ++i) {
    asio::post(*impl_->contexts[i], [acceptor = impl_->acceptors[i].get()] {
      beast::error_code ignored;
      acceptor->close(ignored);
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + impl_->shared.options.drain_timeout;
  while (impl_->shared.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (auto& ctx : impl_->contexts) {
    ctx->stop();
  }
  for (auto& t : impl_->threads) {
    t.join();
  }
}

Result<std::pair<std::string, unsigned short>> ParseListen(std::string_view text) {
  const auto colon = text.rfind(':');
  const auto bad =
      MakeError(ErrorCode::kInvalidArgument, "listen address '" + std::string(text.substr(0, 80)) +
                                                 "' must be HOST:PORT, e.g. 127.0.0.1:8080");
  if (colon == std::string_view::npos) {
    return bad;
  }
  std::string host(text.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) {
    host = "0.0.0.0";
  }
  const auto port_text = text.substr(colon + 1);
  unsigned int port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return bad;
  }
  return std::make_pair(host, static_cast<unsigned short>(port));
}

}  // namespace ratusz::http
