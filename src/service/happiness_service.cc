#include "service/happiness_service.h"

#include <map>
#include <set>

#include "crypto/crypto.h"
#include "domain/ids.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoLink = "This rating link is unknown or has expired.";
constexpr std::string_view kNoRequest = "No rating request with this id.";
constexpr auto kRepeatWindow = std::chrono::hours(24);

// The request `token` opens, if it has not expired at `now`.
Result<domain::RatingRequest> RequestOfToken(store::Queries& q, std::string_view token, Timestamp now) {
  if (token.empty() || token.size() > 200) return Error::NotFound(std::string(kNoLink));
  BB_ASSIGN_OR_RETURN(auto request, q.FindRatingRequestByToken(crypto::Sha256Hex(token)));
  if (!request || request->expires_at <= now) return Error::NotFound(std::string(kNoLink));
  return std::move(*request);
}

Result<RatingPage> RatingPageOf(store::Queries& q, domain::RatingRequest request) {
  RatingPage page;
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(request.program_id));
  if (program) page.program_name = program->name;
  BB_ASSIGN_OR_RETURN(page.rating, q.FindRatingOfRequest(request.id));
  page.request = std::move(request);
  return page;
}

std::string NameOfInteraction(domain::Interaction interaction) {
  switch (interaction) {
    case domain::Interaction::kEmail: return "Emails";
    case domain::Interaction::kRewardPaid: return "Rewards paid";
    case domain::Interaction::kReferralHandled: return "Referrals handled";
    case domain::Interaction::kReviewDecision: return "Review decisions";
  }
  return "Emails";
}

void Add(domain::HappinessCounts& into, const domain::HappinessCounts& counts) {
  into.happy += counts.happy;
  into.ok += counts.ok;
  into.unhappy += counts.unhappy;
  into.wow += counts.wow;
  into.requests += counts.requests;
  into.rated += counts.rated;
}

}  // namespace

std::optional<HappinessGrouping> ParseHappinessGrouping(std::string_view text) {
  if (text == "program") return HappinessGrouping::kProgram;
  if (text == "staff") return HappinessGrouping::kStaff;
  if (text == "interaction") return HappinessGrouping::kInteraction;
  return std::nullopt;
}

Result<domain::Rating> HappinessService::Record(store::Tx& tx, const domain::RatingRequest& request,
                                                const domain::RatingInput& input, std::string_view ip_hash,
                                                Timestamp now) const {
  BB_ASSIGN_OR_RETURN(auto existing, tx.FindRatingOfRequest(request.id));
  domain::Rating rating;
  if (existing) {
    rating = std::move(*existing);
    BB_ASSIGN_OR_RETURN(bool changed, domain::ApplyRating(rating, input, false, now));
    if (changed) BB_RETURN_IF_ERROR(tx.UpdateRating(rating));
  } else {
    rating.id = ids_.New(domain::kRatingPrefix);
    rating.request_id = request.id;
    rating.program_id = request.program_id;
    rating.interaction = request.interaction;
    rating.interaction_id = request.interaction_id;
    rating.rated_user_id = request.rated_user_id;
    rating.recipient = request.recipient;
    rating.ip_hash = std::string(ip_hash);
    BB_RETURN_IF_ERROR(StatusOf(domain::ApplyRating(rating, input, true, now)));
    BB_RETURN_IF_ERROR(tx.InsertRating(rating));
  }
  // A later rating repeats earlier ones (a resent email rated again; the same person within a day).
  BB_ASSIGN_OR_RETURN(auto earlier, tx.ListRatingsItMayRepeat(rating, rating.created_at - kRepeatWindow));
  std::set<std::string> repeated;
  for (auto& id : domain::RepeatedBy(rating, earlier)) repeated.insert(std::move(id));
  for (auto& old : earlier) {
    if (!repeated.contains(old.id)) continue;
    old.superseded_by = rating.id;
    old.updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateRating(old));
  }
  // Many ratings of one party from one address within a day are flagged (still counted).
  if (!rating.ip_hash.empty()) {
    Timestamp since = now - kRepeatWindow;
    BB_ASSIGN_OR_RETURN(std::int64_t from_there,
                        tx.CountRatingsFromAddress(rating.ip_hash, rating.rated_user_id, since));
    if (from_there > domain::kSuspiciousRatingsPerAddress) {
      BB_RETURN_IF_ERROR(tx.FlagRatingsFromAddress(rating.ip_hash, rating.rated_user_id, since));
      rating.suspicious = true;
    }
  }
  return rating;
}

Result<RatingPage> HappinessService::Show(std::string_view token) {
  RatingPage out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto request, RequestOfToken(q, token, clock_.Now()));
    BB_ASSIGN_OR_RETURN(out, RatingPageOf(q, std::move(request)));
    return Ok();
  }));
  return out;
}

Result<RatingPage> HappinessService::Rate(std::string_view token, const domain::RatingInput& input,
                                          std::string_view ip_hash) {
  RatingPage out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto request, RequestOfToken(tx, token, now));
    BB_RETURN_IF_ERROR(StatusOf(Record(tx, request, input, ip_hash, now)));
    BB_ASSIGN_OR_RETURN(out, RatingPageOf(tx, std::move(request)));
    return Ok();
  }));
  return out;
}

Result<std::vector<domain::RatingRequest>> HappinessService::Open(const domain::Actor& actor) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate rates in the portal.");
  std::vector<domain::RatingRequest> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out, q.ListOpenRatingRequests("advocate:" + actor.id, clock_.Now(), 5));
    return Ok();
  }));
  return out;
}

Result<domain::Rating> HappinessService::RateInPortal(const domain::Actor& actor, std::string_view request_id,
                                                      const domain::RatingInput& input, std::string_view ip_hash) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate rates in the portal.");
  domain::Rating out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto request, tx.FindRatingRequest(request_id));
    if (!request || request->recipient != "advocate:" + actor.id || request->expires_at <= now) {
      return Error::NotFound(std::string(kNoRequest));
    }
    BB_ASSIGN_OR_RETURN(out, Record(tx, *request, input, ip_hash, now));
    return Ok();
  }));
  return out;
}

Result<HappinessReport> HappinessService::Report(const domain::Actor& actor, std::string_view program_id,
                                                 HappinessGrouping grouping, Timestamp from, Timestamp before) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  HappinessReport out;
  out.from = from;
  out.before = before;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, program_id));
    BB_ASSIGN_OR_RETURN(auto rows, q.CountHappiness(program_id, from, before));
    std::map<std::string, domain::HappinessCounts> grouped;
    domain::HappinessCounts all;
    std::set<std::string> people;
    for (const auto& row : rows) {
      std::string key = grouping == HappinessGrouping::kProgram ? row.program_id
                        : grouping == HappinessGrouping::kStaff ? row.rated_user_id
                                                                : std::string(domain::ToString(row.interaction));
      Add(grouped[key], row.counts);
      Add(all, row.counts);
      if (grouping == HappinessGrouping::kStaff && !key.empty()) people.insert(key);
    }
    BB_ASSIGN_OR_RETURN(auto names, NamesOfActors(q, people));
    out.groups.clear();
    for (const auto& [key, counts] : grouped) {
      HappinessGroup group{key, "", domain::FiguresOf(counts)};
      if (grouping == HappinessGrouping::kProgram) {
        BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(key));
        group.name = program ? program->name : key;
      } else if (grouping == HappinessGrouping::kStaff) {
        auto found = names.find(key);
        group.name = key.empty() ? "The program (no one person)" : found != names.end() ? found->second : key;
      } else {
        group.name = NameOfInteraction(domain::ParseInteraction(key).value_or(domain::Interaction::kEmail));
      }
      out.groups.push_back(std::move(group));
    }
    out.all = {"", "Everything", domain::FiguresOf(all)};
    return Ok();
  }));
  return out;
}

Result<RatingList> HappinessService::List(const domain::Actor& actor, store::RatingQuery query, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  // Comments go to the person rated and to admins (Hively, Buffer): not to the rest of the team.
  if (actor.role != domain::Role::kAdmin) query.rated_user_id = actor.id;
  BB_ASSIGN_OR_RETURN(query.before_id, CheckPage(page, domain::kRatingPrefix));
  query.limit = page.limit + 1;
  RatingList out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, query.program_id));
    BB_ASSIGN_OR_RETURN(out.ratings.items, q.ListRatings(query));
    std::set<std::string> ids;
    for (const auto& r : out.ratings.items) ids.insert(r.rated_user_id);
    BB_ASSIGN_OR_RETURN(out.names, NamesOfActors(q, ids));
    return Ok();
  }));
  FinishPage(out.ratings, page);
  return out;
}

Result<domain::Rating> HappinessService::Delete(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  domain::Rating out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto rating, tx.FindRating(id));
    if (!rating) return Error::NotFound("No rating with this id.");
    if (!rating->deleted) {
      rating->deleted = true;
      rating->deleted_by = actor.id;
      rating->updated_at = now;
      BB_RETURN_IF_ERROR(tx.UpdateRating(*rating));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "rating.deleted", rating->id, {{"deleted", false, true}}));
    }
    out = std::move(*rating);
    return Ok();
  }));
  return out;
}

}  // namespace bb::service
