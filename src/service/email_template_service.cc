#include "service/email_template_service.h"

#include "service/audit_trail.h"

namespace bb::service {
namespace {

EmailTemplateView ViewOf(domain::EmailKind kind, const std::optional<domain::EmailTemplate>& own) {
  if (!own) {
    const domain::EmailKindInfo& info = domain::InfoOf(kind);
    return {kind, std::string(info.default_subject), std::string(info.default_body), false, std::nullopt, ""};
  }
  return {kind, own->subject, own->body, true, own->updated_at, own->updated_by};
}

domain::EmailBrand BrandOf(const domain::Program& program) {
  return {program.name, program.branding.color, program.branding.logo_url};
}

}  // namespace

domain::Mailbox AdvocateMailbox(const domain::Advocate& advocate) {
  std::string name = advocate.first_name;
  if (!advocate.last_name.empty()) name += (name.empty() ? "" : " ") + advocate.last_name;
  return {name, advocate.email};
}

Result<domain::Program> EmailTemplateService::ProgramFor(store::Queries& q, std::string_view program_id) const {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound("No program with this id.");
  return *program;
}

Result<std::vector<EmailTemplateView>> EmailTemplateService::List(const domain::Actor& actor,
                                                                  std::string_view program_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  std::vector<EmailTemplateView> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(ProgramFor(q, program_id)));
    BB_ASSIGN_OR_RETURN(auto own, q.ListEmailTemplates(program_id));
    for (domain::EmailKind kind : domain::AllEmailKinds()) {
      std::optional<domain::EmailTemplate> found;
      for (auto& t : own) {
        if (t.kind == kind) found = t;
      }
      out.push_back(ViewOf(kind, found));
    }
    return Ok();
  }));
  return out;
}

Result<EmailTemplateView> EmailTemplateService::Get(const domain::Actor& actor, std::string_view program_id,
                                                    domain::EmailKind kind) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  EmailTemplateView out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(ProgramFor(q, program_id)));
    BB_ASSIGN_OR_RETURN(auto own, q.FindEmailTemplate(program_id, kind));
    out = ViewOf(kind, own);
    return Ok();
  }));
  return out;
}

Result<EmailTemplateView> EmailTemplateService::Put(const domain::Actor& actor, std::string_view program_id,
                                                    domain::EmailKind kind, std::string_view subject,
                                                    std::string_view body) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  if (auto errors = domain::CheckEmailTemplate(kind, subject, body); !errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  domain::EmailTemplate own{std::string(program_id), kind,         std::string(subject),
                            std::string(body),       clock_.Now(), actor.id};
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(ProgramFor(tx, program_id)));
    BB_ASSIGN_OR_RETURN(auto before, tx.FindEmailTemplate(program_id, kind));
    EmailTemplateView was = ViewOf(kind, before);
    if (was.customized && was.subject == own.subject && was.body == own.body) return Ok();
    BB_RETURN_IF_ERROR(tx.PutEmailTemplate(own));
    return RecordAudit(
        tx, ids_, actor, own.updated_at, "email_template.updated", program_id,
        {{"email_templates." + std::string(domain::ToString(kind)) + ".subject", was.subject, own.subject},
         {"email_templates." + std::string(domain::ToString(kind)) + ".body", was.body, own.body}});
  }));
  return ViewOf(kind, own);
}

Result<EmailTemplateView> EmailTemplateService::Reset(const domain::Actor& actor, std::string_view program_id,
                                                      domain::EmailKind kind) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(ProgramFor(tx, program_id)));
    BB_ASSIGN_OR_RETURN(auto before, tx.FindEmailTemplate(program_id, kind));
    if (!before) return Ok();
    BB_RETURN_IF_ERROR(StatusOf(tx.DeleteEmailTemplate(program_id, kind)));
    EmailTemplateView now = ViewOf(kind, std::nullopt);
    return RecordAudit(
        tx, ids_, actor, clock_.Now(), "email_template.reset", program_id,
        {{"email_templates." + std::string(domain::ToString(kind)) + ".subject", before->subject, now.subject},
         {"email_templates." + std::string(domain::ToString(kind)) + ".body", before->body, now.body}});
  }));
  return ViewOf(kind, std::nullopt);
}

Result<domain::RenderedEmail> EmailTemplateService::Preview(const domain::Actor& actor, std::string_view program_id,
                                                            domain::EmailKind kind, const EmailTemplateDraft& draft) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  domain::Program program;
  EmailTemplateView current;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(program, ProgramFor(q, program_id));
    BB_ASSIGN_OR_RETURN(auto own, q.FindEmailTemplate(program_id, kind));
    current = ViewOf(kind, own);
    return Ok();
  }));
  const std::string subject = draft.subject.value_or(current.subject);
  const std::string body = draft.body.value_or(current.body);
  if (auto errors = domain::CheckEmailTemplate(kind, subject, body); !errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return domain::RenderEmailTemplate(kind, subject, body, BrandOf(program),
                                     domain::SampleEmailValues(program.name, SampleLink()),
                                     email_.UnsubscribePageUrl("ada@example.com"));
}

Result<std::string> EmailTemplateService::SendTest(const domain::Actor& actor, std::string_view program_id,
                                                   domain::EmailKind kind, const EmailTemplateDraft& draft) {
  BB_ASSIGN_OR_RETURN(domain::RenderedEmail rendered, Preview(actor, program_id, kind, draft));
  std::string to;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    std::string user_id = actor.id;
    if (actor.kind == domain::Actor::Kind::kApiKey) {
      BB_ASSIGN_OR_RETURN(auto key, tx.FindApiKey(actor.id));
      user_id = key ? key->created_by : "";
    }
    BB_ASSIGN_OR_RETURN(auto user, tx.FindUser(user_id));
    if (!user || actor.kind == domain::Actor::Kind::kSystem) {
      return Error::Conflict("There is no staff user to send the test to: send it while signed in as one.");
    }
    to = user->email;
    OutgoingEmail email;
    email.kind = "test." + std::string(domain::ToString(kind));
    email.to = {user->name, user->email};
    email.subject = "[Test] " + rendered.subject;
    email.text = std::move(rendered.text);
    email.html = std::move(rendered.html);
    email.transactional = true;
    return StatusOf(email_.Queue(tx, clock_.Now(), email));
  }));
  return to;
}

Result<OutgoingEmail> EmailTemplateService::Compose(store::Tx& tx, const domain::Program& program,
                                                    domain::EmailKind kind, const domain::Mailbox& to,
                                                    domain::EmailValues values) const {
  BB_ASSIGN_OR_RETURN(auto own, tx.FindEmailTemplate(program.id, kind));
  EmailTemplateView in_effect = ViewOf(kind, own);
  values["program.name"] = program.name;
  OutgoingEmail email;
  email.kind = std::string(domain::ToString(kind));
  email.to = to;
  email.transactional = domain::InfoOf(kind).transactional;
  if (!email.transactional) email.unsubscribe_url = email_.OneClickUnsubscribeUrl(to.address);
  domain::RenderedEmail rendered =
      domain::RenderEmailTemplate(kind, in_effect.subject, in_effect.body, BrandOf(program), values,
                                  email.transactional ? "" : email_.UnsubscribePageUrl(to.address));
  email.subject = std::move(rendered.subject);
  email.text = std::move(rendered.text);
  email.html = std::move(rendered.html);
  return email;
}

}  // namespace bb::service
