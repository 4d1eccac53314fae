#include "service/audit_trail.h"

#include "domain/ids.h"

namespace bb::service {

Status RecordAudit(store::Tx& tx, const IdGenerator& ids, const domain::Actor& actor, Timestamp at,
                   std::string_view kind, std::string_view object_id, std::vector<domain::AuditChange> changes,
                   std::string_view note) {
  if (!actor.IsStaff()) return Ok();
  domain::AuditEvent event;
  event.id = ids.New(domain::kAuditEventPrefix);
  event.at = at;
  event.actor = actor.id;
  event.address_hash = actor.address_hash;
  event.kind = std::string(kind);
  event.object_id = std::string(object_id);
  event.changes = std::move(changes);
  event.note = std::string(note);
  return tx.InsertAuditEvent(event);
}

Result<AuditPage> AuditService::List(const domain::Actor& actor, const AuditFilter& filter, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAudit));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kAuditEventPrefix));
  if (filter.from && filter.before && !(*filter.from < *filter.before)) {
    return Error::InvalidField("to", "must be after from");
  }
  store::AuditQuery query{filter.actor, filter.object_id, filter.kind, filter.from, filter.before,
                          after,        page.limit + 1};
  AuditPage out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out.events.items, q.ListAuditEvents(query));
    FinishPage(out.events, page);
    BB_ASSIGN_OR_RETURN(out.actor_names, NamesOfActorsIn(q, out.events.items));
    return Ok();
  }));
  return out;
}

}  // namespace bb::service
