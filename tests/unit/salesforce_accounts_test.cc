// How a Salesforce Account's Website is compared with a referee's email domain
// (jobs/salesforce_accounts.h): the host of a site's root as people write it (a page on a shared
// host is no company's domain), and "is this host the domain or below it" without taking a longer
// name that ends the same way for the same company.

#include "jobs/salesforce_accounts.h"

#include <gtest/gtest.h>

namespace bb::jobs {
namespace {

TEST(WebsiteHostTest, TakesTheHostHoweverTheWebsiteIsWritten) {
  EXPECT_EQ(WebsiteHost("acme.example"), "acme.example");
  EXPECT_EQ(WebsiteHost("www.acme.example"), "acme.example");
  EXPECT_EQ(WebsiteHost("https://WWW.Acme.Example:443/"), "acme.example");
  EXPECT_EQ(WebsiteHost("http://acme.example."), "acme.example");
  EXPECT_EQ(WebsiteHost("  shop.acme.example/  "), "shop.acme.example");
  EXPECT_EQ(WebsiteHost("https://user@acme.example/"), "acme.example");
  EXPECT_EQ(WebsiteHost(""), "");
  // Regression (from an adversarial review): a page on a shared host matched everyone of that host.
  EXPECT_EQ(WebsiteHost("facebook.com/acmebakery"), "") << "a page names no company's domain";
  EXPECT_EQ(WebsiteHost("https://sites.google.com/view/acme"), "");
  EXPECT_EQ(WebsiteHost("https://acme.example/about?x=1#top"), "");
  EXPECT_EQ(WebsiteHost("acme.example?ref=1"), "");
  EXPECT_EQ(WebsiteHost("https://"), "");
}

TEST(HostIsInDomainTest, TheDomainAndNamesBelowItOnly) {
  EXPECT_TRUE(HostIsInDomain("acme.example", "acme.example"));
  EXPECT_TRUE(HostIsInDomain("shop.acme.example", "acme.example"));
  EXPECT_FALSE(HostIsInDomain("notacme.example", "acme.example")) << "another company's name ending alike";
  EXPECT_FALSE(HostIsInDomain("acme.example.evil", "acme.example"));
  EXPECT_FALSE(HostIsInDomain("example", "acme.example"));
  EXPECT_FALSE(HostIsInDomain("", "acme.example"));
  EXPECT_FALSE(HostIsInDomain("acme.example", ""));
}

}  // namespace
}  // namespace bb::jobs
