// Email templates: every default is valid, bad templates are refused naming the field, rendering
// escapes values in HTML, makes a paragraph of only {{link}} a button, and adds the unsubscribe
// footer only to mail that is not transactional. Placeholders found and filled as written.

#include "domain/email_template.h"

#include <gtest/gtest.h>

#include <array>

#include "domain/placeholders.h"

namespace bb::domain {
namespace {

std::vector<std::string> FieldsOf(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(EmailTemplate, EveryKindHasAValidDefaultAndARoundTrippingName) {
  EXPECT_EQ(AllEmailKinds().size(), 13u);
  for (EmailKind kind : AllEmailKinds()) {
    const EmailKindInfo& info = InfoOf(kind);
    EXPECT_TRUE(CheckEmailTemplate(kind, info.default_subject, info.default_body).empty()) << ToString(kind);
    EXPECT_EQ(ParseEmailKind(ToString(kind)), kind);
    EXPECT_FALSE(info.description.empty());
  }
  EXPECT_FALSE(ParseEmailKind("Invitation"));
  EXPECT_TRUE(InfoOf(EmailKind::kSignInLink).transactional);
  EXPECT_FALSE(InfoOf(EmailKind::kInvitation).transactional);
}

TEST(EmailTemplate, RefusesUnknownPlaceholdersMissingLinksAndBadShapes) {
  auto errors = CheckEmailTemplate(EmailKind::kInvitation, "Hi {{advocate.nickname}}", "Join: {{ link }}");
  ASSERT_EQ(FieldsOf(errors), std::vector<std::string>{"subject"});
  EXPECT_EQ(errors[0].message,
            "uses the placeholder {{advocate.nickname}}, which this kind of email does not offer; it offers "
            "{{advocate.first_name}}, {{advocate.last_name}}, {{program.name}}, {{link}}");
  errors = CheckEmailTemplate(EmailKind::kInvitation, "Hi", "No link here");
  ASSERT_EQ(FieldsOf(errors), std::vector<std::string>{"body"});
  EXPECT_EQ(errors[0].message, "must use {{link}}: this email is of no use without it");
  EXPECT_TRUE(CheckEmailTemplate(EmailKind::kWelcome, "Hi", "No link is fine here").empty());
  // Review finding: the outbox keeps subjects, so a one-time link there outlived the email.
  errors = CheckEmailTemplate(EmailKind::kSignInLink, "Sign in: {{ link }}", "{{link}}");
  ASSERT_EQ(FieldsOf(errors), std::vector<std::string>{"subject"});
  EXPECT_EQ(errors[0].message, "must not use {{link}}: a link belongs in the body");
  EXPECT_EQ(FieldsOf(CheckEmailTemplate(EmailKind::kWelcome, "Two\nlines", "")),
            (std::vector<std::string>{"subject", "body"}));
  EXPECT_EQ(FieldsOf(CheckEmailTemplate(EmailKind::kWelcome, std::string(201, 'x'), "ok")),
            std::vector<std::string>{"subject"});
  EXPECT_EQ(FieldsOf(CheckEmailTemplate(EmailKind::kWelcome, "ok", std::string(10001, 'x'))),
            std::vector<std::string>{"body"});
  EXPECT_EQ(FieldsOf(CheckEmailTemplate(EmailKind::kReferralWon, "{{reward.amount}}", "ok")),
            std::vector<std::string>{"subject"})
      << "reward placeholders belong to reward emails";
}

TEST(EmailTemplate, RendersBothPartsEscapingValuesWithTheLinkAsAButton) {
  EmailBrand brand{"Acme <Partners>", "#1d4ed8", "https://acme.example/logo.png"};
  EmailValues values{{"advocate.first_name", "<script>alert(1)</script>"},
                     {"link", "https://links.test/join/acme?invite=abc&x=1"}};
  RenderedEmail out = RenderEmailTemplate(EmailKind::kInvitation, "{{advocate.first_name}}, join {{program.name}}",
                                          "Hello {{advocate.first_name}},\n\nSee {{link}} today.\n\n{{link}}", brand,
                                          values, "https://links.test/portal/unsubscribe?token=t");
  EXPECT_EQ(out.subject, "<script>alert(1)</script>, join ");
  EXPECT_EQ(out.text.substr(0, out.text.find("\n--\n")),
            "Hello <script>alert(1)</script>,\n\nSee https://links.test/join/acme?invite=abc&x=1 today.\n\n"
            "https://links.test/join/acme?invite=abc&x=1\n");
  EXPECT_NE(out.text.find("Unsubscribe: https://links.test/portal/unsubscribe?token=t"), std::string::npos);
  EXPECT_EQ(out.html.find("<script>"), std::string::npos) << out.html;
  EXPECT_NE(out.html.find("Hello &lt;script&gt;alert(1)&lt;/script&gt;,"), std::string::npos);
  EXPECT_NE(out.html.find("Acme &lt;Partners&gt;"), std::string::npos);
  EXPECT_NE(out.html.find("<img src=\"https://acme.example/logo.png\""), std::string::npos);
  EXPECT_NE(out.html.find("background:#1d4ed8"), std::string::npos);
  EXPECT_NE(out.html.find("See <a href=\"https://links.test/join/acme?invite=abc&amp;x=1\">"), std::string::npos)
      << "an inline link";
  EXPECT_NE(out.html.find("<a href=\"https://links.test/join/acme?invite=abc&amp;x=1\" style=\"background:#1d4ed8"),
            std::string::npos)
      << "a paragraph of only {{link}} is a button";
  EXPECT_NE(out.html.find(">Join now</a>"), std::string::npos);
  EXPECT_NE(out.html.find("href=\"https://links.test/portal/unsubscribe?token=t\""), std::string::npos);
}

// Regression: an invitation to a promoter known only by their address read ", you are invited to
// Acme" and "Hello ,".
TEST(EmailTemplate, ANameTheEmailDoesNotHaveLeavesNoStrayComma) {
  EmailBrand brand{"Acme", "#1d4ed8", ""};
  EmailValues values{{"advocate.first_name", ""}, {"link", "https://links.test/join/acme?invite=abc"}};
  const EmailKindInfo& info = InfoOf(EmailKind::kInvitation);
  RenderedEmail out = RenderEmailTemplate(EmailKind::kInvitation, info.default_subject, info.default_body, brand,
                                          values, "https://links.test/u");
  EXPECT_EQ(out.subject, "You are invited to ");
  EXPECT_EQ(out.text.substr(0, out.text.find('\n')), "Hello,");
  EXPECT_NE(out.html.find("<p>Hello,</p>"), std::string::npos) << out.html;
  values["advocate.first_name"] = "Zoe";
  out = RenderEmailTemplate(EmailKind::kInvitation, info.default_subject, info.default_body, brand, values,
                            "https://links.test/u");
  EXPECT_EQ(out.text.substr(0, out.text.find('\n')), "Hello Zoe,") << "a name is left as it is";
  EXPECT_EQ(out.subject, "Zoe, you are invited to ");
}

TEST(EmailTemplate, TheSurveysLinkParagraphIsTheScaleOfElevenOneClickScores) {
  const EmailKindInfo& info = InfoOf(EmailKind::kNpsSurvey);
  EXPECT_TRUE(info.score_scale);
  EXPECT_FALSE(info.transactional) << "a survey may be unsubscribed from";
  EXPECT_FALSE(info.automatic) << "sent by a campaign, so it cannot be turned off";
  RenderedEmail out = RenderEmailTemplate(
      EmailKind::kNpsSurvey, info.default_subject, info.default_body, {"Acme", "#1d4ed8", ""},
      {{"advocate.first_name", "Dee"}, {"program.name", "Acme"}, {"link", "https://links.test/survey/cmp_1.abc"}},
      "https://links.test/portal/unsubscribe?token=t");
  EXPECT_EQ(out.subject, "Dee, a quick question from Acme");
  EXPECT_NE(out.text.find("\n\nhttps://links.test/survey/cmp_1.abc\n\n"), std::string::npos)
      << "the plain text keeps the page's link: " << out.text;
  for (int score = 0; score <= 10; ++score) {
    EXPECT_NE(out.html.find("href=\"https://links.test/survey/cmp_1.abc?score=" + std::to_string(score) + "\""),
              std::string::npos)
        << score;
  }
  EXPECT_EQ(out.html.find("score=11"), std::string::npos);
  EXPECT_EQ(out.html.find(">Answer</a>"), std::string::npos) << "the scale, not a button";
  EXPECT_NE(out.html.find("0: not at all likely"), std::string::npos);
  EXPECT_NE(out.html.find("10: extremely likely"), std::string::npos);
  // A link with a query already gets its scores joined with "&".
  RenderedEmail joined = RenderEmailTemplate(EmailKind::kNpsSurvey, "Q", "{{link}}", {"Acme", "#1d4ed8", ""},
                                             {{"link", "https://links.test/survey?t=1"}}, "https://u");
  EXPECT_NE(joined.html.find("href=\"https://links.test/survey?t=1&amp;score=7\""), std::string::npos) << joined.html;
}

TEST(EmailTemplate, TransactionalMailHasNoUnsubscribeFooter) {
  RenderedEmail out = RenderEmailTemplate(EmailKind::kSignInLink, "Sign in", "{{link}}", {"Acme", "#1d4ed8", ""},
                                          {{"link", "https://links.test/portal/sign-in?token=x"}}, "");
  EXPECT_EQ(out.text, "https://links.test/portal/sign-in?token=x");
  EXPECT_EQ(out.html.find("nsubscribe"), std::string::npos);
  EXPECT_EQ(out.html.find("<img"), std::string::npos) << "no logo, no image";
}

TEST(EmailTemplate, ValuesThatLookLikeLinksAreTextUnlessBluebirdMadeThem) {
  RenderedEmail out =
      RenderEmailTemplate(EmailKind::kReferralWon, "Won", "{{referral.company}}", {"Acme", "#1d4ed8", ""},
                          {{"referral.company", "https://evil.example/"}}, "https://u");
  EXPECT_EQ(out.html.find("href=\"https://evil.example/\""), std::string::npos) << out.html;
  EXPECT_NE(out.html.find("<p>https://evil.example/</p>"), std::string::npos);
}

TEST(Placeholders, FindsAndFillsThemAsWritten) {
  constexpr std::array<std::string_view, 2> known = {"a", "b.c"};
  EXPECT_EQ(FirstUnknownPlaceholder("x {{ a }} {{b.c}} {{d}} {{e}}", known), "{{d}}");
  EXPECT_EQ(FirstUnknownPlaceholder("{{a}} {{ unclosed", known), "");
  EXPECT_TRUE(UsesPlaceholder("go {{ b.c }}", "b.c"));
  EXPECT_FALSE(UsesPlaceholder("go {b.c}", "b.c"));
  EXPECT_EQ(ListPlaceholders(known), "{{a}}, {{b.c}}");
  auto value = [](std::string_view name) -> std::optional<std::string> {
    if (name == "a") return "1";
    return std::nullopt;
  };
  EXPECT_EQ(FillPlaceholders("{{a}}-{{ a }}-{{zz}}-{{a", value), "1-1-{{zz}}-{{a");
  EXPECT_EQ(FillPlaceholders("<{{a}}>", value, [](std::string_view t) { return "[" + std::string(t) + "]"; }),
            "[<]1[>]");
}

}  // namespace
}  // namespace bb::domain
