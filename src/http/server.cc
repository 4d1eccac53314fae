#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <csignal>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/thread_name.h"
#include "http/problem.h"
#include "http/request_reader.h"
#include "http/response_writer.h"
#include "http/session_registry.h"

namespace bb::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session;

// The path of a request target as sent (a problem's `instance`), without its query.
std::string PathOf(std::string_view target) { return std::string(target.substr(0, target.find('?'))); }

using LiveSessions = SessionRegistry<Session>;

// Answers finished on threads other than the I/O threads (the writer, the worker pool), handed over
// in bulk: the first answer of a burst posts one drain to the I/O context, the rest only join the
// list. A post from another thread costs a lock and, while the I/O thread sleeps in epoll, a system
// call to wake it: once per burst instead of once per answer when a group commit finishes.
// Thread-safety: Deliver from any thread; the drain runs on the I/O context.
class ResponseInbox {
 public:
  explicit ResponseInbox(net::io_context& io) : io_(io) {}

  void Deliver(std::shared_ptr<Session> session, Response response, unsigned version);

 private:
  struct Item {
    std::shared_ptr<Session> session;
    Response response;
    unsigned version;
  };
  void Drain();

  net::io_context& io_;
  std::mutex mutex_;
  std::vector<Item> items_;
};

class Session : public std::enable_shared_from_this<Session> {
  friend class ResponseInbox;  // hands over answers finished on other threads (SendDelivered)

 public:
  Session(tcp::socket socket, Api& api, const ServerOptions& options, LiveSessions& registry, ResponseInbox& inbox,
          const Api::BlockingRunner& run_blocking)
      : membership_(registry, this),
        stream_(std::move(socket)),
        api_(api),
        options_(options),
        registry_(registry),
        inbox_(inbox),
        run_blocking_(run_blocking) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = endpoint.address().to_string();
  }

  void Start() {
    if (!registry_.Add(shared_from_this())) return Close();
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // Called once at shutdown: closes the connection now if idle, else after the current response.
  void Drain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->Close();
    });
  }

 private:
  void Read() {
    if (closing_) return Close();
    busy_ = false;
    parser_.emplace();
    // The largest limit any route has: Beast checks a Content-Length against it as soon as the
    // header is parsed. OnHeader applies the limit of the route asked for.
    parser_->body_limit(std::max(options_.body_limit_bytes, options_.import_body_limit_bytes));
    parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit_bytes));
    stream_.expires_after(first_ ? options_.read_timeout : options_.idle_timeout);
    first_ = false;
    beast::http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  // The header is in: refuse a body whose length cannot be trusted before reading any of it, then
  // read the body (if any).
  void OnHeader(beast::error_code header_error) {
    if (header_error) return OnRead(header_error);
    switch (CheckTransferEncoding(parser_->get())) {
      case TransferEncodingVerdict::kAcceptable: break;
      case TransferEncodingVerdict::kBadRequest:
        return RejectBeforeBody(400, "malformed-request", "The request could not be read",
                                "Transfer-Encoding must be exactly 'chunked' (or absent, with Content-Length).");
      case TransferEncodingVerdict::kNotImplemented:
        return RejectBeforeBody(501, "not-implemented", "Transfer coding not implemented",
                                "Only the 'chunked' transfer coding is accepted, alone.");
    }
    if (parser_->is_done()) return OnRead({});
    const auto& header = parser_->get();
    std::string_view target = header.target();
    bool import = header.method() == beast::http::verb::post &&
                  (target == "/api/v1/imports" || target.starts_with("/api/v1/imports?")) &&
                  (header.count(beast::http::field::authorization) > 0 || header.count(beast::http::field::cookie) > 0);
    std::size_t limit = import ? options_.import_body_limit_bytes : options_.body_limit_bytes;
    if (auto length = parser_->content_length(); length && *length > limit) {
      return RejectBeforeBody(413, "payload-too-large", "Payload too large", TooLargeDetail());
    }
    parser_->body_limit(limit);  // a chunked body is counted as it arrives
    if (import) stream_.expires_after(options_.read_timeout * 10);
    beast::http::async_read(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    busy_ = true;
    if (ec == beast::http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return Close();
    }
    if (ec) return RejectUnreadable(ec);
    auto& in = parser_->get();
    keep_alive_ = in.keep_alive();
    head_ = in.method() == beast::http::verb::head;
    unsigned version = in.version();
    auto request = ToRequest(in, remote_ip_, options_.trust_proxy);
    if (!request.ok()) {
      Request bare = BareRequest(in);
      return Send(api_.AnswerEarly(bare, ErrorResponse(request.error(), bare)), version);
    }
    // The answer may come from any thread; the inbox brings it back to the I/O threads. (The
    // server's work guard keeps them running until every session is gone: see Shutdown.)
    api_.Handle(
        std::move(*request),
        [self = shared_from_this(), version](Response response) {
          auto& inbox = self->inbox_;
          inbox.Deliver(std::move(self), std::move(response), version);
        },
        run_blocking_);
  }

  // Sends an answer delivered by the inbox, on this connection's executor.
  void SendDelivered(Response response, unsigned version) {
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this(), version, response = std::move(response)]() mutable {
                    self->Send(std::move(response), version);
                  });
  }

  // What a request refused before the API is known by: its method, its path (a problem's
  // `instance`, without the query) and its id (Api::Identify).
  Request BareRequest(const WireRequest& header) const {
    Request bare;
    bare.method = std::string(header.method_string());
    bare.path = PathOf(header.target());
    bare.headers.emplace_back("x-request-id", std::string(header["X-Request-Id"]));
    api_.Identify(bare);
    return bare;
  }

  // A request refused once its header was read: answer, discard what follows and close (nothing
  // after this header can be trusted to start a request).
  void RejectBeforeBody(int status, std::string_view type, std::string_view title, std::string_view detail) {
    busy_ = true;
    Request bare = BareRequest(parser_->get());
    keep_alive_ = false;
    linger_ = true;
    head_ = false;
    Send(api_.AnswerEarly(bare, ProblemResponse(status, type, title, detail, bare)), 11);
  }

  static std::string TooLargeDetail() {
    return "The body is larger than the server accepts (server.body_limit_bytes; for a CSV import, "
           "server.import_body_limit_bytes).";
  }

  // A request that could not be read: answer what went wrong and close the connection.
  void RejectUnreadable(beast::error_code ec) {
    Request bare;  // its header may be unread: a fresh id, no path
    api_.Identify(bare);
    keep_alive_ = false;
    linger_ = true;
    Response refusal;
    if (ec == beast::http::error::body_limit) {
      refusal = ProblemResponse(413, "payload-too-large", "Payload too large", TooLargeDetail(), bare);
    } else if (ec == beast::http::error::header_limit) {
      refusal = ProblemResponse(431, "headers-too-large", "Request header fields too large",
                                "The request headers are too large.", bare);
    } else {
      refusal = ProblemResponse(400, "malformed-request", "The request could not be read",
                                "The request is not valid HTTP/1.1: " + ec.message() + ".", bare);
    }
    Send(api_.AnswerEarly(bare, std::move(refusal)), 11);
  }

  void Send(Response response, unsigned version) {
    bool close = closing_ || !keep_alive_;
    bool streamed =
        response.stream && !head_ && response.status >= 200 && response.status != 204 && response.status != 304;
    if (streamed) {
      // HTTP/1.0 has no chunks: the end of the body is the end of the connection.
      close = close || version == 10;
      auto head = std::make_shared<std::string>(SerializeResponse(response, version, close, false));
      auto body = std::make_shared<BodyStream>(std::move(response.stream));
      stream_.expires_after(options_.write_timeout);
      net::async_write(
          stream_, net::buffer(*head),
          [self = shared_from_this(), head, body, chunked = version != 10, close](beast::error_code ec, std::size_t) {
            if (ec) return self->Close();
            self->SendNextPart(body, chunked, close);
          });
      return;
    }
    auto out = std::make_shared<std::string>(SerializeResponse(response, version, close, head_));
    stream_.expires_after(options_.write_timeout);
    net::async_write(stream_, net::buffer(*out),
                     [self = shared_from_this(), out, close](beast::error_code ec, std::size_t) {
                       if (!ec && close && self->linger_) return self->LingeringClose();
                       if (ec || close) return self->Close();
                       self->Read();
                     });
  }

  // Makes the next part of a streamed body on a worker (it may read the database), then writes it
  // here; after the last part, goes on as after any answer.
  void SendNextPart(std::shared_ptr<BodyStream> body, bool chunked, bool close) {
    run_blocking_([self = shared_from_this(), body, chunked, close] {
      auto part = std::make_shared<std::string>();
      Result<bool> more = (*body)(*part);
      net::dispatch(self->stream_.get_executor(), [self, body, chunked, close, part, more = std::move(more)] {
        if (!more.ok()) {
          spdlog::error("a streamed answer failed after it started: {}", more.error().message());
          return self->Close();
        }
        if (part->empty() && *more) return self->SendNextPart(body, chunked, close);
        auto out = std::make_shared<std::string>(chunked && !part->empty() ? ChunkOf(*part) : std::move(*part));
        if (chunked && !*more) *out += kLastChunk;
        self->stream_.expires_after(self->options_.write_timeout);
        net::async_write(self->stream_, net::buffer(*out),
                         [self, body, chunked, close, out, last = !*more](beast::error_code ec, std::size_t) {
                           if (ec) return self->Close();
                           if (!last) return self->SendNextPart(body, chunked, close);
                           if (close) return self->Close();
                           self->Read();
                         });
      });
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  // After refusing a request whose body may still be arriving: stop sending, then read and discard
  // what the client still sends (for a bounded time and amount) before closing, so that closing with
  // unread input does not reset the connection and destroy the refusal before the client reads it.
  void LingeringClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    Discard(0);
  }

  void Discard(std::size_t discarded) {
    constexpr std::size_t kMaxDiscard = 16 * 1024 * 1024;
    auto buffer = std::make_shared<std::array<char, 16384>>();
    stream_.async_read_some(net::buffer(*buffer),
                            [self = shared_from_this(), buffer, discarded](beast::error_code ec, std::size_t n) {
                              if (ec || discarded + n > kMaxDiscard) return self->Close();
                              self->Discard(discarded + n);
                            });
  }

  // Leaves the registry when destroyed. Declared first, so destroyed last: the socket and its timer
  // below need the server's I/O context, which lives until the last session has left.
  struct RegistryMembership {
    RegistryMembership(LiveSessions& live, Session* member) : registry(live), session(member) {}
    RegistryMembership(const RegistryMembership&) = delete;
    RegistryMembership& operator=(const RegistryMembership&) = delete;
    ~RegistryMembership() { registry.Remove(session); }
    LiveSessions& registry;
    Session* session;
  };
  RegistryMembership membership_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::string_body>> parser_;
  Api& api_;
  const ServerOptions& options_;
  LiveSessions& registry_;
  ResponseInbox& inbox_;
  const Api::BlockingRunner& run_blocking_;
  std::string remote_ip_;
  bool first_ = true;
  bool busy_ = false;
  bool closing_ = false;
  bool keep_alive_ = true;
  bool linger_ = false;  // the request was refused unread: drain the input before closing
  bool head_ = false;    // the request was HEAD: answer without a body
};

void ResponseInbox::Deliver(std::shared_ptr<Session> session, Response response, unsigned version) {
  bool first;
  {
    std::lock_guard lock(mutex_);
    first = items_.empty();
    items_.push_back(Item{std::move(session), std::move(response), version});
  }
  if (first) net::post(io_, [this] { Drain(); });
}

void ResponseInbox::Drain() {
  std::vector<Item> delivered;
  {
    std::lock_guard lock(mutex_);
    delivered.swap(items_);
  }
  for (auto& item : delivered) item.session->SendDelivered(std::move(item.response), item.version);
}

}  // namespace

struct Server::Impl {
  Impl(Api& api_in, ServerOptions options_in)
      : api(api_in),
        options(std::move(options_in)),
        io(std::max(1, options.io_threads)),
        inbox(io),
        workers(static_cast<std::size_t>(std::max(1, options.threads))),
        control(net::make_strand(io)),
        acceptor(net::make_strand(io)),
        signals(control),
        grace_timer(control),
        run_blocking([this](std::function<void()> task) { net::post(workers, std::move(task)); }) {}

  void Accept() {
    // With one I/O thread a connection's handlers cannot overlap: no strand needed.
    net::any_io_executor connection_executor =
        options.io_threads <= 1 ? net::any_io_executor(io.get_executor()) : net::any_io_executor(net::make_strand(io));
    acceptor.async_accept(connection_executor, [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!ec) {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Session>(std::move(socket), api, options, registry, inbox, run_blocking)->Start();
      }
      Accept();
    });
  }

  // Sessions abandoned at the end of the grace period die with the members below, so the registry
  // they leave is declared before those (and so destroyed after them).
  ~Impl() { registry.Disarm(); }

  Api& api;
  ServerOptions options;
  LiveSessions registry;
  net::io_context io;
  ResponseInbox inbox;
  net::thread_pool workers;
  net::strand<net::io_context::executor_type> control;  // serialises shutdown, signals and the grace timer
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer grace_timer;
  Api::BlockingRunner run_blocking;
  std::vector<std::thread> threads;
  std::atomic<bool> shutting_down{false};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
};

Server::Server(Api& api, ServerOptions options) : impl_(std::make_unique<Impl>(api, std::move(options))) {}

Server::~Server() {
  Shutdown();
  Wait();
}

Result<unsigned short> Server::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return Error(ErrorCode::kInvalidArgument, "server.host is not an IP address: " + impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error(ErrorCode::kUnavailable, "cannot listen on " + impl_->options.host + ":" +
                                              std::to_string(impl_->options.port) + ": " + ec.message());
  }
  unsigned short port = acceptor.local_endpoint().port();
  impl_->work.emplace(impl_->io.get_executor());
  impl_->Accept();
  int count = std::max(1, impl_->options.io_threads);
  for (int i = 0; i < count; ++i)
    impl_->threads.emplace_back([this] {
      SetCurrentThreadName("bb-io");
      impl_->io.run();
    });
  return port;
}

void Server::ShutdownOnSignals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) Shutdown();
  });
}

void Server::Shutdown() {
  if (impl_->shutting_down.exchange(true)) return;
  impl_->api.SetDraining(true);
  net::post(impl_->control, [this] {
    beast::error_code ignored;
    impl_->signals.cancel(ignored);
    impl_->grace_timer.expires_after(impl_->options.shutdown_grace);
    impl_->grace_timer.async_wait([this](beast::error_code ec) {
      if (!ec) impl_->io.stop();  // grace period over: abandon what is left
    });
    net::post(impl_->acceptor.get_executor(), [this] {
      beast::error_code ignored_too;
      impl_->acceptor.close(ignored_too);
    });
    // The work guard goes only when the last session is gone: until then a session may still be
    // owed an answer by the writer or a worker, with no I/O of its own pending.
    auto live = impl_->registry.BeginShutdown([this] {
      net::post(impl_->control, [this] {
        impl_->grace_timer.cancel();
        impl_->work.reset();
      });
    });
    for (auto& session : live) session->Drain();
  });
}

void Server::Wait() {
  for (auto& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  impl_->workers.join();
}

}  // namespace bb::http
