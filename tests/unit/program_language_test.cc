// A program's language settings (domain/program_language.h): language tags accepted and refused,
// a sentence reworded, restored, refused by name (unknown key, placeholder not offered, shape), the
// wording in effect filled in, and English ordinals.

#include "domain/program_language.h"

#include <gtest/gtest.h>

#include <set>

namespace bb::domain {
namespace {

std::vector<std::string> FieldsOf(const Result<bool>& result) {
  std::vector<std::string> fields;
  if (result.ok()) return fields;
  for (const auto& f : result.error().fields()) fields.push_back(f.field);
  return fields;
}

TEST(ProgramLanguageTest, LanguageTagsAreBcp47) {
  for (const char* tag : {"en", "de", "de-CH", "pt-BR", "zh-Hant-TW", "gsw", "es-419", "sr-Latn"}) {
    ProgramLanguage settings;
    EXPECT_TRUE(ApplyProgramLanguage(settings, {tag, {}}).ok()) << tag;
    EXPECT_EQ(settings.language, tag);
  }
  for (const char* tag : {"", "e", "english", "EN", "de_CH", "de-", "-de", "de--CH", "de-CHABCDEFGH", "fr CH"}) {
    ProgramLanguage settings;
    EXPECT_EQ(FieldsOf(ApplyProgramLanguage(settings, {tag, {}})), (std::vector<std::string>{"language"})) << tag;
    EXPECT_EQ(settings.language, "en") << "nothing changed";
  }
}

TEST(ProgramLanguageTest, ASentenceIsRewordedRestoredOrRefusedByName) {
  ProgramLanguage settings;
  auto changed = ApplyProgramLanguage(settings, {std::nullopt, {{"reward.won", "  {{ referee }} ist jetzt Kunde "}}});
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(MessageText(settings, "reward.won"), "{{ referee }} ist jetzt Kunde") << "trimmed";
  EXPECT_EQ(Say(settings, "reward.won", {{"referee", "Grace"}}), "Grace ist jetzt Kunde");
  EXPECT_FALSE(*ApplyProgramLanguage(settings, {std::nullopt, {{"reward.won", "{{ referee }} ist jetzt Kunde"}}}))
      << "the same again changes nothing";

  ProgramLanguage before = settings;
  auto refused = ApplyProgramLanguage(settings, {std::nullopt,
                                                 {{"reward.nope", "x"},
                                                  {"reward.qualified", "{{amount}}"},
                                                  {"stage.won", "{{referee}}"},
                                                  {"stage.lost", "a\tb\x01"},
                                                  {"stage.rejected", std::string(201, 'x')}}});
  EXPECT_EQ(FieldsOf(refused),
            (std::vector<std::string>{"messages.reward.nope", "messages.reward.qualified", "messages.stage.won",
                                      "messages.stage.lost", "messages.stage.rejected"}));
  EXPECT_NE(refused.error().fields()[1].message.find("{{referee}}"), std::string::npos)
      << "says which placeholders it may use: " << refused.error().fields()[1].message;
  EXPECT_EQ(settings, before) << "nothing changed";

  EXPECT_TRUE(*ApplyProgramLanguage(settings, {std::nullopt, {{"reward.won", std::nullopt}}}));
  EXPECT_EQ(MessageText(settings, "reward.won"), "{{referee}} became a customer");
  EXPECT_TRUE(settings.messages.empty());
  EXPECT_FALSE(*ApplyProgramLanguage(settings, {std::nullopt, {{"stage.won", "Became a customer"}}}))
      << "the default itself is no wording of the program's";
}

TEST(ProgramLanguageTest, EverySentenceHasAUniqueKeyAndADefaultThatUsesOnlyItsPlaceholders) {
  std::set<std::string_view> keys;
  for (const MessageSpec& spec : AdvocateMessages()) {
    EXPECT_TRUE(keys.insert(spec.key).second) << spec.key;
    ProgramLanguage settings;
    EXPECT_TRUE(
        ApplyProgramLanguage(settings, {std::nullopt, {{std::string(spec.key), std::string(spec.text) + "!"}}}).ok())
        << spec.key;
    EXPECT_FALSE(spec.about.empty());
  }
  EXPECT_EQ(MessageText({}, "no.such"), "");
}

TEST(ProgramLanguageTest, EnglishOrdinals) {
  EXPECT_EQ(EnglishOrdinal(1), "1st");
  EXPECT_EQ(EnglishOrdinal(2), "2nd");
  EXPECT_EQ(EnglishOrdinal(3), "3rd");
  EXPECT_EQ(EnglishOrdinal(4), "4th");
  EXPECT_EQ(EnglishOrdinal(11), "11th");
  EXPECT_EQ(EnglishOrdinal(12), "12th");
  EXPECT_EQ(EnglishOrdinal(13), "13th");
  EXPECT_EQ(EnglishOrdinal(21), "21st");
  EXPECT_EQ(EnglishOrdinal(111), "111th");
  EXPECT_EQ(EnglishOrdinal(122), "122nd");
}

}  // namespace
}  // namespace bb::domain
