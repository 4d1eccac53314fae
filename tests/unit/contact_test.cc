#include "domain/contact.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

TEST(EmailMatchKey, LowerCasesAndTrims) { EXPECT_EQ(EmailMatchKey("  Ana.Lopez@Acme.COM "), "ana.lopez@acme.com"); }

TEST(EmailMatchKey, GmailIgnoresDotsAndPlusTagsAndGooglemailIsGmail) {
  EXPECT_EQ(EmailMatchKey("Ana.Lopez+referrals@gmail.com"), "analopez@gmail.com");
  EXPECT_EQ(EmailMatchKey("a.n.a.lopez@googlemail.com"), "analopez@gmail.com");
  EXPECT_EQ(EmailMatchKey("analopez@GMAIL.com"), EmailMatchKey("ana.lopez+x@googlemail.com"));
}

TEST(EmailMatchKey, PlusTagProvidersDropTheTagButKeepDots) {
  EXPECT_EQ(EmailMatchKey("ana.lopez+news@outlook.com"), "ana.lopez@outlook.com");
  EXPECT_EQ(EmailMatchKey("ana+x@icloud.com"), "ana@icloud.com");
  EXPECT_EQ(EmailMatchKey("ana+x@proton.me"), "ana@proton.me");
}

TEST(EmailMatchKey, OtherDomainsKeepTagsAndDots) {
  // A company's mail server may deliver "sales+eu" to another mailbox than "sales".
  EXPECT_EQ(EmailMatchKey("sales+eu@acme.com"), "sales+eu@acme.com");
  EXPECT_EQ(EmailMatchKey("ana.lopez@acme.com"), "ana.lopez@acme.com");
}

TEST(EmailMatchKey, ANameThatIsOnlyATagIsKept) { EXPECT_EQ(EmailMatchKey("+tag@gmail.com"), "+tag@gmail.com"); }

TEST(EmailDomainPart, IsWhatFollowsTheLastAt) {
  EXPECT_EQ(EmailDomainPart("ana@Mail.Acme.example"), "Mail.Acme.example");
  EXPECT_EQ(EmailDomainPart("\"a@b\"@acme.example"), "acme.example");
  EXPECT_EQ(EmailDomainPart("no-at-sign"), "");
  EXPECT_EQ(EmailDomainPart("ana@"), "");
}

TEST(RegistrableEmailDomain, ReducesSubdomainsToTheRegistrableDomain) {
  EXPECT_EQ(RegistrableEmailDomain("ana@eu.mail.acme.co.uk"), "acme.co.uk");
  EXPECT_EQ(RegistrableEmailDomain("ana@Sales.Acme.com"), "acme.com");
  EXPECT_EQ(RegistrableEmailDomain("ana@acme.com"), "acme.com");
}

TEST(RegistrableEmailDomain, IsEmptyForAPublicSuffix) {
  EXPECT_EQ(RegistrableEmailDomain("ana@co.uk"), "");
  EXPECT_EQ(RegistrableEmailDomain("ana@com"), "");
}

TEST(RegistrableEmailDomain, KeepsDistinctCustomersOfSharedHostsApart) {
  // github.io is a public suffix: two sites there are two registrable domains.
  EXPECT_EQ(RegistrableEmailDomain("a@one.github.io"), "one.github.io");
  EXPECT_NE(RegistrableEmailDomain("a@one.github.io"), RegistrableEmailDomain("b@two.github.io"));
}

TEST(CompanyDomain, IsTheRegistrableDomainLowerCasedButNotFreeEmail) {
  EXPECT_EQ(CompanyDomain("ana@Acme.Example", "Acme.Example"), "acme.example");
  EXPECT_EQ(CompanyEmailDomain("ana@eu.mail.acme.co.uk"), "acme.co.uk");
  EXPECT_EQ(CompanyEmailDomain("Sales.Acme.example"), "acme.example") << "a bare host";
  EXPECT_EQ(CompanyEmailDomain("ana@gmail.com"), "");
  EXPECT_EQ(CompanyEmailDomain("ana@GMAIL.com"), "");
  EXPECT_EQ(CompanyDomain("ana@acme.example", ""), "");
}

TEST(CompanyDomain, ReviewFindingAFreeEmailHostBelowAnotherRegistrableDomainIsNoCompany) {
  // The provider lists name hosts below registrable domains that are no provider's: Apple's
  // "Hide My Email" relay is privaterelay.appleid.com; its users are no one company.
  EXPECT_EQ(RegistrableEmailDomain("y@privaterelay.appleid.com"), "appleid.com");
  EXPECT_TRUE(IsFreeEmailAddress("y@privaterelay.appleid.com"));
  EXPECT_EQ(CompanyEmailDomain("y@privaterelay.appleid.com"), "");
  EXPECT_EQ(CompanyDomain("y@privaterelay.appleid.com", "appleid.com"), "");
  EXPECT_FALSE(IsFreeEmailAddress("ana@acme.example"));
}

TEST(IsHostName, TakesDottedLabelsOfLettersDigitsAndHyphensOnly) {
  for (std::string_view host : {"acme.example", "Sales.Acme.example", "xn--bcher-kva.example", "bücher.example",
                                "a-b.c0.example", "localhost"}) {
    EXPECT_TRUE(IsHostName(host)) << host;
  }
  const std::string long_label(64, 'a');
  const std::string too_long = std::string(250, 'a') + ".com";
  for (std::string_view host :
       {"", "ana@acme.example", "*.acme.example", "a b.example", "acme..example", ".acme.example", "acme.example.",
        "bob<>.example", "\tacme.example", "acme.example\n"}) {
    EXPECT_FALSE(IsHostName(host)) << host;
  }
  EXPECT_FALSE(IsHostName(long_label + ".example"));
  EXPECT_TRUE(IsHostName(std::string(63, 'a') + ".example"));
  EXPECT_FALSE(IsHostName(too_long));
}

}  // namespace
}  // namespace bb::domain
