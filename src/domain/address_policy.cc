#include "domain/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>

namespace bb::domain {
namespace {

constexpr std::string_view kNotAnIpAddress = "not an IP address";

struct Ipv4Range {
  std::uint32_t first;  // host byte order
  int prefix_bits;
  std::string_view name;
};

constexpr std::uint32_t Ipv4(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
  return a << 24 | b << 16 | c << 8 | d;
}

// First match wins (255.255.255.255 before 240/4).
constexpr Ipv4Range kIpv4Ranges[] = {
    {Ipv4(0, 0, 0, 0), 8, "\"this network\""},
    {Ipv4(10, 0, 0, 0), 8, "private"},
    {Ipv4(100, 64, 0, 0), 10, "shared (carrier-grade NAT)"},
    {Ipv4(127, 0, 0, 0), 8, "loopback"},
    {Ipv4(169, 254, 0, 0), 16, "link-local"},
    {Ipv4(172, 16, 0, 0), 12, "private"},
    {Ipv4(192, 0, 0, 0), 24, "IETF protocol assignments"},
    {Ipv4(192, 0, 2, 0), 24, "documentation"},
    {Ipv4(192, 168, 0, 0), 16, "private"},
    {Ipv4(198, 18, 0, 0), 15, "benchmarking"},
    {Ipv4(198, 51, 100, 0), 24, "documentation"},
    {Ipv4(203, 0, 113, 0), 24, "documentation"},
    {Ipv4(224, 0, 0, 0), 4, "multicast"},
    {Ipv4(255, 255, 255, 255), 32, "broadcast"},
    {Ipv4(240, 0, 0, 0), 4, "reserved"},
};

std::string_view RangeOfIpv4(std::uint32_t address) {
  for (const auto& range : kIpv4Ranges) {
    std::uint32_t mask = ~std::uint32_t{0} << (32 - range.prefix_bits);
    if ((address & mask) == range.first) return range.name;
  }
  return {};
}

std::uint32_t Ipv4At(const std::uint8_t* bytes) { return Ipv4(bytes[0], bytes[1], bytes[2], bytes[3]); }

using Ipv6Bytes = std::array<std::uint8_t, 16>;

struct Ipv6Range {
  Ipv6Bytes first;
  int prefix_bits;
  std::string_view name;
};

// Refused wholesale; the ranges that embed an IPv4 address to judge are handled before these.
constexpr Ipv6Range kIpv6Ranges[] = {
    {{}, 128, "unspecified"},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback"},
    {{}, 96, "IPv4-compatible (deprecated)"},
    {{0x00, 0x64, 0xff, 0x9b}, 96, "NAT64"},
    {{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48, "NAT64 (local use)"},
    {{0x20, 0x01, 0x0d, 0xb8}, 32, "documentation"},
    {{0xfc}, 7, "unique local"},
    {{0xfe, 0x80}, 10, "link-local"},
    {{0xfe, 0xc0}, 10, "site-local (deprecated)"},
    {{0xff}, 8, "multicast"},
};

bool InRange(const Ipv6Bytes& address, const Ipv6Range& range) {
  int bits = range.prefix_bits;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address[i] & mask) != range.first[i]) return false;
  }
  return true;
}

std::string_view RangeOfIpv6(const Ipv6Bytes& address) {
  constexpr Ipv6Range kIpv4Mapped = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, ""};
  constexpr Ipv6Range k6to4 = {{0x20, 0x02}, 16, ""};
  if (InRange(address, kIpv4Mapped)) return RangeOfIpv4(Ipv4At(&address[12]));
  if (InRange(address, k6to4)) return RangeOfIpv4(Ipv4At(&address[2]));
  for (const auto& range : kIpv6Ranges) {
    if (InRange(address, range)) return range.name;
  }
  return {};
}

}  // namespace

std::string_view NonPublicRange(const sockaddr* address) {
  if (address == nullptr) return kNotAnIpAddress;
  if (address->sa_family == AF_INET) {
    sockaddr_in ipv4;
    std::memcpy(&ipv4, address, sizeof ipv4);
    return RangeOfIpv4(ntohl(ipv4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 ipv6;
    std::memcpy(&ipv6, address, sizeof ipv6);
    Ipv6Bytes bytes;
    std::memcpy(bytes.data(), &ipv6.sin6_addr, bytes.size());
    return RangeOfIpv6(bytes);
  }
  return kNotAnIpAddress;
}

bool IsPublicAddress(const sockaddr* address) { return NonPublicRange(address).empty(); }

bool IsPublicAddress(std::string_view ip) {
  std::string text(ip);
  if (text.find('\0') != std::string::npos) return false;
  sockaddr_in ipv4{};
  if (inet_pton(AF_INET, text.c_str(), &ipv4.sin_addr) == 1) {
    ipv4.sin_family = AF_INET;
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&ipv4));
  }
  sockaddr_in6 ipv6{};
  if (inet_pton(AF_INET6, text.c_str(), &ipv6.sin6_addr) == 1) {
    ipv6.sin6_family = AF_INET6;
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&ipv6));
  }
  return false;
}

bool IsPublicUrlHost(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with('[')) {
    std::size_t close = rest.find(']');
    return close != std::string_view::npos && IsPublicAddress(rest.substr(1, close - 1));
  }
  if (std::size_t colon = rest.rfind(':'); colon != std::string_view::npos) rest = rest.substr(0, colon);
  std::string host(rest);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (host == "localhost" || (host.size() > 10 && host.ends_with(".localhost"))) return false;
  bool literal =
      !host.empty() && std::all_of(host.begin(), host.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
  return !literal || IsPublicAddress(std::string_view(host));
}

}  // namespace bb::domain
