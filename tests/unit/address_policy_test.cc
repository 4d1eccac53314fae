#include "domain/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <string>
#include <string_view>
#include <vector>

namespace bb::domain {
namespace {

struct Case {
  std::string_view ip;
  bool is_public;
};

// Both sides of every boundary: the last address before a range, its first and last, the first after.
constexpr Case kIpv4Cases[] = {
    {"0.0.0.0", false},        {"0.255.255.255", false},   {"1.0.0.0", true},          {"9.255.255.255", true},
    {"10.0.0.0", false},       {"10.255.255.255", false},  {"11.0.0.0", true},         {"100.63.255.255", true},
    {"100.64.0.0", false},     {"100.127.255.255", false}, {"100.128.0.0", true},      {"126.255.255.255", true},
    {"127.0.0.0", false},      {"127.0.0.1", false},       {"127.255.255.255", false}, {"128.0.0.0", true},
    {"169.253.255.255", true}, {"169.254.0.0", false},     {"169.254.169.254", false}, {"169.254.255.255", false},
    {"169.255.0.0", true},     {"172.15.255.255", true},   {"172.16.0.0", false},      {"172.31.255.255", false},
    {"172.32.0.0", true},      {"191.255.255.255", true},  {"192.0.0.0", false},       {"192.0.0.255", false},
    {"192.0.1.0", true},       {"192.0.1.255", true},      {"192.0.2.0", false},       {"192.0.2.255", false},
    {"192.0.3.0", true},       {"192.167.255.255", true},  {"192.168.0.0", false},     {"192.168.255.255", false},
    {"192.169.0.0", true},     {"198.17.255.255", true},   {"198.18.0.0", false},      {"198.19.255.255", false},
    {"198.20.0.0", true},      {"198.51.99.255", true},    {"198.51.100.0", false},    {"198.51.100.255", false},
    {"198.51.101.0", true},    {"203.0.112.255", true},    {"203.0.113.0", false},     {"203.0.113.255", false},
    {"203.0.114.0", true},     {"223.255.255.255", true},  {"224.0.0.0", false},       {"239.255.255.255", false},
    {"240.0.0.0", false},      {"255.255.255.254", false}, {"255.255.255.255", false}, {"8.8.8.8", true},
    {"1.1.1.1", true},
};

constexpr Case kIpv6Cases[] = {
    {"::", false},
    {"::1", false},
    {"::2", false},
    {"::8.8.8.8", false},  // IPv4-compatible (deprecated): refused whatever it embeds
    {"::ffff:127.0.0.1", false},
    {"::ffff:10.0.0.1", false},
    {"::ffff:169.254.169.254", false},
    {"::ffff:100.64.0.1", false},
    {"::ffff:0.0.0.0", false},
    {"::ffff:8.8.8.8", true},
    {"::ffff:100.63.255.255", true},
    {"64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"64:ff9b::", false},
    {"64:ff9b::8.8.8.8", false},
    {"64:ff9b::ffff:ffff", false},
    {"64:ff9b::1:0:0", true},
    {"64:ff9b:1::", false},
    {"64:ff9b:1:ffff:ffff:ffff:ffff:ffff", false},
    {"64:ff9b:2::", true},
    {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"2001:db8::", false},
    {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"2001:db9::", true},
    {"2002:808:808::1", true},    // 6to4 of 8.8.8.8
    {"2002:7f00:1::1", false},    // 6to4 of 127.0.0.1
    {"2002:c0a8:101::1", false},  // 6to4 of 192.168.1.1
    {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"fc00::", false},
    {"fd12:3456:789a::1", false},
    {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"fe00::", true},
    {"fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
    {"fe80::", false},
    {"fe80::1", false},
    {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"fec0::", false},
    {"feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"ff00::", false},
    {"ff02::1", false},
    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
    {"2606:4700::1111", true},
    {"2a00:1450:4001:80b::200e", true},
};

TEST(AddressPolicy, JudgesEveryIpv4RangeOnBothSidesOfItsBoundaries) {
  for (const Case& c : kIpv4Cases) EXPECT_EQ(IsPublicAddress(c.ip), c.is_public) << c.ip;
}

TEST(AddressPolicy, JudgesEveryIpv6RangeOnBothSidesOfItsBoundaries) {
  for (const Case& c : kIpv6Cases) EXPECT_EQ(IsPublicAddress(c.ip), c.is_public) << c.ip;
}

TEST(AddressPolicy, TextThatIsNotAnAddressIsNotPublic) {
  for (std::string_view text : std::vector<std::string_view>{
           "", "localhost", "example.com", "127.1", "0x7f.0.0.1", "2130706433", "8.8.8.8.8", "8.8.8.8 ",
           "[2606:4700::1111]", "fe80::1%eth0", "::ffff:999.0.0.1", std::string_view("8.8.8.8\0", 8)}) {
    EXPECT_FALSE(IsPublicAddress(text)) << text;
  }
}

TEST(AddressPolicy, JudgesSocketAddressesAndNamesTheRange) {
  sockaddr_in ipv4{};
  ipv4.sin_family = AF_INET;
  ASSERT_EQ(inet_pton(AF_INET, "169.254.169.254", &ipv4.sin_addr), 1);
  EXPECT_FALSE(IsPublicAddress(reinterpret_cast<const sockaddr*>(&ipv4)));
  EXPECT_EQ(NonPublicRange(reinterpret_cast<const sockaddr*>(&ipv4)), "link-local");
  ASSERT_EQ(inet_pton(AF_INET, "8.8.4.4", &ipv4.sin_addr), 1);
  EXPECT_TRUE(IsPublicAddress(reinterpret_cast<const sockaddr*>(&ipv4)));
  EXPECT_EQ(NonPublicRange(reinterpret_cast<const sockaddr*>(&ipv4)), "");

  sockaddr_in6 ipv6{};
  ipv6.sin6_family = AF_INET6;
  ASSERT_EQ(inet_pton(AF_INET6, "::ffff:127.0.0.1", &ipv6.sin6_addr), 1);
  EXPECT_EQ(NonPublicRange(reinterpret_cast<const sockaddr*>(&ipv6)), "loopback");
  ASSERT_EQ(inet_pton(AF_INET6, "fd00::1", &ipv6.sin6_addr), 1);
  EXPECT_EQ(NonPublicRange(reinterpret_cast<const sockaddr*>(&ipv6)), "unique local");
  ASSERT_EQ(inet_pton(AF_INET6, "2606:4700::1111", &ipv6.sin6_addr), 1);
  EXPECT_TRUE(IsPublicAddress(reinterpret_cast<const sockaddr*>(&ipv6)));

  sockaddr_un unix_socket{};
  unix_socket.sun_family = AF_UNIX;
  EXPECT_FALSE(IsPublicAddress(reinterpret_cast<const sockaddr*>(&unix_socket)));
  EXPECT_FALSE(IsPublicAddress(static_cast<const sockaddr*>(nullptr)));
}

TEST(AddressPolicy, NamesTheRangeOfEachKindOfAddress) {
  auto range_of = [](const char* ip) {
    sockaddr_in ipv4{};
    ipv4.sin_family = AF_INET;
    EXPECT_EQ(inet_pton(AF_INET, ip, &ipv4.sin_addr), 1) << ip;
    return std::string(NonPublicRange(reinterpret_cast<const sockaddr*>(&ipv4)));
  };
  EXPECT_EQ(range_of("127.0.0.1"), "loopback");
  EXPECT_EQ(range_of("10.1.2.3"), "private");
  EXPECT_EQ(range_of("100.64.0.1"), "shared (carrier-grade NAT)");
  EXPECT_EQ(range_of("224.0.0.1"), "multicast");
  EXPECT_EQ(range_of("255.255.255.255"), "broadcast");
  EXPECT_EQ(range_of("240.0.0.1"), "reserved");
}

}  // namespace
}  // namespace bb::domain
