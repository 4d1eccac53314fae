#include "domain/click.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <vector>

#include "domain/ids.h"

namespace bb::domain {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Lower-case fragments of User-Agent values of crawlers, previewers and HTTP tools. Crawlers name
// themselves "...bot" followed by '/', ';', ' ', ')' or '-' ("Googlebot/2.1", "Slackbot-Link...");
// a bare "bot" substring would also catch phones such as CUBOT. Crawlers also link their
// documentation ("+https://...") — browsers never do.
constexpr std::array<std::string_view, 38> kBotMarkers = {"+http",
                                                          "/bot.html",
                                                          "bot/",
                                                          "bot;",
                                                          "bot ",
                                                          "bot)",
                                                          "bot-",
                                                          "crawl",
                                                          "spider",
                                                          "slurp",
                                                          "facebookexternalhit",
                                                          "facebookcatalog",
                                                          "embedly",
                                                          "quora link preview",
                                                          "outbrain",
                                                          "pinterestbot",
                                                          "vkshare",
                                                          "w3c_validator",
                                                          "whatsapp",
                                                          "skypeuripreview",
                                                          "microsoft office",
                                                          "google-pagerenderer",
                                                          "googleother",
                                                          "preview",
                                                          "headlesschrome",
                                                          "lighthouse",
                                                          "curl/",
                                                          "wget/",
                                                          "python-requests",
                                                          "python-urllib",
                                                          "go-http-client",
                                                          "okhttp",
                                                          "java/",
                                                          "libwww",
                                                          "httpclient",
                                                          "axios/",
                                                          "node-fetch",
                                                          "scrapy"};
static_assert(std::ranges::all_of(kBotMarkers, [](std::string_view marker) { return marker.size() >= 2; }),
              "IsBotUserAgent indexes markers by their first two bytes");

}  // namespace

std::string NormalizeChannel(std::string_view raw) {
  if (raw.empty()) return "direct";
  if (raw.size() > 32) return "other";
  std::string out;
  for (char c : raw) {
    c = Lower(c);
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return "other";
    out += c;
  }
  return out;
}

bool IsBotUserAgent(std::string_view user_agent) {
  if (user_agent.find_first_not_of(' ') == std::string_view::npos) return true;
  char buffer[kMaxUserAgentLength];
  std::size_t length = std::min(user_agent.size(), kMaxUserAgentLength);
  std::transform(user_agent.begin(), user_agent.begin() + static_cast<std::ptrdiff_t>(length), buffer, Lower);
  std::string_view lowered(buffer, length);
  if (lowered.size() >= 3 && lowered.compare(lowered.size() - 3, 3, "bot") == 0) return true;  // "...Bot" at the end
  // One pass over the text. A bit per byte pair that starts some marker rules out almost every
  // position with one lookup; only where a marker's first two bytes occur are the markers compared.
  struct MarkerIndex {
    std::bitset<65536> starts;
    std::array<std::vector<std::string_view>, 256> by_first_byte;
  };
  static const MarkerIndex kIndex = [] {
    MarkerIndex index;
    for (std::string_view marker : kBotMarkers) {
      auto first = static_cast<unsigned char>(marker[0]);
      index.starts.set(first << 8 | static_cast<unsigned char>(marker[1]));
      index.by_first_byte[first].push_back(marker);
    }
    return index;
  }();
  for (std::size_t i = 0; i + 1 < lowered.size(); ++i) {
    auto first = static_cast<unsigned char>(lowered[i]);
    if (!kIndex.starts[first << 8 | static_cast<unsigned char>(lowered[i + 1])]) continue;
    for (std::string_view marker : kIndex.by_first_byte[first]) {
      if (lowered.compare(i, marker.size(), marker) == 0) return true;
    }
  }
  return false;
}

std::string LandingUrlWithCode(std::string_view landing_url, std::string_view code) {
  auto hash = landing_url.find('#');
  std::string_view fragment = hash == std::string_view::npos ? std::string_view{} : landing_url.substr(hash);
  std::string_view before_fragment = landing_url.substr(0, hash);
  auto question = before_fragment.find('?');
  std::string out(before_fragment.substr(0, question));
  std::string query;
  if (question != std::string_view::npos) {
    std::string_view rest = before_fragment.substr(question + 1);
    while (!rest.empty()) {
      auto amp = rest.find('&');
      std::string_view param = rest.substr(0, amp);
      bool is_ref = param == "bb_ref" || param.substr(0, 7) == "bb_ref=";
      if (!param.empty() && !is_ref) {
        if (!query.empty()) query += '&';
        query += param;
      }
      if (amp == std::string_view::npos) break;
      rest.remove_prefix(amp + 1);
    }
  }
  if (!query.empty()) query += '&';
  query += "bb_ref=";
  query += code;
  out += '?';
  out += query;
  out += fragment;
  return out;
}

bool IsWellFormedVisitorId(std::string_view text) { return IsWellFormedUlid(text); }

std::optional<Bits128> ParseAddressHash(std::string_view text) {
  if (text.size() != 32) return std::nullopt;
  Bits128 bits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    std::uint64_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<std::uint64_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<std::uint64_t>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    std::uint64_t& half = i < 16 ? bits.high : bits.low;
    half = half << 4 | digit;
  }
  return bits;
}

std::string FormatAddressHash(Bits128 bits) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kDigits[bits.high & 15u];
    out[static_cast<std::size_t>(i) + 16] = kDigits[bits.low & 15u];
    bits.high >>= 4;
    bits.low >>= 4;
  }
  return out;
}

}  // namespace bb::domain
