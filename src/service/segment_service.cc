#include "service/segment_service.h"

#include <algorithm>
#include <iterator>

#include "domain/validation.h"
#include "service/audit_trail.h"
#include "service/points_ledger.h"
#include "service/segment_resolver.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoSegment = "No segment with this id.";
constexpr std::string_view kNoAdvocate = "No advocate with this id.";

domain::AuditFields FieldsOf(const domain::ProgramSegment& g) {
  std::string attributes;
  for (const auto& [key, values] : g.filter.attributes) {
    attributes += (attributes.empty() ? "" : "; ") + key + " = " + domain::JoinWithCommas(values);
  }
  std::vector<std::string> classes;
  for (auto c : g.filter.nps_classes) classes.emplace_back(domain::ToString(c));
  domain::AuditValue position = std::monostate{};  // a retired segment has no place
  if (g.active) position = g.position;
  return {{"name", g.name},
          {"description", g.description},
          {"position", position},
          {"attributes", attributes},
          {"tags", domain::JoinWithCommas(g.filter.tags)},
          {"nps_classes", domain::JoinWithCommas(classes)},
          {"min_level", g.filter.min_level},
          {"share_message", g.words.share_message},
          {"portal_headline", g.words.portal_headline},
          {"landing_headline", g.words.landing_headline},
          {"landing_intro", g.words.landing_intro},
          {"active", g.active}};
}

// kConflict when `program_id` is archived (it changes no more); kNotFound when it does not exist.
Status ProgramOpen(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound("No program with this id.");
  if (program->status == domain::ProgramStatus::kArchived) {
    return Error::Conflict("The program is archived: its segments change no more.");
  }
  return Ok();
}

// What every entry of one program's list is checked against: its active segments and levels now.
struct ProgramContext {
  std::vector<domain::ProgramSegment> active;
  std::vector<domain::PointsLevel> levels;
};

Result<ProgramContext> ContextOf(store::Queries& q, std::string_view program_id) {
  ProgramContext out;
  BB_ASSIGN_OR_RETURN(out.active, q.ListSegments(program_id, false));
  BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(q, program_id));
  out.levels = std::move(settings.levels);
  return out;
}

Result<SegmentEntry> EntryOf(store::Queries& q, domain::ProgramSegment segment, const ProgramContext& context) {
  BB_ASSIGN_OR_RETURN(auto own, q.ListSegmentEmailTemplates(segment.id));
  SegmentEntry entry;
  entry.warnings = domain::SegmentWarnings(segment, context.active, context.levels);
  for (const auto& t : own) entry.own_emails.push_back(t.kind);
  entry.segment = std::move(segment);
  return entry;
}

Result<SegmentEntry> EntryOf(store::Queries& q, domain::ProgramSegment segment) {
  BB_ASSIGN_OR_RETURN(auto context, ContextOf(q, segment.program_id));
  return EntryOf(q, std::move(segment), context);
}

// Writes the positions of the program's other active segments after `moved` took its place (or
// left), each recorded in the audit trail as a change of its position.
Status Renumber(store::Tx& tx, const IdGenerator& ids, const domain::Actor& actor, Timestamp now,
                const domain::ProgramSegment& moved, const std::vector<domain::ProgramSegment>& active) {
  for (auto& other : domain::Reordered(active, moved)) {
    std::int64_t was = 0;
    for (const auto& a : active) {
      if (a.id == other.id) was = a.position;
    }
    other.updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateSegment(other));
    BB_RETURN_IF_ERROR(
        RecordAudit(tx, ids, actor, now, "segment.changed", other.id, {{"position", was, other.position}}));
  }
  return Ok();
}

}  // namespace

Result<std::vector<SegmentEntry>> SegmentService::List(const domain::Actor& actor, std::string_view program_id,
                                                       bool include_retired) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  std::vector<SegmentEntry> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(auto segments, q.ListSegments(program_id, include_retired));
    BB_ASSIGN_OR_RETURN(auto context, ContextOf(q, program_id));
    out.clear();
    for (auto& segment : segments) {
      BB_ASSIGN_OR_RETURN(auto entry, EntryOf(q, std::move(segment), context));
      out.push_back(std::move(entry));
    }
    return Ok();
  }));
  return out;
}

Result<SegmentEntry> SegmentService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  SegmentEntry out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto segment, q.FindSegment(id));
    if (!segment) return Error::NotFound(std::string(kNoSegment));
    BB_ASSIGN_OR_RETURN(out, EntryOf(q, std::move(*segment)));
    return Ok();
  }));
  return out;
}

Result<SegmentEntry> SegmentService::Create(const domain::Actor& actor, std::string_view program_id,
                                            const domain::SegmentInput& input,
                                            const Idempotent<SegmentEntry>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  SegmentEntry out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(ProgramOpen(tx, program_id));
    BB_ASSIGN_OR_RETURN(auto all, tx.ListSegments(program_id, true));
    std::vector<domain::ProgramSegment> active;
    std::copy_if(all.begin(), all.end(), std::back_inserter(active),
                 [](const domain::ProgramSegment& g) { return g.active; });
    BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(tx, program_id));
    auto count = static_cast<std::int64_t>(active.size());
    BB_ASSIGN_OR_RETURN(auto segment, domain::BuildSegment(input, ids_.New(domain::kSegmentPrefix),
                                                           std::string(program_id), count, settings.levels, now));
    if (segment.active && active.size() >= domain::kMaxSegmentsPerProgram) {
      return Error::Conflict("A program has at most 50 active segments: retire one first.");
    }
    if (all.size() >= domain::kMaxSegmentsInAll) {
      return Error::Conflict("A program has at most 200 segments, retired ones included: change one instead.");
    }
    BB_RETURN_IF_ERROR(tx.InsertSegment(segment));
    BB_RETURN_IF_ERROR(Renumber(tx, ids_, actor, now, segment, active));
    BB_RETURN_IF_ERROR(
        RecordAudit(tx, ids_, actor, now, "segment.created", segment.id, domain::CreatedFields(FieldsOf(segment))));
    BB_ASSIGN_OR_RETURN(out, EntryOf(tx, std::move(segment)));
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<SegmentEntry> SegmentService::Update(const domain::Actor& actor, std::string_view id,
                                            const domain::SegmentInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  SegmentEntry out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto segment, tx.FindSegment(id));
    if (!segment) return Error::NotFound(std::string(kNoSegment));
    BB_RETURN_IF_ERROR(ProgramOpen(tx, segment->program_id));
    BB_ASSIGN_OR_RETURN(auto active, tx.ListSegments(segment->program_id, false));
    BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(tx, segment->program_id));
    bool was_active = segment->active;
    domain::AuditFields before = FieldsOf(*segment);
    BB_ASSIGN_OR_RETURN(
        bool changed,
        domain::ApplySegmentChanges(*segment, input, static_cast<std::int64_t>(active.size()), settings.levels, now));
    if (changed) {
      if (!was_active && segment->active && active.size() >= domain::kMaxSegmentsPerProgram) {
        return Error::Conflict("A program has at most 50 active segments: retire one first.");
      }
      BB_RETURN_IF_ERROR(tx.UpdateSegment(*segment));
      BB_RETURN_IF_ERROR(Renumber(tx, ids_, actor, now, *segment, active));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "segment.changed", segment->id,
                                     domain::DiffFields(before, FieldsOf(*segment))));
    }
    BB_ASSIGN_OR_RETURN(out, EntryOf(tx, std::move(*segment)));
    return Ok();
  }));
  return out;
}

Result<AdvocateSegment> SegmentService::OfAdvocate(const domain::Actor& actor, std::string_view advocate_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAdvocates));
  AdvocateSegment out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(advocate_id));
    if (!advocate) return Error::NotFound(std::string(kNoAdvocate));
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kReadAdvocates, *advocate, kNoAdvocate));
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(advocate->program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(out.segment, SegmentOf(q, *advocate));
    out.words = domain::WordsInEffect(program->branding, out.segment ? &*out.segment : nullptr);
    out.advocate = std::move(*advocate);
    out.program_name = program->name;
    return Ok();
  }));
  return out;
}

Result<domain::AdvocateWords> SegmentService::Words(const domain::Actor& actor) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has words here.");
  domain::AdvocateWords out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(actor.id));
    if (!advocate) return Error::NotFound(std::string(kNoAdvocate));
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(advocate->program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(auto segment, SegmentOf(q, *advocate));
    out = domain::WordsInEffect(program->branding, segment ? &*segment : nullptr);
    return Ok();
  }));
  return out;
}

Result<SegmentReport> SegmentService::Report(const domain::Actor& actor, std::string_view program_id, Timestamp from,
                                             Timestamp before) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  SegmentReport out;
  out.from = from;
  out.before = before;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    out.program_id = program->id;
    out.currency = program->currency;
    BB_ASSIGN_OR_RETURN(auto segments, q.ListSegments(program_id, true));
    BB_ASSIGN_OR_RETURN(auto rows, q.ReadSegmentCohort(program_id, from, before));
    BB_ASSIGN_OR_RETURN(out.segments, domain::FiguresBySegment(segments, rows));
    return Ok();
  }));
  return out;
}

}  // namespace bb::service
