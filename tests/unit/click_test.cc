#include "domain/click.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "domain/ids.h"

namespace bb::domain {
namespace {

TEST(NormalizeChannel, IsDirectWhenAbsent) { EXPECT_EQ(NormalizeChannel(""), "direct"); }

TEST(NormalizeChannel, LowercasesKnownAndCustomNames) {
  for (const char* name : {"email", "linkedin", "x", "facebook", "whatsapp", "sms", "qr", "copy"}) {
    EXPECT_EQ(NormalizeChannel(name), name);
  }
  EXPECT_EQ(NormalizeChannel("LinkedIn"), "linkedin");
  EXPECT_EQ(NormalizeChannel("EMAIL"), "email");
  EXPECT_EQ(NormalizeChannel("spring_newsletter-2026"), "spring_newsletter-2026");
  EXPECT_EQ(NormalizeChannel(std::string(32, 'c')), std::string(32, 'c'));
}

TEST(NormalizeChannel, IsOtherForAnythingElse) {
  for (std::string raw : {std::string(33, 'c'), std::string("a b"), std::string("x.com"), std::string("news/letter"),
                          std::string("caf\xc3\xa9"), std::string("%20"), std::string("<script>"), std::string(" ")}) {
    EXPECT_EQ(NormalizeChannel(raw), "other") << '"' << raw << '"';
  }
}

TEST(IsBotUserAgent, FlagsEmptyUserAgents) {
  EXPECT_TRUE(IsBotUserAgent(""));
  EXPECT_TRUE(IsBotUserAgent("   "));
}

TEST(IsBotUserAgent, FlagsCrawlersPreviewersAndTools) {
  for (const char* ua : {
           "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
           "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; "
           "+http://www.google.com/bot.html) Chrome/120.0.6099.129 Safari/537.36",
           "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
           "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
           "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
           "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
           "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 "
           "Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
           "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
           "Twitterbot/1.0",
           "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
           "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
           "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
           "TelegramBot (like TwitterBot)",
           "WhatsApp/2.23.20.0 A",
           "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
           "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.12026; Pro)",
           "Pinterest/0.2 (+https://www.pinterest.com/bot.html)",
           "redditbot/1.0",
           "Embedly/0.2 (+http://embed.ly/)",
           "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 "
           "Safari/537.36",
           "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/109.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
           "curl/8.4.0",
           "Wget/1.21.4",
           "python-requests/2.31.0",
           "Python-urllib/3.11",
           "Go-http-client/1.1",
           "okhttp/4.12.0",
           "Java/17.0.2",
           "axios/1.6.2",
           "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
           "Scrapy/2.11.0 (+https://scrapy.org)",
           "libwww-perl/6.72",
       }) {
    EXPECT_TRUE(IsBotUserAgent(ua)) << ua;
  }
}

TEST(IsBotUserAgent, PassesRealBrowsers) {
  for (const char* ua : {
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
           "Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
           "Safari/537.36 Edg/120.0.0.0",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 "
           "Safari/605.1.15",
           "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Version/17.2 Mobile/15E148 Safari/604.1",
           "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile "
           "Safari/537.36",
           "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 "
           "Chrome/115.0.0.0 Mobile Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
           "Safari/537.36 OPR/106.0.0.0",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Mobile/15E148 [FBAN/FBIOS;FBAV/442.0.0.39.109;FBBV/539433512;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;"
           "FBSV/17.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Mobile/15E148 [LinkedInApp]/9.27.4906",
           "Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "CriOS/120.0.6099.119 "
           "Mobile/15E148 Safari/604.1",
       }) {
    EXPECT_FALSE(IsBotUserAgent(ua)) << ua;
  }
}

TEST(IsBotUserAgent, PassesBrowsersWhoseNamesMerelyContainBotMarkers) {
  // People following a link: a CUBOT phone and Pinterest's in-app browser.
  for (const char* ua : {
           "Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile "
           "Safari/537.36",
           "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Mobile/15E148 [Pinterest/iOS]",
       }) {
    EXPECT_FALSE(IsBotUserAgent(ua)) << ua;
  }
}

TEST(IsBotUserAgent, FindsMarkersAtEitherEndAndInTwoCharacterUserAgents) {
  // The scan looks at byte pairs: a marker in the first or last two bytes must not slip through.
  EXPECT_TRUE(IsBotUserAgent("okhttp/4.9.0"));
  EXPECT_TRUE(IsBotUserAgent("Mozilla/5.0 (compatible; Example/1.0; +http"));
  EXPECT_TRUE(IsBotUserAgent("Mozilla/5.0 QuoraBot"));
  EXPECT_FALSE(IsBotUserAgent("ok"));
  EXPECT_FALSE(IsBotUserAgent("x"));
}

TEST(IsBotUserAgent, IsCaseInsensitive) {
  EXPECT_TRUE(IsBotUserAgent("GOOGLEBOT"));
  EXPECT_TRUE(IsBotUserAgent("FaceBookExternalHit/1.1"));
  EXPECT_TRUE(IsBotUserAgent("CURL/7.0"));
}

TEST(LandingUrlWithCode, AddsAQueryWhenThereIsNone) {
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join", "K7M3QX9"),
            "https://acme.example.com/join?bb_ref=K7M3QX9");
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com", "K7M3QX9"), "https://acme.example.com?bb_ref=K7M3QX9");
}

TEST(LandingUrlWithCode, AppendsToAnExistingQuery) {
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join?utm_source=referral&lang=en", "K7M3QX9"),
            "https://acme.example.com/join?utm_source=referral&lang=en&bb_ref=K7M3QX9");
}

TEST(LandingUrlWithCode, HandlesAnEmptyQuery) {
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join?", "K7M3QX9"),
            "https://acme.example.com/join?bb_ref=K7M3QX9");
}

TEST(LandingUrlWithCode, KeepsTheFragmentLast) {
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join#pricing", "K7M3QX9"),
            "https://acme.example.com/join?bb_ref=K7M3QX9#pricing");
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join?a=1#pricing", "K7M3QX9"),
            "https://acme.example.com/join?a=1&bb_ref=K7M3QX9#pricing");
  // A '?' inside the fragment is part of the fragment, not a query.
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/app#/route?tab=2", "K7M3QX9"),
            "https://acme.example.com/app?bb_ref=K7M3QX9#/route?tab=2");
}

TEST(LandingUrlWithCode, ReplacesAnExistingBbRef) {
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join?bb_ref=OLDCODE", "K7M3QX9"),
            "https://acme.example.com/join?bb_ref=K7M3QX9");
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join?bb_ref=OLDCODE&a=1", "K7M3QX9"),
            "https://acme.example.com/join?a=1&bb_ref=K7M3QX9");
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join?a=1&bb_ref=OLD&b=2&bb_ref&c=3#f", "K7M3QX9"),
            "https://acme.example.com/join?a=1&b=2&c=3&bb_ref=K7M3QX9#f");
}

TEST(LandingUrlWithCode, KeepsParametersThatOnlyStartLikeBbRef) {
  EXPECT_EQ(LandingUrlWithCode("https://acme.example.com/join?bb_referrer=x&xbb_ref=y", "K7M3QX9"),
            "https://acme.example.com/join?bb_referrer=x&xbb_ref=y&bb_ref=K7M3QX9");
}

TEST(IsWellFormedVisitorId, AcceptsUlids) {
  EXPECT_TRUE(IsWellFormedVisitorId("01arz3ndektsv4rrffq69g5fav"));
  std::array<std::uint8_t, 10> random{0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5};
  EXPECT_TRUE(IsWellFormedVisitorId(FormatUlid(FromMicros(1'767'225'600'000'000), random)));
}

TEST(IsWellFormedVisitorId, RejectsOtherShapes) {
  EXPECT_FALSE(IsWellFormedVisitorId(""));
  EXPECT_FALSE(IsWellFormedVisitorId("01arz3ndektsv4rrffq69g5fa"));    // 25
  EXPECT_FALSE(IsWellFormedVisitorId("01arz3ndektsv4rrffq69g5favv"));  // 27
  EXPECT_FALSE(IsWellFormedVisitorId("01ARZ3NDEKTSV4RRFFQ69G5FAV"));   // upper case
  EXPECT_FALSE(IsWellFormedVisitorId("01arz3ndektsv4rrffq69g5fa-"));
  EXPECT_FALSE(IsWellFormedVisitorId("01arz3ndektsv4rrffq69g5fai"));  // i, l, o, u are not Crockford
  EXPECT_FALSE(IsWellFormedVisitorId("AbCdEfGhIjKlMnOpQrSt-_"));      // the old base64url form
  EXPECT_FALSE(IsWellFormedVisitorId("per_01arz3ndektsv4rrffq69g5fav"));
}

TEST(ParseAddressHash, ReadsThirtyTwoLowerCaseHexDigits) {
  auto bits = ParseAddressHash("0123456789abcdeffedcba9876543210");
  ASSERT_TRUE(bits.has_value());
  EXPECT_EQ(bits->high, 0x0123456789abcdefu);
  EXPECT_EQ(bits->low, 0xfedcba9876543210u);
  EXPECT_EQ(FormatAddressHash(*bits), "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(FormatAddressHash(Bits128{0, 1}), "00000000000000000000000000000001");
  EXPECT_EQ(FormatAddressHash(Bits128{~0ull, ~0ull}), std::string(32, 'f'));
}

TEST(ParseAddressHash, RefusesAnyOtherText) {
  EXPECT_FALSE(ParseAddressHash("").has_value());
  EXPECT_FALSE(ParseAddressHash("0123456789abcdef0123456789abcde").has_value());    // 31
  EXPECT_FALSE(ParseAddressHash("0123456789abcdef0123456789abcdef0").has_value());  // 33
  EXPECT_FALSE(ParseAddressHash("0123456789ABCDEF0123456789abcdef").has_value());   // upper case
  EXPECT_FALSE(ParseAddressHash("0123456789abcdeg0123456789abcdef").has_value());
}

}  // namespace
}  // namespace bb::domain
