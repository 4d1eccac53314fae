#include "domain/validation.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace bb::domain {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool IsAtext(char c) { return IsAlnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos; }

// A DNS host name of LDH labels with at least two labels and an alphabetic last label.
bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    auto dot = host.find('.');
    std::string_view label = host.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return labels >= 2 && last.size() >= 2 && std::all_of(last.begin(), last.end(), IsAlpha);
}

bool IsIpv4(std::string_view host) {
  int parts = 0;
  while (!host.empty()) {
    auto dot = host.find('.');
    auto part = host.substr(0, dot);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), IsDigit)) return false;
    if (std::stoi(std::string(part)) > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
    if (host.empty()) return false;
  }
  return parts == 4;
}

bool IsIpv6(std::string_view host) {
  if (host.empty() || host.size() > 45 ||
      host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos) {
    return false;
  }
  in6_addr parsed{};
  return inet_pton(AF_INET6, std::string(host).c_str(), &parsed) == 1;
}

// The characters RFC 3986 allows in path, query and fragment (with '%' checked separately).
bool IsUriChar(char c) {
  return IsAlnum(c) || std::string_view("-._~!$&'()*+,;=:@/?").find(c) != std::string_view::npos;
}

constexpr std::array<std::string_view, 155> kCurrencies = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};

}  // namespace

std::string_view Trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string JoinWithCommas(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string CheckEmail(std::string_view email) {
  if (email.empty()) return "must not be empty";
  if (email.size() > kMaxEmailLength) return "must be at most 254 characters";
  auto at = email.rfind('@');
  if (at == std::string_view::npos) return "must be an email address like name@example.com";
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos ||
      !std::all_of(local.begin(), local.end(), [](char c) { return IsAtext(c) || c == '.'; })) {
    return "must be an email address like name@example.com";
  }
  if (!IsHostName(domain)) return "must be an email address with a valid domain, like name@example.com";
  return {};
}

std::string NormalizeEmail(std::string_view email) { return LowerAscii(Trim(email)); }

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string CheckHttpUrl(std::string_view url) {
  constexpr std::string_view kMessage = "must be an absolute http:// or https:// URL";
  if (url.size() > kMaxUrlLength) return "must be at most 2048 characters";
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    rest = url.substr(8);
  } else {
    return std::string(kMessage);
  }
  auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) return "must not contain credentials";
  std::string_view host = authority;
  std::size_t host_end = 0;          // where a ':' may begin the port
  if (authority.starts_with('[')) {  // an IPv6 literal (RFC 3986 IP-literal, without IPvFuture or zone)
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos || !IsIpv6(authority.substr(1, close - 1))) return "has an invalid host";
    host_end = close + 1;
    if (host_end < authority.size() && authority[host_end] != ':') return "has an invalid host";
  }
  auto colon = authority.find(':', host_end);
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit) ||
        std::stoi(std::string(port)) > 65535) {
      return "has an invalid port";
    }
    host = authority.substr(0, colon);
  }
  if (host_end == 0 && host != "localhost" && !IsHostName(host) && !IsIpv4(host)) return "has an invalid host";
  std::string_view tail = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  for (std::size_t i = 0; i < tail.size(); ++i) {
    char c = tail[i];
    if (c == '%') {
      if (i + 2 >= tail.size() || !IsHex(tail[i + 1]) || !IsHex(tail[i + 2])) return "has an invalid percent-escape";
      i += 2;
    } else if (c == '#') {
      // fragment: same characters as the query
    } else if (!IsUriChar(c)) {
      return "contains characters that must be percent-encoded";
    }
  }
  return {};
}

std::string CheckCurrency(std::string_view code) {
  if (std::find(kCurrencies.begin(), kCurrencies.end(), code) == kCurrencies.end()) {
    return "must be an ISO 4217 currency code such as USD or EUR";
  }
  return {};
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string CheckText(std::string_view text, std::size_t max_length, bool allow_empty, TextShape shape) {
  if (!allow_empty && Trim(text).empty()) return "must not be empty";
  if (CodePointCount(text) > max_length) return "must be at most " + std::to_string(max_length) + " characters";
  for (char c : text) {
    bool line_break = c == '\n' || c == '\r';
    if ((static_cast<unsigned char>(c) < 0x20 || c == 0x7f) && c != '\t' &&
        !(line_break && shape == TextShape::kMultiLine)) {
      return shape == TextShape::kMultiLine ? "must not contain control characters"
                                            : "must be a single line without control characters";
    }
  }
  return {};
}

std::string CheckSlug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-' ||
      !std::all_of(slug.begin(), slug.end(), [](char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-'; })) {
    return "must be 1-64 lowercase letters, digits or '-', not starting or ending with '-'";
  }
  return {};
}

std::string SlugFromName(std::string_view name) {
  std::string slug;
  bool pending_dash = false;
  for (char c : name) {
    if (IsAlnum(c)) {
      if (pending_dash && !slug.empty()) slug += '-';
      pending_dash = false;
      slug += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (slug.size() >= 48) break;
    } else {
      pending_dash = true;
    }
  }
  return slug;
}

}  // namespace bb::domain

namespace bb::domain {
namespace {

// The length of the well-formed UTF-8 sequence (not NUL) at the start of `text`, or 0.
std::size_t StorableSequenceLength(std::string_view text) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  if (lead == 0) return 0;
  if (lead < 0x80) return 1;
  std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                       : lead >= 0xE0 && lead <= 0xEF ? 3
                       : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                      : 0;
  if (length == 0 || text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
  unsigned char second = byte(1);
  if (lead == 0xE0 && second < 0xA0) return 0;
  if (lead == 0xED && second > 0x9F) return 0;
  if (lead == 0xF0 && second < 0x90) return 0;
  if (lead == 0xF4 && second > 0x8F) return 0;
  return length;
}

}  // namespace

bool IsStorableUtf8(std::string_view text) {
  while (!text.empty()) {
    std::size_t length = StorableSequenceLength(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

std::string ToStorableUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    std::size_t length = StorableSequenceLength(text);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      text.remove_prefix(1);
    } else {
      out.append(text.substr(0, length));
      text.remove_prefix(length);
    }
  }
  return out;
}

std::string TruncateUtf8(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}
}  // namespace bb::domain
