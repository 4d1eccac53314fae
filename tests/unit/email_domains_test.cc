#include "domain/email_domains.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// The list-based cases name domains that the pinned package versions list (package-lock.json):
// disposable-email-domains 1.0.62 and email-providers 2.26.0.

namespace bb::domain {
namespace {

using Strings = std::vector<std::string>;

TEST(IsDisposableEmailDomain, KnownDisposableDomains) {
  EXPECT_TRUE(IsDisposableEmailDomain("mailinator.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("guerrillamail.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("yopmail.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("10minutemail.com"));
}

TEST(IsDisposableEmailDomain, SubdomainsOfAListedDomain) {
  EXPECT_TRUE(IsDisposableEmailDomain("mail.mailinator.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("mail.foo.guerrillamail.com"));
}

TEST(IsDisposableEmailDomain, NamesBelowAWildcardEntry) {
  // anonaddy.com and gmail.gr.com are in wildcard.json only: the names below them are disposable,
  // they themselves are not listed.
  EXPECT_TRUE(IsDisposableEmailDomain("alias.anonaddy.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("x.gmail.gr.com"));
  EXPECT_FALSE(IsDisposableEmailDomain("gmail.gr.com"));
}

TEST(IsDisposableEmailDomain, AListedPublicSuffixCoversOnlyItself) {
  // za.com and edu.pl are in index.json and on the Public Suffix List: acme.za.com and uw.edu.pl
  // belong to other owners.
  EXPECT_TRUE(IsDisposableEmailDomain("za.com"));
  EXPECT_FALSE(IsDisposableEmailDomain("acme.za.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("edu.pl"));
  EXPECT_FALSE(IsDisposableEmailDomain("uw.edu.pl"));
  // ddns.net is a public suffix too, but in wildcard.json: its names are disposable.
  EXPECT_TRUE(IsDisposableEmailDomain("someone.ddns.net"));
}

TEST(IsDisposableEmailDomain, IgnoresCaseAndOneTrailingDot) {
  EXPECT_TRUE(IsDisposableEmailDomain("MAILINATOR.COM"));
  EXPECT_TRUE(IsDisposableEmailDomain("Mail.Mailinator.Com"));
  EXPECT_TRUE(IsDisposableEmailDomain("mailinator.com."));
  EXPECT_TRUE(IsDisposableEmailDomain("MailInator.com."));
}

TEST(IsDisposableEmailDomain, OrdinaryDomainsAreNot) {
  EXPECT_FALSE(IsDisposableEmailDomain("acme.com"));
  EXPECT_FALSE(IsDisposableEmailDomain("gmail.com"));
  EXPECT_FALSE(IsDisposableEmailDomain("com"));
  // A listed name inside a longer label is not a parent domain.
  EXPECT_FALSE(IsDisposableEmailDomain("acmemailinator.com"));
  EXPECT_FALSE(IsDisposableEmailDomain("mailinator.com.acme.com"));
}

TEST(IsDisposableEmailDomain, NonDomainsAreNot) {
  EXPECT_FALSE(IsDisposableEmailDomain(""));
  EXPECT_FALSE(IsDisposableEmailDomain("."));
  EXPECT_FALSE(IsDisposableEmailDomain("mailinator.com.."));
  EXPECT_FALSE(IsDisposableEmailDomain(".mailinator.com"));
  EXPECT_FALSE(IsDisposableEmailDomain("a..mailinator.com"));
  EXPECT_FALSE(IsDisposableEmailDomain(std::string(250, 'a') + ".mailinator.com"));
}

TEST(IsFreeEmailDomain, WebmailProviders) {
  EXPECT_TRUE(IsFreeEmailDomain("gmail.com"));
  EXPECT_TRUE(IsFreeEmailDomain("outlook.com"));
  EXPECT_TRUE(IsFreeEmailDomain("yahoo.com"));
  EXPECT_TRUE(IsFreeEmailDomain("hotmail.com"));
  EXPECT_TRUE(IsFreeEmailDomain("googlemail.com"));
}

TEST(IsFreeEmailDomain, SubdomainsCaseAndTrailingDot) {
  EXPECT_TRUE(IsFreeEmailDomain("eu.mail.gmail.com"));
  EXPECT_TRUE(IsFreeEmailDomain("GMail.COM"));
  EXPECT_TRUE(IsFreeEmailDomain("gmail.com."));
}

TEST(IsFreeEmailDomain, CompanyDomainsAreNot) {
  EXPECT_FALSE(IsFreeEmailDomain("acme.com"));
  EXPECT_FALSE(IsFreeEmailDomain("mail.acme.co.uk"));
  EXPECT_FALSE(IsFreeEmailDomain("gmail.com.acme.com"));
  EXPECT_FALSE(IsFreeEmailDomain("notgmail.com"));
  EXPECT_FALSE(IsFreeEmailDomain(""));
  // com.ar is listed but is a public suffix: Argentinian companies are not webmail.
  EXPECT_TRUE(IsFreeEmailDomain("com.ar"));
  EXPECT_FALSE(IsFreeEmailDomain("acme.com.ar"));
}

TEST(ParseJsonStringArray, ReadsStringsInOrder) {
  EXPECT_EQ(ParseJsonStringArray(R"(["b.com","a.com"])"), (Strings{"b.com", "a.com"}));
  EXPECT_EQ(ParseJsonStringArray(" [\n  \"a.com\" ,\r\n\t\"\" ] \n"), (Strings{"a.com", ""}));
  EXPECT_EQ(ParseJsonStringArray("[]"), Strings{});
  EXPECT_EQ(ParseJsonStringArray(" [ ] "), Strings{});
}

TEST(ParseJsonStringArray, DecodesEscapes) {
  EXPECT_EQ(ParseJsonStringArray(R"(["a\"b\\c\/d\b\f\n\r\t"])"), (Strings{"a\"b\\c/d\b\f\n\r\t"}));
  EXPECT_EQ(ParseJsonStringArray(R"(["\u0041\u00e9\u20AC"])"), (Strings{"A\xC3\xA9\xE2\x82\xAC"}));
  EXPECT_EQ(ParseJsonStringArray(R"(["\ud83d\ude00"])"), (Strings{"\xF0\x9F\x98\x80"}));
  // Bytes other than escapes are copied as they are.
  EXPECT_EQ(ParseJsonStringArray("[\"b\u00FCcher.de\"]"), (Strings{"b\u00FCcher.de"}));
}

TEST(ParseJsonStringArray, RejectsEverythingElse) {
  for (const char* json : {"",
                           " ",
                           "[",
                           "]",
                           "[\"a\"",
                           "[\"a",
                           "[\"a\",]",
                           "[,\"a\"]",
                           "[\"a\" \"b\"]",
                           "[\"a\"]]",
                           "[\"a\"] x",
                           "[1]",
                           "[\"a\", null]",
                           "[[\"a\"]]",
                           "{\"a\": \"b\"}",
                           "\"a\"",
                           "[\"a\\x\"]",
                           "[\"\\u12\"]",
                           "[\"\\u12G4\"]",
                           "[\"\\ud83d\"]",
                           "[\"\\ud83d\\u0041\"]",
                           "[\"\\ude00\"]",
                           "[\"a\nb\"]",
                           "['a']"}) {
    EXPECT_EQ(ParseJsonStringArray(json), std::nullopt) << json;
  }
}

}  // namespace
}  // namespace bb::domain
