// The programs' email templates (admins and managers): list, read, rewrite, reset, preview, send a
// test; and the one-click unsubscribe every email that is not transactional links to (public).

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"

namespace bb::http {

namespace {

namespace json = boost::json;

json::object TemplateToJson(const service::EmailTemplateView& t) {
  const domain::EmailKindInfo& info = domain::InfoOf(t.kind);
  json::array placeholders;
  for (std::string_view name : info.placeholders) placeholders.emplace_back(name);
  return json::object{{"kind", domain::ToString(t.kind)},
                      {"description", info.description},
                      {"transactional", info.transactional},
                      {"requires_link", info.requires_link},
                      {"placeholders", std::move(placeholders)},
                      {"subject", t.subject},
                      {"body", t.body},
                      {"automatic", info.automatic},
                      {"enabled", t.enabled},
                      {"customized", t.customized},
                      {"updated_at", t.updated_at ? json::value(FormatTimestamp(*t.updated_at)) : json::value(nullptr)},
                      {"updated_by", t.customized ? json::value(t.updated_by) : json::value(nullptr)}};
}

// The kind named in the path; kNotFound listing the kinds when it names none (after the caller's
// role is checked, so that a refusal does not depend on the path).
Result<domain::EmailKind> KindOf(const Request& request) {
  BB_RETURN_IF_ERROR(domain::Authorize(request.actor, domain::Action::kManagePrograms));
  if (auto kind = domain::ParseEmailKind(request.Param("kind"))) return *kind;
  std::string kinds;
  for (domain::EmailKind kind : domain::AllEmailKinds()) {
    kinds += (kinds.empty() ? "" : ", ") + std::string(domain::ToString(kind));
  }
  return Error::NotFound("No email of this kind; the kinds are " + kinds + ".");
}

// The optional draft of a preview or a test: {"subject"?, "body"?}, or no body at all.
Result<service::EmailTemplateDraft> DraftOf(const Request& request) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request, /*allow_empty=*/true));
  ObjectReader reader(body);
  service::EmailTemplateDraft draft{reader.String("subject"), reader.String("body")};
  BB_RETURN_IF_ERROR(reader.Finish());
  return draft;
}

// A template's PUT body: {"subject", "body"} and, for a program's own (`with_enabled`), "enabled"?.
struct TemplateBody {
  std::string subject;
  std::string body;
  std::optional<bool> enabled;
};

// The body read; kInvalidArgument naming a missing subject or body, or a field of the wrong type or
// unknown (kMalformed for a body that is no JSON).
Result<TemplateBody> ReadTemplateBody(const Request& request, bool with_enabled) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  ObjectReader reader(body);
  auto subject = reader.String("subject");
  auto text = reader.String("body");
  std::optional<bool> enabled = with_enabled ? reader.Boolean("enabled") : std::nullopt;
  BB_RETURN_IF_ERROR(reader.Finish());
  std::vector<FieldError> missing;
  if (!subject) missing.push_back({"subject", "is required"});
  if (!text) missing.push_back({"body", "is required"});
  if (!missing.empty()) return Error::Invalid(std::move(missing));
  return TemplateBody{std::move(*subject), std::move(*text), enabled};
}

Response ListTemplates(HandlerContext& context, Request& request) {
  auto list = context.services.email_templates.List(request.actor, request.Param("id"));
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& t : *list) data.push_back(TemplateToJson(t));
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

Response GetTemplate(HandlerContext& context, Request& request) {
  auto kind = KindOf(request);
  if (!kind.ok()) return ErrorResponse(kind.error(), request);
  auto found = context.services.email_templates.Get(request.actor, request.Param("id"), *kind);
  if (!found.ok()) return ErrorResponse(found.error(), request);
  return JsonReply(200, TemplateToJson(*found));
}

Response PutTemplate(HandlerContext& context, Request& request) {
  auto kind = KindOf(request);
  if (!kind.ok()) return ErrorResponse(kind.error(), request);
  auto body = ReadTemplateBody(request, /*with_enabled=*/true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  auto saved = context.services.email_templates.Put(request.actor, request.Param("id"), *kind, body->subject,
                                                    body->body, body->enabled);
  if (!saved.ok()) return ErrorResponse(saved.error(), request);
  return JsonReply(200, TemplateToJson(*saved));
}

Response ResetTemplate(HandlerContext& context, Request& request) {
  auto kind = KindOf(request);
  if (!kind.ok()) return ErrorResponse(kind.error(), request);
  auto reset = context.services.email_templates.Reset(request.actor, request.Param("id"), *kind);
  if (!reset.ok()) return ErrorResponse(reset.error(), request);
  return JsonReply(200, TemplateToJson(*reset));
}

json::object SegmentTemplateToJson(const service::SegmentTemplateView& t) {
  json::object out = TemplateToJson(t.view);
  out["segment_id"] = t.segment_id;
  return out;
}

// GET /api/v1/segments/{id}/email-templates
Response ListSegmentTemplates(HandlerContext& context, Request& request) {
  auto list = context.services.email_templates.ListForSegment(request.actor, request.Param("id"));
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& t : *list) data.push_back(SegmentTemplateToJson(t));
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

// PUT /api/v1/segments/{id}/email-templates/{kind} {"subject", "body"}
Response PutSegmentTemplate(HandlerContext& context, Request& request) {
  auto kind = KindOf(request);
  if (!kind.ok()) return ErrorResponse(kind.error(), request);
  auto body = ReadTemplateBody(request, /*with_enabled=*/false);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  auto saved = context.services.email_templates.PutForSegment(request.actor, request.Param("id"), *kind, body->subject,
                                                              body->body);
  if (!saved.ok()) return ErrorResponse(saved.error(), request);
  return JsonReply(200, SegmentTemplateToJson(*saved));
}

// DELETE /api/v1/segments/{id}/email-templates/{kind}: back to the program's template.
Response ResetSegmentTemplate(HandlerContext& context, Request& request) {
  auto kind = KindOf(request);
  if (!kind.ok()) return ErrorResponse(kind.error(), request);
  auto reset = context.services.email_templates.ResetForSegment(request.actor, request.Param("id"), *kind);
  if (!reset.ok()) return ErrorResponse(reset.error(), request);
  return JsonReply(200, SegmentTemplateToJson(*reset));
}

Response PreviewTemplate(HandlerContext& context, Request& request) {
  auto kind = KindOf(request);
  if (!kind.ok()) return ErrorResponse(kind.error(), request);
  auto draft = DraftOf(request);
  if (!draft.ok()) return ErrorResponse(draft.error(), request);
  auto preview = context.services.email_templates.Preview(request.actor, request.Param("id"), *kind, *draft);
  if (!preview.ok()) return ErrorResponse(preview.error(), request);
  return JsonReply(200, json::object{{"subject", preview->subject}, {"text", preview->text}, {"html", preview->html}});
}

Response SendTestEmail(HandlerContext& context, Request& request) {
  auto kind = KindOf(request);
  if (!kind.ok()) return ErrorResponse(kind.error(), request);
  auto draft = DraftOf(request);
  if (!draft.ok()) return ErrorResponse(draft.error(), request);
  auto sent = context.services.email_templates.SendTest(request.actor, request.Param("id"), *kind, *draft);
  if (!sent.ok()) return ErrorResponse(sent.error(), request);
  return JsonReply(202, json::object{{"status", "queued"}, {"to", *sent}});
}

// RFC 8058: the List-Unsubscribe URL answers a POST (body "List-Unsubscribe=One-Click", which is
// not required here: the signed token is what counts) by unsubscribing at once.
Response OneClickUnsubscribe(HandlerContext& context, Request& request) {
  auto email = context.services.email.Unsubscribe(request.Query("token").value_or(""));
  if (!email.ok()) return ErrorResponse(email.error(), request);
  return JsonReply(200, json::object{{"status", "unsubscribed"}, {"email", *email}});
}

// A person who opens the List-Unsubscribe URL in a browser is led to the page that asks them to
// confirm: a GET never unsubscribes (mail scanners follow links).
Response UnsubscribePage(HandlerContext&, Request& request) {
  std::string_view token = request.Query("token").value_or("");
  const bool well_formed =
      token.size() <= 1000 &&
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") ==
          std::string_view::npos;
  // The page says a link is not valid; an ill-formed token is dropped rather than echoed.
  return Response::Redirect(303, "/portal/unsubscribe?token=" + std::string(well_formed ? token : ""))
      .With("Cache-Control", "no-store");
}

}  // namespace

void AddEmailTemplateRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  const std::string base = "/api/v1/programs/{id}/email-templates";
  router.Add({"GET", base, Access::kStaff, false, bind(ListTemplates)});
  router.Add({"GET", base + "/{kind}", Access::kStaff, false, bind(GetTemplate)});
  router.Add({"PUT", base + "/{kind}", Access::kStaff, false, bind(PutTemplate)});
  router.Add({"DELETE", base + "/{kind}", Access::kStaff, false, bind(ResetTemplate)});
  router.Add({"POST", base + "/{kind}/preview", Access::kStaff, false, bind(PreviewTemplate)});
  router.Add({"POST", base + "/{kind}/test", Access::kStaff, false, bind(SendTestEmail)});
  const std::string segment_base = "/api/v1/segments/{id}/email-templates";
  router.Add({"GET", segment_base, Access::kStaff, false, bind(ListSegmentTemplates)});
  router.Add({"PUT", segment_base + "/{kind}", Access::kStaff, false, bind(PutSegmentTemplate)});
  router.Add({"DELETE", segment_base + "/{kind}", Access::kStaff, false, bind(ResetSegmentTemplate)});
  // Not limited per client address: mail providers send many people's one-click POSTs from a few
  // servers. The token is signed, so guessing one is hopeless, and each POST is one idempotent write.
  router.Add({"POST", "/api/v1/unsubscribe", Access::kPublic, false, bind(OneClickUnsubscribe)});
  router.Add({"GET", "/api/v1/unsubscribe", Access::kPublic, false, bind(UnsubscribePage)});
}

}  // namespace bb::http
