#pragma once
// Which network addresses an outbound request to an untrusted URL (a webhook target) may reach.
//
// A URL that an account owner types in must not become a way into our own network (server-side
// request forgery: OWASP ASVS 1.3.6, OWASP API Security Top 10 API7:2023): no loopback services,
// no private or carrier-grade-NAT networks, no link-local cloud metadata endpoint
// (169.254.169.254), no multicast, reserved or documentation ranges. The check is on the address
// actually connected to, after name resolution, so that a host name resolving (or re-resolving,
// DNS rebinding) to such an address is refused as well. All functions are pure and thread-safe.

#include <sys/socket.h>

#include <string_view>

namespace bb::domain {

// The special-purpose range `address` (an AF_INET sockaddr_in or AF_INET6 sockaddr_in6) lies in,
// as a short name for messages: "loopback", "private", "link-local", "shared (carrier-grade NAT)",
// "multicast", ... An empty view when the address is public. Refused wholesale:
//   IPv4: 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16,
//         198.18/15, 198.51.100/24, 203.0.113/24, 224/4 and 240/4 (255.255.255.255 included).
//   IPv6: ::/96 (::, ::1 and the deprecated IPv4-compatible addresses), 64:ff9b::/96 and
//         64:ff9b:1::/48 (NAT64), 2001:db8::/32, fc00::/7, fe80::/10, fec0::/10 (deprecated
//         site-local), ff00::/8.
// Judged by the IPv4 address they embed: IPv4-mapped ::ffff:0:0/96 (a dual-stack socket connects
// to the IPv4 address itself) and 6to4 2002::/16.
// A null pointer or any other address family is "not an IP address".
std::string_view NonPublicRange(const sockaddr* address);

// True when `address` is a public unicast address a webhook may connect to (NonPublicRange is empty).
bool IsPublicAddress(const sockaddr* address);

// The same for a textual IPv4 (dotted quad) or IPv6 address without brackets or zone;
// false for text that does not parse as either.
bool IsPublicAddress(std::string_view ip);

// For an absolute http(s) URL that CheckHttpUrl (domain/validation.h) accepted: false when its host
// is "localhost" (or a subdomain of it) or an IP literal (IPv4, or IPv6 in brackets) that is not
// public. Host names pass here; they are judged again, at every connection, by the address they
// resolve to (integrations/http_post.h).
bool IsPublicUrlHost(std::string_view url);

}  // namespace bb::domain
