#include "integrations/http_post.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <initializer_list>

#include "domain/address_policy.h"
#include "integrations/curl_global.h"

namespace bb::integrations {
namespace {

using Failure = HttpPostResult::Failure;

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using ParsedUrl = std::unique_ptr<CURLU, UrlDeleter>;

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, HeaderListDeleter>;

HttpPostResult Failed(Failure failure, std::string error) {
  HttpPostResult result;
  result.failure = failure;
  result.error = std::move(error);
  return result;
}

// `url` parsed as an absolute http or https URL with a host; null with `error` set otherwise.
// The messages never quote the URL, whose path or query may hold a secret.
ParsedUrl ParseUrl(std::string_view url, std::string& error) {
  ParsedUrl parsed(curl_url());
  if (parsed == nullptr) {
    error = "out of memory";
    return nullptr;
  }
  if (url.find('\0') != std::string_view::npos) {
    error = "invalid URL: it contains a NUL byte";
    return nullptr;
  }
  if (CURLUcode code = curl_url_set(parsed.get(), CURLUPART_URL, std::string(url).c_str(), 0); code != CURLUE_OK) {
    error = std::string("invalid URL: ") + curl_url_strerror(code);
    return nullptr;
  }
  char* scheme = nullptr;
  curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0);
  bool http = scheme != nullptr && (curl_strequal(scheme, "http") || curl_strequal(scheme, "https"));
  curl_free(scheme);
  if (!http) {
    error = "invalid URL: only http and https are allowed";
    return nullptr;
  }
  char* host = nullptr;
  CURLUcode host_code = curl_url_get(parsed.get(), CURLUPART_HOST, &host, 0);
  bool has_host = host_code == CURLUE_OK && host != nullptr && host[0] != '\0';
  curl_free(host);
  if (!has_host) {
    error = "invalid URL: it has no host";
    return nullptr;
  }
  return parsed;
}

bool IsToken(std::string_view text) {
  constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || kSymbols.find(c) != std::string_view::npos;
  });
}

// curl's header list for `headers`, plus "Expect:" (no 100-continue round trip) and, when the
// caller gives no Content-Type, "Content-Type:" (none rather than curl's form-urlencoded).
// Null with `error` set when a header cannot be sent as given; the message names the header,
// never its value.
HeaderList BuildHeaderList(const std::vector<std::pair<std::string, std::string>>& headers, std::string& error) {
  HeaderList list;
  auto append = [&](const std::string& line) {
    curl_slist* head = curl_slist_append(list.get(), line.c_str());
    if (head != nullptr && list == nullptr) list.reset(head);
    if (head == nullptr) error = "out of memory";
    return head != nullptr;
  };
  bool has_content_type = false;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const auto& [name, value] = headers[i];
    if (!IsToken(name)) {
      error = "header " + std::to_string(i + 1) + " has no valid name";
      return nullptr;
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      error = "the value of header " + name + " contains CR, LF or NUL";
      return nullptr;
    }
    has_content_type = has_content_type || curl_strequal(name.c_str(), "Content-Type");
    // "Name;" is curl's way to send a header with an empty value ("Name:" would remove it).
    if (!append(value.empty() ? name + ";" : name + ": " + value)) return nullptr;
  }
  if (!append("Expect:")) return nullptr;
  if (!has_content_type && !append("Content-Type:")) return nullptr;
  return list;
}

// What one transfer's callbacks share with Send.
struct Transfer {
  bool allow_private_targets = false;
  std::size_t max_response_bytes = 0;
  std::string body;
  bool truncated = false;  // the body reached max_response_bytes and reading stopped
  int sockets_opened = 0;
  std::string refused;  // the first address refused, as the error message
};

std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address->sa_family == AF_INET) {
    sockaddr_in ipv4;
    std::memcpy(&ipv4, address, sizeof ipv4);
    inet_ntop(AF_INET, &ipv4.sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    sockaddr_in6 ipv6;
    std::memcpy(&ipv6, address, sizeof ipv6);
    inet_ntop(AF_INET6, &ipv6.sin6_addr, text, sizeof text);
  } else {
    return "an address of family " + std::to_string(address->sa_family);
  }
  return text;
}

// Every address curl connects to (after each resolution, so DNS rebinding cannot slip past)
// passes through here; a refused one gets no socket, and curl tries the next address if any.
curl_socket_t OpenSocket(void* data, curlsocktype, curl_sockaddr* address) {
  auto& transfer = *static_cast<Transfer*>(data);
  if (!transfer.allow_private_targets) {
    std::string_view range = domain::NonPublicRange(&address->addr);
    if (!range.empty()) {
      if (transfer.refused.empty()) {
        transfer.refused =
            "refused: " + AddressText(&address->addr) + " is not a public address (" + std::string(range) + ")";
      }
      return CURL_SOCKET_BAD;
    }
  }
  curl_socket_t socket_fd = socket(address->family, address->socktype, address->protocol);
  if (socket_fd != CURL_SOCKET_BAD) ++transfer.sockets_opened;
  return socket_fd;
}

// Keeps the body up to max_response_bytes; past that, stops the transfer (curl then reports
// CURLE_WRITE_ERROR, which Send turns back into success).
std::size_t KeepBody(char* data, std::size_t size, std::size_t count, void* user_data) {
  auto& transfer = *static_cast<Transfer*>(user_data);
  std::size_t length = size * count;
  std::size_t room = transfer.max_response_bytes - transfer.body.size();
  if (length <= room) {
    transfer.body.append(data, length);
    return length;
  }
  transfer.body.append(data, room);
  transfer.truncated = true;
  return 0;
}

Failure FailureOf(CURLcode code) {
  switch (code) {
    case CURLE_OK: return Failure::kNone;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return Failure::kInvalidUrl;
    case CURLE_COULDNT_RESOLVE_HOST: return Failure::kResolve;
    case CURLE_COULDNT_CONNECT: return Failure::kConnect;
    case CURLE_OPERATION_TIMEDOUT: return Failure::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED: return Failure::kTls;
    default: return Failure::kOther;
  }
}

// The value of the response header `name` (the last response's, trimmed); nullopt when absent.
std::optional<std::string> ResponseHeader(CURL* curl, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK) return std::nullopt;
  std::string_view value = header->value;
  std::size_t first = value.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::string();
  return std::string(value.substr(first, value.find_last_not_of(" \t") - first + 1));
}

// Retry-After as delta-seconds (capped at 2^31 as RFC 9111 caps delta-seconds) or as an
// HTTP-date, counted from the response's Date (our clock only when it has none, so that a server
// whose clock is off still gets the delay it asked for); a date in the past is 0 s. Nullopt when
// absent or unreadable.
std::optional<std::chrono::seconds> RetryAfter(CURL* curl) {
  std::optional<std::string> value = ResponseHeader(curl, "Retry-After");
  if (!value || value->empty()) return std::nullopt;
  if (std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    constexpr std::int64_t kMaxSeconds = std::int64_t{1} << 31;
    std::int64_t seconds = 0;
    for (char digit : *value) seconds = std::min(kMaxSeconds, seconds * 10 + (digit - '0'));
    return std::chrono::seconds(seconds);
  }
  std::time_t until = curl_getdate(value->c_str(), nullptr);
  if (until == -1) return std::nullopt;
  std::time_t now = -1;
  if (std::optional<std::string> date = ResponseHeader(curl, "Date")) now = curl_getdate(date->c_str(), nullptr);
  if (now == -1) now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return std::chrono::seconds(std::max<std::time_t>(0, until - now));
}

// Clears every option at the end of a transfer, so that the handle keeps no pointer into the
// transfer's data; its open connections stay for the next one.
struct ResetAfterTransfer {
  CURL* curl;
  ~ResetAfterTransfer() { curl_easy_reset(curl); }
};

HttpPostResult Send(CURL* curl, const HttpPostOptions& options, std::string_view method, std::string_view url,
                    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  if (curl == nullptr) return Failed(Failure::kOther, "libcurl could not be initialised");
  std::string error;
  ParsedUrl parsed_url = ParseUrl(url, error);
  if (parsed_url == nullptr) return Failed(Failure::kInvalidUrl, error);
  HeaderList header_list = BuildHeaderList(headers, error);
  if (header_list == nullptr) return Failed(Failure::kOther, error);

  Transfer transfer;
  transfer.allow_private_targets = options.allow_private_targets;
  transfer.max_response_bytes = options.max_response_bytes;
  char error_buffer[CURL_ERROR_SIZE] = "";
  ResetAfterTransfer reset{curl};
  const long timeout_ms = std::max<long>(1, static_cast<long>(options.timeout.count()));
  const long connect_timeout_ms = std::max<long>(1, static_cast<long>(options.connect_timeout.count()));
  for (CURLcode set : {
           curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer),
           curl_easy_setopt(curl, CURLOPT_CURLU, parsed_url.get()),
           curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https"),
           curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
           curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L),
           curl_easy_setopt(curl, CURLOPT_PROXY, ""),
           curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L),
           curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms),
           curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms),
           curl_easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str()),
           curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get()),
           curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size())),
           curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data()),
           curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, OpenSocket),
           curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &transfer),
           curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, KeepBody),
           curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer),
       }) {
    if (set != CURLE_OK) return Failed(Failure::kOther, std::string("libcurl: ") + curl_easy_strerror(set));
  }

  if (method == "GET") {
    if (CURLcode set = curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L); set != CURLE_OK) {
      return Failed(Failure::kOther, std::string("libcurl: ") + curl_easy_strerror(set));
    }
  } else if (method != "POST") {
    std::string verb(method);
    if (CURLcode set = curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, verb.c_str()); set != CURLE_OK) {
      return Failed(Failure::kOther, std::string("libcurl: ") + curl_easy_strerror(set));
    }
  }

  CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_WRITE_ERROR && transfer.truncated) code = CURLE_OK;
  HttpPostResult result;
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  result.body = std::move(transfer.body);
  result.retry_after = RetryAfter(curl);
  for (const std::string& name : options.capture_headers) {
    if (std::optional<std::string> value = ResponseHeader(curl, name.c_str()))
      result.headers.emplace_back(name, *value);
  }
  result.failure = FailureOf(code);
  if (code != CURLE_OK && transfer.sockets_opened == 0 && !transfer.refused.empty()) {
    result.failure = Failure::kRefusedAddress;
    result.error = transfer.refused;
  } else if (code != CURLE_OK) {
    result.error = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  }
  return result;
}

}  // namespace

struct HttpPoster::Handle {
  CURL* curl = nullptr;
  ~Handle() { curl_easy_cleanup(curl); }
};

HttpPoster::HttpPoster(HttpPostOptions options) : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  if (InitialiseCurl()) handle_->curl = curl_easy_init();
}

HttpPoster::~HttpPoster() = default;
HttpPoster::HttpPoster(HttpPoster&&) noexcept = default;
HttpPoster& HttpPoster::operator=(HttpPoster&&) noexcept = default;

HttpPostResult HttpPoster::Post(std::string_view url, const std::vector<std::pair<std::string, std::string>>& headers,
                                std::string_view body) {
  return Send("POST", url, headers, body);
}

HttpPostResult HttpPoster::Send(std::string_view method, std::string_view url,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                std::string_view body) {
  const auto start = std::chrono::steady_clock::now();
  HttpPostResult result =
      integrations::Send(handle_ == nullptr ? nullptr : handle_->curl, options_, method, url, headers, body);
  result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  return result;
}

}  // namespace bb::integrations
