#include "service/challenge_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/time_format.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "service/audit_trail.h"
#include "service/reader_scope.h"
#include "service/referral_service.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoChallenge = "No challenge with this id.";
constexpr std::string_view kNoCompletion = "No challenge completion with this id.";
constexpr std::string_view kPointsOff = "This program does not keep points.";

domain::AuditFields FieldsOf(const domain::Challenge& c) {
  std::string steps;
  for (const auto& step : c.steps) {
    if (!steps.empty()) steps += "; ";
    steps += std::string(domain::ToString(step.type)) + " " + std::to_string(step.points) + " (" +
             domain::StepInWords(step) + ")";
  }
  std::string tags;
  for (const auto& tag : c.tags) tags += (tags.empty() ? "" : ", ") + tag;
  auto optional_int = [](const std::optional<std::int64_t>& value) -> domain::AuditValue {
    if (value) return *value;
    return std::monostate{};
  };
  domain::AuditValue ends = std::monostate{};
  if (c.ends_at) ends = FormatTimestamp(*c.ends_at);
  return {{"name", c.name},
          {"description", c.description},
          {"steps", steps},
          {"starts_at", FormatTimestamp(c.starts_at)},
          {"ends_at", ends},
          {"tags", tags},
          {"per_member_limit", c.per_member_limit},
          {"total_limit", optional_int(c.total_limit)},
          {"active", c.active}};
}

// kConflict when `program_id` is archived (it changes no more); kNotFound when it does not exist.
Status ProgramOpen(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound("No program with this id.");
  if (program->status == domain::ProgramStatus::kArchived) {
    return Error::Conflict("The program is archived: its challenges change no more.");
  }
  return Ok();
}

Status PointsOn(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(q, program_id));
  if (!settings.enabled) return Error::Conflict(std::string(kPointsOff));
  return Ok();
}

Result<ChallengeEntry> EntryOf(store::Queries& q, domain::Challenge challenge) {
  ChallengeEntry entry;
  for (std::size_t i = 0; i < challenge.steps.size(); ++i) {
    BB_ASSIGN_OR_RETURN(std::int64_t taken, q.CountLiveCompletions(challenge.id, static_cast<std::int64_t>(i), ""));
    entry.taken.push_back(taken);
  }
  entry.challenge = std::move(challenge);
  return entry;
}

// How many of `advocate_id`'s claims of `step` of `challenge_id` wait for staff.
Result<std::int64_t> PendingOf(store::Queries& q, std::string_view challenge_id, std::int64_t step,
                               std::string_view advocate_id) {
  store::CompletionQuery pending{
      .challenge_id = std::string(challenge_id),
      .advocate_id = std::string(advocate_id),
      .status = domain::CompletionStatus::kPending,
      .limit = static_cast<int>(domain::kMaxChallengePerMember) * static_cast<int>(domain::kMaxChallengeSteps)};
  BB_ASSIGN_OR_RETURN(auto waiting, q.ListCompletions(pending));
  return static_cast<std::int64_t>(
      std::count_if(waiting.begin(), waiting.end(), [&](const auto& c) { return c.step == step; }));
}

// Why `advocate` cannot do `step` of `challenge` now ("" when they can), in `reader`'s words, read in
// `q`.
Result<std::string> WhyNot(store::Queries& q, const domain::Challenge& challenge, std::int64_t step,
                           const domain::Advocate& advocate, Timestamp now,
                           domain::Reader reader = domain::Reader::kAdvocate) {
  domain::CompletionFacts facts;
  BB_ASSIGN_OR_RETURN(facts.mine, q.CountLiveCompletions(challenge.id, step, advocate.id));
  if (facts.mine >= challenge.per_member_limit) {
    BB_ASSIGN_OR_RETURN(facts.mine_pending, PendingOf(q, challenge.id, step, advocate.id));
  }
  if (challenge.total_limit) {
    BB_ASSIGN_OR_RETURN(facts.total, q.CountLiveCompletions(challenge.id, step, ""));
  }
  return domain::WhyNotCompletable(challenge, advocate.tags, facts, now, reader);
}

// The challenge `id` of `advocate`'s program, open to a claim of `step` now; the claim checked.
Result<domain::ChallengeCompletion> NewClaim(store::Tx& tx, const IdGenerator& ids, std::string_view id,
                                             const domain::Advocate& advocate, std::int64_t step,
                                             const domain::ClaimInput& input, Timestamp now, bool approved,
                                             std::string_view actor_id, domain::Challenge& challenge) {
  BB_ASSIGN_OR_RETURN(auto found, tx.FindChallenge(id));
  if (!found || found->program_id != advocate.program_id) return Error::NotFound(std::string(kNoChallenge));
  challenge = std::move(*found);
  BB_RETURN_IF_ERROR(ProgramOpen(tx, challenge.program_id));
  BB_RETURN_IF_ERROR(PointsOn(tx, challenge.program_id));
  BB_ASSIGN_OR_RETURN(auto completion,
                      domain::Claim(challenge, step, input, advocate.id, ids.New(domain::kChallengeCompletionPrefix),
                                    now, approved, actor_id));
  BB_ASSIGN_OR_RETURN(std::string why, WhyNot(tx, challenge, step, advocate, now,
                                              approved ? domain::Reader::kStaff : domain::Reader::kAdvocate));
  if (!why.empty()) return Error::Conflict(why);
  BB_RETURN_IF_ERROR(tx.InsertCompletion(completion));
  return completion;
}

domain::AuditFields CompletionFields(const domain::ChallengeCompletion& c) {
  return {{"challenge_id", c.challenge_id},
          {"step", c.step},
          {"advocate_id", c.advocate_id},
          {"status", std::string(domain::ToString(c.status))},
          {"points", c.points}};
}

// The names of the completions' advocates, deciders (with `people`) and challenges, and the words
// of their steps.
Status LabelsOf(store::Queries& q, const std::vector<domain::ChallengeCompletion>& completions, bool people,
                CompletionLabels& out) {
  std::set<std::string> ids;
  std::map<std::string, std::optional<domain::Challenge>, std::less<>> challenges;
  for (const auto& c : completions) {
    ids.insert(c.advocate_id);
    ids.insert(c.decided_by);
    challenges.try_emplace(c.challenge_id);
  }
  out.names.clear();
  out.words.clear();
  if (people) {
    BB_ASSIGN_OR_RETURN(out.names, NamesOfActors(q, ids));
  }
  for (auto& [id, challenge] : challenges) {
    BB_ASSIGN_OR_RETURN(challenge, q.FindChallenge(id));
    if (challenge) out.names.emplace(id, challenge->name);
  }
  for (const auto& c : completions) {
    const auto& challenge = challenges.at(c.challenge_id);
    if (challenge && c.step >= 0 && c.step < static_cast<std::int64_t>(challenge->steps.size())) {
      out.words.emplace(c.id, domain::StepInWords(challenge->steps[static_cast<std::size_t>(c.step)]));
    }
  }
  return Ok();
}

}  // namespace

Result<std::vector<ChallengeEntry>> ChallengeService::List(const domain::Actor& actor, std::string_view program_id,
                                                           bool include_retired) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  std::vector<ChallengeEntry> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(auto challenges, q.ListChallenges(program_id, include_retired));
    out.clear();
    for (auto& challenge : challenges) {
      BB_ASSIGN_OR_RETURN(auto entry, EntryOf(q, std::move(challenge)));
      out.push_back(std::move(entry));
    }
    return Ok();
  }));
  return out;
}

Result<ChallengeEntry> ChallengeService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  ChallengeEntry out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto challenge, q.FindChallenge(id));
    if (!challenge) return Error::NotFound(std::string(kNoChallenge));
    BB_ASSIGN_OR_RETURN(out, EntryOf(q, std::move(*challenge)));
    return Ok();
  }));
  return out;
}

Result<ChallengeEntry> ChallengeService::Create(const domain::Actor& actor, std::string_view program_id,
                                                const domain::ChallengeInput& input,
                                                const Idempotent<ChallengeEntry>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  ChallengeEntry out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(ProgramOpen(tx, program_id));
    BB_ASSIGN_OR_RETURN(auto challenge, domain::BuildChallenge(input, ids_.New(domain::kChallengePrefix),
                                                               std::string(program_id), now));
    BB_RETURN_IF_ERROR(tx.InsertChallenge(challenge));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "challenge.created", challenge.id,
                                   domain::CreatedFields(FieldsOf(challenge))));
    out.taken.assign(challenge.steps.size(), 0);
    out.challenge = std::move(challenge);
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<ChallengeEntry> ChallengeService::Update(const domain::Actor& actor, std::string_view id,
                                                const domain::ChallengeInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  ChallengeEntry out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto challenge, tx.FindChallenge(id));
    if (!challenge) return Error::NotFound(std::string(kNoChallenge));
    BB_RETURN_IF_ERROR(ProgramOpen(tx, challenge->program_id));
    BB_ASSIGN_OR_RETURN(bool has_completions, tx.ChallengeHasCompletions(challenge->id));
    domain::AuditFields before = FieldsOf(*challenge);
    BB_ASSIGN_OR_RETURN(bool changed, domain::ApplyChallengeChanges(*challenge, input, has_completions, now));
    if (changed) {
      BB_RETURN_IF_ERROR(tx.UpdateChallenge(*challenge));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "challenge.changed", challenge->id,
                                     domain::DiffFields(before, FieldsOf(*challenge))));
    }
    BB_ASSIGN_OR_RETURN(out, EntryOf(tx, std::move(*challenge)));
    return Ok();
  }));
  return out;
}

Result<PortalChallenges> ChallengeService::Portal(const domain::Actor& actor) {
  if (!actor.IsAdvocate())
    return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate sees their challenges.");
  PortalChallenges out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto me, q.FindAdvocate(actor.id));
    if (!me) return Error::NotFound("No advocate with this id.");
    BB_RETURN_IF_ERROR(PointsOn(q, me->program_id));
    BB_ASSIGN_OR_RETURN(auto challenges, q.ListOpenChallenges(me->program_id, now));
    out.open.clear();
    for (auto& challenge : challenges) {
      if (!domain::OfferedTo(challenge, me->tags)) continue;
      PortalChallenge shown;
      for (std::size_t i = 0; i < challenge.steps.size(); ++i) {
        auto index = static_cast<std::int64_t>(i);
        PortalStep step;
        step.words = domain::StepInWords(challenge.steps[i]);
        step.claimed = domain::ClaimedStep(challenge.steps[i].type);
        BB_ASSIGN_OR_RETURN(std::int64_t live, q.CountLiveCompletions(challenge.id, index, me->id));
        BB_ASSIGN_OR_RETURN(step.pending, PendingOf(q, challenge.id, index, me->id));
        step.done = live - step.pending;
        BB_ASSIGN_OR_RETURN(step.why_not, WhyNot(q, challenge, index, *me, now));
        shown.steps.push_back(std::move(step));
      }
      shown.challenge = std::move(challenge);
      out.open.push_back(std::move(shown));
    }
    BB_ASSIGN_OR_RETURN(out.recent, q.ListCompletions({.advocate_id = me->id, .limit = 20}));
    return LabelsOf(q, out.recent, false, out.labels);
  }));
  return out;
}

Result<NamedCompletion> ChallengeService::Claim(const domain::Actor& actor, std::string_view challenge_id,
                                                std::int64_t step, const domain::ClaimInput& input,
                                                const Idempotent<NamedCompletion>& idempotent) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate claims a step.");
  NamedCompletion out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto me, tx.FindAdvocate(actor.id));
    if (!me) return Error::NotFound("No advocate with this id.");
    domain::Challenge challenge;
    BB_ASSIGN_OR_RETURN(out.completion,
                        NewClaim(tx, ids_, challenge_id, *me, step, input, now, false, actor.id, challenge));
    BB_RETURN_IF_ERROR(LabelsOf(tx, {out.completion}, false, out.labels));
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<NamedCompletion> ChallengeService::Record(const domain::Actor& actor, std::string_view challenge_id,
                                                 std::string_view advocate_id, std::int64_t step,
                                                 const domain::ClaimInput& input,
                                                 const Idempotent<NamedCompletion>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  NamedCompletion out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(advocate_id));
    if (!advocate) return Error::InvalidField("advocate_id", "is not an advocate of this challenge's program");
    BB_RETURN_IF_ERROR(
        domain::AuthorizeAdvocateObject(actor, Action::kManageRewards, *advocate, "No advocate with this id."));
    BB_ASSIGN_OR_RETURN(auto challenge_found, tx.FindChallenge(challenge_id));
    if (!challenge_found) return Error::NotFound(std::string(kNoChallenge));
    if (challenge_found->program_id != advocate->program_id) {
      return Error::InvalidField("advocate_id", "is not an advocate of this challenge's program");
    }
    domain::Challenge challenge;
    BB_ASSIGN_OR_RETURN(auto completion,
                        NewClaim(tx, ids_, challenge_id, *advocate, step, input, now, true, actor.id, challenge));
    BB_RETURN_IF_ERROR(StatusOf(points_.AwardCompletion(tx, completion, challenge, now, now)));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "challenge.step_recorded", completion.id,
                                   domain::CreatedFields(CompletionFields(completion))));
    BB_RETURN_IF_ERROR(LabelsOf(tx, {completion}, true, out.labels));
    out.completion = std::move(completion);
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<CompletionPage> ChallengeService::ListCompletions(const domain::Actor& actor, store::CompletionQuery query,
                                                         const Page& page) {
  BB_RETURN_IF_ERROR(ScopeToReader(actor, query.advocate_id, query.enrolled_by));
  BB_ASSIGN_OR_RETURN(query.before_id, CheckPage(page, domain::kChallengeCompletionPrefix));
  query.limit = page.limit + 1;
  CompletionPage out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, query.program_id));
    BB_ASSIGN_OR_RETURN(out.completions.items, q.ListCompletions(query));
    BB_RETURN_IF_ERROR(LabelsOf(q, out.completions.items, !actor.IsAdvocate(), out.labels));
    return Ok();
  }));
  FinishPage(out.completions, page);
  return out;
}

Result<NamedCompletion> ChallengeService::Decide(const domain::Actor& actor, std::string_view id,
                                                 CompletionDecision decision, std::string_view note,
                                                 const Idempotent<NamedCompletion>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  NamedCompletion out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto completion, tx.FindCompletion(id));
    if (!completion) return Error::NotFound(std::string(kNoCompletion));
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(completion->advocate_id));
    if (!advocate) return Error::NotFound(std::string(kNoCompletion));
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kManageRewards, *advocate, kNoCompletion));
    BB_ASSIGN_OR_RETURN(auto challenge, tx.FindChallenge(completion->challenge_id));
    if (!challenge) return Error::NotFound(std::string(kNoChallenge));
    BB_RETURN_IF_ERROR(ProgramOpen(tx, completion->program_id));
    domain::CompletionStatus before = completion->status;
    std::string_view kind;
    if (decision == CompletionDecision::kApprove) {
      BB_RETURN_IF_ERROR(PointsOn(tx, completion->program_id));
      BB_RETURN_IF_ERROR(domain::ApproveCompletion(*completion, actor.id, now));
      BB_RETURN_IF_ERROR(StatusOf(points_.AwardCompletion(tx, *completion, *challenge, now, now)));
      kind = "challenge.step_approved";
    } else {
      BB_RETURN_IF_ERROR(domain::RejectCompletion(*completion, std::string(note), actor.id, now));
      kind = "challenge.step_rejected";
    }
    BB_RETURN_IF_ERROR(tx.UpdateCompletion(*completion));
    BB_RETURN_IF_ERROR(RecordAudit(
        tx, ids_, actor, now, kind, completion->id,
        {{"status", std::string(domain::ToString(before)), std::string(domain::ToString(completion->status))}},
        completion->note));
    BB_RETURN_IF_ERROR(LabelsOf(tx, {*completion}, true, out.labels));
    out.completion = std::move(*completion);
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<int> ChallengeService::CreditShares(int batch) {
  Timestamp now = clock_.Now();
  std::vector<domain::Challenge> challenges;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(challenges, q.ListShareChallengesToSweep(now, now - kShareCatchUp));
    return Ok();
  }));
  int read = 0;
  for (const auto& challenge : challenges) {
    BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(auto cursor, tx.FindShareCursor(challenge.id));
      store::ClickQuery query{.program_id = challenge.program_id,
                              .from = challenge.starts_at,
                              .before = now - kShareSettleTime,
                              .bots = store::BotClicks::kExclude};
      if (challenge.ends_at && *challenge.ends_at < query.before) query.before = *challenge.ends_at;
      if (query.before <= query.from) return Ok();
      BB_ASSIGN_OR_RETURN(auto clicks, tx.ListClicks(query, cursor, batch));
      if (clicks.empty()) return Ok();
      std::map<std::string, std::optional<domain::Advocate>, std::less<>> advocates;
      for (const auto& record : clicks) {
        const domain::Click& click = record.click;
        auto [it, fresh] = advocates.try_emplace(click.advocate_id);
        if (fresh) {
          BB_ASSIGN_OR_RETURN(it->second, tx.FindAdvocate(click.advocate_id));
        }
        if (!it->second) continue;
        // The advocate following their own link shares nothing.
        BB_ASSIGN_OR_RETURN(bool own, tx.AdvocateSeenAt(click.advocate_id, click.visitor_id, click.ip_hash,
                                                        click.occurred_at - kSelfReferralLookback));
        if (own) continue;
        ChallengeEvent event{
            challenge.program_id,         click.advocate_id, it->second->tags,  domain::ChallengeStepType::kShareLink,
            "share:" + click.advocate_id, click.channel,     click.occurred_at, now};
        BB_RETURN_IF_ERROR(StatusOf(points_.CompleteChallengeSteps(tx, event)));
      }
      read += static_cast<int>(clicks.size());
      return tx.SetShareCursor(challenge.id, {clicks.back().click.occurred_at, clicks.back().id});
    }));
  }
  return read;
}

}  // namespace bb::service
