// Segments (domain/program_segment.h): filters over attributes (any of a key's values), tags (all),
// NPS class and level; the first active segment by position wins; fields refused by name; moves
// renumber the others; words fall back to the program's; the report's figures by segment
// (domain/segment_report.h) with the pipeline's classification and sums that cannot overflow.

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "domain/program_segment.h"
#include "domain/segment_report.h"

namespace bb::domain {
namespace {

const Timestamp kNow = Timestamp{} + std::chrono::hours(24 * 20000);

const std::vector<PointsLevel> kLevels = {{"Fan", 0}, {"Advocate", 500}, {"Evangelist", 2000}};

AdvocateProfile Profile(Attributes attributes, std::vector<std::string> tags = {}) {
  return {std::move(attributes), std::move(tags)};
}

AttributeValue Text(std::string text) { return {AttributeValue::Kind::kString, std::move(text)}; }

std::vector<std::string> Fields(const Error& error) {
  std::vector<std::string> out;
  for (const auto& f : error.fields()) out.push_back(f.field);
  return out;
}

ProgramSegment Built(SegmentInput input, std::int64_t active_count = 0, std::string id = "seg_1") {
  auto built = BuildSegment(input, std::move(id), "prg_1", active_count, kLevels, kNow);
  EXPECT_TRUE(built.ok()) << (built.ok() ? "" : built.error().message());
  return built.ok() ? *built : ProgramSegment{};
}

TEST(ProgramSegmentTest, AnAttributeMatchesAnyOfItsValuesAndEveryKeyMustMatch) {
  SegmentInput input;
  input.name = "Gold EMEA";
  input.attributes = {{{"tier", {"platinum", "gold"}}, {"region", {"emea"}}}};
  ProgramSegment g = Built(input);
  EXPECT_EQ(g.filter.attributes[0].first, "region") << "keys sorted";
  EXPECT_EQ(g.filter.attributes[1].second, (std::vector<std::string>{"gold", "platinum"})) << "values sorted";
  EXPECT_TRUE(Matches(g.filter, Profile({{"tier", Text("gold")}, {"region", Text("emea")}}), 0, kLevels));
  EXPECT_TRUE(Matches(g.filter, Profile({{"tier", Text("platinum")}, {"region", Text("emea")}}), 0, kLevels));
  EXPECT_FALSE(Matches(g.filter, Profile({{"tier", Text("silver")}, {"region", Text("emea")}}), 0, kLevels));
  EXPECT_FALSE(Matches(g.filter, Profile({{"tier", Text("gold")}}), 0, kLevels)) << "region missing";
  EXPECT_FALSE(Matches(g.filter, Profile({{"tier", Text("Gold")}, {"region", Text("emea")}}), 0, kLevels))
      << "compared as text, exactly";
}

TEST(ProgramSegmentTest, TagsMustAllBeCarriedAndAreWrittenAsAdvocatesAre) {
  SegmentInput input;
  input.name = "VIP partners";
  input.tags = std::vector<std::string>{" VIP ", "partner", "vip"};
  ProgramSegment g = Built(input);
  EXPECT_EQ(g.filter.tags, (std::vector<std::string>{"partner", "vip"}));
  EXPECT_TRUE(Matches(g.filter, Profile({}, {"extra", "partner", "vip"}), 0, kLevels));
  EXPECT_FALSE(Matches(g.filter, Profile({}, {"vip"}), 0, kLevels));
}

TEST(ProgramSegmentTest, NpsClassIsTheLatestAnswerAndNeverAnsweredMatchesNoClass) {
  SegmentInput input;
  input.name = "Happy";
  input.nps_classes = std::vector<std::string>{"promoter", "passive"};
  ProgramSegment g = Built(input);
  EXPECT_TRUE(Matches(g.filter, Profile({{"nps_class", Text("promoter")}}), 0, kLevels));
  EXPECT_TRUE(Matches(g.filter, Profile({{"nps_class", Text("passive")}}), 0, kLevels));
  EXPECT_FALSE(Matches(g.filter, Profile({{"nps_class", Text("detractor")}}), 0, kLevels));
  EXPECT_FALSE(Matches(g.filter, Profile({}), 0, kLevels));
}

TEST(ProgramSegmentTest, MinLevelCountsLifetimePointsAgainstTheLevelsAsTheyAreNow) {
  SegmentInput input;
  input.name = "Advocates and up";
  input.min_level = "Advocate";
  ProgramSegment g = Built(input);
  EXPECT_FALSE(Matches(g.filter, Profile({}), 499, kLevels));
  EXPECT_TRUE(Matches(g.filter, Profile({}), 500, kLevels)) << "at the threshold";
  EXPECT_TRUE(Matches(g.filter, Profile({}), 2500, kLevels)) << "above it";
  std::vector<PointsLevel> renamed = {{"Fan", 0}, {"Champion", 500}};
  EXPECT_FALSE(Matches(g.filter, Profile({}), 5000, renamed)) << "a level the program no longer has matches nobody";
  std::vector<ProgramSegment> active = {g};
  auto warnings = SegmentWarnings(g, active, renamed);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("no level \"Advocate\""), std::string::npos);
  EXPECT_TRUE(NeedsLevel(active));
}

TEST(ProgramSegmentTest, TheFirstActiveMatchByPositionWinsAndAnEmptyFilterHoldsEveryone) {
  SegmentInput vip;
  vip.name = "VIP";
  vip.tags = std::vector<std::string>{"vip"};
  SegmentInput everyone;
  everyone.name = "Everyone";
  std::vector<ProgramSegment> segments = {Built(everyone, 1, "seg_b"), Built(vip, 0, "seg_a")};
  segments[0].position = 2;
  ASSERT_EQ(segments[1].position, 1);
  EXPECT_EQ(FirstMatch(segments, Profile({}, {"vip"}), 0, kLevels)->id, "seg_a");
  EXPECT_EQ(FirstMatch(segments, Profile({}, {}), 0, kLevels)->id, "seg_b");
  EXPECT_FALSE(NeedsLevel(segments));
  segments[1].active = false;
  EXPECT_EQ(FirstMatch(segments, Profile({}, {"vip"}), 0, kLevels)->id, "seg_b") << "a retired segment matches nobody";
  segments[0].active = false;
  EXPECT_EQ(FirstMatch(segments, Profile({}, {"vip"}), 0, kLevels), nullptr);
}

TEST(ProgramSegmentTest, ASegmentAfterACatchAllIsWarnedAboutNobodyReachesIt) {
  SegmentInput everyone;
  everyone.name = "Everyone";
  SegmentInput vip;
  vip.name = "VIP";
  vip.tags = std::vector<std::string>{"vip"};
  ProgramSegment first = Built(everyone, 0, "seg_a");
  ProgramSegment second = Built(vip, 1, "seg_b");
  std::vector<ProgramSegment> active = {first, second};
  EXPECT_TRUE(SegmentWarnings(first, active, kLevels).empty());
  auto warnings = SegmentWarnings(second, active, kLevels);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("\"Everyone\" comes before it"), std::string::npos);
}

TEST(ProgramSegmentTest, BadFieldsAreRefusedByNameAndNothingChanges) {
  SegmentInput input;
  input.name = "";
  input.position = 3;
  input.attributes = {{{"Bad Key", {"x"}}, {"tier", {}}, {"region", {"emea", std::string(501, 'x')}}}};
  input.tags = std::vector<std::string>{"ok", "no/slash"};
  input.nps_classes = std::vector<std::string>{"promoter", "fan"};
  input.min_level = "Legend";
  input.share_message = "Hi {{advocate.nickname}}";
  input.portal_headline = "Two\nlines";
  input.landing_headline = "{{advocate.link}}";
  input.landing_intro = std::string(1001, 'x');
  auto built = BuildSegment(input, "seg_1", "prg_1", 1, kLevels, kNow);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(Fields(built.error()),
            (std::vector<std::string>{"name", "position", "attributes.Bad Key", "attributes.tier",
                                      "attributes.region[1]", "tags[1]", "nps_classes[1]", "min_level", "share_message",
                                      "portal_headline", "landing_headline", "landing_intro"}));
  SegmentInput none;
  auto missing = BuildSegment(none, "seg_1", "prg_1", 0, kLevels, kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Fields(missing.error()), (std::vector<std::string>{"name"}));

  ProgramSegment g = Built([] {
    SegmentInput ok;
    ok.name = "Kept";
    return ok;
  }());
  ProgramSegment before = g;
  SegmentInput change;
  change.name = "Renamed";
  change.min_level = "Legend";
  EXPECT_FALSE(ApplySegmentChanges(g, change, 1, kLevels, kNow).ok());
  EXPECT_EQ(g, before) << "nothing changes on error";
}

TEST(ProgramSegmentTest, SegmentWordsMayNameTheAdvocateOnTheLandingPageTheProgramsMayNot) {
  SegmentInput input;
  input.name = "Named";
  input.landing_headline = "{{advocate.first_name}} recommends {{program.name}}";
  input.landing_intro = "{{ advocate.first_name }} thought of you.";
  EXPECT_TRUE(BuildSegment(input, "seg_1", "prg_1", 0, kLevels, kNow).ok());
  std::vector<FieldError> errors;
  BrandingInput program;
  program.landing_headline = "{{advocate.first_name}} recommends us";
  program.portal_headline = "Welcome back, {{advocate.first_name}}";
  CheckBranding(program, errors);
  ASSERT_EQ(errors.size(), 1u) << "the portal always has an advocate; the landing page may have none";
  EXPECT_EQ(errors[0].field, "branding.landing_headline");
  EXPECT_NE(errors[0].message.find("known: {{program.name}}"), std::string::npos);
}

TEST(ProgramSegmentTest, WordsFallBackToTheProgramsThenTheDefaults) {
  Branding branding;
  branding.share_message = "Program message";
  AdvocateWords none = WordsInEffect(branding, nullptr);
  EXPECT_EQ(none.share_message, "Program message");
  EXPECT_EQ(none.portal_headline, "");
  EXPECT_EQ(none.landing_headline, kDefaultLandingHeadline);
  EXPECT_EQ(none.landing_intro, kDefaultLandingIntro);
  ProgramSegment g;
  g.words.portal_headline = "Partner headline";
  g.words.landing_intro = "Partner intro";
  AdvocateWords partner = WordsInEffect(branding, &g);
  EXPECT_EQ(partner.share_message, "Program message") << "empty: the program's";
  EXPECT_EQ(partner.portal_headline, "Partner headline");
  EXPECT_EQ(partner.landing_headline, kDefaultLandingHeadline);
  EXPECT_EQ(partner.landing_intro, "Partner intro");
  EXPECT_EQ(RenderWords("{{advocate.first_name}} loves {{ program.name }}", "Acme", "Ada"), "Ada loves Acme");
  EXPECT_EQ(RenderWords(kDefaultLandingHeadline, "Acme", ""), "Acme");
}

std::vector<ProgramSegment> Three() {
  std::vector<ProgramSegment> out;
  for (int i = 1; i <= 3; ++i) {
    ProgramSegment g;
    g.id = "seg_" + std::to_string(i);
    g.position = i;
    out.push_back(g);
  }
  return out;
}

TEST(ProgramSegmentTest, MovingOneRenumbersTheOthersInTheirOrder) {
  std::vector<ProgramSegment> active = Three();
  ProgramSegment moved = active[2];
  moved.position = 1;
  auto changed = Reordered(active, moved);
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[0].id, "seg_1");
  EXPECT_EQ(changed[0].position, 2);
  EXPECT_EQ(changed[1].id, "seg_2");
  EXPECT_EQ(changed[1].position, 3);

  ProgramSegment retired = active[0];
  retired.active = false;
  retired.position = 0;
  changed = Reordered(active, retired);
  ASSERT_EQ(changed.size(), 2u) << "the others close the gap";
  EXPECT_EQ(changed[0].position, 1);
  EXPECT_EQ(changed[1].position, 2);

  ProgramSegment fresh;
  fresh.id = "seg_4";
  fresh.position = 4;
  EXPECT_TRUE(Reordered(active, fresh).empty()) << "a new one at the end moves nobody";
}

TEST(ProgramSegmentTest, ARetiredSegmentComesBackAtTheEnd) {
  SegmentInput input;
  input.name = "Back";
  ProgramSegment g = Built(input, 2);
  SegmentInput retire;
  retire.active = false;
  ASSERT_TRUE(*ApplySegmentChanges(g, retire, 3, kLevels, kNow));
  EXPECT_EQ(g.position, 0);
  SegmentInput back;
  back.active = true;
  ASSERT_TRUE(*ApplySegmentChanges(g, back, 2, kLevels, kNow));
  EXPECT_EQ(g.position, 3);
  SegmentInput same;
  same.name = "Back";
  EXPECT_FALSE(*ApplySegmentChanges(g, same, 3, kLevels, kNow)) << "a change that changes nothing";

  SegmentInput retire_at;
  retire_at.active = false;
  retire_at.position = 1;
  auto refused = ApplySegmentChanges(g, retire_at, 3, kLevels, kNow);
  ASSERT_FALSE(refused.ok()) << "a retired segment has no place to take";
  EXPECT_EQ(Fields(refused.error()), (std::vector<std::string>{"position"}));
  EXPECT_TRUE(g.active) << "nothing changes on error";
}

TEST(SegmentReportTest, FiguresFollowThePipelinesClassificationAndIncludeEmptySegments) {
  std::vector<ProgramSegment> segments = Three();
  segments[0].name = "VIP";
  segments[2].active = false;
  SegmentCohortRows rows;
  rows.outcomes = {
      {"seg_1", ReferralStage::kWon, true, true, 3},        {"seg_1", ReferralStage::kWon, false, true, 1},
      {"seg_1", ReferralStage::kLost, true, true, 1},       {"seg_1", ReferralStage::kRejected, false, false, 2},
      {"seg_1", ReferralStage::kSubmitted, true, false, 4}, {"", ReferralStage::kLost, true, false, 1},
      {"seg_gone", ReferralStage::kWon, true, true, 1}};
  rows.advocates = {{"seg_1", 5}, {"", 1}};
  rows.revenue = {{"seg_1", 1000}, {"seg_1", 2500}};
  rows.reward_cost = {{"seg_1", 300}, {"seg_1", -100}};
  auto figures = FiguresBySegment(segments, rows);
  ASSERT_TRUE(figures.ok());
  ASSERT_EQ(figures->size(), 4u) << "three segments and no segment";
  const SegmentFigures& vip = (*figures)[0];
  EXPECT_EQ(vip.name, "VIP");
  EXPECT_EQ(vip.referrals, 11);
  EXPECT_EQ(vip.qualified, 5);
  EXPECT_EQ(vip.won, 3) << "a held win is no win";
  EXPECT_EQ(vip.open, 5) << "4 submitted and the held win";
  EXPECT_EQ(vip.lost, 1);
  EXPECT_EQ(vip.rejected, 2);
  EXPECT_EQ(vip.win_rate_bp, 7500);
  EXPECT_EQ(vip.revenue_minor, 3500);
  EXPECT_EQ(vip.reward_cost_minor, 200);
  EXPECT_EQ(vip.referring_advocates, 5);
  EXPECT_EQ((*figures)[1].referrals, 0) << "a segment without referrals is still a row";
  EXPECT_FALSE((*figures)[1].win_rate_bp.has_value());
  EXPECT_FALSE((*figures)[2].active);
  const SegmentFigures& none = (*figures)[3];
  EXPECT_EQ(none.segment_id, "");
  EXPECT_EQ(none.referrals, 2) << "an unknown segment's referrals count as none rather than being lost";
  EXPECT_EQ(none.win_rate_bp, 5000);
}

TEST(SegmentReportTest, ASumTooLargeIsRefusedByName) {
  std::vector<ProgramSegment> segments = Three();
  SegmentCohortRows rows;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  rows.revenue = {{"seg_2", kMax}, {"seg_2", 1}};
  auto figures = FiguresBySegment(segments, rows);
  ASSERT_FALSE(figures.ok());
  EXPECT_EQ(figures.error().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(Fields(figures.error()), (std::vector<std::string>{"segments[seg_2].revenue_minor"}));
}

}  // namespace
}  // namespace bb::domain
