#pragma once
// The programs' email templates (domain/email_template.h): staff read, rewrite, reset, preview and
// send themselves a test of each kind; the other services compose their emails through it
// (Compose), in the program's words and branding, inside the transaction that causes them.
//
// Thread-safety: all methods may be called concurrently.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/advocate.h"
#include "domain/email_template.h"
#include "domain/program.h"
#include "domain/program_segment.h"
#include "service/email_service.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// An advocate's name and email, as the To of an email.
domain::Mailbox AdvocateMailbox(const domain::Advocate& advocate);

// A kind's template as it is in effect for a program.
struct EmailTemplateView {
  domain::EmailKind kind = domain::EmailKind::kInvitation;
  std::string subject;
  std::string body;
  bool enabled = true;                  // false: the program turned this automatic email off
  bool customized = false;              // the program's own; false: the kind's default
  std::optional<Timestamp> updated_at;  // when customized
  std::string updated_by;               // when customized: the actor's id
};

// A kind's template as it is in effect for a segment's advocates.
struct SegmentTemplateView {
  std::string segment_id;
  EmailTemplateView view;  // customized: the segment's own (updated_at/by its); else the program's in effect
};

// A draft to preview or test: absent fields are the template in effect.
struct EmailTemplateDraft {
  std::optional<std::string> subject;
  std::optional<std::string> body;
};

class EmailTemplateService {
 public:
  EmailTemplateService(store::Store& store, const Clock& clock, const IdGenerator& ids, const EmailService& email,
                       std::string public_base_url)
      : store_(store), clock_(clock), ids_(ids), email_(email), public_base_url_(std::move(public_base_url)) {}

  // Admins and managers (kManagePrograms); kNotFound for an unknown program.
  Result<std::vector<EmailTemplateView>> List(const domain::Actor& actor, std::string_view program_id);
  Result<EmailTemplateView> Get(const domain::Actor& actor, std::string_view program_id, domain::EmailKind kind);
  // Makes the program's own template of the kind (`enabled` nullopt: as it is); kInvalidArgument
  // naming "subject", "body" or "enabled" (domain::CheckEmailTemplate). Audited
  // ("email_template.updated").
  Result<EmailTemplateView> Put(const domain::Actor& actor, std::string_view program_id, domain::EmailKind kind,
                                std::string_view subject, std::string_view body, std::optional<bool> enabled);
  // Back to the kind's default (nothing happens when it is the default already); audited
  // ("email_template.reset") when there was one of the program's own.
  Result<EmailTemplateView> Reset(const domain::Actor& actor, std::string_view program_id, domain::EmailKind kind);

  // The draft rendered with sample values (Ada Lovelace referring Grace Hopper), nothing stored or
  // sent; kInvalidArgument as Put.
  Result<domain::RenderedEmail> Preview(const domain::Actor& actor, std::string_view program_id, domain::EmailKind kind,
                                        const EmailTemplateDraft& draft);
  // Queues the preview, its subject marked "[Test]", to the staff user asking (an API key: the user
  // who created it); returns the address. kConflict when there is no such user (a key made at the
  // command line) or the address is suppressed (a bounce, a complaint, staff); kInvalidArgument as
  // Put. Its unsubscribe link, like the preview's, is a sample that unsubscribes nobody. Sent as transactional mail (no
  // unsubscribe), whatever the kind.
  Result<std::string> SendTest(const domain::Actor& actor, std::string_view program_id, domain::EmailKind kind,
                               const EmailTemplateDraft& draft);

  // Inside a write transaction: the email of `kind` for `program` to `to`, rendered from the
  // template in effect with `values` ("program.name" is filled in here) — the own template of the
  // segment `segment_of` is in now (the recipient, or the advocate who referred them), else the
  // program's — ready for EmailService::Queue; nullopt when the program turned this kind off.
  // Fails only when storage does.
  Result<std::optional<OutgoingEmail>> Compose(store::Tx& tx, const domain::Program& program, domain::EmailKind kind,
                                               const domain::Mailbox& to, domain::EmailValues values,
                                               const domain::Advocate* segment_of) const;

  // A segment's templates: for each kind it may have its own of (domain::SegmentMayWrite), its own
  // or (customized false) the program's in effect. Admins and managers; kNotFound for an unknown
  // segment.
  Result<std::vector<SegmentTemplateView>> ListForSegment(const domain::Actor& actor, std::string_view segment_id);
  // Makes the segment's own template of the kind. kInvalidArgument naming "subject" or "body"
  // (domain::CheckEmailTemplate), or "kind" for one a segment may not have; kConflict for an
  // archived program's. Audited ("segment.email_template_updated": the subject and body changed
  // from the template in effect, and "email_templates.<kind>.own" when the segment had none).
  Result<SegmentTemplateView> PutForSegment(const domain::Actor& actor, std::string_view segment_id,
                                            domain::EmailKind kind, std::string_view subject, std::string_view body);
  // Back to the program's template; audited ("segment.email_template_reset") when it had its own.
  // kInvalidArgument naming "kind" and kConflict as PutForSegment.
  Result<SegmentTemplateView> ResetForSegment(const domain::Actor& actor, std::string_view segment_id,
                                              domain::EmailKind kind);

 private:
  Result<domain::ProgramSegment> SegmentFor(store::Queries& q, std::string_view segment_id) const;
  Result<domain::Program> ProgramFor(store::Queries& q, std::string_view program_id) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const EmailService& email_;
  const std::string public_base_url_;
};

}  // namespace bb::service
