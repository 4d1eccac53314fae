#include "service/points_service.h"

#include <algorithm>
#include <set>

#include "domain/advocate.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "domain/validation.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoAdvocate = "No advocate with this id.";
constexpr std::string_view kHiddenName = "An advocate";

// What the audit trail keeps of a program's points settings.
domain::AuditFields FieldsOf(const domain::PointsSettings& s) {
  std::string levels;
  for (const auto& level : s.levels)
    levels += (levels.empty() ? "" : ", ") + level.name + " " + std::to_string(level.min_points);
  std::string badges;
  for (const auto& badge : s.badges) {
    badges += (badges.empty() ? "" : ", ") + badge.name + " (" + badge.action + " " + std::to_string(badge.count) + ")";
  }
  return {{"enabled", s.enabled},
          {"referral_submitted", s.referral_submitted},
          {"referral_qualified", s.referral_qualified},
          {"referral_won", s.referral_won},
          {"nps_answered", s.nps_answered},
          {"expire_after_days", s.expire_after_days},
          {"levels", levels},
          {"badges", badges},
          {"board_groups", domain::JoinWithCommas(s.board_groups)}};
}

// How an advocate appears on the portal's board: a first name and the initial of the last
// ("Ada L."), a first name alone, or "An advocate" for someone without a first name (a last name
// alone would say more than an initial).
std::string PortalName(const domain::Advocate& advocate) {
  if (advocate.first_name.empty()) return std::string(kHiddenName);
  if (advocate.last_name.empty()) return advocate.first_name;
  std::size_t initial = 1;
  while (initial < advocate.last_name.size() &&
         (static_cast<unsigned char>(advocate.last_name[initial]) & 0xC0) == 0x80) {
    ++initial;
  }
  return advocate.first_name + " " + advocate.last_name.substr(0, initial) + ".";
}

Result<domain::LeaderboardWindow> WindowFor(const std::optional<std::string>& period_text,
                                            const std::optional<std::string>& month, Timestamp as_of) {
  domain::LeaderboardPeriod period = domain::LeaderboardPeriod::kAllTime;
  if (period_text) {
    auto parsed = domain::ParseLeaderboardPeriod(*period_text);
    if (!parsed) return Error::InvalidField("period", "must be all_time, month or rolling_30d");
    period = *parsed;
  }
  std::optional<std::string_view> month_view;
  if (month) month_view = *month;
  return domain::WindowOf(period, month_view, as_of);
}

// The running total that holds `window` as it stands now: all time, or a calendar month; none for
// the rolling 30 days (summed from the ledger).
std::optional<std::string> RunningTotalOf(const domain::LeaderboardWindow& window) {
  switch (window.period) {
    case domain::LeaderboardPeriod::kAllTime: return std::string();
    case domain::LeaderboardPeriod::kMonth: return window.month;
    case domain::LeaderboardPeriod::kRolling30Days: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Result<domain::Advocate> PointsService::ReadableAdvocate(store::Queries& q, const domain::Actor& actor,
                                                         std::string_view advocate_id) const {
  BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(advocate_id));
  if (!advocate) return Error::NotFound(std::string(kNoAdvocate));
  BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kReadRewards, *advocate, kNoAdvocate));
  return std::move(*advocate);
}

Result<PointsSummary> PointsService::Summary(const domain::Actor& actor, std::string_view advocate_id,
                                             std::optional<Timestamp> as_of) {
  if (!actor.IsAdvocate()) BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadRewards));
  PointsSummary out;
  out.as_of = as_of.value_or(clock_.Now());
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, ReadableAdvocate(q, actor, advocate_id));
    BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(q, advocate.program_id));
    BB_ASSIGN_OR_RETURN(auto entries, q.ListPointsEntries(advocate.id));
    std::erase_if(entries, [&](const domain::PointsEntry& e) { return e.recorded_at > out.as_of; });
    out.advocate_id = advocate.id;
    out.program_id = advocate.program_id;
    out.enabled = settings.enabled;
    BB_ASSIGN_OR_RETURN(out.balances, domain::BalancesAsOf(entries, settings, out.as_of));
    out.level = domain::LevelOf(out.balances.lifetime, settings.levels);
    out.badges = domain::BadgesOf(entries, settings);
    return Ok();
  }));
  return out;
}

Result<PointsEntryPage> PointsService::Entries(const domain::Actor& actor, std::string_view advocate_id,
                                               const Page& page) {
  if (!actor.IsAdvocate()) BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadRewards));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kPointsEntryPrefix));
  PointsEntryPage out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, ReadableAdvocate(q, actor, advocate_id));
    BB_ASSIGN_OR_RETURN(out.entries.items, q.ListPointsEntriesPage(advocate.id, after, page.limit + 1));
    BB_ASSIGN_OR_RETURN(out.words, q.ReadProgramLanguage(advocate.program_id));
    if (actor.IsStaff()) {
      std::set<std::string> ids;
      for (const auto& entry : out.entries.items) ids.insert(entry.actor_id);
      BB_ASSIGN_OR_RETURN(out.names, NamesOfActors(q, ids));
    }
    return Ok();
  }));
  FinishPage(out.entries, page);
  return out;
}

Result<AdjustedPoints> PointsService::Adjust(const domain::Actor& actor, std::string_view advocate_id,
                                             const PointsAdjustmentInput& input,
                                             const Idempotent<AdjustedPoints>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  std::vector<FieldError> errors;
  if (!input.delta || *input.delta == 0 || *input.delta < -domain::kMaxPointsDelta ||
      *input.delta > domain::kMaxPointsDelta) {
    errors.push_back({"delta", "must be a whole number of points from -1000000000 to 1000000000, not 0"});
  }
  std::optional<domain::PointsBalance> balance = domain::PointsBalance::kBoth;
  if (input.balance) balance = domain::ParsePointsBalance(*input.balance);
  if (!balance) errors.push_back({"balance", "must be both, redeemable or lifetime"});
  std::string note = input.note ? std::string(domain::Trim(*input.note)) : std::string();
  if (std::string problem = domain::CheckText(note, domain::kMaxPointsNote, false, domain::TextShape::kMultiLine);
      !problem.empty()) {
    errors.push_back({"note", problem + " (say why the points change)"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  AdjustedPoints out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    domain::PointsEntry& entry = out.entry;
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(advocate_id));
    if (!advocate) return Error::NotFound(std::string(kNoAdvocate));
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kManageRewards, *advocate, kNoAdvocate));
    BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(tx, advocate->program_id));
    BB_ASSIGN_OR_RETURN(auto entries, tx.ListPointsEntries(advocate->id));
    entry = domain::PointsEntry{};
    entry.program_id = advocate->program_id;
    entry.advocate_id = advocate->id;
    entry.delta = *input.delta;
    entry.balance = *balance;
    entry.reason = domain::PointsReason::kAdjustment;
    entry.note = note;
    entry.earned_at = entry.recorded_at = now;
    entry.actor_id = actor.id;
    entry.id = ids_.New(domain::kPointsEntryPrefix);
    entry.key = "adjustment:" + entry.id;
    entries.push_back(entry);
    Timestamp latest = now;  // an entry another instance recorded with a clock ahead counts too
    for (const auto& e : entries) latest = std::max(latest, e.recorded_at);
    auto after = domain::BalancesAsOf(entries, settings, latest);
    if (!after.ok()) return Error::InvalidField("delta", "would take a balance past 9223372036854775807 points");
    if (domain::MovesRedeemable(entry.balance) && entry.delta < 0 && after->redeemable < 0) {
      return Error::InvalidField("delta", "would take the redeemable points below 0 (they have " +
                                              std::to_string(after->redeemable - entry.delta) + ")");
    }
    BB_RETURN_IF_ERROR(tx.InsertPointsEntry(entry));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "points.adjusted", advocate->id,
                                   {{"points", std::monostate{}, entry.delta},
                                    {"balance", std::monostate{}, std::string(domain::ToString(entry.balance))}},
                                   note));
    BB_ASSIGN_OR_RETURN(out.words, tx.ReadProgramLanguage(advocate->program_id));
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<Leaderboard> PointsService::Board(const domain::Actor& actor, const LeaderboardRequest& request) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  if (request.limit < 1 || request.limit > kMaxLeaderboardLimit) {
    return Error::InvalidField("limit", "must be from 1 to " + std::to_string(kMaxLeaderboardLimit));
  }
  Leaderboard out;
  BB_ASSIGN_OR_RETURN(out.window, WindowFor(request.period, request.month, request.as_of.value_or(clock_.Now())));
  out.program_id = request.program_id;
  out.tag = request.tag.empty() ? std::string() : domain::NormalizeTag(request.tag);  // as advocates' tags are kept
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(request.program_id));
    if (!program) return Error::NotFound("No program with this id.");
    store::LeaderboardQuery query{request.program_id, out.window, out.tag, request.limit,
                                  request.as_of ? std::nullopt : RunningTotalOf(out.window)};
    BB_ASSIGN_OR_RETURN(auto rows, q.RankLeaderboard(query));
    out.entries.clear();
    for (auto& row : rows) {
      BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(row.advocate_id));
      std::string name = advocate ? advocate->FullName() : std::string();
      if (name.empty() && advocate) name = advocate->email;
      out.entries.push_back({std::move(row), std::move(name)});
    }
    return Ok();
  }));
  return out;
}

Result<Leaderboard> PointsService::PortalBoard(const domain::Actor& actor, std::optional<std::string> period,
                                               std::optional<std::string> group) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has a board.");
  Leaderboard out;
  BB_ASSIGN_OR_RETURN(out.window, WindowFor(period, std::nullopt, clock_.Now()));
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto me, q.FindAdvocate(actor.id));
    if (!me) return Error::NotFound(std::string(kNoAdvocate));
    BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(q, me->program_id));
    if (!settings.enabled) return Error::Conflict("This program does not keep points.");
    out.program_id = me->program_id;
    for (const auto& board_group : settings.board_groups) {
      if (std::binary_search(me->tags.begin(), me->tags.end(), board_group)) out.groups.push_back(board_group);
    }
    if (group) {
      out.tag = domain::NormalizeTag(*group);
      if (std::find(out.groups.begin(), out.groups.end(), out.tag) == out.groups.end() || out.tag.empty()) {
        return Error::InvalidField("group", out.groups.empty()
                                                ? std::string("must be left out: you are in no group "
                                                              "with a board of its own")
                                                : "must be one of your groups: " + domain::JoinWithCommas(out.groups));
      }
    }
    store::LeaderboardQuery query{me->program_id, out.window, out.tag, 10, RunningTotalOf(out.window)};
    BB_ASSIGN_OR_RETURN(auto rows, q.RankLeaderboard(query));
    out.entries.clear();
    for (auto& row : rows) {
      std::string name(kHiddenName);
      if (row.advocate_id == me->id) {
        name = PortalName(*me);
      } else if (!row.hidden) {
        BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(row.advocate_id));
        if (advocate) name = PortalName(*advocate);
      }
      out.entries.push_back({std::move(row), std::move(name)});
    }
    BB_ASSIGN_OR_RETURN(auto mine, q.FindLeaderboardRow(query, me->id));
    if (mine) out.you = LeaderboardEntry{std::move(*mine), PortalName(*me)};
    BB_ASSIGN_OR_RETURN(out.you_hidden, q.IsHiddenFromLeaderboards(me->id));
    return Ok();
  }));
  return out;
}

Status PointsService::SetNamedOnBoards(const domain::Actor& actor, bool named) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate chooses this.");
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto me, tx.FindAdvocate(actor.id));
    if (!me) return Error::NotFound(std::string(kNoAdvocate));
    BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(tx, me->program_id));
    if (!settings.enabled) return Error::Conflict("This program does not keep points.");
    return tx.SetHiddenFromLeaderboards(me->id, !named, clock_.Now());
  });
}

Result<domain::PointsSettings> PointsService::Settings(const domain::Actor& actor, std::string_view program_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  domain::PointsSettings out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(out, PointsSettingsOf(q, program_id));
    return Ok();
  }));
  return out;
}

Result<domain::PointsSettings> PointsService::UpdateSettings(const domain::Actor& actor, std::string_view program_id,
                                                             const domain::PointsSettingsInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  domain::PointsSettings out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(out, PointsSettingsOf(tx, program_id));
    domain::PointsSettings before = out;
    BB_RETURN_IF_ERROR(domain::ApplyPointsSettings(out, input, now, actor.id));
    auto changes = domain::DiffFields(FieldsOf(before), FieldsOf(out));
    if (changes.empty()) {  // nothing changed: nothing written, nothing audited
      out = std::move(before);
      return Ok();
    }
    BB_RETURN_IF_ERROR(tx.PutPointsSettings(out));
    return RecordAudit(tx, ids_, actor, now, "points.settings_changed", program->id, std::move(changes));
  }));
  return out;
}

}  // namespace bb::service
