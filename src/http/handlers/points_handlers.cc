// Advocacy points: an advocate's balances, level and badges (GET /api/v1/advocates/{id}/points and
// the signed-in advocate's GET /api/v1/portal/points), their ledger (…/points/entries), staff
// adjustments (POST /api/v1/advocates/{id}/points/adjustments), the leaderboards (GET
// /api/v1/leaderboards; the portal's GET/PUT /api/v1/portal/leaderboard) and each program's points
// settings (GET/PATCH /api/v1/programs/{id}/points-settings).

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

// An entry as the advocate sees it: what happened and when, never staff's notes or who wrote it
// (a reversal's note is the staff's reason for rejecting; an adjustment's note is in its
// description, written for the advocate).
json::object PortalEntryToJson(const domain::PointsEntry& e, const domain::ProgramLanguage& words) {
  return json::object{{"id", e.id},
                      {"points", e.delta},
                      {"balance", domain::ToString(e.balance)},
                      {"reason", domain::ToString(e.reason)},
                      {"description", domain::PointsEntryInWords(e, words)},
                      {"ref", e.ref.empty() ? json::value(nullptr) : json::value(e.ref)},
                      {"earned_at", FormatTimestamp(e.earned_at)},
                      {"recorded_at", FormatTimestamp(e.recorded_at)}};
}

json::object EntryToJson(const domain::PointsEntry& e, const domain::ProgramLanguage& words,
                         const service::ActorNames& names = {}) {
  json::object out = PortalEntryToJson(e, words);
  out["program_id"] = e.program_id;
  out["advocate_id"] = e.advocate_id;
  out["reverses"] = e.reverses.empty() ? json::value(nullptr) : json::value(e.reverses);
  out["note"] = e.note;
  out["recorded_by"] = e.actor_id;
  auto name = names.find(e.actor_id);
  out["recorded_by_name"] = name == names.end() ? json::value(nullptr) : json::value(name->second);
  return out;
}

json::object SummaryToJson(const service::PointsSummary& s) {
  json::array badges;
  for (const auto& b : s.badges) {
    badges.push_back(json::object{{"name", b.name},
                                  {"action", b.action},
                                  {"target", b.target},
                                  {"progress", b.progress},
                                  {"earned", b.earned_at.has_value()},
                                  {"earned_at", TimeOrNull(b.earned_at)}});
  }
  json::value next = nullptr;
  if (s.level.next) {
    next = json::object{{"name", s.level.next->name},
                        {"min_points", s.level.next->min_points},
                        {"points_to_go", s.level.points_to_next}};
  }
  json::value expiry = nullptr;
  if (s.balances.next_expiry_at) {
    expiry = json::object{{"points", s.balances.next_expiry_points.value_or(0)},
                          {"at", FormatTimestamp(*s.balances.next_expiry_at)}};
  }
  return json::object{{"advocate_id", s.advocate_id},
                      {"program_id", s.program_id},
                      {"as_of", FormatTimestamp(s.as_of)},
                      {"enabled", s.enabled},
                      {"lifetime", s.balances.lifetime},
                      {"redeemable", s.balances.redeemable},
                      {"expired", s.balances.expired},
                      {"next_expiry", std::move(expiry)},
                      {"level", s.level.name.empty() ? json::value(nullptr) : json::value(s.level.name)},
                      {"level_rank", s.level.rank},
                      {"next_level", std::move(next)},
                      {"level_progress_bp", s.level.progress_bp},
                      {"badges", std::move(badges)}};
}

json::object SettingsToJson(const domain::PointsSettings& s) {
  json::array history;
  for (const auto& rule : s.expiry_rules) {
    history.push_back(json::object{{"from", FormatTimestamp(rule.from)}, {"expire_after_days", rule.days}});
  }
  json::array levels;
  for (const auto& level : s.levels)
    levels.push_back(json::object{{"name", level.name}, {"min_points", level.min_points}});
  json::array badges;
  for (const auto& badge : s.badges) {
    badges.push_back(json::object{{"name", badge.name}, {"action", badge.action}, {"count", badge.count}});
  }
  json::array groups;
  for (const auto& group : s.board_groups) groups.push_back(json::value(group));
  return json::object{
      {"program_id", s.program_id},
      {"enabled", s.enabled},
      {"referral_submitted", s.referral_submitted},
      {"referral_qualified", s.referral_qualified},
      {"referral_won", s.referral_won},
      {"nps_answered", s.nps_answered},
      {"expire_after_days", s.expire_after_days},
      {"expiry_from", TimeOrNull(s.expiry_from)},
      {"expiry_history", std::move(history)},
      {"levels", std::move(levels)},
      {"badges", std::move(badges)},
      {"board_groups", std::move(groups)},
      {"updated_at", s.updated_by.empty() ? json::value(nullptr) : json::value(FormatTimestamp(s.updated_at))},
      {"updated_by", s.updated_by.empty() ? json::value(nullptr) : json::value(s.updated_by)}};
}

json::object BoardToJson(const service::Leaderboard& b, bool for_staff) {
  auto row_json = [&](const service::LeaderboardEntry& e) {
    json::object row{{"rank", e.row.rank}, {"name", e.name}, {"points", e.row.points}};
    if (for_staff) {
      row["advocate_id"] = e.row.advocate_id;
      row["hidden"] = e.row.hidden;
      row["reached_at"] = FormatTimestamp(e.row.reached_at);
    }
    return row;
  };
  json::array data;
  for (const auto& e : b.entries) data.push_back(row_json(e));
  json::object out{{"program_id", b.program_id},
                   {"period", domain::ToString(b.window.period)},
                   {"month", b.window.month.empty() ? json::value(nullptr) : json::value(b.window.month)},
                   {"as_of", FormatTimestamp(b.window.as_of)},
                   {"data", std::move(data)},
                   {"basis",
                    "Lifetime points earned in the period (all time; the calendar month, UTC; or the 30 days up to "
                    "the time shown), as recorded by then. Spending points never lowers a rank; points taken back "
                    "lower the period they counted in. Ties: who reached the total first, then advocate id."}};
  if (for_staff) {
    out["tag"] = b.tag.empty() ? json::value(nullptr) : json::value(b.tag);
  } else {
    out["you"] = b.you ? json::value(row_json(*b.you)) : json::value(nullptr);
    out["named"] = !b.you_hidden;
    out["group"] = b.tag.empty() ? json::value(nullptr) : json::value(b.tag);
    json::array groups;
    for (const auto& group : b.groups) groups.push_back(json::value(group));
    out["groups"] = std::move(groups);
  }
  return out;
}

Response SummaryReply(HandlerContext& context, Request& request, std::string_view advocate_id) {
  if (Status known = OnlyQueryParameters(request, {"as_of"}); !known.ok()) return ErrorResponse(known.error(), request);
  auto as_of = AsOfFromQuery(request);
  if (!as_of.ok()) return ErrorResponse(as_of.error(), request);
  auto summary = context.services.points.Summary(request.actor, advocate_id, *as_of);
  if (!summary.ok()) return ErrorResponse(summary.error(), request);
  return JsonReply(200, SummaryToJson(*summary));
}

Response EntriesReply(HandlerContext& context, Request& request, std::string_view advocate_id) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.points.Entries(request.actor, advocate_id, *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& e : list->entries.items) {
    data.push_back(request.actor.IsAdvocate() ? PortalEntryToJson(e, list->words)
                                              : EntryToJson(e, list->words, list->names));
  }
  return JsonReply(200, PageToJson(std::move(data), list->entries.next_cursor));
}

// GET /api/v1/advocates/{id}/points?as_of=
Response GetPoints(HandlerContext& context, Request& request) {
  return SummaryReply(context, request, request.Param("id"));
}

// GET /api/v1/portal/points?as_of=
Response GetPortalPoints(HandlerContext& context, Request& request) {
  return SummaryReply(context, request, request.actor.id);
}

// GET /api/v1/advocates/{id}/points/entries?limit=&cursor=
Response ListEntries(HandlerContext& context, Request& request) {
  return EntriesReply(context, request, request.Param("id"));
}

// GET /api/v1/portal/points/entries?limit=&cursor=
Response ListPortalEntries(HandlerContext& context, Request& request) {
  return EntriesReply(context, request, request.actor.id);
}

// POST /api/v1/advocates/{id}/points/adjustments {"points", "balance"?, "note"}
Response Adjust(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::PointsAdjustmentInput input;
  input.delta = reader.Integer("points");
  input.balance = reader.String("balance");
  input.note = reader.String("note");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<service::AdjustedPoints> render = [](const service::AdjustedPoints& adjusted) {
    return service::StoredReply{201, json::serialize(EntryToJson(adjusted.entry, adjusted.words)), ""};
  };
  auto adjusted =
      context.services.points.Adjust(request.actor, request.Param("id"), input, IdempotentFor(request, render));
  if (!adjusted.ok() && adjusted.error().code() == ErrorCode::kInvalidArgument) {
    // The use case names the amount "delta"; the body calls it "points".
    std::vector<FieldError> fields = adjusted.error().fields();
    for (auto& f : fields) {
      if (f.field == "delta") f.field = "points";
    }
    return ErrorResponse(Error(adjusted.error().code(), adjusted.error().message(), std::move(fields)), request);
  }
  return Reply(context, request, adjusted, render);
}

// GET /api/v1/leaderboards?program_id=&period=&month=&tag=&as_of=&limit=
Response GetLeaderboard(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "period", "month", "tag", "as_of", "limit"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  service::LeaderboardRequest board;
  board.program_id = *program_id;
  if (auto period = request.Query("period")) board.period = std::string(*period);
  if (auto month = request.Query("month")) board.month = std::string(*month);
  board.tag = std::string(request.Query("tag").value_or(""));
  auto as_of = AsOfFromQuery(request);
  if (!as_of.ok()) return ErrorResponse(as_of.error(), request);
  board.as_of = *as_of;
  if (auto limit = request.Query("limit")) {
    auto parsed = ParseSmallWholeNumber(*limit);
    board.limit = parsed.value_or(0);
  }
  auto result = context.services.points.Board(request.actor, board);
  if (!result.ok()) return ErrorResponse(result.error(), request);
  return JsonReply(200, BoardToJson(*result, true));
}

// The signed-in advocate's board that the query names (period, group).
Result<service::Leaderboard> PortalBoardOfQuery(HandlerContext& context, const Request& request) {
  BB_RETURN_IF_ERROR(OnlyQueryParameters(request, {"period", "group"}));
  std::optional<std::string> period;
  if (auto text = request.Query("period")) period = std::string(*text);
  std::optional<std::string> group;
  if (auto text = request.Query("group")) group = std::string(*text);
  return context.services.points.PortalBoard(request.actor, period, group);
}

// GET /api/v1/portal/leaderboard?period=&group=
Response GetPortalLeaderboard(HandlerContext& context, Request& request) {
  auto result = PortalBoardOfQuery(context, request);
  if (!result.ok()) return ErrorResponse(result.error(), request);
  return JsonReply(200, BoardToJson(*result, false));
}

// PUT /api/v1/portal/leaderboard?period=&group= {"named": bool}: answered with that board. A query
// that names no board of theirs is refused before anything is saved.
Response SetPortalLeaderboard(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto named = reader.Boolean("named");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  if (!named) return ErrorResponse(Error::InvalidField("named", "is required: true or false"), request);
  if (auto board = PortalBoardOfQuery(context, request); !board.ok()) return ErrorResponse(board.error(), request);
  if (Status set = context.services.points.SetNamedOnBoards(request.actor, *named); !set.ok()) {
    return ErrorResponse(set.error(), request);
  }
  return GetPortalLeaderboard(context, request);
}

// GET /api/v1/programs/{id}/points-settings
Response GetSettings(HandlerContext& context, Request& request) {
  auto settings = context.services.points.Settings(request.actor, request.Param("id"));
  if (!settings.ok()) return ErrorResponse(settings.error(), request);
  return JsonReply(200, SettingsToJson(*settings));
}

// PATCH /api/v1/programs/{id}/points-settings {fields of domain::PointsSettingsInput}
Response UpdateSettings(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::PointsSettingsInput input;
  input.enabled = reader.Boolean("enabled");
  input.referral_submitted = reader.Integer("referral_submitted");
  input.referral_qualified = reader.Integer("referral_qualified");
  input.referral_won = reader.Integer("referral_won");
  input.nps_answered = reader.Integer("nps_answered");
  input.expire_after_days = reader.Integer("expire_after_days");
  std::vector<domain::PointsLevel> levels;
  if (reader.ObjectList("levels", [&](ObjectReader& item, std::size_t) {
        domain::PointsLevel level;
        level.name = item.String("name").value_or("");
        level.min_points = item.Integer("min_points").value_or(-1);
        levels.push_back(std::move(level));
      })) {
    input.levels = std::move(levels);
  }
  std::vector<domain::PointsBadge> badges;
  if (reader.ObjectList("badges", [&](ObjectReader& item, std::size_t) {
        domain::PointsBadge badge;
        badge.name = item.String("name").value_or("");
        badge.action = item.String("action").value_or("");
        badge.count = item.Integer("count").value_or(0);
        badges.push_back(std::move(badge));
      })) {
    input.badges = std::move(badges);
  }
  input.board_groups = reader.StringList("board_groups");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto updated = context.services.points.UpdateSettings(request.actor, request.Param("id"), input);
  if (!updated.ok()) return ErrorResponse(updated.error(), request);
  return JsonReply(200, SettingsToJson(*updated));
}

}  // namespace

void AddPointsRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/advocates/{id}/points", Access::kStaff, false, bind(GetPoints)});
  router.Add({"GET", "/api/v1/advocates/{id}/points/entries", Access::kStaff, false, bind(ListEntries)});
  router.Add({"POST", "/api/v1/advocates/{id}/points/adjustments", Access::kStaff, false, bind(Adjust)});
  router.Add({"GET", "/api/v1/portal/points", Access::kAdvocate, false, bind(GetPortalPoints)});
  router.Add({"GET", "/api/v1/portal/points/entries", Access::kAdvocate, false, bind(ListPortalEntries)});
  router.Add({"GET", "/api/v1/leaderboards", Access::kStaff, false, bind(GetLeaderboard)});
  router.Add({"GET", "/api/v1/portal/leaderboard", Access::kAdvocate, false, bind(GetPortalLeaderboard)});
  router.Add({"PUT", "/api/v1/portal/leaderboard", Access::kAdvocate, false, bind(SetPortalLeaderboard)});
  router.Add({"GET", "/api/v1/programs/{id}/points-settings", Access::kStaff, false, bind(GetSettings)});
  router.Add({"PATCH", "/api/v1/programs/{id}/points-settings", Access::kStaff, false, bind(UpdateSettings)});
}

}  // namespace bb::http
