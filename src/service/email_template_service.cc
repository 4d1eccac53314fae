#include "service/email_template_service.h"

#include "service/audit_trail.h"
#include "service/segment_resolver.h"

namespace bb::service {
namespace {

EmailTemplateView ViewOf(domain::EmailKind kind, const std::optional<domain::EmailTemplate>& own) {
  if (!own) {
    const domain::EmailKindInfo& info = domain::InfoOf(kind);
    return {kind, std::string(info.default_subject), std::string(info.default_body), true, false, std::nullopt, ""};
  }
  return {kind, own->subject, own->body, own->enabled, true, own->updated_at, own->updated_by};
}

// The segment's own template over the program's view (`program_view`, in effect for the program).
SegmentTemplateView SegmentViewOf(std::string_view segment_id, const EmailTemplateView& program_view,
                                  const std::optional<domain::SegmentEmailTemplate>& own) {
  SegmentTemplateView out{std::string(segment_id), program_view};
  out.view.customized = false;
  out.view.updated_at.reset();
  out.view.updated_by.clear();
  if (own) {
    out.view.subject = own->subject;
    out.view.body = own->body;
    out.view.customized = true;
    out.view.updated_at = own->updated_at;
    out.view.updated_by = own->updated_by;
  }
  return out;
}

// kInvalidArgument naming "kind" for a kind a segment may not have its own of.
Status KindASegmentMayHave(domain::EmailKind kind) {
  if (domain::SegmentMayWrite(kind)) return Ok();
  return Error::InvalidField("kind", "is sent to people who may not be advocates yet: a segment cannot have its own");
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
                                                    std::string_view body, std::optional<bool> enabled) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  if (auto errors = domain::CheckEmailTemplate(kind, subject, body, enabled.value_or(true)); !errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  domain::EmailTemplate own{
      std::string(program_id), kind, std::string(subject), std::string(body), true, clock_.Now(), actor.id};
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(ProgramFor(tx, program_id)));
    BB_ASSIGN_OR_RETURN(auto before, tx.FindEmailTemplate(program_id, kind));
    EmailTemplateView was = ViewOf(kind, before);
    own.enabled = enabled.value_or(was.enabled);
    if (before && was.subject == own.subject && was.body == own.body && was.enabled == own.enabled) {
      own = *before;  // nothing changes
      return Ok();
    }
    BB_RETURN_IF_ERROR(tx.PutEmailTemplate(own));
    const std::string field = "email_templates." + std::string(domain::ToString(kind));
    std::vector<domain::AuditChange> changes;
    if (was.subject != own.subject) changes.push_back({field + ".subject", was.subject, own.subject});
    if (was.body != own.body) changes.push_back({field + ".body", was.body, own.body});
    if (was.enabled != own.enabled) changes.push_back({field + ".enabled", was.enabled, own.enabled});
    return RecordAudit(tx, ids_, actor, own.updated_at, "email_template.updated", program_id, std::move(changes));
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
    const std::string field = "email_templates." + std::string(domain::ToString(kind));
    std::vector<domain::AuditChange> changes;
    if (before->subject != now.subject) changes.push_back({field + ".subject", before->subject, now.subject});
    if (before->body != now.body) changes.push_back({field + ".body", before->body, now.body});
    if (before->enabled != now.enabled) changes.push_back({field + ".enabled", before->enabled, now.enabled});
    return RecordAudit(tx, ids_, actor, clock_.Now(), "email_template.reset", program_id, std::move(changes));
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
                                     domain::SampleEmailValues(program.name, public_base_url_),
                                     public_base_url_ + "/portal/unsubscribe?token=sample");
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
    email.text = rendered.text;  // copies: the transaction may run again
    email.html = rendered.html;
    email.transactional = true;
    BB_ASSIGN_OR_RETURN(auto queued, email_.Queue(tx, clock_.Now(), email));
    if (!queued) {
      return Error::Conflict("Your address " + user->email +
                             " is on the suppression list (a bounce, a complaint or staff): remove it there first.");
    }
    return Ok();
  }));
  return to;
}

Result<std::optional<OutgoingEmail>> EmailTemplateService::Compose(store::Tx& tx, const domain::Program& program,
                                                                   domain::EmailKind kind, const domain::Mailbox& to,
                                                                   domain::EmailValues values,
                                                                   const domain::Advocate* segment_of) const {
  BB_ASSIGN_OR_RETURN(auto own, tx.FindEmailTemplate(program.id, kind));
  EmailTemplateView in_effect = ViewOf(kind, own);
  if (!in_effect.enabled) return std::optional<OutgoingEmail>();
  if (segment_of && domain::SegmentMayWrite(kind)) {
    BB_ASSIGN_OR_RETURN(auto segment, SegmentOf(tx, *segment_of));
    if (segment) {
      BB_ASSIGN_OR_RETURN(auto segment_own, tx.FindSegmentEmailTemplate(segment->id, kind));
      if (segment_own) {
        in_effect.subject = segment_own->subject;
        in_effect.body = segment_own->body;
      }
    }
  }
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
  return std::optional<OutgoingEmail>(std::move(email));
}

Result<domain::ProgramSegment> EmailTemplateService::SegmentFor(store::Queries& q, std::string_view segment_id) const {
  BB_ASSIGN_OR_RETURN(auto segment, q.FindSegment(segment_id));
  if (!segment) return Error::NotFound("No segment with this id.");
  return std::move(*segment);
}

Result<std::vector<SegmentTemplateView>> EmailTemplateService::ListForSegment(const domain::Actor& actor,
                                                                              std::string_view segment_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  std::vector<SegmentTemplateView> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    out.clear();
    BB_ASSIGN_OR_RETURN(auto segment, SegmentFor(q, segment_id));
    BB_ASSIGN_OR_RETURN(auto programs, q.ListEmailTemplates(segment.program_id));
    BB_ASSIGN_OR_RETURN(auto owns, q.ListSegmentEmailTemplates(segment.id));
    for (domain::EmailKind kind : domain::AllEmailKinds()) {
      if (!domain::SegmentMayWrite(kind)) continue;
      std::optional<domain::EmailTemplate> program_own;
      for (auto& t : programs) {
        if (t.kind == kind) program_own = t;
      }
      std::optional<domain::SegmentEmailTemplate> own;
      for (auto& t : owns) {
        if (t.kind == kind) own = t;
      }
      out.push_back(SegmentViewOf(segment.id, ViewOf(kind, program_own), own));
    }
    return Ok();
  }));
  return out;
}

Result<SegmentTemplateView> EmailTemplateService::PutForSegment(const domain::Actor& actor, std::string_view segment_id,
                                                                domain::EmailKind kind, std::string_view subject,
                                                                std::string_view body) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  BB_RETURN_IF_ERROR(KindASegmentMayHave(kind));
  if (auto errors = domain::CheckEmailTemplate(kind, subject, body); !errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  SegmentTemplateView out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto segment, SegmentFor(tx, segment_id));
    BB_ASSIGN_OR_RETURN(auto program, ProgramFor(tx, segment.program_id));
    if (program.status == domain::ProgramStatus::kArchived) {
      return Error::Conflict("The program is archived: its segments change no more.");
    }
    BB_ASSIGN_OR_RETURN(auto program_own, tx.FindEmailTemplate(program.id, kind));
    BB_ASSIGN_OR_RETURN(auto before, tx.FindSegmentEmailTemplate(segment.id, kind));
    SegmentTemplateView was = SegmentViewOf(segment.id, ViewOf(kind, program_own), before);
    domain::SegmentEmailTemplate own{segment.id, kind, std::string(subject), std::string(body), clock_.Now(), actor.id};
    if (before && before->subject == own.subject && before->body == own.body) {
      out = was;  // nothing changes
      return Ok();
    }
    BB_RETURN_IF_ERROR(tx.PutSegmentEmailTemplate(own));
    const std::string field = "email_templates." + std::string(domain::ToString(kind));
    std::vector<domain::AuditChange> changes;
    if (!before) changes.push_back({field + ".own", false, true});  // from now on the segment's own copy
    if (was.view.subject != own.subject) changes.push_back({field + ".subject", was.view.subject, own.subject});
    if (was.view.body != own.body) changes.push_back({field + ".body", was.view.body, own.body});
    BB_RETURN_IF_ERROR(
        RecordAudit(tx, ids_, actor, own.updated_at, "segment.email_template_updated", segment.id, std::move(changes)));
    out = SegmentViewOf(segment.id, ViewOf(kind, program_own), own);
    return Ok();
  }));
  return out;
}

Result<SegmentTemplateView> EmailTemplateService::ResetForSegment(const domain::Actor& actor,
                                                                  std::string_view segment_id, domain::EmailKind kind) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  BB_RETURN_IF_ERROR(KindASegmentMayHave(kind));
  SegmentTemplateView out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto segment, SegmentFor(tx, segment_id));
    BB_ASSIGN_OR_RETURN(auto program, ProgramFor(tx, segment.program_id));
    if (program.status == domain::ProgramStatus::kArchived) {
      return Error::Conflict("The program is archived: its segments change no more.");
    }
    BB_ASSIGN_OR_RETURN(auto program_own, tx.FindEmailTemplate(segment.program_id, kind));
    EmailTemplateView program_view = ViewOf(kind, program_own);
    out = SegmentViewOf(segment.id, program_view, std::nullopt);
    BB_ASSIGN_OR_RETURN(auto before, tx.FindSegmentEmailTemplate(segment.id, kind));
    if (!before) return Ok();
    BB_RETURN_IF_ERROR(StatusOf(tx.DeleteSegmentEmailTemplate(segment.id, kind)));
    const std::string field = "email_templates." + std::string(domain::ToString(kind));
    std::vector<domain::AuditChange> changes{{field + ".own", true, false}};
    if (before->subject != program_view.subject) {
      changes.push_back({field + ".subject", before->subject, program_view.subject});
    }
    if (before->body != program_view.body) changes.push_back({field + ".body", before->body, program_view.body});
    return RecordAudit(tx, ids_, actor, clock_.Now(), "segment.email_template_reset", segment.id, std::move(changes));
  }));
  return out;
}

}  // namespace bb::service
