// Challenges: a program's challenges (GET/POST /api/v1/programs/{id}/challenges, GET/PATCH
// /api/v1/challenges/{id}), staff recording a step for an advocate (POST
// /api/v1/challenges/{id}/completions), the completions and staff decisions on claims (GET
// /api/v1/challenge-completions, POST /api/v1/challenge-completions/{id}/approve|reject), and the
// portal's side (GET /api/v1/portal/challenges, POST /api/v1/portal/challenges/{id}/completions).

#include <boost/json.hpp>

#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::value NameOr(const std::map<std::string, std::string, std::less<>>& names, const std::string& id) {
  auto found = names.find(id);
  return found == names.end() ? json::value(nullptr) : json::value(found->second);
}

json::object ChallengeToJson(const domain::Challenge& c, const std::vector<std::int64_t>& taken) {
  json::array steps;
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const auto& step = c.steps[i];
    json::object out{{"type", domain::ToString(step.type)},
                     {"points", step.points},
                     {"title", step.title},
                     {"channel", step.channel},
                     {"words", domain::StepInWords(step)},
                     {"claimed", domain::ClaimedStep(step.type)}};
    out["taken"] = i < taken.size() ? taken[i] : 0;
    steps.push_back(std::move(out));
  }
  json::array tags;
  for (const auto& tag : c.tags) tags.emplace_back(tag);
  return json::object{{"id", c.id},
                      {"program_id", c.program_id},
                      {"name", c.name},
                      {"description", c.description},
                      {"steps", std::move(steps)},
                      {"starts_at", FormatTimestamp(c.starts_at)},
                      {"ends_at", TimeOrNull(c.ends_at)},
                      {"tags", std::move(tags)},
                      {"per_member_limit", c.per_member_limit},
                      {"total_limit", NumberOrNull(c.total_limit)},
                      {"active", c.active},
                      {"created_at", FormatTimestamp(c.created_at)},
                      {"updated_at", FormatTimestamp(c.updated_at)}};
}

// A completion as its advocate sees it: never who decided, nor what did it.
json::object PortalCompletionToJson(const domain::ChallengeCompletion& c, const service::CompletionLabels& labels) {
  return json::object{{"id", c.id},
                      {"challenge_id", c.challenge_id},
                      {"challenge_name", NameOr(labels.names, c.challenge_id)},
                      {"step", c.step},
                      {"words", NameOr(labels.words, c.id)},
                      {"status", domain::ToString(c.status)},
                      {"url", c.url},
                      {"text", c.text},
                      {"points", c.points},
                      {"note", c.note},
                      {"created_at", FormatTimestamp(c.created_at)},
                      {"decided_at", TimeOrNull(c.decided_at)}};
}

json::object CompletionToJson(const domain::ChallengeCompletion& c, const service::CompletionLabels& labels) {
  const service::ActorNames& names = labels.names;
  json::object out = PortalCompletionToJson(c, labels);
  out["program_id"] = c.program_id;
  out["advocate_id"] = c.advocate_id;
  out["advocate_name"] = NameOr(names, c.advocate_id);
  out["ref"] = c.ref;
  out["decided_by"] = c.decided_by.empty() ? json::value(nullptr) : json::value(c.decided_by);
  out["decided_by_name"] = NameOr(names, c.decided_by);
  return out;
}

// Reads the fields of a challenge (creation and change alike) into `input`.
void ReadChallenge(ObjectReader& reader, domain::ChallengeInput& input) {
  input.name = reader.String("name");
  input.description = reader.String("description");
  std::vector<domain::ChallengeStepInput> steps;
  if (reader.ObjectList("steps", [&](ObjectReader& item, std::size_t) {
        domain::ChallengeStepInput step;
        step.type = item.String("type").value_or("");
        step.points = item.Integer("points");
        step.title = item.String("title").value_or("");
        step.channel = item.String("channel").value_or("");
        steps.push_back(std::move(step));
      })) {
    input.steps = std::move(steps);
  }
  input.starts_at = reader.Time("starts_at");
  input.set_ends_at = reader.Present("ends_at");
  input.ends_at = reader.Time("ends_at");
  input.tags = reader.StringList("tags");
  input.per_member_limit = reader.Integer("per_member_limit");
  input.set_total_limit = reader.Present("total_limit");
  input.total_limit = reader.Integer("total_limit");
}

struct ClaimFields {
  std::optional<std::int64_t> step;
  domain::ClaimInput input;
};

// Reads "step", "url" and "text" (the caller finishes the reader).
ClaimFields ReadClaim(ObjectReader& reader) {
  ClaimFields out;
  out.step = reader.Integer("step");
  out.input.url = reader.String("url").value_or("");
  out.input.text = reader.String("text").value_or("");
  return out;
}

// The reader's problems, or else each of `required` missing (present: whether it was given).
Status Finished(ObjectReader& reader, std::initializer_list<std::pair<std::string_view, bool>> required) {
  BB_RETURN_IF_ERROR(reader.Finish());
  std::vector<FieldError> missing;
  for (const auto& [field, present] : required) {
    if (!present) missing.push_back({std::string(field), "is required"});
  }
  if (!missing.empty()) return Error::Invalid(std::move(missing));
  return Ok();
}

// GET /api/v1/programs/{id}/challenges?include_retired=true
Response ListChallenges(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"include_retired"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto retired = request.Query("include_retired");
  if (retired && *retired != "true" && *retired != "false") {
    return ErrorResponse(Error::InvalidField("include_retired", "must be true or false"), request);
  }
  auto list = context.services.challenges.List(request.actor, request.Param("id"), retired == "true");
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& e : *list) data.push_back(ChallengeToJson(e.challenge, e.taken));
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

// POST /api/v1/programs/{id}/challenges
Response CreateChallenge(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::ChallengeInput input;
  ReadChallenge(reader, input);
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<service::ChallengeEntry> render = [](const service::ChallengeEntry& e) {
    return service::StoredReply{201, json::serialize(ChallengeToJson(e.challenge, e.taken)),
                                "/api/v1/challenges/" + e.challenge.id};
  };
  return Reply(
      context, request,
      context.services.challenges.Create(request.actor, request.Param("id"), input, IdempotentFor(request, render)),
      render);
}

// GET /api/v1/challenges/{id}
Response GetChallenge(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto entry = context.services.challenges.Get(request.actor, request.Param("id"));
  if (!entry.ok()) return ErrorResponse(entry.error(), request);
  return JsonReply(200, ChallengeToJson(entry->challenge, entry->taken));
}

// PATCH /api/v1/challenges/{id}
Response UpdateChallenge(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::ChallengeInput input;
  ReadChallenge(reader, input);
  input.active = reader.Boolean("active");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto updated = context.services.challenges.Update(request.actor, request.Param("id"), input);
  if (!updated.ok()) return ErrorResponse(updated.error(), request);
  return JsonReply(200, ChallengeToJson(updated->challenge, updated->taken));
}

// POST /api/v1/challenges/{id}/completions {"advocate_id", "step", "url"?, "text"?}
Response RecordCompletion(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto advocate_id = reader.String("advocate_id");
  ClaimFields claim = ReadClaim(reader);
  if (Status read =
          Finished(reader, {{"advocate_id", advocate_id && !advocate_id->empty()}, {"step", claim.step.has_value()}});
      !read.ok()) {
    return ErrorResponse(read.error(), request);
  }
  Render<service::NamedCompletion> render = [](const service::NamedCompletion& c) {
    return service::StoredReply{201, json::serialize(CompletionToJson(c.completion, c.labels)), ""};
  };
  return Reply(context, request,
               context.services.challenges.Record(request.actor, request.Param("id"), *advocate_id, *claim.step,
                                                  claim.input, IdempotentFor(request, render)),
               render);
}

Response CompletionsReply(HandlerContext& context, Request& request, store::CompletionQuery query) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.challenges.ListCompletions(request.actor, std::move(query), *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& c : list->completions.items) {
    data.push_back(request.actor.IsAdvocate() ? PortalCompletionToJson(c, list->labels)
                                              : CompletionToJson(c, list->labels));
  }
  return JsonReply(200, PageToJson(std::move(data), list->completions.next_cursor));
}

// GET /api/v1/challenge-completions?program_id=&challenge_id=&advocate_id=&status=&limit=&cursor=
Response ListCompletions(HandlerContext& context, Request& request) {
  if (Status known =
          OnlyQueryParameters(request, {"program_id", "challenge_id", "advocate_id", "status", "limit", "cursor"});
      !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  store::CompletionQuery query;
  query.program_id = std::string(request.Query("program_id").value_or(""));
  query.challenge_id = std::string(request.Query("challenge_id").value_or(""));
  query.advocate_id = std::string(request.Query("advocate_id").value_or(""));
  if (auto status = request.Query("status")) {
    query.status = domain::ParseCompletionStatus(*status);
    if (!query.status) {
      return ErrorResponse(Error::InvalidField("status", "must be pending, approved, rejected or reversed"), request);
    }
  }
  return CompletionsReply(context, request, std::move(query));
}

// POST /api/v1/challenge-completions/{id}/approve|reject
Response Decide(HandlerContext& context, Request& request, service::CompletionDecision decision) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  std::optional<std::string> note;
  if (!request.body.empty()) {
    auto body = ParseJsonObject(request);
    if (!body.ok()) return ErrorResponse(body.error(), request);
    ObjectReader reader(*body);
    if (decision == service::CompletionDecision::kReject) note = reader.String("note");
    if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  }
  Render<service::NamedCompletion> render = [](const service::NamedCompletion& c) {
    return service::StoredReply{200, json::serialize(CompletionToJson(c.completion, c.labels)), ""};
  };
  return Reply(context, request,
               context.services.challenges.Decide(request.actor, request.Param("id"), decision, note.value_or(""),
                                                  IdempotentFor(request, render)),
               render);
}

Response Approve(HandlerContext& context, Request& request) {
  return Decide(context, request, service::CompletionDecision::kApprove);
}
Response Reject(HandlerContext& context, Request& request) {
  return Decide(context, request, service::CompletionDecision::kReject);
}

// GET /api/v1/portal/challenges
Response PortalChallenges(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto mine = context.services.challenges.Portal(request.actor);
  if (!mine.ok()) return ErrorResponse(mine.error(), request);
  json::array open;
  for (const auto& shown : mine->open) {
    const domain::Challenge& c = shown.challenge;
    json::array steps;
    for (std::size_t i = 0; i < shown.steps.size(); ++i) {
      const auto& step = shown.steps[i];
      steps.push_back(
          json::object{{"step", i},
                       {"words", step.words},
                       {"points", c.steps[i].points},
                       {"claimed", step.claimed},
                       {"url_required", c.steps[i].type == domain::ChallengeStepType::kWriteReview},
                       {"text_required", c.steps[i].type == domain::ChallengeStepType::kCustom},
                       {"done", step.done},
                       {"pending", step.pending},
                       {"limit", c.per_member_limit},
                       {"available", step.why_not.empty()},
                       {"why_not", step.why_not.empty() ? json::value(nullptr) : json::value(step.why_not)}});
    }
    open.push_back(json::object{{"id", c.id},
                                {"name", c.name},
                                {"description", c.description},
                                {"ends_at", TimeOrNull(c.ends_at)},
                                {"steps", std::move(steps)}});
  }
  json::array recent;
  for (const auto& c : mine->recent) recent.push_back(PortalCompletionToJson(c, mine->labels));
  return JsonReply(200, json::object{{"challenges", std::move(open)}, {"recent", std::move(recent)}});
}

// POST /api/v1/portal/challenges/{id}/completions {"step", "url"?, "text"?}
Response Claim(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  ClaimFields claim = ReadClaim(reader);
  if (Status read = Finished(reader, {{"step", claim.step.has_value()}}); !read.ok()) {
    return ErrorResponse(read.error(), request);
  }
  Render<service::NamedCompletion> render = [](const service::NamedCompletion& c) {
    return service::StoredReply{201, json::serialize(PortalCompletionToJson(c.completion, c.labels)), ""};
  };
  return Reply(context, request,
               context.services.challenges.Claim(request.actor, request.Param("id"), *claim.step, claim.input,
                                                 IdempotentFor(request, render)),
               render);
}

}  // namespace

void AddChallengeRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/challenges", Access::kStaff, false, bind(ListChallenges)});
  router.Add({"POST", "/api/v1/programs/{id}/challenges", Access::kStaff, false, bind(CreateChallenge)});
  router.Add({"GET", "/api/v1/challenges/{id}", Access::kStaff, false, bind(GetChallenge)});
  router.Add({"PATCH", "/api/v1/challenges/{id}", Access::kStaff, false, bind(UpdateChallenge)});
  router.Add({"POST", "/api/v1/challenges/{id}/completions", Access::kStaff, false, bind(RecordCompletion)});
  router.Add({"GET", "/api/v1/challenge-completions", Access::kStaff, false, bind(ListCompletions)});
  router.Add({"POST", "/api/v1/challenge-completions/{id}/approve", Access::kStaff, false, bind(Approve)});
  router.Add({"POST", "/api/v1/challenge-completions/{id}/reject", Access::kStaff, false, bind(Reject)});
  router.Add({"GET", "/api/v1/portal/challenges", Access::kAdvocate, false, bind(PortalChallenges)});
  router.Add({"POST", "/api/v1/portal/challenges/{id}/completions", Access::kAdvocate, false, bind(Claim)});
}

}  // namespace bb::http
