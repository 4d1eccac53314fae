#pragma once
// tests/helpers/smtp_sink.py (a real SMTP server, Debian's python3-aiosmtpd) run by a test: on
// 127.0.0.1, a free port (or a given one), storing what it accepts in a directory of its own;
// stopped (SIGTERM) on destruction.

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "integrations/smtp_send.h"
#include "python_helper.h"
#include "temp_dir.h"

namespace bb::testing {

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

// `content`'s quoted-printable soft line breaks and "=3D" undone: enough to find a link or a
// sentence in it.
inline std::string Unfolded(std::string content) {
  for (std::size_t at; (at = content.find("=\r\n")) != std::string::npos;) content.erase(at, 3);
  for (std::size_t at; (at = content.find("=3D")) != std::string::npos;) content.replace(at, 3, "=");
  return content;
}

// tests/helpers/smtp_sink.py (a real SMTP server, aiosmtpd) on 127.0.0.1 and a free port, storing
// into a directory of its own; stopped (SIGTERM) on destruction. Throws when it does not start.
class SmtpSink {
 public:
  explicit SmtpSink(const SinkOptions& options = {}) : process_(BLUEBIRD_SMTP_SINK, Arguments(options, mail_)) {}
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return process_.port(); }

  // Options for sending to this sink, in plain SMTP unless `tls` says otherwise.
  integrations::SmtpOptions Options(integrations::SmtpTls tls = integrations::SmtpTls::kNone) const {
    integrations::SmtpOptions options;
    options.host = "127.0.0.1";
    options.port = port();
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
  static std::vector<std::string> Arguments(const SinkOptions& options, const TempDir& mail) {
    std::vector<std::string> args = {"--port", std::to_string(options.port), "--dir", mail.path().string()};
    if (!options.auth.empty()) args.insert(args.end(), {"--auth", options.auth});
    if (!options.tls_cert.empty())
      args.insert(args.end(), {"--tls-cert", options.tls_cert, "--tls-key", options.tls_key});
    if (options.implicit_tls) args.push_back("--implicit-tls");
    return args;
  }

  TempDir mail_;  // before process_: the sink writes into it from its start
  PythonHelper process_;
};

}  // namespace bb::testing
