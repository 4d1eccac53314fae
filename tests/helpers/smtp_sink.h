#pragma once
// tests/helpers/smtp_sink.py (a real SMTP server, Debian's python3-aiosmtpd) run by a test: on
// 127.0.0.1, a free port (or a given one), storing what it accepts in a directory of its own;
// stopped (SIGTERM) on destruction.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "integrations/smtp_send.h"
#include "temp_dir.h"

extern char** environ;

namespace bb::testing {

// Debian's interpreter, for which python3-aiosmtpd is installed (a `python3` earlier on PATH, such
// as a pyenv one, may not have it).
constexpr const char* kPython = "/usr/bin/python3";

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct SinkOptions {
  int port = 0;      // 0: a free one
  std::string auth;  // "user:password": AUTH required
  std::string tls_cert, tls_key;
  bool implicit_tls = false;
};

// A message tests/helpers/smtp_sink.py accepted: its envelope and the bytes it received.
struct ReceivedMessage {
  std::string mail_from;
  std::vector<std::string> rcpt_tos;
  std::optional<std::string> auth_user;
  std::string content;
};

// tests/helpers/smtp_sink.py (a real SMTP server, aiosmtpd) on 127.0.0.1 and a free port, storing
// into a directory of its own; stopped (SIGTERM) on destruction. Throws when it does not start.
class SmtpSink {
 public:
  explicit SmtpSink(const SinkOptions& options = {}) {
    std::vector<std::string> args = {kPython, BLUEBIRD_SMTP_SINK,   "--port", std::to_string(options.port),
                                     "--dir", mail_.path().string()};
    if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
    if (!options.tls_cert.empty())
      args.insert(args.end(), {"--tls-cert", options.tls_cert, "--tls-key", options.tls_key});
    if (options.implicit_tls) args.push_back("--implicit-tls");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    const int spawned = posix_spawn(&pid_, kPython, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
      close(out[0]);
      throw std::runtime_error(std::string("cannot start ") + kPython);
    }
    std::string line = ReadLine(out[0]);
    close(out[0]);
    if (!line.starts_with("PORT ") || (port_ = std::atoi(line.c_str() + 5)) <= 0) {
      Stop();
      throw std::runtime_error("smtp_sink.py did not start (its first line: \"" + line + "\")");
    }
  }
  ~SmtpSink() { Stop(); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }

  // Options for sending to this sink, in plain SMTP unless `tls` says otherwise.
  integrations::SmtpOptions Options(integrations::SmtpTls tls = integrations::SmtpTls::kNone) const {
    integrations::SmtpOptions options;
    options.host = "127.0.0.1";
    options.port = port_;
    options.tls = tls;
    return options;
  }

  // Every message accepted so far, in order.
  std::vector<ReceivedMessage> Received() const {
    std::vector<std::filesystem::path> envelopes;
    for (const auto& entry : std::filesystem::directory_iterator(mail_.path())) {
      if (entry.path().extension() == ".json") envelopes.push_back(entry.path());
    }
    std::sort(envelopes.begin(), envelopes.end());
    std::vector<ReceivedMessage> messages;
    for (const std::filesystem::path& path : envelopes) {
      const boost::json::object envelope = boost::json::parse(ReadFile(path)).as_object();
      ReceivedMessage message;
      message.mail_from = std::string(envelope.at("mail_from").as_string());
      for (const boost::json::value& to : envelope.at("rcpt_tos").as_array())
        message.rcpt_tos.emplace_back(to.as_string());
      if (const boost::json::value* user = envelope.if_contains("auth_user"))
        message.auth_user = std::string(user->as_string());
      message.content = ReadFile(std::filesystem::path(path).replace_extension(".eml"));
      messages.push_back(std::move(message));
    }
    return messages;
  }

 private:
  // The first line `fd` gives (without its newline), or what came before EOF; waits at most 30 s.
  static std::string ReadLine(int fd) {
    std::string line;
    char c = 0;
    pollfd readable{fd, POLLIN, 0};
    while (poll(&readable, 1, 30000) == 1 && read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
    return line;
  }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  TempDir mail_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace bb::testing
