#pragma once
// A scriptable HTTP/1.1 receiver for tests of outbound requests (webhooks): a real server on
// 127.0.0.1, a free port, its own thread, plain POSIX sockets.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace bb::testing {

// An HTTP/1.1 server on 127.0.0.1 (a free port), run by a thread of its own. It reads requests
// with Content-Length bodies, records them, and answers each with the raw bytes `respond` returns
// (nullopt: never answers). Connections stay open until the client closes them.
class LoopbackServer {
 public:
  struct Request {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // The value of header `name` (any case); nullopt when absent.
    std::optional<std::string> Header(std::string_view name) const {
      for (const auto& [header_name, value] : headers) {
        if (header_name.size() == name.size() && strncasecmp(header_name.data(), name.data(), name.size()) == 0) {
          return value;
        }
      }
      return std::nullopt;
    }
  };
  using Responder = std::function<std::optional<std::string>(const Request&)>;

  explicit LoopbackServer(Responder respond) : respond_(std::move(respond)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listen_fd_, 16) != 0 || getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        pipe(wake_) != 0) {
      ADD_FAILURE() << "cannot start the loopback server: errno " << errno;
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Run(); });
  }

  ~LoopbackServer() {
    if (thread_.joinable()) {
      char stop = 0;
      EXPECT_EQ(write(wake_[1], &stop, 1), 1);
      thread_.join();
    }
    for (int fd : {listen_fd_, wake_[0], wake_[1]}) {
      if (fd >= 0) close(fd);
    }
  }

  int port() const { return port_; }
  std::string Url(std::string_view path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int connections() const { return connections_.load(); }  // accepted so far
  std::vector<Request> requests() const {                  // received so far, in order
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  struct Connection {
    int fd;
    std::string received;
    bool silent = false;  // answers nothing more
  };

  void Run() {
    std::vector<Connection> clients;
    while (true) {
      std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
      for (const Connection& client : clients) fds.push_back({client.fd, POLLIN, 0});
      if (poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (fds[0].revents != 0) break;
      for (std::size_t i = fds.size(); i-- > 2;) {
        if (fds[i].revents != 0 && !Serve(clients[i - 2])) {
          close(clients[i - 2].fd);
          clients.erase(clients.begin() + static_cast<std::ptrdiff_t>(i - 2));
        }
      }
      if ((fds[1].revents & POLLIN) != 0) {
        int fd = accept(listen_fd_, nullptr, nullptr);
        if (fd >= 0) {
          ++connections_;
          clients.push_back({fd});
        }
      }
    }
    for (const Connection& client : clients) close(client.fd);
  }

  // Reads what is there and answers the complete requests; false when the connection is done.
  bool Serve(Connection& client) {
    char buffer[65536];
    ssize_t received = recv(client.fd, buffer, sizeof buffer, 0);
    if (received <= 0) return false;
    client.received.append(buffer, static_cast<std::size_t>(received));
    while (true) {
      std::size_t head_end = client.received.find("\r\n\r\n");
      if (head_end == std::string::npos) return true;
      Request request = ParseHead(std::string_view(client.received).substr(0, head_end));
      std::size_t body_length = std::stoul(request.Header("Content-Length").value_or("0"));
      if (client.received.size() < head_end + 4 + body_length) return true;
      request.body = client.received.substr(head_end + 4, body_length);
      client.received.erase(0, head_end + 4 + body_length);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      if (client.silent) continue;
      std::optional<std::string> response = respond_(request);
      if (!response) {
        client.silent = true;
        continue;
      }
      for (std::size_t sent = 0; sent < response->size();) {
        ssize_t n = send(client.fd, response->data() + sent, response->size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
      }
    }
  }

  static Request ParseHead(std::string_view head) {
    Request request;
    std::size_t line_end = head.find("\r\n");
    std::string_view request_line = head.substr(0, line_end);
    std::size_t space = request_line.find(' ');
    request.method = request_line.substr(0, space);
    request.target = request_line.substr(space + 1, request_line.rfind(' ') - space - 1);
    while (line_end != std::string_view::npos) {
      head.remove_prefix(line_end + 2);
      line_end = head.find("\r\n");
      std::string_view line = head.substr(0, line_end);
      std::size_t colon = line.find(':');
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      request.headers.emplace_back(line.substr(0, colon), value);
    }
    return request;
  }

  Responder respond_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};
  int port_ = 0;
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::thread thread_;
};

// A complete HTTP/1.1 response with Content-Length.
inline std::string HttpResponseText(std::string_view status_line, std::string_view headers = "",
                                    std::string_view body = "") {
  return "HTTP/1.1 " + std::string(status_line) + "\r\n" + std::string(headers) +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

}  // namespace bb::testing
