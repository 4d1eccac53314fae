#include "service/demo_referrals.h"

#include <array>

#include "domain/analytics.h"
#include "domain/customer_comparison.h"
#include "domain/ids.h"
#include "domain/referral.h"
#include "domain/referral_stage.h"
#include "domain/reward.h"
#include "domain/reward_rule.h"
#include "service/segment_resolver.h"

namespace bb::service {
namespace {

using domain::ReferralStage;

constexpr std::array kRefereeFirst = {"Harper", "Rowan", "Quinn", "Sasha", "Ravi",  "Mei",   "Tariq", "Ingrid",
                                      "Kenji",  "Lucia", "Anton", "Freya", "Malik", "Selin", "Bruno", "Talia"};
constexpr std::array kRefereeLast = {"Lindqvist", "Obi", "Ferreira", "Kaur", "Ivanova", "Brennan", "Sato",
                                     "Abara",     "Vos", "Delgado",  "Park", "Laine",   "Rahman",  "Weber"};
constexpr std::array kRefereeCompanies = {"Brightline Systems", "Cobalt Labs",        "Evergreen Clinics",
                                          "Harbor Freight Co",  "Ironbridge Capital", "Juniper Schools",
                                          "Keystone Foods",     "Lumen Grid",         "Meridian Travel",
                                          "Northstar Media",    "Orchard Retail",     "Pinnacle Mfg"};
constexpr std::array kProducts = {"starter", "growth", "enterprise"};
constexpr std::array kSeniorTitles = {"Head of Finance", "VP Operations", "Director of IT", "Founder"};
constexpr std::array kOtherTitles = {"Office Manager", "Analyst", "Engineer", "Account Executive", "Team Lead"};
constexpr std::array kEngagements = {"email_clicked", "pricing_page_viewed", "meeting_booked", "demo_attended"};

template <class Array>
auto Pick(std::mt19937& rng, const Array& values) {
  return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(rng)];
}

domain::RewardRule Rule(std::string name, ReferralStage stage, domain::Beneficiary beneficiary,
                        domain::RewardAmount amount, domain::RewardKind kind, bool requires_approval) {
  domain::RewardRule rule;
  rule.name = std::move(name);
  rule.trigger.stage = stage;
  rule.beneficiary = beneficiary;
  rule.amount = amount;
  rule.kind = kind;
  rule.requires_approval = requires_approval;
  return rule;
}

}  // namespace

Status DemoReferrals::AddRules(const domain::Program& program, Timestamp at) {
  using domain::Beneficiary;
  using domain::RewardKind;
  std::vector<domain::RewardRule> rules;
  if (program.kind == domain::ProgramKind::kCustomer) {
    rules.push_back(Rule("Thanks for the introduction", ReferralStage::kQualified, Beneficiary::kAdvocate,
                         {2500, std::nullopt, std::nullopt, std::nullopt}, RewardKind::kCredit, false));
    rules.push_back(Rule("Won deal: 10% of the first year", ReferralStage::kWon, Beneficiary::kAdvocate,
                         {std::nullopt, 1000, 10000, 200000}, RewardKind::kCash, true));
    rules.push_back(Rule("Welcome credit for the new customer", ReferralStage::kWon, Beneficiary::kReferee,
                         {5000, std::nullopt, std::nullopt, std::nullopt}, RewardKind::kCredit, false));
  } else {
    rules.push_back(Rule("Partner share: 15% of the deal", ReferralStage::kWon, Beneficiary::kAdvocate,
                         {std::nullopt, 1500, std::nullopt, 500000}, RewardKind::kCash, true));
  }
  for (auto& rule : rules) {
    BB_RETURN_IF_ERROR(domain::CheckRewardRule(rule));
    past.Set(at);
    rule.id = ids.New(domain::kRewardRulePrefix);
    rule.program_id = program.id;
    rule.created_at = at;
    BB_RETURN_IF_ERROR(tx.InsertRewardRule(rule));
  }
  return Ok();
}

Status DemoReferrals::Move(const domain::Program& program, domain::Referral& referral, ReferralStage to, Timestamp at) {
  BB_ASSIGN_OR_RETURN(auto reached,
                      domain::PlanStageMove(referral.stage, to, program.referral_policy.uses_opportunity));
  ReferralStage from = referral.stage;
  referral.stage = to;
  domain::ReferralEvent moved{ids.New(domain::kReferralEventPrefix),
                              referral.id,
                              domain::ReferralEventKind::kStageMoved,
                              from,
                              to,
                              "system",
                              "",
                              at,
                              reached};
  if (to == ReferralStage::kWon) {
    referral.deal_value_minor = 100 * std::uniform_int_distribution<std::int64_t>(50, 1200)(rng) * 100;
    referral.deal_currency = program.currency;
    moved.deal_value_minor = referral.deal_value_minor;
    ++won;
  }
  referral.updated_at = at;
  past.Set(at);
  BB_RETURN_IF_ERROR(tx.UpdateReferral(referral));
  BB_RETURN_IF_ERROR(tx.InsertReferralEvent(moved));
  BB_RETURN_IF_ERROR(lifecycle.FollowReferral(tx, referral, reached, at));
  BB_RETURN_IF_ERROR(StatusOf(engine.Apply(tx, referral, reached, at, program.currency)));
  return to == ReferralStage::kWon ? MaybeChurn(program, referral, at) : Ok();
}

Status DemoReferrals::MaybeChurn(const domain::Program& program, const domain::Referral& referral, Timestamp won_at) {
  if (std::uniform_int_distribution<int>(0, 99)(rng) >= 15) return Ok();
  const int window = program.referral_policy.reversal_window_days;
  const int days = window + std::uniform_int_distribution<int>(5, 60)(rng);
  Timestamp at = won_at + std::chrono::days(days) + std::chrono::hours(3);
  if (at >= now) return Ok();
  past.Set(at);
  return tx.InsertReferralEvent({ids.New(domain::kReferralEventPrefix),
                                 referral.id,
                                 domain::ReferralEventKind::kCustomerChurned,
                                 std::nullopt,
                                 std::nullopt,
                                 "system",
                                 "the referred customer churned " + std::to_string(days) +
                                     " days after the deal was won (outside the program's " + std::to_string(window) +
                                     "-day reversal window): demo data",
                                 at,
                                 {}});
}

Status DemoReferrals::AddCustomerTotals(const domain::Program& program) {
  const Timestamp last = domain::MonthStart(domain::MonthStart(now) - std::chrono::days(1));
  const Timestamp first = domain::NextMonthStart(program.created_at);
  if (first > last) return Ok();
  BB_ASSIGN_OR_RETURN(auto referred, tx.ListReferredCustomers(program.id, now));
  BB_ASSIGN_OR_RETURN(auto figures,
                      domain::CompareCustomers(referred, {}, domain::MonthOf(first), domain::MonthOf(last)));
  // The other customers: a base of a few thousand that grows by a few percent a month, with deals
  // a little smaller than the referred ones (40,000 to 60,000 in major units; referred: 5,000 to
  // 120,000).
  std::int64_t others = std::uniform_int_distribution<std::int64_t>(2'000, 6'000)(rng);
  for (const auto& month : figures.months) {
    const domain::CustomerFigures& r = month.referred;
    std::int64_t gained = others * std::uniform_int_distribution<std::int64_t>(30, 60)(rng) / 1'000;
    std::int64_t lost = others * std::uniform_int_distribution<std::int64_t>(8, 25)(rng) / 1'000;
    domain::ProgramMonth entered;
    entered.program_id = program.id;
    entered.month = month.month;
    entered.currency = program.currency;
    entered.total_customers_at_start = others + r.customers_at_start.value_or(0);
    entered.total_new_customers = gained + r.new_customers.value_or(0);
    entered.total_churned_customers = lost + r.churned_customers.value_or(0);
    entered.total_revenue_minor = gained * 100 * std::uniform_int_distribution<std::int64_t>(40'000, 60'000)(rng) +
                                  r.new_revenue_minor.value_or(0);
    entered.note = "demo data";
    entered.updated_by = "system";
    entered.updated_at = std::min(now, domain::NextMonthStart(*domain::ParseMonth(month.month)) + std::chrono::days(2));
    BB_RETURN_IF_ERROR(tx.PutProgramMonth(entered));
    others += gained - lost;
  }
  return Ok();
}

Status DemoReferrals::PayOldRewards() {
  store::RewardQuery query;
  query.limit = 100'000;
  BB_ASSIGN_OR_RETURN(auto rewards, tx.ListRewards(query));
  for (auto& reward : rewards) {
    if (reward.created_at >= now - std::chrono::days(21) || reward.status == domain::RewardStatus::kReversed) continue;
    Timestamp paid_at = reward.created_at + std::chrono::days(14);
    past.Set(paid_at);
    if (reward.status == domain::RewardStatus::kPending) {
      BB_RETURN_IF_ERROR(StatusOf(domain::ApproveReward(reward, paid_at)));
      BB_RETURN_IF_ERROR(tx.UpdateReward(reward));
      BB_RETURN_IF_ERROR(tx.InsertRewardEvent(
          {ids.New(domain::kRewardEventPrefix), reward.id, reward.status, "system", "demo payout run", paid_at}));
    }
    std::string reference = "PAYOUT-" + domain::UtcDate(paid_at).substr(0, 7);
    BB_RETURN_IF_ERROR(StatusOf(domain::FulfillReward(reward, reference, paid_at)));
    BB_RETURN_IF_ERROR(tx.UpdateReward(reward));
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent(
        {ids.New(domain::kRewardEventPrefix), reward.id, reward.status, "system", reference, paid_at}));
  }
  return Ok();
}

Status DemoReferrals::AddEngagement(const domain::Program& program, const domain::Referral& referral, Timestamp clicked,
                                    bool buys) {
  // What the person did between following the link and being referred, as a marketing tool would
  // report it: a few clicks and page views, sometimes a meeting or a demo (more often for buyers).
  const int count = std::uniform_int_distribution<int>(0, buys ? 4 : 2)(rng);
  const auto span = std::chrono::duration_cast<std::chrono::minutes>(referral.created_at - clicked).count();
  for (int i = 0; i < count; ++i) {
    domain::EngagementEvent e;
    e.id = ids.New(domain::kEngagementEventPrefix);
    e.program_id = program.id;
    e.person = referral.referee.email_key;
    e.type = Pick(rng, kEngagements);
    e.product = referral.product;
    e.occurred_at =
        clicked + std::chrono::minutes(std::uniform_int_distribution<long>(0, std::max<long>(span, 1))(rng));
    e.source = "api";
    e.key = "demo:" + referral.id + ":" + std::to_string(i);
    e.recorded_at = e.occurred_at;
    BB_RETURN_IF_ERROR(StatusOf(tx.InsertEngagementEvent(e)));
  }
  return Ok();
}

Status DemoReferrals::AddReferrals(const domain::Program& program, const domain::Advocate& advocate,
                                   const std::vector<domain::Click>& clicks) {
  for (const auto& click : clicks) {
    // About one human click in six becomes a referral, a few hours later.
    if (click.is_bot || std::uniform_int_distribution<int>(0, 5)(rng) != 0) continue;
    Timestamp at = click.occurred_at + std::chrono::hours(std::uniform_int_distribution<int>(1, 48)(rng));
    if (at >= now) continue;
    ++referrals;
    domain::RefereeInput input;
    std::string first = Pick(rng, kRefereeFirst);
    std::string last = Pick(rng, kRefereeLast);
    input.first_name = first;
    input.last_name = last;
    input.company = Pick(rng, kRefereeCompanies);
    // What becomes of it is drawn now, so that the people who will buy look a little more like buyers
    // beforehand (senior titles, demos), as a lead score expects, without it being certain.
    const int roll = std::uniform_int_distribution<int>(0, 99)(rng);
    const bool buys = roll >= 80;
    input.title = std::uniform_int_distribution<int>(0, 99)(rng) < (buys ? 55 : 25) ? Pick(rng, kSeniorTitles)
                                                                                    : Pick(rng, kOtherTitles);
    input.email = "referee" + std::to_string(referrals) + "@prospect" + std::to_string(referrals % 40) + ".example";
    BB_ASSIGN_OR_RETURN(domain::Referee referee, domain::BuildReferee(input));

    past.Set(at);
    domain::Referral referral;
    referral.id = ids.New(domain::kReferralPrefix);
    referral.program_id = program.id;
    referral.advocate_id = advocate.id;
    referral.code = referral.first_touch_code = advocate.code;
    referral.source = domain::ReferralSource::kLandingForm;
    referral.channel = click.channel;
    referral.referee = std::move(referee);
    referral.product = Pick(rng, kProducts);
    referral.visitor_id = click.visitor_id;
    referral.ip_hash = click.ip_hash;
    referral.stage = ReferralStage::kSubmitted;
    referral.review_status = domain::ReviewStatus::kClear;
    // A few are held for review, as real programs see: a colleague of the advocate, or too many at
    // once; they wait in the review queue and earn nothing until cleared.
    std::string findings;
    int review_roll = std::uniform_int_distribution<int>(0, 99)(rng);
    if (review_roll < 4) {
      referral.review_status = domain::ReviewStatus::kHeld;
      referral.review_reasons = {domain::ReviewReason::kSelfReferral};
      findings = "self_referral: the referee's email domain is the advocate's company's";
    } else if (review_roll < 7) {
      referral.review_status = domain::ReviewStatus::kHeld;
      referral.review_reasons = {domain::ReviewReason::kVelocity};
      findings = "velocity: more referrals from this advocate in 24 hours than the program allows";
    }
    referral.advocate_profile = advocate.Profile();
    BB_ASSIGN_OR_RETURN(auto segment, SegmentOf(tx, advocate));
    referral.segment_id = segment ? segment->id : "";
    referral.created_at = referral.updated_at = at;
    BB_RETURN_IF_ERROR(tx.InsertReferral(referral));
    BB_RETURN_IF_ERROR(AddEngagement(program, referral, click.occurred_at, buys));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent({ids.New(domain::kReferralEventPrefix),
                                               referral.id,
                                               domain::ReferralEventKind::kSubmitted,
                                               std::nullopt,
                                               ReferralStage::kSubmitted,
                                               "",
                                               findings,
                                               at,
                                               {ReferralStage::kSubmitted}}));
    BB_RETURN_IF_ERROR(lifecycle.FollowReferral(tx, referral, {ReferralStage::kSubmitted}, at));
    BB_RETURN_IF_ERROR(StatusOf(engine.Apply(tx, referral, {ReferralStage::kSubmitted}, at, program.currency)));

    // Over the following weeks: most are qualified, many reach an opportunity, some are won or lost.
    auto later = [&](int min_days, int max_days) {
      return at + std::chrono::hours(24 * std::uniform_int_distribution<int>(min_days, max_days)(rng));
    };
    if (roll < 30) continue;  // still submitted
    if (roll >= 92) {
      // A warm introduction that closes fast: won within days.
      at = later(3, 9);
      if (at >= now) continue;
      BB_RETURN_IF_ERROR(Move(program, referral, ReferralStage::kWon, at));
      continue;
    }
    at = later(2, 14);
    if (at >= now) continue;
    BB_RETURN_IF_ERROR(Move(program, referral, ReferralStage::kQualified, at));
    if (roll < 45) continue;
    if (program.referral_policy.uses_opportunity) {
      at = later(5, 25);
      if (at >= now) continue;
      BB_RETURN_IF_ERROR(Move(program, referral, ReferralStage::kOpportunity, at));
    }
    if (roll < 60) continue;
    at = later(10, 50);
    if (at >= now) continue;
    BB_RETURN_IF_ERROR(Move(program, referral, roll < 80 ? ReferralStage::kLost : ReferralStage::kWon, at));
  }
  return Ok();
}

}  // namespace bb::service
