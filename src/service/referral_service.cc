#include "service/referral_service.h"

#include <algorithm>
#include <map>

#include "domain/account_credit.h"
#include "domain/click.h"
#include "domain/contact.h"
#include "domain/email_domains.h"
#include "domain/ids.h"
#include "domain/referral_code.h"
#include "domain/referral_import.h"
#include "domain/referral_review.h"
#include "domain/reward_correction.h"
#include "domain/reward_evaluation.h"
#include "domain/validation.h"
#include "service/audit_trail.h"
#include "service/rating_offers.h"
#include "service/referral_ledger.h"
#include "service/segment_resolver.h"

namespace bb::service {

using domain::Action;
using domain::Referral;
using domain::ReferralEvent;
using domain::ReferralEventKind;
using domain::ReferralStage;

namespace {

// A referee as their referrer reads them: "Grace Hopper" (or their email without a name).
std::string RefereeWords(const domain::Referee& referee) {
  std::string name = referee.first_name;
  if (!referee.last_name.empty()) name += (name.empty() ? "" : " ") + referee.last_name;
  return name.empty() ? referee.email : name;
}

constexpr int kEarlierReferralsChecked = 20;
constexpr int kClicksConsidered = 1000;
constexpr std::string_view kNoReferral = "No referral with this id.";
constexpr std::string_view kNoAdvocate = "No advocate with this id or code.";

// Whether `actor` may read what belongs to an advocate (their rewards, their shares): a sales rep
// reads those of the advocates they enrolled only. Remembers each advocate's answer.
class ReadableAdvocates {
 public:
  ReadableAdvocates(store::Queries& q, const domain::Actor& actor) : q_(q), actor_(actor) {}

  Result<bool> operator()(const std::string& advocate_id) {
    auto found = readable_.find(advocate_id);
    if (found == readable_.end()) {
      BB_ASSIGN_OR_RETURN(auto advocate, q_.FindAdvocate(advocate_id));
      const bool may = advocate && domain::AuthorizeAdvocateObject(actor_, Action::kReadRewards, *advocate, "").ok();
      found = readable_.emplace(advocate_id, may).first;
    }
    return found->second;
  }

  // Leaves in `rewards` only those of advocates the actor may read: not the shares of other
  // advocates that a move of a sales rep's touched (split and account credit).
  Status Keep(std::vector<domain::Reward>& rewards) {
    std::vector<domain::Reward> kept;
    for (auto& reward : rewards) {
      BB_ASSIGN_OR_RETURN(bool readable, (*this)(reward.advocate_id));
      if (readable) kept.push_back(std::move(reward));
    }
    rewards = std::move(kept);
    return Ok();
  }

 private:
  store::Queries& q_;
  const domain::Actor& actor_;
  std::map<std::string, bool, std::less<>> readable_;
};

// When a referral was rejected: its last entry moving it to rejected (a stage move or a review's
// rejection); the earliest instant when it has none.
Result<Timestamp> RejectedAt(store::Queries& q, const std::string& referral_id) {
  BB_ASSIGN_OR_RETURN(auto history, q.ListReferralEvents(referral_id));
  Timestamp at = Timestamp::min();
  for (const auto& event : history) {
    if (event.to_stage == ReferralStage::kRejected) at = event.at;
  }
  return at;
}

void CheckOptionalText(std::vector<FieldError>& errors, std::string_view field, const std::optional<std::string>& value,
                       std::size_t max_length, domain::TextShape shape = domain::TextShape::kSingleLine) {
  if (!value) return;
  if (auto problem = domain::CheckText(*value, max_length, true, shape); !problem.empty()) {
    errors.push_back({std::string(field), problem});
  }
}

RefereeDomain RefereeDomainOf(const domain::Referee& referee) {
  return RefereeDomain{domain::IsDisposableEmailDomain(domain::EmailDomainPart(referee.email)),
                       domain::CompanyDomain(referee.email, referee.email_domain)};
}

domain::ReferralSource SourceFor(const domain::Actor& actor) {
  if (actor.IsAdvocate()) return domain::ReferralSource::kPortal;
  if (actor.kind == domain::Actor::Kind::kApiKey) return domain::ReferralSource::kApi;
  return domain::ReferralSource::kSalesRep;
}

Status CheckOpenForReferrals(const domain::Program& program, const domain::Advocate& advocate) {
  if (program.status != domain::ProgramStatus::kActive) {
    return Error::Conflict("The program is " + std::string(domain::ToString(program.status)) +
                           "; it takes no referrals.");
  }
  if (advocate.status != domain::AdvocateStatus::kActive) {
    return Error::Conflict("The advocate is inactive; their referrals are not taken.");
  }
  return Ok();
}

std::string JoinFindings(const std::vector<domain::ReviewFinding>& findings) {
  std::string out;
  for (const auto& finding : findings) {
    if (!out.empty()) out += "; ";
    out += std::string(domain::ToString(finding.reason)) + ": " + finding.detail;
  }
  return out;
}

// Whether the CRM deal of `referral` -- the one it has, or the one the move sets -- was won by
// another of the program's referrals: a win of that referral counted (store::FindWinCount).
Result<bool> OwnDealWon(store::Tx& tx, const Referral& referral, const std::optional<std::string>& external_id) {
  std::vector<std::string> deals;
  if (!referral.external_id.empty()) deals.push_back(referral.external_id);
  if (external_id && !domain::Trim(*external_id).empty() && domain::Trim(*external_id) != referral.external_id) {
    deals.emplace_back(domain::Trim(*external_id));
  }
  for (const auto& deal : deals) {
    store::DealTouchQuery query{referral.program_id, deal, "", Timestamp{}};
    query.only = store::DealTouchQuery::Only::kWon;
    BB_ASSIGN_OR_RETURN(auto won, tx.ListDealTouches(query));
    for (const auto& other : won) {
      if (other.id == referral.id) continue;
      BB_ASSIGN_OR_RETURN(auto counted, tx.FindWinCount(other.id));
      if (counted) return true;
    }
  }
  return false;
}

// Whether the referred customer's churn was recorded in `history`: nothing new is granted since.
bool Churned(const std::vector<ReferralEvent>& history) {
  return std::any_of(history.begin(), history.end(),
                     [](const ReferralEvent& event) { return event.kind == ReferralEventKind::kCustomerChurned; });
}

Result<std::string> CheckNote(std::string_view note, bool required) {
  if (auto problem = domain::CheckText(note, kMaxReviewNoteLength, !required, domain::TextShape::kMultiLine);
      !problem.empty()) {
    return Error::InvalidField("note", problem);
  }
  return std::string(domain::Trim(note));
}

}  // namespace

Result<Referral> DraftReferral(const ReferralInput& input, std::vector<FieldError> errors) {
  Referral referral;
  if (!input.referee_present) {
    errors.push_back({"referee", "is required"});
  } else {
    auto referee = domain::BuildReferee(input.referee);
    if (referee.ok()) {
      referral.referee = std::move(*referee);
    } else {
      for (const auto& field : referee.error().fields()) errors.push_back(field);
    }
  }
  CheckOptionalText(errors, "product", input.product, domain::kMaxProductLength);
  CheckOptionalText(errors, "note", input.note, domain::kMaxNoteLength, domain::TextShape::kMultiLine);
  if (input.channel && domain::NormalizeChannel(*input.channel) == "other") {
    errors.push_back({"channel", "must be 1-32 of a-z, 0-9, '_' and '-'"});
  }
  if (input.code && !domain::NormalizeReferralCode(*input.code)) {
    errors.push_back({"code", "is not a valid referral code"});
  }
  if (input.advocate_id && !domain::IsWellFormedId(domain::kAdvocatePrefix, *input.advocate_id)) {
    errors.push_back({"advocate_id", "is not an advocate id"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  referral.product = std::string(domain::Trim(input.product.value_or("")));
  referral.note = std::string(domain::Trim(input.note.value_or("")));
  referral.channel = domain::NormalizeChannel(input.channel.value_or(""));
  return referral;
}

Status CheckStageMove(const StageMoveInput& input) {
  std::vector<FieldError> errors;
  std::optional<ReferralStage> target;
  if (!input.stage) {
    errors.push_back({"stage", "is required"});
  } else if (target = domain::ParseReferralStage(*input.stage); !target) {
    errors.push_back({"stage", "must be one of submitted, qualified, opportunity, won, lost, rejected"});
  }
  if (input.deal_value_minor) {
    if (target && *target != ReferralStage::kWon) {
      errors.push_back({"deal_value_minor", "can only be given with stage won"});
    } else if (auto bad = domain::CheckMinorAmount(*input.deal_value_minor); !bad.empty()) {
      errors.push_back({"deal_value_minor", bad});
    }
  }
  CheckOptionalText(errors, "external_id", input.external_id, domain::kMaxExternalIdLength);
  CheckOptionalText(errors, "note", input.note, kMaxReviewNoteLength, domain::TextShape::kMultiLine);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Ok();
}

Status ReferralService::SubmitInTx(store::Tx& tx, const domain::Program& program, const domain::Advocate& advocate,
                                   Referral& referral, const RefereeDomain& referee_domain,
                                   const std::string& actor_id) {
  Timestamp now = clock_.Now();
  const domain::ReferralPolicy& policy = program.referral_policy;
  BB_RETURN_IF_ERROR(domain::PutPhoneInE164(referral.referee, policy.phone_region));
  bool from_landing_page = referral.source == domain::ReferralSource::kLandingForm;
  referral.id = ids_.New(domain::kReferralPrefix);
  referral.program_id = program.id;
  referral.advocate_id = advocate.id;
  referral.advocate_profile = advocate.Profile();
  BB_ASSIGN_OR_RETURN(auto segment, SegmentOf(tx, advocate));
  referral.segment_id = segment ? segment->id : "";
  referral.stage = ReferralStage::kSubmitted;
  referral.created_at = referral.updated_at = now;

  domain::ReviewFacts facts;
  facts.program_kind = program.kind;
  facts.now = now;
  facts.referee_email_key = referral.referee.email_key;
  BB_ASSIGN_OR_RETURN(facts.earlier_referrals,
                      tx.ListReferralsByReferee(program.id, referral.referee.email_key, referral.referee.phone,
                                                Timestamp{}, kEarlierReferralsChecked));
  BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(domain::NormalizeEmail(referral.referee.email)));
  if (person) {
    BB_ASSIGN_OR_RETURN(auto as_advocate, tx.FindAdvocateByPerson(program.id, person->id));
    facts.referee_is_advocate = as_advocate && as_advocate->id != advocate.id;
  }
  facts.referee_is_the_advocate = domain::EmailMatchKey(advocate.email) == referral.referee.email_key;
  if (from_landing_page) {
    BB_ASSIGN_OR_RETURN(
        facts.advocate_seen_at_same_address,
        tx.AdvocateSeenAt(advocate.id, referral.visitor_id, referral.ip_hash, now - kSelfReferralLookback));
  }
  facts.same_company_domain =
      !referee_domain.company.empty() && referee_domain.company == domain::CompanyEmailDomain(advocate.email);
  Timestamp window_start = now - std::chrono::hours(policy.velocity_window_hours);
  BB_ASSIGN_OR_RETURN(facts.advocate_recent_referrals, tx.CountReferralsByAdvocateSince(advocate.id, window_start));
  if (from_landing_page && !referral.ip_hash.empty()) {
    BB_ASSIGN_OR_RETURN(facts.address_recent_referrals, tx.CountReferralsByIpHashSince(referral.ip_hash, window_start));
  }
  facts.disposable_email = referee_domain.disposable;

  auto findings = domain::ReviewReferral(facts, policy);
  referral.review_reasons = domain::ReasonsOf(findings);
  referral.review_status = domain::ReviewStatusFor(referral.review_reasons);

  BB_RETURN_IF_ERROR(tx.InsertReferral(referral));
  ReferralEvent submitted{ids_.New(domain::kReferralEventPrefix),
                          referral.id,
                          ReferralEventKind::kSubmitted,
                          std::nullopt,
                          ReferralStage::kSubmitted,
                          actor_id,
                          JoinFindings(findings),
                          now,
                          {ReferralStage::kSubmitted}};
  BB_RETURN_IF_ERROR(tx.InsertReferralEvent(submitted));
  BB_RETURN_IF_ERROR(lifecycle_.FollowReferral(tx, referral, submitted.reached, now));
  BB_RETURN_IF_ERROR(events_.Referral(tx, now, "referral.created", referral));
  if (referral.source == domain::ReferralSource::kPortal) {
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSighting(advocate.id, referral.visitor_id, referral.ip_hash, now));
  }
  return StatusOf(rewards_.Apply(tx, referral, submitted.reached, now, program.currency));
}

Result<Referral> ReferralService::Submit(const domain::Actor& actor, const ReferralInput& input,
                                         const SubmissionOrigin& origin, const Idempotent<Referral>& idempotent) {
  if (!actor.IsAdvocate()) BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kSubmitReferrals));
  std::vector<FieldError> attribution_errors;
  if (input.code && input.advocate_id) {
    attribution_errors.push_back({"advocate_id", "give either code or advocate_id, not both"});
  } else if (!input.code && !input.advocate_id && !actor.IsAdvocate()) {
    attribution_errors.push_back({"code", "is required (or advocate_id): whose referral is it?"});
  }
  BB_ASSIGN_OR_RETURN(Referral referral, DraftReferral(input, std::move(attribution_errors)));
  RefereeDomain referee_domain = RefereeDomainOf(referral.referee);
  referral.source = SourceFor(actor);
  referral.submitted_by = actor.id;
  if (actor.IsAdvocate()) {
    // The advocate's own browser and address: kept as a sighting of the advocate. A rep's or an
    // integration's address says nothing about the referee, so it is not recorded.
    referral.visitor_id = origin.visitor_id;
    referral.ip_hash = origin.ip_hash;
  }

  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    std::string advocate_id = input.advocate_id.value_or(actor.IsAdvocate() && !input.code ? actor.id : "");
    if (input.code) {
      BB_ASSIGN_OR_RETURN(auto target, tx.FindLinkTarget(*domain::NormalizeReferralCode(*input.code)));
      if (!target) return Error::NotFound(std::string(kNoAdvocate));
      advocate_id = target->advocate_id;
    }
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(advocate_id));
    if (!advocate) return Error::NotFound(std::string(kNoAdvocate));
    if (actor.IsAdvocate()) {
      if (advocate->id != actor.id) return Error::NotFound(std::string(kNoAdvocate));
    } else {
      BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kSubmitReferrals, *advocate, kNoAdvocate));
    }
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(advocate->program_id));
    if (!program) return Error::NotFound(std::string(kNoAdvocate));
    BB_RETURN_IF_ERROR(CheckOpenForReferrals(*program, *advocate));
    referral.code = advocate->code;
    referral.first_touch_code = advocate->code;
    BB_RETURN_IF_ERROR(SubmitInTx(tx, *program, *advocate, referral, referee_domain, actor.id));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, referral.created_at, "referral.submitted", referral.id,
                                   domain::CreatedFields(domain::FieldsOf(referral))));
    return idempotency_.Record(tx, idempotent, referral);
  }));
  return referral;
}

Result<Referral> ReferralService::SubmitFromLandingPage(std::string_view program_slug, const ReferralInput& input,
                                                        const SubmissionOrigin& origin,
                                                        const Idempotent<Referral>& idempotent) {
  std::vector<FieldError> errors;
  if (input.advocate_id) errors.push_back({"advocate_id", "cannot be given on the public form; send the code"});
  BB_ASSIGN_OR_RETURN(Referral referral, DraftReferral(input, std::move(errors)));
  RefereeDomain referee_domain = RefereeDomainOf(referral.referee);
  referral.source = domain::ReferralSource::kLandingForm;
  referral.visitor_id = origin.visitor_id;
  referral.ip_hash = origin.ip_hash;

  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgramBySlug(program_slug));
    if (!program) return Error::NotFound("No program with this name.");
    Timestamp window_start = clock_.Now() - std::chrono::days(program->attribution_window_days);

    // The visitor's clicks on this program's links within the window, oldest first.
    std::vector<domain::Click> clicks;
    if (!origin.visitor_id.empty()) {
      BB_ASSIGN_OR_RETURN(auto all, tx.ListClicksByVisitor(origin.visitor_id, kClicksConsidered));
      for (auto& click : all) {
        if (click.program_id == program->id && click.occurred_at >= window_start) clicks.push_back(std::move(click));
      }
    }
    std::string last_touch;
    if (input.code) {
      last_touch = *domain::NormalizeReferralCode(*input.code);
    } else if (auto cookie = domain::NormalizeReferralCode(origin.ref_cookie)) {
      last_touch = *cookie;
    } else if (!clicks.empty()) {
      last_touch = clicks.back().code;
    }
    if (last_touch.empty()) {
      return Error::InvalidField("code", "is required: no referral link was followed from this browser recently");
    }
    BB_ASSIGN_OR_RETURN(auto target, tx.FindLinkTarget(last_touch));
    if (!target || target->program_id != program->id) {
      return Error::InvalidField("code", "is not a referral code of this program");
    }
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(target->advocate_id));
    if (!advocate) return Error::InvalidField("code", "is not a referral code of this program");
    BB_RETURN_IF_ERROR(CheckOpenForReferrals(*program, *advocate));
    referral.code = last_touch;
    referral.first_touch_code = clicks.empty() ? last_touch : clicks.front().code;
    if (!input.channel) {
      // The channel of the link the visitor came through: the latest click on the credited code.
      auto came_through = std::find_if(clicks.rbegin(), clicks.rend(),
                                       [&](const domain::Click& click) { return click.code == last_touch; });
      if (came_through != clicks.rend()) referral.channel = came_through->channel;
    }
    BB_RETURN_IF_ERROR(SubmitInTx(tx, *program, *advocate, referral, referee_domain, ""));
    return idempotency_.Record(tx, idempotent, referral);
  }));
  return referral;
}

Result<ReferralDetail> ReferralService::Get(const domain::Actor& actor, std::string_view id) {
  ReferralDetail detail;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto referral, q.FindReferral(id));
    if (!referral) return Error::NotFound(std::string(kNoReferral));
    BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(referral->advocate_id));
    if (!advocate) return Error::NotFound(std::string(kNoReferral));
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kReadReferrals, *advocate, kNoReferral));
    detail.referral = std::move(*referral);
    return ReadHistory(q, actor, id, detail);
  }));
  return detail;
}

Result<PageOf<Referral>> ReferralService::List(const domain::Actor& actor, const ReferralFilter& filter,
                                               const Page& page) {
  if (!actor.IsAdvocate()) BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadReferrals));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kReferralPrefix));
  store::ReferralQuery query;
  query.program_id = filter.program_id;
  query.advocate_id = actor.IsAdvocate() ? actor.id : filter.advocate_id;
  if (actor.role == domain::Role::kSalesRep && !actor.IsAdvocate()) query.enrolled_by = actor.id;
  query.stage = filter.stage;
  query.review_status = filter.review_status;
  query.before_id = after;
  query.limit = page.limit + 1;
  PageOf<Referral> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, query.program_id));
    BB_ASSIGN_OR_RETURN(out.items, q.ListReferrals(query));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<PageOf<Referral>> ReferralService::ReviewQueue(const domain::Actor& actor, std::string_view program_id,
                                                      const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReviewReferrals));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kReferralPrefix));
  store::ReferralQuery query;
  query.program_id = std::string(program_id);
  query.under_review = true;
  query.before_id = after;
  query.limit = page.limit + 1;
  PageOf<Referral> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(out.items, q.ListReferrals(query));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<StageMoveResult> ReferralService::MoveStage(const domain::Actor& actor, std::string_view id,
                                                   const StageMoveInput& input,
                                                   const Idempotent<StageMoveResult>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kMoveReferrals));
  BB_RETURN_IF_ERROR(CheckStageMove(input));
  std::optional<ReferralStage> target = domain::ParseReferralStage(*input.stage);

  StageMoveResult result;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    result = StageMoveResult{};
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(id));
    if (!referral) return Error::NotFound(std::string(kNoReferral));
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(referral->advocate_id));
    if (!advocate) return Error::NotFound(std::string(kNoReferral));
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kMoveReferrals, *advocate, kNoReferral));
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(referral->program_id));
    if (!program) return Error::NotFound(std::string(kNoReferral));
    bool under_review = referral->review_status != domain::ReviewStatus::kClear;
    const bool uses_opportunity = program->referral_policy.uses_opportunity;
    std::vector<ReferralStage> reached;
    bool after_account_win = false;
    if (referral->stage == ReferralStage::kWon && !under_review) {
      BB_ASSIGN_OR_RETURN(auto history, tx.ListReferralEvents(referral->id));
      after_account_win = domain::WonThroughAccountOnly(history);
      if (after_account_win) {
        bool deal_won = false;
        if (*target == ReferralStage::kWon) {
          BB_ASSIGN_OR_RETURN(deal_won, OwnDealWon(tx, *referral, input.external_id));
        }
        BB_ASSIGN_OR_RETURN(
            reached, domain::PlanMoveAfterAccountWin(history, *target, uses_opportunity, deal_won, Churned(history)));
      }
    }
    if (!after_account_win) {
      BB_ASSIGN_OR_RETURN(reached, domain::PlanStageMove(referral->stage, *target, uses_opportunity, under_review));
    }
    if (under_review && *target == ReferralStage::kRejected && !reached.empty() &&
        !domain::Authorize(actor, Action::kReviewReferrals).ok()) {
      return Error(ErrorCode::kPermissionDenied,
                   "The referral is held for review; rejecting it is a review decision for a manager or admin.");
    }
    if (reached.empty()) {
      result.referral = std::move(*referral);
      return idempotency_.Record(tx, idempotent, result);
    }
    domain::AuditFields before = domain::FieldsOf(*referral);
    ReferralStage from = referral->stage;
    std::string note(domain::Trim(input.note.value_or("")));
    referral->stage = *target;
    if (input.deal_value_minor) {
      referral->deal_value_minor = input.deal_value_minor;
      referral->deal_currency = program->currency;
    }
    if (input.external_id) referral->external_id = std::string(domain::Trim(*input.external_id));
    referral->updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateReferral(*referral));
    ReferralEvent moved{ids_.New(domain::kReferralEventPrefix),
                        referral->id,
                        ReferralEventKind::kStageMoved,
                        from,
                        *target,
                        actor.id,
                        note,
                        now,
                        reached};
    moved.deal_value_minor = input.deal_value_minor;
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(moved));
    BB_RETURN_IF_ERROR(lifecycle_.FollowReferral(tx, *referral, reached, now));
    BB_RETURN_IF_ERROR(events_.Referral(tx, now, "referral.stage_changed", *referral));
    std::vector<ReferralStage> rewardable = reached;
    if (referral->source == domain::ReferralSource::kImport) {
      BB_ASSIGN_OR_RETURN(auto history, tx.ListReferralEvents(referral->id));
      rewardable = domain::RewardableStages(reached, history);
    }
    BB_ASSIGN_OR_RETURN(result.rewards, rewards_.Apply(tx, *referral, rewardable, now, program->currency));
    if (referral->review_status == domain::ReviewStatus::kClear &&
        std::find(reached.begin(), reached.end(), ReferralStage::kWon) != reached.end()) {
      BB_ASSIGN_OR_RETURN(auto credited, account_credit_.CreditAccount(tx, *referral, now));
      // Only those the actor may see are named (a sales rep sees their own advocates' referrals).
      for (const auto& other : credited) {
        BB_ASSIGN_OR_RETURN(auto owner, tx.FindAdvocate(other.advocate_id));
        if (owner && domain::AuthorizeAdvocateObject(actor, Action::kMoveReferrals, *owner, kNoReferral).ok()) {
          result.account_won.push_back(other.id);
        }
      }
    }
    if (*target == ReferralStage::kRejected) {
      BB_RETURN_IF_ERROR(ReverseForRejection(tx, actor, *referral,
                                             "the referral was rejected" + (note.empty() ? "" : ": " + note), now,
                                             result.rewards_reversed, result.clawback_needed));
    }
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "referral.stage_moved", referral->id,
                                   domain::DiffFields(before, domain::FieldsOf(*referral)),
                                   domain::Trim(input.note.value_or(""))));
    // The advocate is asked how their referral was handled when staff moved it to an outcome they
    // hear of (rated: who moved it).
    if (referral->review_status == domain::ReviewStatus::kClear &&
        (*target == ReferralStage::kQualified || *target == ReferralStage::kWon || *target == ReferralStage::kLost)) {
      BB_RETURN_IF_ERROR(OfferToAdvocate(tx, ids_, actor, referral->program_id, referral->advocate_id,
                                         domain::Interaction::kReferralHandled, referral->id, "rating.referral_handled",
                                         {{"referee", RefereeWords(referral->referee)}}, now));
    }
    result.referral = std::move(*referral);
    result.changed = true;
    ReadableAdvocates readable(tx, actor);
    BB_RETURN_IF_ERROR(readable.Keep(result.rewards));
    BB_RETURN_IF_ERROR(readable.Keep(result.rewards_reversed));
    BB_RETURN_IF_ERROR(readable.Keep(result.clawback_needed));
    return idempotency_.Record(tx, idempotent, result);
  }));
  return result;
}

Result<ReferralDetail> ReferralService::Decide(const domain::Actor& actor, std::string_view id, std::string_view note,
                                               ReferralEventKind decision,
                                               const Idempotent<ReferralDetail>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReviewReferrals));
  BB_ASSIGN_OR_RETURN(std::string text, CheckNote(note, true));
  ReferralDetail detail;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(id));
    if (!referral) return Error::NotFound(std::string(kNoReferral));
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(referral->program_id));
    if (!program) return Error::NotFound(std::string(kNoReferral));
    if (referral->review_status == domain::ReviewStatus::kClear) {
      return Error::Conflict("The referral is not under review.");
    }
    if (referral->stage == ReferralStage::kRejected) return Error::Conflict("The referral was rejected already.");
    ReferralEvent event{ids_.New(domain::kReferralEventPrefix),
                        referral->id,
                        decision,
                        std::nullopt,
                        std::nullopt,
                        actor.id,
                        text,
                        now,
                        {}};
    domain::AuditFields before = domain::FieldsOf(*referral);
    if (decision == ReferralEventKind::kReviewRejected) {
      // Under review, a referral may be rejected at any stage: a fraud found after the CRM won it.
      event.from_stage = referral->stage;
      event.to_stage = ReferralStage::kRejected;
      event.reached = {ReferralStage::kRejected};
      referral->stage = ReferralStage::kRejected;
    } else {
      referral->review_status = domain::ReviewStatus::kClear;
    }
    referral->updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateReferral(*referral));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(event));
    BB_RETURN_IF_ERROR(lifecycle_.FollowReferral(tx, *referral, event.reached, now));
    BB_RETURN_IF_ERROR(events_.Referral(tx, now, "referral.review_changed", *referral));
    if (decision == ReferralEventKind::kReviewRejected) {
      BB_RETURN_IF_ERROR(events_.Referral(tx, now, "referral.stage_changed", *referral));
    }
    BB_RETURN_IF_ERROR(RecordAudit(
        tx, ids_, actor, now, decision == ReferralEventKind::kReviewCleared ? "referral.cleared" : "referral.rejected",
        referral->id, domain::DiffFields(before, domain::FieldsOf(*referral)), text));
    BB_RETURN_IF_ERROR(OfferToAdvocate(tx, ids_, actor, referral->program_id, referral->advocate_id,
                                       domain::Interaction::kReviewDecision, referral->id, "rating.review_decision",
                                       {{"referee", RefereeWords(referral->referee)}}, now));
    std::vector<domain::Reward> paid;
    if (decision == ReferralEventKind::kReviewCleared) {
      BB_ASSIGN_OR_RETURN(auto history, tx.ListReferralEvents(referral->id));
      // A customer who churned while the referral was held earns no reward when it is cleared; the
      // advocate's points for the stages reached are earned all the same (a churned clear referral
      // keeps them too).
      if (!Churned(history)) {
        std::vector<ReferralStage> reached = StagesReached(history);
        BB_ASSIGN_OR_RETURN(detail.rewards_created, rewards_.Apply(tx, *referral, reached, now, program->currency));
        if (std::find(reached.begin(), reached.end(), ReferralStage::kWon) != reached.end()) {
          BB_RETURN_IF_ERROR(StatusOf(account_credit_.CreditAccount(tx, *referral, now)));
        }
      } else {
        BB_RETURN_IF_ERROR(StatusOf(points_.GrantForStages(tx, *referral, StagesReached(history), now)));
      }
    } else {
      BB_RETURN_IF_ERROR(ReverseForRejection(tx, actor, *referral, "the referral was rejected: " + text, now,
                                             detail.rewards_reversed, paid));
    }
    detail.referral = std::move(*referral);
    BB_RETURN_IF_ERROR(ReadHistory(tx, actor, id, detail));
    return idempotency_.Record(tx, idempotent, detail);
  }));
  return detail;
}

Result<std::vector<domain::Reward>> ReferralService::RewardsOfRejection(store::Queries& q, const Referral& referral,
                                                                        bool listed_here) const {
  BB_ASSIGN_OR_RETURN(auto rewards, AllRewardsOfReferral(q, referral.id));
  // The shares its touch earned in other referrals' wins (split credit), once no other referral of
  // the same advocate backs them: a rejected touch touched nothing. The other shares stay as they are.
  BB_ASSIGN_OR_RETURN(auto touched, q.ListCreditsTouching(referral.id));
  for (const auto& split : touched) {
    BB_ASSIGN_OR_RETURN(auto won, q.FindReferral(split.referral_id));
    if (!won) continue;
    BB_ASSIGN_OR_RETURN(auto credit, rewards_.CreditOf(q, *won));
    if (!credit) continue;
    const domain::CreditShare* share = domain::ShareOf(*credit, referral.advocate_id);
    if (share == nullptr || !share->taken_back) continue;
    if (listed_here) {
      // The share was taken back by the last of the advocate's counted touches to be rejected: it
      // is listed under that one, so that one paid share is listed under one referral (under each
      // of several rejected at the same instant: never under none).
      BB_ASSIGN_OR_RETURN(Timestamp mine, RejectedAt(q, referral.id));
      bool taken_by_another = false;
      for (const auto& touch : credit->touches) {
        if (touch.advocate_id != referral.advocate_id || touch.referral_id == referral.id) continue;
        BB_ASSIGN_OR_RETURN(Timestamp theirs, RejectedAt(q, touch.referral_id));
        if (theirs > mine) taken_by_another = true;
      }
      if (taken_by_another) continue;
    }
    BB_ASSIGN_OR_RETURN(auto entries, AllRewardsOfReferral(q, split.referral_id));
    for (auto& entry : entries) {
      if (entry.advocate_id == share->advocate_id && entry.trigger_key.ends_with("@" + share->advocate_id)) {
        rewards.push_back(std::move(entry));
      }
    }
  }
  return rewards;
}

Status ReferralService::ReadHistory(store::Queries& q, const domain::Actor& actor, std::string_view id,
                                    ReferralDetail& detail) const {
  BB_ASSIGN_OR_RETURN(detail.history, q.ListReferralEvents(id));
  if (actor.IsAdvocate()) return Ok();
  BB_ASSIGN_OR_RETURN(detail.actor_names, NamesOfActorsIn(q, detail.history));
  detail.clawback_needed.clear();
  if (detail.referral.stage == ReferralStage::kRejected) {
    BB_ASSIGN_OR_RETURN(auto rewards, RewardsOfRejection(q, detail.referral, true));
    for (auto& reward : rewards) {
      if (reward.status == domain::RewardStatus::kFulfilled) detail.clawback_needed.push_back(std::move(reward));
    }
  }
  ReadableAdvocates readable(q, actor);
  // A share withheld from another advocate (a cap) is theirs, as their rewards are.
  std::vector<ReferralEvent> history;
  for (auto& event : detail.history) {
    if (event.kind == ReferralEventKind::kRewardWithheld) {
      const std::string whose = domain::WithheldShareAdvocate(event.note);
      if (!whose.empty()) {
        BB_ASSIGN_OR_RETURN(bool shown, readable(whose));
        if (!shown) continue;
      }
    }
    history.push_back(std::move(event));
  }
  detail.history = std::move(history);
  BB_RETURN_IF_ERROR(readable.Keep(detail.clawback_needed));
  BB_RETURN_IF_ERROR(readable.Keep(detail.rewards_created));
  return readable.Keep(detail.rewards_reversed);
}

Status ReferralService::ReverseForRejection(store::Tx& tx, const domain::Actor& actor, const Referral& referral,
                                            const std::string& reason, Timestamp now,
                                            std::vector<domain::Reward>& reversed,
                                            std::vector<domain::Reward>& clawback_needed) const {
  BB_ASSIGN_OR_RETURN(auto rewards, RewardsOfRejection(tx, referral, false));
  bool approved_any = std::any_of(rewards.begin(), rewards.end(), [](const domain::Reward& reward) {
    return reward.status == domain::RewardStatus::kApproved;
  });
  if (approved_any && !domain::Authorize(actor, Action::kManageRewards).ok()) {
    return Error(ErrorCode::kPermissionDenied,
                 "Rejecting this referral would reverse rewards already approved; a manager or admin must reject it.");
  }
  std::string why = domain::TruncateUtf8(reason, domain::kMaxReversalReasonLength);
  BB_RETURN_IF_ERROR(StatusOf(points_.ReverseRef(tx, referral.program_id, referral.id, actor.id, why, now)));
  for (auto& reward : rewards) {
    if (reward.status == domain::RewardStatus::kFulfilled) {
      clawback_needed.push_back(std::move(reward));
      continue;
    }
    if (reward.status == domain::RewardStatus::kReversed) continue;
    domain::AuditFields before = domain::FieldsOf(reward);
    BB_RETURN_IF_ERROR(StatusOf(domain::ReverseReward(reward, why, now)));
    BB_RETURN_IF_ERROR(tx.UpdateReward(reward));
    BB_RETURN_IF_ERROR(
        tx.InsertRewardEvent({ids_.New(domain::kRewardEventPrefix), reward.id, reward.status, actor.id, why, now}));
    BB_RETURN_IF_ERROR(events_.RewardStatusChanged(tx, now, reward));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "reward.reversed", reward.id,
                                   domain::DiffFields(before, domain::FieldsOf(reward)), why));
    reversed.push_back(std::move(reward));
  }
  return Ok();
}

Result<ReferralDetail> ReferralService::Clear(const domain::Actor& actor, std::string_view id, std::string_view note,
                                              const Idempotent<ReferralDetail>& idempotent) {
  return Decide(actor, id, note, ReferralEventKind::kReviewCleared, idempotent);
}

Result<ReferralDetail> ReferralService::Reject(const domain::Actor& actor, std::string_view id, std::string_view note,
                                               const Idempotent<ReferralDetail>& idempotent) {
  return Decide(actor, id, note, ReferralEventKind::kReviewRejected, idempotent);
}

Result<ReferralDetail> ReferralService::CorrectDealValue(const domain::Actor& actor, std::string_view id,
                                                         const DealValueCorrection& input,
                                                         const Idempotent<ReferralDetail>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  std::vector<FieldError> errors;
  if (!input.deal_value_minor) {
    errors.push_back({"deal_value_minor", "is required"});
  } else if (auto bad = domain::CheckMinorAmount(*input.deal_value_minor); !bad.empty()) {
    errors.push_back({"deal_value_minor", bad});
  }
  std::string reason;
  if (!input.reason) {
    errors.push_back({"reason", "is required"});
  } else if (auto bad = domain::CheckText(*input.reason, domain::kMaxReversalReasonLength, false,
                                          domain::TextShape::kMultiLine);
             !bad.empty()) {
    errors.push_back({"reason", bad});
  } else {
    reason = std::string(domain::Trim(*input.reason));
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  ReferralDetail detail;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    detail = ReferralDetail{};
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(id));
    if (!referral) return Error::NotFound(std::string(kNoReferral));
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(referral->program_id));
    if (!program) return Error::NotFound(std::string(kNoReferral));
    if (referral->stage != ReferralStage::kWon) {
      return Error(ErrorCode::kConflict,
                   "Only a won referral's deal value can be corrected; this one is " +
                       std::string(domain::ToString(referral->stage)) + ".",
                   {{"deal_value_minor", "the referral is not won"}});
    }
    BB_ASSIGN_OR_RETURN(auto history, tx.ListReferralEvents(referral->id));
    if (domain::WonThroughAccountOnly(history)) {
      return Error(ErrorCode::kConflict,
                   "The referral was won through its account and has no deal of its own to correct; when its own "
                   "deal is won, move it to won with that deal's value.",
                   {{"deal_value_minor", "the referral was won through its account"}});
    }
    if (referral->deal_value_minor == input.deal_value_minor) {
      detail.referral = std::move(*referral);
      BB_RETURN_IF_ERROR(ReadHistory(tx, actor, id, detail));
      return idempotency_.Record(tx, idempotent, detail);
    }
    std::int64_t correction = 1 + std::count_if(history.begin(), history.end(), [](const ReferralEvent& event) {
                                return event.kind == ReferralEventKind::kDealValueCorrected;
                              });
    domain::AuditFields before = domain::FieldsOf(*referral);
    std::string previous = referral->deal_value_minor ? std::to_string(*referral->deal_value_minor) : "none";
    if (referral->deal_currency.empty()) referral->deal_currency = program->currency;
    referral->deal_value_minor = input.deal_value_minor;
    referral->updated_at = now;
    std::string summary = "deal value corrected from " + previous + " to " + std::to_string(*input.deal_value_minor) +
                          " " + referral->deal_currency + ": " + reason;
    BB_RETURN_IF_ERROR(tx.UpdateReferral(*referral));
    ReferralEvent corrected{ids_.New(domain::kReferralEventPrefix),
                            referral->id,
                            ReferralEventKind::kDealValueCorrected,
                            std::nullopt,
                            std::nullopt,
                            actor.id,
                            summary,
                            now,
                            {}};
    corrected.deal_value_minor = input.deal_value_minor;
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(corrected));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "referral.deal_value_corrected", referral->id,
                                   domain::DiffFields(before, domain::FieldsOf(*referral)), reason));

    // The ledger follows: the plan is pure; this applies it.
    BB_ASSIGN_OR_RETURN(auto rules, tx.ListRewardRules(referral->program_id));
    std::map<std::string, const domain::RewardRule*> rules_by_id;
    for (const auto& rule : rules) rules_by_id[rule.id] = &rule;
    BB_ASSIGN_OR_RETURN(auto entries, AllRewardsOfReferral(tx, referral->id));
    BB_ASSIGN_OR_RETURN(auto win, tx.FindWinCount(referral->id));
    std::string entry_reason = domain::TruncateUtf8(summary, domain::kMaxReversalReasonLength);
    BB_ASSIGN_OR_RETURN(auto credit, rewards_.CreditOf(tx, *referral));
    domain::CorrectionPlan plan =
        domain::PlanDealValueCorrection(rules_by_id, *referral, entries, correction, now, win ? win->at : now,
                                        entry_reason, credit ? &*credit : nullptr);
    for (const std::string& reversed_id : plan.reverse) {
      auto entry = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.id == reversed_id; });
      if (entry == entries.end()) continue;
      domain::AuditFields entry_before = domain::FieldsOf(*entry);
      BB_RETURN_IF_ERROR(StatusOf(domain::ReverseReward(*entry, entry_reason, now)));
      entry->superseded_by = correction;
      BB_RETURN_IF_ERROR(tx.UpdateReward(*entry));
      domain::RewardEvent event{
          ids_.New(domain::kRewardEventPrefix), entry->id, entry->status, actor.id, entry_reason, now};
      event.correction = correction;
      BB_RETURN_IF_ERROR(tx.InsertRewardEvent(event));
      BB_RETURN_IF_ERROR(events_.RewardStatusChanged(tx, now, *entry));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "reward.reversed", entry->id,
                                     domain::DiffFields(entry_before, domain::FieldsOf(*entry)), entry_reason));
      detail.rewards_reversed.push_back(*entry);
    }
    for (auto& created : plan.create) {
      created.id = ids_.New(domain::kRewardPrefix);
      BB_RETURN_IF_ERROR(tx.InsertReward(created));
      domain::RewardEvent event{
          ids_.New(domain::kRewardEventPrefix), created.id, created.status, actor.id, created.reason, now};
      event.correction = correction;
      BB_RETURN_IF_ERROR(tx.InsertRewardEvent(event));
      BB_RETURN_IF_ERROR(events_.RewardCreated(tx, now, created));
      BB_RETURN_IF_ERROR(
          RecordAudit(tx, ids_, actor, now,
                      created.entry == domain::RewardEntry::kAdjustment ? "reward.adjusted" : "reward.reissued",
                      created.id, domain::CreatedFields(domain::FieldsOf(created)), reason));
      detail.rewards_created.push_back(std::move(created));
    }
    if (win && !Churned(history)) {
      // Rules that gave nothing at the win for want of a usable deal value give it now, as of the
      // win: the stages the win's move (or clearing) reached.
      std::vector<ReferralStage> reached;
      for (std::size_t i = 0; i < history.size(); ++i) {
        if (history[i].id != win->event_id) continue;
        reached = history[i].kind == ReferralEventKind::kReviewCleared
                      ? StagesReached({history.begin(), history.begin() + static_cast<std::ptrdiff_t>(i) + 1})
                      : history[i].reached;
      }
      BB_ASSIGN_OR_RETURN(auto granted, rewards_.GrantAtCorrectedValue(tx, *referral, *win, reached,
                                                                       referral->deal_currency, correction, now));
      for (auto& grant : granted) {
        BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "reward.granted", grant.id,
                                       domain::CreatedFields(domain::FieldsOf(grant)), reason));
        detail.rewards_created.push_back(std::move(grant));
      }
    }
    for (const auto& withheld : plan.withheld) {
      BB_RETURN_IF_ERROR(tx.InsertReferralEvent({ids_.New(domain::kReferralEventPrefix),
                                                 referral->id,
                                                 ReferralEventKind::kRewardWithheld,
                                                 std::nullopt,
                                                 std::nullopt,
                                                 std::string(kSystemActor),
                                                 withheld,
                                                 now,
                                                 {}}));
    }
    detail.referral = std::move(*referral);
    BB_RETURN_IF_ERROR(ReadHistory(tx, actor, id, detail));
    return idempotency_.Record(tx, idempotent, detail);
  }));
  return detail;
}

Result<ReferralDetail> ReferralService::RecordChurn(const domain::Actor& actor, std::string_view id,
                                                    std::string_view note,
                                                    const Idempotent<ReferralDetail>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  BB_ASSIGN_OR_RETURN(std::string text, CheckNote(note, false));
  ReferralDetail detail;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(id));
    if (!referral) return Error::NotFound(std::string(kNoReferral));
    if (referral->stage != ReferralStage::kWon) {
      return Error::Conflict("Only a won referral's customer can churn; this one is " +
                             std::string(domain::ToString(referral->stage)) + ".");
    }
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(referral->program_id));
    if (!program) return Error::NotFound(std::string(kNoReferral));
    BB_ASSIGN_OR_RETURN(auto history, tx.ListReferralEvents(referral->id));
    std::optional<Timestamp> won_at;
    for (const auto& event : history) {
      if (event.kind == ReferralEventKind::kCustomerChurned) return Error::Conflict("The churn was recorded already.");
      if (std::find(event.reached.begin(), event.reached.end(), ReferralStage::kWon) != event.reached.end()) {
        won_at = event.at;
      }
    }
    auto days = std::chrono::duration_cast<std::chrono::days>(now - won_at.value_or(now)).count();
    bool reverses = days <= program->referral_policy.reversal_window_days;
    std::string reason = "the referred customer churned " + std::to_string(days) + " days after the deal was won";
    std::string summary = reason + (reverses ? " (within the program's " : " (outside the program's ") +
                          std::to_string(program->referral_policy.reversal_window_days) + "-day reversal window)";
    if (!text.empty()) summary += ": " + text;
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent({ids_.New(domain::kReferralEventPrefix),
                                               referral->id,
                                               ReferralEventKind::kCustomerChurned,
                                               std::nullopt,
                                               std::nullopt,
                                               actor.id,
                                               summary,
                                               now,
                                               {},
                                               std::nullopt,
                                               reverses}));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "referral.churn_recorded", referral->id, {}, summary));
    if (reverses) {
      BB_ASSIGN_OR_RETURN(auto rewards, AllRewardsOfReferral(tx, referral->id));
      for (auto& reward : rewards) {
        domain::AuditFields reward_before = domain::FieldsOf(reward);
        BB_ASSIGN_OR_RETURN(bool changed, domain::ReverseReward(reward, reason, now));
        if (!changed) continue;
        BB_RETURN_IF_ERROR(tx.UpdateReward(reward));
        BB_RETURN_IF_ERROR(tx.InsertRewardEvent(
            {ids_.New(domain::kRewardEventPrefix), reward.id, reward.status, actor.id, reason, now}));
        BB_RETURN_IF_ERROR(events_.RewardStatusChanged(tx, now, reward));
        BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "reward.reversed", reward.id,
                                       domain::DiffFields(reward_before, domain::FieldsOf(reward)), reason));
      }
    }
    detail.referral = std::move(*referral);
    BB_RETURN_IF_ERROR(ReadHistory(tx, actor, id, detail));
    return idempotency_.Record(tx, idempotent, detail);
  }));
  return detail;
}

}  // namespace bb::service
