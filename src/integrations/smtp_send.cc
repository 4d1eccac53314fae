#include "integrations/smtp_send.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <utility>

#include "integrations/curl_global.h"

namespace bb::integrations {
namespace {

using Outcome = SmtpResult::Outcome;

constexpr std::size_t kMaxReplyLength = 1000;  // of the server's reply kept for SmtpResult::error

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using ParsedUrl = std::unique_ptr<CURLU, UrlDeleter>;

struct RecipientListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using RecipientList = std::unique_ptr<curl_slist, RecipientListDeleter>;

SmtpResult Failed(Outcome outcome, std::string error) {
  SmtpResult result;
  result.outcome = outcome;
  result.error = std::move(error);
  return result;
}

// What makes `address` unfit for MAIL FROM or RCPT TO as given (it could end the command early or
// smuggle another one in); empty when nothing does.
std::string_view AddressProblem(std::string_view address) {
  for (char c : address) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return "a control character (CR, LF, NUL, ...)";
    if (c == ' ') return "a space";
    if (c == '<' || c == '>') return "'<' or '>'";
  }
  return {};
}

// smtp://host:port (kNone, kStartTls) or smtps://host:port (kImplicit); null with `error` set when
// the options hold no usable host or port.
ParsedUrl ServerUrl(const SmtpOptions& options, std::string& error) {
  ParsedUrl url(curl_url());
  if (url == nullptr) {
    error = "out of memory";
    return nullptr;
  }
  if (options.host.empty() || options.host.find('\0') != std::string::npos) {
    error = "invalid SMTP host: it is empty or contains a NUL byte";
    return nullptr;
  }
  if (options.port < 1 || options.port > 65535) {
    error = "invalid SMTP port " + std::to_string(options.port);
    return nullptr;
  }
  const bool bare_ipv6 = options.host.find(':') != std::string::npos && options.host.front() != '[';
  const std::string host = bare_ipv6 ? "[" + options.host + "]" : options.host;
  const char* scheme = options.tls == SmtpTls::kImplicit ? "smtps" : "smtp";
  if (CURLUcode code = curl_url_set(url.get(), CURLUPART_SCHEME, scheme, 0); code != CURLUE_OK) {
    error = std::string("libcurl: ") + curl_url_strerror(code);
    return nullptr;
  }
  if (CURLUcode code = curl_url_set(url.get(), CURLUPART_HOST, host.c_str(), 0); code != CURLUE_OK) {
    error = std::string("invalid SMTP host: ") + curl_url_strerror(code);
    return nullptr;
  }
  if (CURLUcode code = curl_url_set(url.get(), CURLUPART_PORT, std::to_string(options.port).c_str(), 0);
      code != CURLUE_OK) {
    error = std::string("invalid SMTP port: ") + curl_url_strerror(code);
    return nullptr;
  }
  return url;
}

// The command whose reply the server sent last, as far as classifying a failure needs to know.
enum class Stage { kGreeting, kHello, kStartTls, kAuth, kSender, kRecipient, kData };

// What one transfer's callbacks share with Send.
struct Transfer {
  std::string_view message;
  std::size_t uploaded = 0;  // bytes of `message` handed to libcurl
  Stage stage = Stage::kGreeting;
  std::string reply;        // the server's last reply: its first line, then the text of the others
  bool reply_ended = true;  // the last line read ended a reply, so the next one begins another
  bool quitting = false;    // QUIT was sent: nothing after it concerns the message
};

std::size_t ReadMessage(char* buffer, std::size_t size, std::size_t count, void* user_data) {
  auto& transfer = *static_cast<Transfer*>(user_data);
  const std::size_t length = transfer.message.copy(buffer, size * count, transfer.uploaded);
  transfer.uploaded += length;
  return length;
}

// Follows the conversation through libcurl's debug callback: the commands sent (only their verbs
// are looked at; the lines that answer an AUTH challenge are skipped whole) and the replies read.
// Neither the message (CURLINFO_DATA_OUT) nor anything TLS carries is looked at.
int Observe(CURL*, curl_infotype type, char* data, std::size_t size, void* user_data) {
  auto& transfer = *static_cast<Transfer*>(user_data);
  if (transfer.quitting) return 0;
  std::string_view line(data, size);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (type == CURLINFO_HEADER_OUT) {
    if (transfer.stage == Stage::kAuth && transfer.reply.starts_with("334")) return 0;
    const std::string_view verb = line.substr(0, line.find(' '));
    if (verb == "EHLO" || verb == "HELO") transfer.stage = Stage::kHello;
    if (verb == "STARTTLS") transfer.stage = Stage::kStartTls;
    if (verb == "AUTH") transfer.stage = Stage::kAuth;
    if (verb == "MAIL") transfer.stage = Stage::kSender;
    if (verb == "RCPT") transfer.stage = Stage::kRecipient;
    if (verb == "DATA") transfer.stage = Stage::kData;
    if (verb == "QUIT") transfer.quitting = true;
  } else if (type == CURLINFO_HEADER_IN) {
    if (transfer.reply_ended) transfer.reply.clear();
    transfer.reply_ended = line.size() < 4 || line[3] != '-';
    if (transfer.reply.empty()) {
      transfer.reply = line;
    } else {
      transfer.reply += ' ';
      transfer.reply += line.substr(std::min<std::size_t>(4, line.size()));
    }
    if (transfer.reply.size() > kMaxReplyLength) transfer.reply.resize(kMaxReplyLength);
  }
  return 0;
}

// A 5xx to RCPT TO or DATA refuses this message to this recipient; any other failure may pass
// later (4xx, transport trouble) or once an operator has fixed the configuration (a 5xx to what
// comes before: the greeting, EHLO, STARTTLS, AUTH, MAIL FROM).
Outcome OutcomeOf(CURLcode code, int reply_code, Stage stage) {
  if (code == CURLE_OK) return Outcome::kSent;
  const bool refused_for_good = reply_code >= 500 && reply_code < 600;
  return refused_for_good && (stage == Stage::kRecipient || stage == Stage::kData) ? Outcome::kPermanent
                                                                                   : Outcome::kTransient;
}

// The enhanced status code ("5.1.1" of "550 5.1.1 No such user"), empty when the reply has none.
std::string_view EnhancedStatusCode(std::string_view reply) {
  if (reply.size() < 4) return {};
  reply.remove_prefix(4);  // "550 " or "550-"
  const std::string_view code = reply.substr(0, reply.find(' '));
  const std::size_t first_dot = code.find('.');
  const std::size_t second_dot = first_dot == std::string_view::npos ? first_dot : code.find('.', first_dot + 1);
  if (first_dot != 1 || second_dot == std::string_view::npos) return {};
  auto digits = [](std::string_view part) {
    return !part.empty() && part.size() <= 3 &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(code.substr(0, 1)) || !digits(code.substr(2, second_dot - 2)) || !digits(code.substr(second_dot + 1))) {
    return {};
  }
  return code;
}

// The message for SmtpResult::error. The server's reply to AUTH is never quoted (some servers echo
// the command, credentials included), only its code.
std::string Describe(CURLcode code, int reply_code, const Transfer& transfer, const char* curl_error) {
  const bool refused = reply_code >= 400 && !transfer.reply.empty();
  if (code == CURLE_LOGIN_DENIED || (refused && transfer.stage == Stage::kAuth)) {
    std::string error =
        "authentication failed (check the SMTP user and password, and the mechanisms the server offers)";
    return refused ? error + ": the server replied " + std::to_string(reply_code) : error;
  }
  if (code == CURLE_USE_SSL_FAILED) {
    std::string error = "STARTTLS is required but the server does not offer or accept it";
    return refused ? error + ": " + transfer.reply : error;
  }
  if (!refused) return curl_error[0] != '\0' ? curl_error : curl_easy_strerror(code);
  switch (transfer.stage) {
    case Stage::kGreeting: return "the server refused the connection: " + transfer.reply;
    case Stage::kHello: return "the server refused EHLO and HELO: " + transfer.reply;
    case Stage::kStartTls: return "the server refused STARTTLS: " + transfer.reply;
    case Stage::kSender: return "the server refused the sender: " + transfer.reply;
    case Stage::kRecipient: return "the server refused the recipient: " + transfer.reply;
    case Stage::kData:
    case Stage::kAuth: break;
  }
  return "the server refused the message: " + transfer.reply;
}

// Clears every option at the end of a transfer, so that the handle keeps no pointer into the
// transfer's data (the password included); its open connection stays for the next one.
struct ResetAfterTransfer {
  CURL* curl;
  ~ResetAfterTransfer() { curl_easy_reset(curl); }
};

SmtpResult Deliver(CURL* curl, const SmtpOptions& options, std::string_view from, std::string_view to,
                   std::string_view message) {
  if (to.empty()) return Failed(Outcome::kPermanent, "the recipient address is empty");
  if (std::string_view problem = AddressProblem(from); !problem.empty()) {
    return Failed(Outcome::kPermanent, "the sender address contains " + std::string(problem));
  }
  if (std::string_view problem = AddressProblem(to); !problem.empty()) {
    return Failed(Outcome::kPermanent, "the recipient address contains " + std::string(problem));
  }
  if (curl == nullptr) return Failed(Outcome::kTransient, "libcurl could not be initialised");
  std::string error;
  ParsedUrl url = ServerUrl(options, error);
  if (url == nullptr) return Failed(Outcome::kTransient, error);
  const std::string sender(from);
  RecipientList recipients(curl_slist_append(nullptr, std::string(to).c_str()));
  if (recipients == nullptr) return Failed(Outcome::kTransient, "out of memory");

  Transfer transfer;
  transfer.message = message;
  char error_buffer[CURL_ERROR_SIZE] = "";
  ResetAfterTransfer reset{curl};
  const long timeout_ms = std::max<long>(1, static_cast<long>(options.timeout.count()));
  const long connect_timeout_ms = std::max<long>(1, static_cast<long>(options.connect_timeout.count()));
  // Also bounds the wait for the reply to the QUIT that closes a connection after a refusal,
  // which the whole-transfer timeout does not cover.
  const long response_timeout_s = (timeout_ms + 999) / 1000;
  for (CURLcode set : {
           curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer),
           curl_easy_setopt(curl, CURLOPT_CURLU, url.get()),
           curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps"),
           curl_easy_setopt(curl, CURLOPT_USE_SSL,
                            static_cast<long>(options.tls == SmtpTls::kNone ? CURLUSESSL_NONE : CURLUSESSL_ALL)),
           curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L),
           curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L),
           curl_easy_setopt(curl, CURLOPT_PROXY, ""),
           curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L),
           curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms),
           curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms),
           curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, response_timeout_s),
           curl_easy_setopt(curl, CURLOPT_USERNAME, options.user.empty() ? nullptr : options.user.c_str()),
           curl_easy_setopt(curl, CURLOPT_PASSWORD, options.user.empty() ? nullptr : options.password.c_str()),
           curl_easy_setopt(curl, CURLOPT_MAIL_FROM, sender.c_str()),
           curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get()),
           curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L),
           curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadMessage),
           curl_easy_setopt(curl, CURLOPT_READDATA, &transfer),
           curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L),
           curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, Observe),
           curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &transfer),
       }) {
    if (set != CURLE_OK) return Failed(Outcome::kTransient, std::string("libcurl: ") + curl_easy_strerror(set));
  }
  if (!options.ca_file.empty()) {  // otherwise libcurl's default, the system's authorities
    if (CURLcode set = curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str()); set != CURLE_OK) {
      return Failed(Outcome::kTransient, std::string("libcurl: ") + curl_easy_strerror(set));
    }
  }

  const CURLcode code = curl_easy_perform(curl);
  long reply_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply_code);
  SmtpResult result;
  result.reply_code = static_cast<int>(reply_code);
  result.outcome = OutcomeOf(code, result.reply_code, transfer.stage);
  result.mailbox_refused = result.outcome == Outcome::kPermanent &&
                           RefusesMailbox(result.reply_code, transfer.reply, transfer.stage == Stage::kRecipient);
  if (code != CURLE_OK) result.error = Describe(code, result.reply_code, transfer, error_buffer);
  return result;
}

}  // namespace

bool RefusesMailbox(int reply_code, std::string_view reply, bool to_recipient) {
  if (reply_code < 500 || reply_code > 599) return false;
  const std::string_view enhanced = EnhancedStatusCode(reply);
  if (!enhanced.empty()) {
    for (std::string_view code : {"5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10", "5.2.1"}) {
      if (enhanced == code) return true;
    }
    return false;
  }
  if (!to_recipient || (reply_code != 550 && reply_code != 551 && reply_code != 553)) return false;
  // A bare code may still be about us: the sender, relaying, authentication.
  std::string lower(reply);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (std::string_view ours : {"sender", "relay", "auth"}) {
    if (lower.find(ours) != std::string::npos) return false;
  }
  return true;
}

struct SmtpSender::Handle {
  CURL* curl = nullptr;
  ~Handle() { curl_easy_cleanup(curl); }
};

SmtpSender::SmtpSender(SmtpOptions options) : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  if (InitialiseCurl()) handle_->curl = curl_easy_init();
}

SmtpSender::~SmtpSender() = default;
SmtpSender::SmtpSender(SmtpSender&&) noexcept = default;
SmtpSender& SmtpSender::operator=(SmtpSender&&) noexcept = default;

SmtpResult SmtpSender::Send(std::string_view from, std::string_view to, std::string_view message) {
  const auto start = std::chrono::steady_clock::now();
  SmtpResult result = Deliver(handle_ == nullptr ? nullptr : handle_->curl, options_, from, to, message);
  result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  return result;
}

}  // namespace bb::integrations
