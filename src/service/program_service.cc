#include "service/program_service.h"

#include <charconv>

#include "crypto/crypto.h"
#include "domain/ids.h"
#include "service/audit_trail.h"
#include "service/segment_resolver.h"

namespace bb::service {

using domain::Action;
using domain::Program;

namespace {

Status NotFoundProgram() { return Error::NotFound("No program with this id."); }

// Every month a program can have figures for, as ListProgramMonths bounds them.
constexpr std::string_view kFirstMonth = "2000-01";
constexpr std::string_view kAfterLastMonth = "9999-13";

// The figures entered for `program_id`'s `month` (a valid month), if any.
Result<std::optional<domain::ProgramMonth>> FindMonth(store::Queries& q, std::string_view program_id,
                                                      std::string_view month) {
  BB_ASSIGN_OR_RETURN(auto from, q.ListProgramMonths(program_id, month, kAfterLastMonth));
  if (from.empty() || from.front().month != month) return std::optional<domain::ProgramMonth>();
  return std::optional<domain::ProgramMonth>(std::move(from.front()));
}

// A clicks cursor's key: "<occurred_at in microseconds>:<id>".
std::string ClickCursorKey(const store::ClickRecord& last) {
  return std::to_string(ToMicros(last.click.occurred_at)) + ":" + std::to_string(last.id);
}

Result<std::optional<store::ClickPosition>> ClickCursorPosition(const Page& page) {
  BB_ASSIGN_OR_RETURN(std::string key, CheckKeyPage(page));
  if (key.empty()) return std::optional<store::ClickPosition>();
  std::int64_t micros = 0;
  std::int64_t id = 0;
  auto colon = key.find(':');
  auto read = [](std::string_view text, std::int64_t& value) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
  };
  if (colon == std::string::npos || !read(std::string_view(key).substr(0, colon), micros) ||
      !read(std::string_view(key).substr(colon + 1), id)) {
    return Error::InvalidField("cursor", "is not a cursor this API returned for this list");
  }
  return std::optional<store::ClickPosition>(store::ClickPosition{FromMicros(micros), id});
}

}  // namespace

Result<Program> ProgramService::Create(const domain::Actor& actor, const domain::ProgramInput& input,
                                       const Idempotent<Program>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  BB_ASSIGN_OR_RETURN(Program program, domain::BuildProgram(input, ids_.New(domain::kProgramPrefix), clock_.Now()));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(program));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, program.created_at, "program.created", program.id,
                                   domain::CreatedFields(domain::FieldsOf(program))));
    BB_RETURN_IF_ERROR(campaigns_.AddPromoterRules(tx, program.id, program.created_at));
    return idempotency_.Record(tx, idempotent, program);
  }));
  return program;
}

Result<Program> ProgramService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  std::optional<Program> program;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(program, q.FindProgram(id));
    return Ok();
  }));
  if (!program) return NotFoundProgram().error();
  return std::move(*program);
}

Result<Program> ProgramService::GetPublic(std::string_view slug) {
  std::optional<Program> program;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(program, q.FindProgramBySlug(slug));
    return Ok();
  }));
  if (!program) return Error::NotFound("No program with this name.");
  return std::move(*program);
}

Result<PublicLanding> ProgramService::GetPublicLanding(std::string_view slug, std::string_view code) {
  PublicLanding out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgramBySlug(slug));
    if (!program) return Error::NotFound("No program with this name.");
    out.program = std::move(*program);
    std::optional<domain::Advocate> advocate;
    if (!code.empty()) {
      BB_ASSIGN_OR_RETURN(auto target, q.FindLinkTarget(code));
      // Only an active program's active advocate: a paused or archived program names nobody.
      if (target && target->program_id == out.program.id &&
          target->advocate_status == domain::AdvocateStatus::kActive &&
          out.program.status == domain::ProgramStatus::kActive) {
        BB_ASSIGN_OR_RETURN(advocate, q.FindAdvocate(target->advocate_id));
      }
    }
    std::optional<domain::ProgramSegment> segment;
    if (advocate) {
      BB_ASSIGN_OR_RETURN(segment, SegmentOf(q, *advocate));
    }
    domain::AdvocateWords words = domain::WordsInEffect(out.program.branding, segment ? &*segment : nullptr);
    // A segment's words may name the advocate; the program's cannot (domain::CheckWords).
    std::string first_name = segment ? advocate->first_name : "";
    out.headline = domain::RenderWords(words.landing_headline, out.program.name, first_name);
    out.intro = domain::RenderWords(words.landing_intro, out.program.name, first_name);
    return Ok();
  }));
  return out;
}

Result<Program> ProgramService::GetOwn(const domain::Actor& advocate) {
  if (!advocate.IsAdvocate())
    return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has a program here.");
  std::optional<Program> program;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto self, q.FindAdvocate(advocate.id));
    if (self) {
      BB_ASSIGN_OR_RETURN(program, q.FindProgram(self->program_id));
    }
    return Ok();
  }));
  if (!program) return NotFoundProgram().error();
  return std::move(*program);
}

Result<PageOf<Program>> ProgramService::List(const domain::Actor& actor, std::optional<domain::ProgramStatus> status,
                                             const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kProgramPrefix));
  store::ProgramQuery query{status, after, page.limit + 1};
  PageOf<Program> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out.items, q.ListPrograms(query));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<Program> ProgramService::Update(const domain::Actor& actor, std::string_view id,
                                       const domain::ProgramInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  Program updated;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(id));
    if (!program) return NotFoundProgram();
    domain::AuditFields before = domain::FieldsOf(*program);
    std::string currency = program->currency;
    BB_RETURN_IF_ERROR(domain::ApplyProgramChanges(*program, input, clock_.Now()));
    if (program->currency != currency) {
      // Rewards and deal values are amounts in the program's currency: changing it would relabel them.
      BB_ASSIGN_OR_RETURN(bool has_money, tx.ProgramHasMoney(program->id));
      if (has_money) {
        return Error(ErrorCode::kConflict,
                     "The program has rewards, won referrals, monthly figures or catalogue items paying rewards in " +
                         currency + "; its currency can no longer change.",
                     {{"currency",
                       "cannot change once the program has a reward, a won referral, monthly figures or "
                       "a catalogue item that pays a reward"}});
      }
    }
    BB_RETURN_IF_ERROR(tx.UpdateProgram(*program));
    auto changes = domain::DiffFields(before, domain::FieldsOf(*program));
    if (!changes.empty()) {
      BB_RETURN_IF_ERROR(
          RecordAudit(tx, ids_, actor, program->updated_at, "program.updated", program->id, std::move(changes)));
    }
    updated = std::move(*program);
    return Ok();
  }));
  link_targets_.Clear();
  return updated;
}

Result<Program> ProgramService::SetStatus(const domain::Actor& actor, std::string_view id, domain::ProgramStatus status,
                                          const Idempotent<Program>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  Program updated;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(id));
    if (!program) return NotFoundProgram();
    if (program->status != status) {
      domain::AuditFields before = domain::FieldsOf(*program);
      BB_RETURN_IF_ERROR(domain::ChangeProgramStatus(*program, status, clock_.Now()));
      BB_RETURN_IF_ERROR(tx.UpdateProgram(*program));
      std::string_view kind = status == domain::ProgramStatus::kActive   ? "program.resumed"
                              : status == domain::ProgramStatus::kPaused ? "program.paused"
                                                                         : "program.archived";
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, program->updated_at, kind, program->id,
                                     domain::DiffFields(before, domain::FieldsOf(*program))));
    }
    updated = std::move(*program);
    return idempotency_.Record(tx, idempotent, updated);
  }));
  link_targets_.Clear();
  return updated;
}

Result<std::vector<domain::ProgramMonth>> ProgramService::Months(const domain::Actor& actor,
                                                                 std::string_view program_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  std::vector<domain::ProgramMonth> months;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    BB_ASSIGN_OR_RETURN(months, q.ListProgramMonths(program_id, kFirstMonth, kAfterLastMonth));
    return Ok();
  }));
  return months;
}

Result<domain::ProgramMonth> ProgramService::PutMonth(const domain::Actor& actor, std::string_view program_id,
                                                      std::string_view month, const domain::ProgramMonthInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  BB_ASSIGN_OR_RETURN(domain::ProgramMonth entered,
                      domain::BuildProgramMonth(std::string(program_id), month, input, actor.id, clock_.Now()));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    entered.currency = program->currency;
    BB_ASSIGN_OR_RETURN(auto existing, FindMonth(tx, program_id, month));
    auto changes = existing ? domain::DiffFields(domain::FieldsOf(*existing), domain::FieldsOf(entered))
                            : domain::CreatedFields(domain::FieldsOf(entered));
    if (changes.empty()) {
      entered = std::move(*existing);  // the same figures: nothing to write or audit
      return Ok();
    }
    BB_RETURN_IF_ERROR(tx.PutProgramMonth(entered));
    return RecordAudit(tx, ids_, actor, entered.updated_at, "program.month_set", program->id, std::move(changes));
  }));
  return entered;
}

Status ProgramService::DeleteMonth(const domain::Actor& actor, std::string_view program_id, std::string_view month) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  if (!domain::ParseMonth(month)) return Error::NotFound("No figures for this month.");
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    BB_ASSIGN_OR_RETURN(auto existing, FindMonth(tx, program_id, month));
    if (!existing) return Error::NotFound("No figures for this month.");
    BB_ASSIGN_OR_RETURN(bool deleted, tx.DeleteProgramMonth(program_id, month));
    if (!deleted) return Error::NotFound("No figures for this month.");
    return RecordAudit(tx, ids_, actor, clock_.Now(), "program.month_deleted", program->id,
                       domain::DiffFields(domain::FieldsOf(*existing), {}));
  });
}

Result<domain::ProgramStats> ProgramService::Stats(const domain::Actor& actor, std::string_view id,
                                                   const domain::TimeRange& range) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  std::optional<Program> program;
  domain::ProgramStats stats;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(program, q.FindProgram(id));
    if (!program) return NotFoundProgram();
    BB_ASSIGN_OR_RETURN(stats, q.GetProgramStats(id, range));
    return Ok();
  }));
  return stats;
}

Result<domain::Analytics> ProgramService::Analytics(const domain::Actor& actor, std::string_view program_id,
                                                    domain::TimeRange& range, domain::AnalyticsBasis basis) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  BB_RETURN_IF_ERROR(domain::CompleteAnalyticsRange(range, clock_.Now()));
  Timestamp from = *range.from;
  Timestamp before = *range.before;
  domain::Analytics analytics;
  std::vector<domain::ProgramMonth> months;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    if (!program_id.empty()) {
      BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
      if (!program) return NotFoundProgram();
    }
    BB_ASSIGN_OR_RETURN(analytics, q.GetAnalytics(program_id, from, before, basis));
    BB_ASSIGN_OR_RETURN(months, q.ListProgramMonths(program_id, domain::MonthBound(from),
                                                    domain::MonthBound(domain::NextMonthStart(before))));
    return Ok();
  }));
  BB_RETURN_IF_ERROR(domain::CompleteMoney(months, from, before, analytics.money));
  analytics.new_advocates = domain::EveryDay(from, before, analytics.new_advocates);
  return analytics;
}

Result<PageOf<store::ClickRecord>> ProgramService::Clicks(const domain::Actor& actor, std::string_view program_id,
                                                          const ClickFilter& filter, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  BB_ASSIGN_OR_RETURN(auto after, ClickCursorPosition(page));
  store::ClickQuery query{std::string(program_id), filter.advocate_id, filter.from.value_or(Timestamp{}),
                          filter.before.value_or(clock_.Now()), filter.bots};
  PageOf<store::ClickRecord> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    if (!filter.advocate_id.empty()) {
      BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(filter.advocate_id));
      if (!advocate || advocate->program_id != program_id) {
        return Error::NotFound("No advocate with this id in this program.");
      }
    }
    BB_ASSIGN_OR_RETURN(out.items, q.ListClicks(query, after, page.limit + 1));
    return Ok();
  }));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(static_cast<std::size_t>(page.limit));
    out.next_cursor = EncodeCursor(page.key, page.list, ClickCursorKey(out.items.back()));
  }
  return out;
}

}  // namespace bb::service
