#include "domain/validation.h"

#include <gtest/gtest.h>

#include <string>

namespace bb::domain {
namespace {

// An address of exactly `length` characters: 64-character local part, labels of at most 63.
std::string EmailOfLength(std::size_t length) {
  std::string local(64, 'a');
  std::string domain = std::string(63, 'b') + "." + std::string(63, 'c') + ".";
  std::size_t rest = length - local.size() - 1 - domain.size() - 4;  // 4: ".com"
  domain += std::string(rest, 'd') + ".com";
  return local + "@" + domain;
}

TEST(CheckEmail, AcceptsPracticalAddresses) {
  for (const char* email :
       {"a@example.com", "first.last@example.com", "first.last+tag@sub.example.co.uk", "o'brien@example.org",
        "user_name-1@my-domain.io", "x@a1.example.museum", "UPPER@EXAMPLE.COM", "!#$%&'*+-/=?^_`{|}~@example.com"}) {
    EXPECT_EQ(CheckEmail(email), "") << email;
  }
}

TEST(CheckEmail, RejectsMalformedAddresses) {
  for (const char* email : {"",
                            "plainaddress",
                            "@example.com",
                            "user@",
                            "user@localhost",
                            "user@example",
                            "user@example.c",
                            "user@example.c0m",
                            "user@example.123",
                            ".user@example.com",
                            "user.@example.com",
                            "us..er@example.com",
                            "us er@example.com",
                            "user@exa mple.com",
                            "user@-example.com",
                            "user@example-.com",
                            "user@exa_mple.com",
                            "user@example..com",
                            "user@.example.com",
                            "user@example.com.",
                            "user@[127.0.0.1]",
                            "us\"er@example.com",
                            "user@example.com\n",
                            "us(er)@example.com",
                            "us\xc3\xa9r@example.com"}) {
    EXPECT_NE(CheckEmail(email), "") << '"' << email << '"';
  }
}

TEST(CheckEmail, LimitsTheLocalPartTo64Characters) {
  EXPECT_EQ(CheckEmail(std::string(64, 'a') + "@example.com"), "");
  EXPECT_NE(CheckEmail(std::string(65, 'a') + "@example.com"), "");
}

TEST(CheckEmail, LimitsTheAddressTo254Characters) {
  std::string longest = EmailOfLength(254);
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_EQ(CheckEmail(longest), "") << longest;
  std::string too_long = EmailOfLength(255);
  ASSERT_EQ(too_long.size(), 255u);
  EXPECT_EQ(CheckEmail(too_long), "must be at most 254 characters");
}

TEST(CheckEmail, LimitsDomainLabelsTo63Characters) {
  EXPECT_EQ(CheckEmail("a@" + std::string(63, 'b') + ".com"), "");
  EXPECT_NE(CheckEmail("a@" + std::string(64, 'b') + ".com"), "");
}

TEST(NormalizeEmail, TrimsAndLowercases) {
  EXPECT_EQ(NormalizeEmail("  Alice.Smith@Example.COM \t"), "alice.smith@example.com");
  EXPECT_EQ(NormalizeEmail("bob@example.com"), "bob@example.com");
}

TEST(CheckHttpUrl, AcceptsAbsoluteHttpUrls) {
  for (const char* url :
       {"https://example.com", "http://example.com/", "https://www.example.com/join",
        "https://example.com/path/to/page?q=1&r=two#section", "https://example.com:8443/x", "http://example.com:80",
        "https://example.com:65535/", "http://localhost:8080/join", "http://localhost", "http://127.0.0.1/",
        "http://192.168.0.1:3000/a", "https://example.com/a%20b%2Fc", "https://example.com/?email=a@b.com",
        "https://example.com/~user/(x)!$&'*+,;=:@", "https://sub-domain.example.co.uk/p", "https://[2001:db8::1]/",
        "https://[2606:4700:4700::1111]:8443/hook", "http://[::1]", "https://[::ffff:192.0.2.1]/x"}) {
    EXPECT_EQ(CheckHttpUrl(url), "") << url;
  }
}

TEST(CheckHttpUrl, RejectsOtherSchemesAndRelativeUrls) {
  for (const char* url : {"", "example.com", "//example.com/", "/join", "ftp://example.com/", "javascript:alert(1)",
                          "https:/example.com", "mailto:a@b.com"}) {
    EXPECT_NE(CheckHttpUrl(url), "") << url;
  }
}

TEST(CheckHttpUrl, RejectsCredentials) {
  EXPECT_EQ(CheckHttpUrl("https://user:pass@example.com/"), "must not contain credentials");
  EXPECT_EQ(CheckHttpUrl("https://user@example.com/"), "must not contain credentials");
  EXPECT_EQ(CheckHttpUrl("https://@example.com"), "must not contain credentials");
}

TEST(CheckHttpUrl, RejectsBadPorts) {
  for (const char* url : {"https://example.com:65536/", "https://example.com:70000", "https://example.com:/",
                          "https://example.com:8a/", "https://example.com:-1/", "https://example.com:123456/"}) {
    EXPECT_EQ(CheckHttpUrl(url), "has an invalid port") << url;
  }
}

TEST(CheckHttpUrl, RejectsBadHosts) {
  for (const char* url : {"https:///path", "https://", "https://exa mple.com/", "https://example/",
                          "https://-example.com/", "https://exa_mple.com/", "https://256.1.1.1/", "https://1.2.3/",
                          "https://1.2.3.4.5/", "https://example..com/", "https://[::1/", "https://[zz::1]/",
                          "https://[::1]x/", "https://[]/", "https://[fe80::1%25eth0]/", "https://[1.2.3.4]/"}) {
    EXPECT_EQ(CheckHttpUrl(url), "has an invalid host") << url;
  }
}

TEST(CheckHttpUrl, ChecksPercentEscapes) {
  EXPECT_EQ(CheckHttpUrl("https://example.com/a%2fb%C3%A9"), "");
  EXPECT_EQ(CheckHttpUrl("https://example.com/%zz"), "has an invalid percent-escape");
  EXPECT_EQ(CheckHttpUrl("https://example.com/%2"), "has an invalid percent-escape");
  EXPECT_EQ(CheckHttpUrl("https://example.com/%"), "has an invalid percent-escape");
  EXPECT_EQ(CheckHttpUrl("https://example.com/?q=%g1"), "has an invalid percent-escape");
}

TEST(CheckHttpUrl, RejectsCharactersThatMustBeEscaped) {
  for (const char* url : {"https://example.com/a b", "https://example.com/<x>", "https://example.com/\"",
                          "https://example.com/a\\b", "https://example.com/{}", "https://example.com/\xc3\xa9",
                          "https://example.com/a\nb", "https://example.com/a^b", "https://example.com/a|b"}) {
    EXPECT_EQ(CheckHttpUrl(url), "contains characters that must be percent-encoded") << url;
  }
}

TEST(CheckHttpUrl, LimitsLengthTo2048) {
  std::string prefix = "https://example.com/";
  EXPECT_EQ(CheckHttpUrl(prefix + std::string(kMaxUrlLength - prefix.size(), 'a')), "");
  EXPECT_EQ(CheckHttpUrl(prefix + std::string(kMaxUrlLength - prefix.size() + 1, 'a')),
            "must be at most 2048 characters");
}

TEST(CheckCurrency, AcceptsActiveIso4217Codes) {
  for (const char* code : {"USD", "EUR", "GBP", "JPY", "CHF", "INR", "BRL", "ZAR"}) EXPECT_EQ(CheckCurrency(code), "");
}

TEST(CheckCurrency, RejectsEverythingElse) {
  for (const char* code : {"", "usd", "Eur", "EURO", "EU", "XXX", "ABC", "DEM", " USD", "USD "}) {
    EXPECT_NE(CheckCurrency(code), "") << '"' << code << '"';
  }
}

TEST(CheckSlug, AcceptsLowercaseLettersDigitsAndInnerHyphens) {
  for (const char* slug : {"a", "acme", "acme-partners", "partners-2026", "0"}) EXPECT_EQ(CheckSlug(slug), "");
  EXPECT_EQ(CheckSlug(std::string(64, 'a')), "");
}

TEST(CheckSlug, RejectsEverythingElse) {
  for (const char* slug :
       {"", "-acme", "acme-", "-", "Acme", "acme_partners", "acme partners", "acme.io", "caf\xc3\xa9"}) {
    EXPECT_NE(CheckSlug(slug), "") << '"' << slug << '"';
  }
  EXPECT_NE(CheckSlug(std::string(65, 'a')), "");
}

TEST(SlugFromName, LowercasesAndJoinsWordsWithHyphens) {
  EXPECT_EQ(SlugFromName("Acme Partners!"), "acme-partners");
  EXPECT_EQ(SlugFromName("  Hello,   World  "), "hello-world");
  EXPECT_EQ(SlugFromName("Q3 2026 -- Customer Referrals"), "q3-2026-customer-referrals");
  EXPECT_EQ(SlugFromName("already-a-slug"), "already-a-slug");
}

TEST(SlugFromName, IsEmptyWithoutLettersOrDigits) {
  EXPECT_EQ(SlugFromName(""), "");
  EXPECT_EQ(SlugFromName("!!! ---"), "");
}

TEST(SlugFromName, ProducesValidSlugs) {
  const std::string names[] = {"Acme Partners!", "-Leading and trailing-",
                               "\xc3\x9c"
                               "n\xc3\xaf"
                               "code Name",
                               std::string(200, 'x'),
                               "a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6 7 8 9"};
  for (const std::string& name : names) {
    std::string slug = SlugFromName(name);
    ASSERT_FALSE(slug.empty()) << name;
    EXPECT_EQ(CheckSlug(slug), "") << name << " -> " << slug;
  }
}

TEST(SlugFromName, CapsTheLength) {
  std::string slug = SlugFromName(std::string(100, 'a'));
  EXPECT_LE(slug.size(), 64u);
  EXPECT_EQ(CheckSlug(slug), "");
}

TEST(CheckText, AcceptsPlainSingleLineText) {
  EXPECT_EQ(CheckText("Hello", 10), "");
  EXPECT_EQ(CheckText("tab\tseparated", 20), "");
  EXPECT_EQ(CheckText("caf\xc3\xa9 \xf0\x9f\x98\x80", 20), "");
}

TEST(CheckText, RequiresNonBlankTextUnlessEmptyIsAllowed) {
  EXPECT_EQ(CheckText("", 10), "must not be empty");
  EXPECT_EQ(CheckText("   \t", 10), "must not be empty");
  EXPECT_EQ(CheckText("", 10, true), "");
  EXPECT_EQ(CheckText("  ", 10, true), "");
}

// Regression (issue 12): the limit counted bytes, so a name in Greek or Japanese hit "at most 100
// characters" at 50 or 34 of them, unlike the docs.
TEST(CheckText, LimitsLengthInCharactersNotBytes) {
  EXPECT_EQ(CheckText(std::string(10, 'a'), 10), "");
  EXPECT_EQ(CheckText(std::string(11, 'a'), 10), "must be at most 10 characters");
  EXPECT_EQ(CheckText("\xc3\xa9\xc3\xa9\xc3\xa9", 5), "");  // three characters, six bytes
  std::string five_kanji;
  for (int i = 0; i < 5; ++i) five_kanji += "\xe6\xbc\xa2";  // 漢: 3 bytes
  EXPECT_EQ(CheckText(five_kanji, 5), "");
  EXPECT_EQ(CheckText(five_kanji + "a", 5), "must be at most 5 characters");
  EXPECT_EQ(CheckText("\xf0\x9f\x90\xa6", 1), "");  // one emoji, four bytes
}

TEST(CodePointCount, CountsTheBytesThatStartACharacter) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("caf\xc3\xa9"), 4u);
  EXPECT_EQ(CodePointCount("\xf0\x9f\x90\xa6\xe6\xbc\xa2"), 2u);
}

TEST(CheckText, RejectsLineBreaksInSingleLineText) {
  EXPECT_EQ(CheckText("two\nlines", 20), "must be a single line without control characters");
  EXPECT_EQ(CheckText("two\rlines", 20), "must be a single line without control characters");
}

TEST(CheckText, AcceptsLineBreaksInMultiLineText) {
  EXPECT_EQ(CheckText("two\nlines\r\nand\ttabs", 40, false, TextShape::kMultiLine), "");
}

TEST(CheckText, RejectsControlCharactersInEitherShape) {
  for (std::string text : {std::string("nul\0byte", 8), std::string("bell\a"), std::string("esc\x1b[0m"),
                           std::string("vertical\vtab"), std::string("form\ffeed")}) {
    EXPECT_NE(CheckText(text, 40), "") << text;
    EXPECT_EQ(CheckText(text, 40, false, TextShape::kMultiLine), "must not contain control characters") << text;
  }
}

TEST(CheckText, RejectsDeleteAsAControlCharacter) {
  // U+007F DELETE is a control character (Unicode category Cc; iscntrl), like U+0000-U+001F.
  EXPECT_NE(CheckText("del\x7f", 40), "");
  EXPECT_NE(CheckText("del\x7f", 40, false, TextShape::kMultiLine), "");
}

TEST(Trim, RemovesAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim("\f\vx\v"), "x");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("inner  space"), "inner  space");
}

TEST(TruncateUtf8, KeepsShortTextWhole) {
  EXPECT_EQ(TruncateUtf8("hello", 5), "hello");
  EXPECT_EQ(TruncateUtf8("hello", 100), "hello");
  EXPECT_EQ(TruncateUtf8("", 0), "");
}

TEST(TruncateUtf8, CutsAsciiAtTheLimit) {
  EXPECT_EQ(TruncateUtf8("hello world", 5), "hello");
  EXPECT_EQ(TruncateUtf8("hello", 0), "");
}

TEST(TruncateUtf8, NeverCutsAMultiByteSequence) {
  const std::string two = "\xc3\xa9";                       // é
  const std::string three = "\xe2\x82\xac";                 // €
  const std::string four = "\xf0\x9f\x98\x80";              // 😀
  const std::string text = "a" + two + three + four + "z";  // 1 + 2 + 3 + 4 + 1 = 11 bytes
  const std::size_t boundaries[] = {0, 1, 3, 6, 10, 11};
  for (std::size_t max = 0; max <= text.size(); ++max) {
    std::string cut = TruncateUtf8(text, max);
    std::size_t expected = 0;
    for (std::size_t b : boundaries) {
      if (b <= max) expected = b;
    }
    EXPECT_EQ(cut, text.substr(0, expected)) << "max " << max;
  }
}

TEST(TruncateUtf8, HandlesTextOfOnlyMultiByteCharacters) {
  std::string emoji = "\xf0\x9f\x98\x80\xf0\x9f\x98\x80";
  EXPECT_EQ(TruncateUtf8(emoji, 3), "");
  EXPECT_EQ(TruncateUtf8(emoji, 4), "\xf0\x9f\x98\x80");
  EXPECT_EQ(TruncateUtf8(emoji, 7), "\xf0\x9f\x98\x80");
}

}  // namespace
}  // namespace bb::domain

namespace bb::domain {
namespace {

TEST(StorableUtf8, AcceptsWellFormedTextAndRefusesEverythingElse) {
  EXPECT_TRUE(IsStorableUtf8(""));
  EXPECT_TRUE(IsStorableUtf8("Ada Lovelace — Zürich 日本 🐦"));
  EXPECT_FALSE(IsStorableUtf8(std::string("a\0b", 3)));  // NUL
  EXPECT_FALSE(IsStorableUtf8("\xE9t\xE9"));             // Latin-1
  EXPECT_FALSE(IsStorableUtf8("\xC0\xAF"));              // overlong '/'
  EXPECT_FALSE(IsStorableUtf8("\xED\xA0\x80"));          // a surrogate
  EXPECT_FALSE(IsStorableUtf8("\xF4\x90\x80\x80"));      // past U+10FFFF
  EXPECT_FALSE(IsStorableUtf8("\xE2\x82"));              // cut short
}

// Regression (review): on PostgreSQL, a User-Agent with a Latin-1 byte made every click of that
// browser fail (PostgreSQL refuses invalid UTF-8); it is now kept with U+FFFD in its place.
TEST(StorableUtf8, ReplacesEachInvalidByteAndKeepsTheRest) {
  EXPECT_EQ(ToStorableUtf8("Mozilla/5.0 (caf\xE9)"), "Mozilla/5.0 (caf\xEF\xBF\xBD)");
  EXPECT_EQ(ToStorableUtf8(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToStorableUtf8("Zürich 🐦"), "Zürich 🐦");
  EXPECT_TRUE(IsStorableUtf8(ToStorableUtf8("\xF0\x9F\x90\xC0\xFF\xE2\x82")));
}

}  // namespace
}  // namespace bb::domain
