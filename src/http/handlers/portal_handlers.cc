// The advocate portal's API: staff issue a one-time sign-in link (an invitation, when it lasts
// longer); the advocate exchanges it — or the program, their email and the password they set — for
// a portal session, and then sees their own referrals (with history) and rewards, and refers
// someone directly (a warm introduction). Advocates never reach staff routes, nor anyone else's
// objects.

#include <boost/json.hpp>

#include "common/time_format.h"
#include "domain/validation.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"
#include "http/reward_representation.h"
#include "render/referral_card.h"

namespace bb::http {
namespace {

namespace json = boost::json;

Response IssueSignInLink(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto hours = reader.Integer("expires_in_hours");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto lifetime = hours ? std::chrono::hours(*hours) : service::kSignInLinkLifetime;
  auto issued = context.services.portal.IssueSignInLink(request.actor, request.Param("id"), lifetime);
  if (!issued.ok()) return ErrorResponse(issued.error(), request);
  return JsonReply(201, json::object{{"advocate_id", issued->advocate_id},
                                     {"token", issued->token},
                                     {"expires_at", FormatTimestamp(issued->expires_at)}})
      .With("Cache-Control", "no-store");
}

Response SignIn(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto token = reader.String("token");
  auto program = reader.String("program");
  auto email = reader.String("email");
  auto password = reader.String("password");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  if (token && (program || email || password)) {
    return ErrorResponse(Error::InvalidField("token", "comes alone: send either token, or program, email and password"),
                         request);
  }
  if (!token) {
    std::vector<FieldError> missing;
    if (!program) missing.push_back({"program", "is required: the program's slug (or send a sign-in link's token)"});
    if (!email) missing.push_back({"email", "is required"});
    if (!password) missing.push_back({"password", "is required"});
    if (!missing.empty()) return ErrorResponse(Error::Invalid(std::move(missing)), request);
  }
  std::string client = context.services.links.HashIp(request.remote_ip);
  auto grant = token ? context.services.portal.SignIn(*token, client)
                     : context.services.portal.SignInWithPassword(*program, *email, *password, client);
  if (!grant.ok()) return ErrorResponse(grant.error(), request);
  Response response = JsonReply(
      200, json::object{{"advocate", ToJson(grant->advocate, context.links)}, {"csrf_token", grant->csrf_token}});
  SetPortalSessionCookies(context, response, *grant);
  return response;
}

// 202 whether or not the email belongs to an advocate of the program: the answer tells nobody who is.
Response RequestSignInLink(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto program = reader.String("program");
  auto email = reader.String("email");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  std::vector<FieldError> errors;
  if (!program) errors.push_back({"program", "is required: the program's slug"});
  if (!email) {
    errors.push_back({"email", "is required"});
  } else if (std::string problem = domain::CheckEmail(domain::Trim(*email)); !problem.empty()) {
    errors.push_back({"email", problem});
  }
  if (!errors.empty()) return ErrorResponse(Error::Invalid(std::move(errors)), request);
  Status requested =
      context.services.portal.RequestSignInLink(*program, *email, context.services.links.HashIp(request.remote_ip));
  if (!requested.ok()) return ErrorResponse(requested.error(), request);
  return JsonReply(202, json::object{{"status", "accepted"},
                                     {"detail",
                                      "If this email belongs to an advocate of the program, a sign-in "
                                      "link is on its way."}});
}

Response SignOut(HandlerContext& context, Request& request) {
  std::string_view token = request.Cookie(kPortalCookie);
  if (!token.empty()) {
    Status ended = context.services.portal.SignOut(token);
    if (!ended.ok()) return ErrorResponse(ended.error(), request);
  }
  Response response;
  response.status = 204;
  response.With("Set-Cookie", SessionCookie(kPortalCookie, "", 0, true, context.secure_cookies));
  response.With("Set-Cookie", SessionCookie(kPortalCsrfCookie, "", 0, false, context.secure_cookies));
  return response;
}

Response SetPassword(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto current = reader.String("current_password");
  auto next = reader.String("new_password");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  if (!next) return ErrorResponse(Error::InvalidField("new_password", "is required"), request);
  Status set = context.services.portal.SetPassword(request.actor, request.Cookie(kPortalCookie), current, *next);
  if (!set.ok()) return ErrorResponse(set.error(), request);
  Response response;
  response.status = 204;
  return response;
}

Response Me(HandlerContext& context, Request& request) {
  auto advocate = context.services.advocates.Profile(request.actor);
  if (!advocate.ok()) return ErrorResponse(advocate.error(), request);
  auto balances = context.services.rewards.Balances(request.actor, request.actor.id);
  if (!balances.ok()) return ErrorResponse(balances.error(), request);
  auto program = context.services.programs.GetOwn(request.actor);
  if (!program.ok()) return ErrorResponse(program.error(), request);
  auto password_set = context.services.portal.HasPassword(request.actor);
  if (!password_set.ok()) return ErrorResponse(password_set.error(), request);
  auto words = context.services.segments.Words(request.actor);
  if (!words.ok()) return ErrorResponse(words.error(), request);
  auto language = context.services.program_language.OfAdvocate(request.actor);
  if (!language.ok()) return ErrorResponse(language.error(), request);
  json::object messages;
  for (const domain::MessageSpec& spec : domain::AdvocateMessages()) {
    messages[spec.key] = domain::MessageText(*language, spec.key);
  }
  std::string share_message = domain::RenderShareMessage(
      words->share_message, {advocate->first_name, advocate->last_name, advocate->company, advocate->code,
                             context.links.ReferralLink(advocate->code), program->name});
  return JsonReply(
      200, json::object{{"advocate", ToJson(*advocate, context.links)},
                        {"program", PublicProgramToJson(*program)},
                        {"share_message", std::move(share_message)},
                        {"headline", domain::RenderWords(words->portal_headline, program->name, advocate->first_name)},
                        {"password_set", *password_set},
                        {"balances", BalancesToJson(request.actor.id, *balances).at("balances")},
                        {"language", language->language},
                        {"messages", std::move(messages)}});
}

Response ListReferrals(HandlerContext& context, Request& request) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto referrals = context.services.referrals.List(request.actor, {}, *page);
  if (!referrals.ok()) return ErrorResponse(referrals.error(), request);
  json::array data;
  for (const auto& referral : referrals->items) data.push_back(PortalJson(referral));
  return JsonReply(200, PageToJson(std::move(data), referrals->next_cursor));
}

Response GetReferral(HandlerContext& context, Request& request) {
  auto detail = context.services.referrals.Get(request.actor, request.Param("id"));
  if (!detail.ok()) return ErrorResponse(detail.error(), request);
  return JsonReply(200, PortalJson(*detail));
}

Response Refer(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::ReferralInput input;
  ReadReferralFields(reader, input);
  if (Status read = reader.Finish(); !read.ok()) {
    return ErrorResponse(MergeFieldErrors(std::move(read).error(), StatusOf(service::DraftReferral(input))), request);
  }
  service::SubmissionOrigin origin{std::string(request.Cookie(kVisitorCookie)),
                                   context.services.links.HashIp(request.remote_ip), ""};
  Render<domain::Referral> render = [](const domain::Referral& referral) {
    return service::StoredReply{201, json::serialize(PortalJson(referral)), "/api/v1/portal/referrals/" + referral.id};
  };
  return Reply(context, request,
               context.services.referrals.Submit(request.actor, input, origin, IdempotentFor(request, render)), render);
}

// The printable card: ?format=pdf (default) or png. The QR code holds the link tagged ?c=qr, so
// scans are counted as their own channel.
Response Card(HandlerContext& context, Request& request) {
  std::string_view format = request.Query("format").value_or("pdf");
  if (Status known = OnlyQueryParameters(request, {"format"}); !known.ok())
    return ErrorResponse(known.error(), request);
  if (format != "pdf" && format != "png") {
    return ErrorResponse(Error::InvalidField("format", "must be pdf or png"), request);
  }
  auto advocate = context.services.advocates.Profile(request.actor);
  if (!advocate.ok()) return ErrorResponse(advocate.error(), request);
  auto program = context.services.programs.GetOwn(request.actor);
  if (!program.ok()) return ErrorResponse(program.error(), request);
  render::CardContent content{program->name, advocate->FullName(), advocate->code,
                              context.links.ReferralLink(advocate->code) + "?c=qr"};
  bool pdf = format == "pdf";
  auto card = render::RenderReferralCard(content, pdf ? render::CardFormat::kPdf : render::CardFormat::kPng);
  if (!card.ok()) return ErrorResponse(card.error(), request);
  Response response = Response::Text(200, std::move(*card), pdf ? "application/pdf" : "image/png");
  response.With("Content-Disposition",
                "attachment; filename=\"referral-card-" + advocate->code + (pdf ? ".pdf\"" : ".png\""));
  response.With("Cache-Control", "private, no-cache");
  return response;
}

Response ListRewards(HandlerContext& context, Request& request) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  service::RewardFilter filter;
  for (const auto& [name, value] : request.query) {
    if (name == "limit" || name == "cursor") continue;
    if (name == "status" && (filter.status = domain::ParseRewardStatus(value))) continue;
    if (name == "status") {
      return ErrorResponse(Error::InvalidField("status", "must be one of pending, approved, fulfilled, reversed"),
                           request);
    }
    return ErrorResponse(Error::InvalidField(name, "is not a known query parameter"), request);
  }
  auto rewards = context.services.rewards.ListOwn(request.actor, filter, *page);
  if (!rewards.ok()) return ErrorResponse(rewards.error(), request);
  json::array data;
  for (const auto& own : rewards->items) {
    json::value shown = ToJson(own.reward);
    json::object& fields = shown.as_object();
    fields["description"] = own.description;  // in the advocate's words (the reason is staff's)
    if (own.shared) {
      // Another advocate's referral: neither its id nor the ledger's reasons (that deal's value).
      const std::string& trigger = own.reward.trigger_key;
      fields["referral_id"] = nullptr;
      fields["reason"] = own.description;
      if (!own.reward.reversal_reason.empty()) {
        // Staff's words on another advocate's referral (a corrected value, a note naming the buyer).
        fields["reversal_reason"] =
            own.reward.superseded_by > 0 ? "Replaced when the deal's value was corrected" : "Taken back";
      }
      fields["trigger"] = trigger.substr(0, trigger.find('@'));
    }
    data.push_back(std::move(shown));
  }
  return JsonReply(200, PageToJson(std::move(data), rewards->next_cursor));
}

}  // namespace

void AddPortalRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"POST", "/api/v1/advocates/{id}/sign-in-links", Access::kStaff, false, bind(IssueSignInLink)});
  router.Add({"POST", "/api/v1/portal/sign-in", Access::kPublic, true, bind(SignIn)});
  router.Add({"POST", "/api/v1/portal/sign-in-link", Access::kPublic, true, bind(RequestSignInLink)});
  router.Add({"POST", "/api/v1/portal/sign-out", Access::kPublic, false, bind(SignOut)});
  router.Add({"PUT", "/api/v1/portal/password", Access::kAdvocate, false, bind(SetPassword)});
  router.Add({"GET", "/api/v1/portal/me", Access::kAdvocate, false, bind(Me)});
  router.Add({"GET", "/api/v1/portal/referrals", Access::kAdvocate, false, bind(ListReferrals)});
  router.Add({"POST", "/api/v1/portal/referrals", Access::kAdvocate, false, bind(Refer)});
  router.Add({"GET", "/api/v1/portal/referrals/{id}", Access::kAdvocate, false, bind(GetReferral)});
  router.Add({"GET", "/api/v1/portal/rewards", Access::kAdvocate, false, bind(ListRewards)});
  router.Add({"GET", "/api/v1/portal/card", Access::kAdvocate, false, bind(Card)});
}

}  // namespace bb::http
