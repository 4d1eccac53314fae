#include "service/import_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "csv/csv_reader.h"
#include "domain/ids.h"
#include "domain/validation.h"
#include "service/audit_trail.h"

namespace bb::service {

using domain::Action;
using domain::Advocate;
using domain::AdvocateImportRow;
using domain::Import;
using domain::ImportIssue;
using domain::ImportStatus;

namespace {

Error NoSuchImport() { return Error::NotFound("No import with this id."); }

csv::ReadOptions ReadOptionsFor(const ImportRequest& request) {
  return {.delimiter = request.delimiter, .max_field_bytes = 64 * 1024};
}

}  // namespace

void ImportService::WaitUntilIdle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return (queue_.empty() && !busy_) || stopped_; });
}

void ImportService::Stop() {
  std::deque<Job> abandoned;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    abandoned.swap(queue_);
    if (worker_.joinable()) worker_.request_stop();
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  idle_.notify_all();
  for (auto& job : abandoned) {
    job.import.status = ImportStatus::kInterrupted;
    job.import.updated_at = clock_.Now();
    (void)SaveImport(job.import);
  }
}

Result<Import> ImportService::Prepare(const domain::Actor& actor, const ImportRequest& request, std::string_view csv,
                                      std::optional<Target>& target) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kImportData));
  if (request.delimiter != 0 && request.delimiter != ',' && request.delimiter != ';') {
    return Error::InvalidField("delimiter", "must be ',' or ';'");
  }
  domain::Program program;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto found, q.FindProgram(request.program_id));
    if (!found) return Error::NotFound("No program with this id.");
    program = std::move(*found);
    if (program.status == domain::ProgramStatus::kArchived && !request.dry_run) {
      return Error::Conflict(request.kind == domain::ImportKind::kAdvocates
                                 ? "The program is archived; it takes no new advocates."
                                 : "The program is archived; it takes no new referrals.");
    }
    return Ok();
  }));

  Import import;
  import.id = ids_.New(domain::kImportPrefix);
  import.program_id = request.program_id;
  import.kind = request.kind;
  import.dry_run = request.dry_run;
  import.created_by = actor.id;
  import.created_at = import.updated_at = clock_.Now();

  csv::ReadOptions options = ReadOptionsFor(request);
  csv::Structure structure = csv::CheckStructure(csv, options);
  import.rows_total = std::max<std::int64_t>(0, structure.records - 1);
  auto fail = [&](std::vector<ImportIssue> issues) {
    import.status = ImportStatus::kFailed;
    import.refused = import.rows_total;
    for (auto& issue : issues) import.AddError(std::move(issue));
    import.finished_at = import.updated_at;
    return import;
  };
  if (structure.fault_row) {
    // The rows read before the fault and the row it is in; what follows cannot be told apart.
    if (*structure.fault_row > 1) import.rows_total = structure.records;
    return fail({{*structure.fault_row, "", structure.fault}});
  }
  if (structure.records == 0) return fail({{1, "", "The file is empty: the first row must name the columns."}});

  // Read in place: moving the optional record out of the Result trips GCC 12's -Wmaybe-uninitialized
  // at -O2 (a false positive that fails the release build).
  Result<std::optional<csv::Record>> first_read = csv::FirstRecord(csv, options);
  if (!first_read.ok()) return first_read.error();
  if (!first_read->has_value()) return fail({{1, "", "The file is empty: the first row must name the columns."}});
  csv::Record& first = **first_read;
  std::vector<std::string> header = std::move(first.fields);
  if (first.oversized_field) return fail({{first.row, "", "The header row has a cell longer than 64 KiB."}});
  if (header.size() > kMaxColumns || first.dropped_fields_total > 0) {
    return fail({{1, "", "The header row has more than " + std::to_string(kMaxColumns) + " columns."}});
  }
  for (const auto& cell : header) {
    if (!domain::IsStorableUtf8(cell)) {
      return fail({{1, "",
                    "The header row is not UTF-8 text (save the file as CSV UTF-8; another encoding, such as "
                    "Windows-1252, cannot be read)."}});
    }
  }
  for (auto& cell : header) cell = std::string(domain::Trim(cell));
  auto mapped = domain::MapImportColumns(request.kind, header, request.mapping, import.warnings);
  if (!mapped.ok()) {
    std::vector<ImportIssue> issues;
    for (const auto& field : mapped.error().fields()) issues.push_back({1, field.field, field.message});
    return fail(std::move(issues));
  }
  target.emplace(Target{std::move(*mapped), std::move(program)});
  return import;
}

Result<Import> ImportService::Start(const domain::Actor& actor, const ImportRequest& request, std::string csv) {
  std::optional<Target> target;
  BB_ASSIGN_OR_RETURN(Import import, Prepare(actor, request, csv, target));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status { return tx.InsertImport(import); }));
  if (import.status != ImportStatus::kRunning) return import;
  if (import.rows_total <= kInlineRows) {
    BB_RETURN_IF_ERROR(ProcessOrMarkInterrupted(actor, request, csv, *target, import));
    return import;
  }
  Job job{actor, request, std::move(csv), std::move(*target), import};
  {
    std::lock_guard lock(mutex_);
    if (stopped_) {
      import.status = ImportStatus::kInterrupted;
      (void)SaveImport(import);
      return Error(ErrorCode::kUnavailable, "The server is shutting down; send the file again after it restarts.");
    }
    queue_.push_back(std::move(job));
    if (!worker_.joinable()) worker_ = std::jthread([this](std::stop_token stop) { WorkerLoop(stop); });
  }
  wake_.notify_one();
  return import;
}

Result<Import> ImportService::Run(const domain::Actor& actor, const ImportRequest& request, std::string_view csv) {
  std::optional<Target> target;
  BB_ASSIGN_OR_RETURN(Import import, Prepare(actor, request, csv, target));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status { return tx.InsertImport(import); }));
  if (import.status != ImportStatus::kRunning) return import;
  BB_RETURN_IF_ERROR(ProcessOrMarkInterrupted(actor, request, csv, *target, import));
  return import;
}

Status ImportService::ProcessOrMarkInterrupted(const domain::Actor& actor, const ImportRequest& request,
                                               std::string_view csv, const Target& target, Import& import,
                                               std::stop_token stop) {
  Status done = Process(actor, request, csv, target, import, stop);
  if (done.ok()) return done;
  spdlog::error("import {} stopped after {} rows: {}", import.id, import.rows_done, done.error().message());
  import.status = ImportStatus::kInterrupted;
  import.updated_at = clock_.Now();
  (void)SaveImport(import);  // best effort: a stalled import reads as interrupted anyway
  return done;
}

void ImportService::WorkerLoop(std::stop_token stop) {
  while (true) {
    std::optional<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [&] { return !queue_.empty(); });
      if (stop.stop_requested()) return;
      job.emplace(std::move(queue_.front()));
      queue_.pop_front();
      busy_ = true;
    }
    (void)ProcessOrMarkInterrupted(job->actor, job->request, job->csv, job->target, job->import, stop);
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
    }
    idle_.notify_all();
  }
}

Status ImportService::Process(const domain::Actor& actor, const ImportRequest& request, std::string_view csv,
                              const Target& target, Import& import, std::stop_token stop) {
  const domain::ImportColumns& columns = target.columns;
  bool referrals = request.kind == domain::ImportKind::kReferrals;
  domain::ReferralImportContext context{target.program.currency, target.program.referral_policy.uses_opportunity,
                                        clock_.Now()};
  // The first row of each address (advocates) or referee (referrals): later ones are refused.
  std::unordered_map<std::string, std::int64_t> first_row_of_key;
  std::vector<AdvocateImportRow> advocates;
  std::vector<ReferralItem> referral_items;
  std::vector<ImportIssue> issues;
  bool header_seen = false;
  bool stopped = false;
  auto flush = [&]() -> Status {
    return referrals ? FlushReferrals(actor, request, target, referral_items, import)
                     : FlushAdvocates(actor, request, columns, advocates, import);
  };
  // Whether none of `keys` (this row's) was an earlier row's; else says which row it repeats.
  // The keys of a refused row are not kept.
  auto first_of = [&](std::initializer_list<std::string> keys, std::int64_t row, std::string_view field,
                      std::string_view what, std::string_view after) {
    for (const auto& key : keys) {
      if (key.empty()) continue;
      if (auto earlier = first_row_of_key.find(key); earlier != first_row_of_key.end()) {
        issues.push_back(
            {row, columns.HeaderOf(field),
             "repeats the " + std::string(what) + " of row " + std::to_string(earlier->second) + std::string(after)});
        return false;
      }
    }
    for (const auto& key : keys) {
      if (!key.empty()) first_row_of_key.emplace(key, row);
    }
    return true;
  };
  Status read = csv::ReadRecords(csv, ReadOptionsFor(request), [&](csv::Record& record) -> Status {
    if (!header_seen) {
      header_seen = true;
      return Ok();
    }
    issues.clear();
    bool taken = false;
    if (record.oversized_field) {
      issues.push_back(
          {record.row,
           *record.oversized_field < columns.headers.size() ? columns.headers[*record.oversized_field] : std::string(),
           "is longer than 64 KiB"});
    } else if (record.fields.size() > columns.headers.size()) {
      std::size_t cells = std::max(record.fields.size(), record.dropped_fields_total);
      issues.push_back({record.row, "",
                        "has " + std::to_string(cells) + " cells; the header row names only " +
                            std::to_string(columns.headers.size()) + " columns"});
    } else if (referrals) {
      auto item = ReadReferral(target, context, record.row, record.fields, issues);
      // One referral per referee and file, the referee known by address or phone.
      if (item && first_of({item->draft.referee.email_key,
                            item->draft.referee.phone.empty() ? std::string() : "phone:" + item->draft.referee.phone},
                           record.row, "email", "referee (same address or phone)",
                           ": one referral per referee and file, only the first is considered")) {
        referral_items.push_back(std::move(*item));
        taken = true;
      }
    } else {
      auto row = domain::ReadAdvocateImportRow(columns, record.row, record.fields, issues);
      if (row && first_of({row->email_normalized}, record.row, "email", "address", ", which is imported instead")) {
        advocates.push_back(std::move(*row));
        taken = true;
      }
    }
    if (!taken) {
      import.AddBatch({domain::ImportRowOutcome::kRefused}, issues);
    }
    if (advocates.size() + referral_items.size() >= kBatchRows) {
      BB_RETURN_IF_ERROR(flush());
      if (stop.stop_requested()) {
        stopped = true;
        return Error(ErrorCode::kUnavailable, "stopping");
      }
    }
    return Ok();
  });
  if (!read.ok() && !stopped) return read;
  if (!stopped) BB_RETURN_IF_ERROR(flush());
  import.status = stopped ? ImportStatus::kInterrupted : ImportStatus::kCompleted;
  import.updated_at = clock_.Now();
  if (!stopped) import.finished_at = import.updated_at;
  return SaveImport(import);
}

Result<std::map<std::string, std::string>> ImportService::ResolveSalesReps(
    const std::vector<AdvocateImportRow>& batch) {
  std::map<std::string, std::string> reps;
  for (const auto& row : batch) {
    if (!row.sales_rep_email.empty()) reps.emplace(row.sales_rep_email, "");
  }
  if (reps.empty()) return reps;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    for (auto& [email, id] : reps) {
      BB_ASSIGN_OR_RETURN(auto user, q.FindUserByEmail(email));
      if (user && user->role == domain::Role::kSalesRep && !user->disabled) id = user->id;
    }
    return Ok();
  }));
  return reps;
}

Status ImportService::FlushAdvocates(const domain::Actor& actor, const ImportRequest& request,
                                     const domain::ImportColumns& columns, std::vector<AdvocateImportRow>& batch,
                                     Import& import) {
  BB_ASSIGN_OR_RETURN(auto reps, ResolveSalesReps(batch));
  std::vector<domain::ImportRowOutcome> outcomes;
  std::vector<ImportIssue> refusals;
  Import progress;
  // Decides each row against the database; with `tx`, also writes it. May run more than once:
  // each attempt is stamped with its own time, so a write commits soon after its stamp
  // (ConnectorService::kAdvocateSettle counts on it).
  auto decide = [&](store::Queries& q, store::Tx* tx) -> Status {
    Timestamp now = clock_.Now();
    outcomes.assign(batch.size(), domain::ImportRowOutcome::kUnchanged);
    refusals.clear();
    std::int64_t created = 0;
    std::int64_t updated = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const AdvocateImportRow& row = batch[i];
      auto refuse = [&](std::string column, std::string message) {
        outcomes[i] = domain::ImportRowOutcome::kRefused;
        refusals.push_back({row.row, std::move(column), std::move(message)});
      };
      std::string enrolled_by = actor.id;
      if (!row.sales_rep_email.empty()) {
        const std::string& rep = reps[row.sales_rep_email];
        if (rep.empty()) {
          refuse(columns.HeaderOf("sales_rep"),
                 "names no active sales rep (invite them as a user with the role sales_rep first)");
          continue;
        }
        enrolled_by = rep;
      }
      BB_ASSIGN_OR_RETURN(auto person, q.FindPersonByEmail(row.email_normalized));
      std::optional<Advocate> existing;
      if (person) {
        BB_ASSIGN_OR_RETURN(existing, q.FindAdvocateByPerson(request.program_id, person->id));
      }
      if (existing) {
        auto changed = domain::MergeImportedAdvocate(*existing, row, now);
        if (!changed.ok()) {
          outcomes[i] = domain::ImportRowOutcome::kRefused;
          std::vector<ImportIssue> issues;
          domain::AddFieldIssues(columns, row.row, changed.error(), issues);
          refusals.insert(refusals.end(), issues.begin(), issues.end());
          continue;
        }
        if (!*changed) continue;
        outcomes[i] = domain::ImportRowOutcome::kUpdated;
        ++updated;
        if (tx) {
          BB_RETURN_IF_ERROR(tx->UpdateAdvocate(*existing));
          BB_RETURN_IF_ERROR(events_.Advocate(*tx, now, "advocate.updated", *existing));
        }
        continue;
      }
      if (!row.input.first_name) {
        refuse(columns.Find("first_name") ? columns.HeaderOf("first_name") : "first_name",
               "is required for a new advocate");
        continue;
      }
      auto built = domain::BuildEnrollment(row.input);
      if (!built.ok()) {
        outcomes[i] = domain::ImportRowOutcome::kRefused;
        std::vector<ImportIssue> issues;
        domain::AddFieldIssues(columns, row.row, built.error(), issues);
        refusals.insert(refusals.end(), issues.begin(), issues.end());
        continue;
      }
      outcomes[i] = domain::ImportRowOutcome::kCreated;
      ++created;
      if (tx) {
        Advocate advocate = std::move(*built);
        advocate.id = ids_.New(domain::kAdvocatePrefix);
        advocate.program_id = request.program_id;
        advocate.source = row.source.value_or(domain::AdvocateSource::kImport);
        advocate.enrolled_by = enrolled_by;
        advocate.created_at = advocate.updated_at = now;
        BB_RETURN_IF_ERROR(advocates_.EnrollInTx(*tx, advocate));
      }
    }
    progress = import;
    progress.AddBatch(outcomes, refusals);
    progress.updated_at = now;
    if (!tx) return Ok();
    BB_RETURN_IF_ERROR(tx->UpdateImport(progress));
    if (created + updated == 0) return Ok();
    return RecordAudit(*tx, ids_, actor, now, "advocates.imported", import.id,
                       {{"created", std::monostate{}, created}, {"updated", std::monostate{}, updated}});
  };
  if (request.dry_run) {
    BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status { return decide(q, nullptr); }));
    BB_RETURN_IF_ERROR(SaveImport(progress));
  } else {
    BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status { return decide(tx, &tx); }));
    if (progress.updated > import.updated) link_targets_.Clear();
  }
  import = std::move(progress);
  batch.clear();
  return Ok();
}

Status ImportService::SaveImport(const Import& import) {
  return store_.Write([&](store::Tx& tx) -> Status { return tx.UpdateImport(import); });
}

Result<Import> ImportService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kImportData));
  std::optional<Import> import;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(import, q.FindImport(id));
    return Ok();
  }));
  if (!import) return NoSuchImport();
  if (import->status == ImportStatus::kRunning && clock_.Now() - import->updated_at > kStalledAfter) {
    import->status = ImportStatus::kInterrupted;
  }
  return std::move(*import);
}

Result<PageOf<Import>> ImportService::List(const domain::Actor& actor, std::string_view program_id,
                                           std::optional<domain::ImportKind> kind, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kImportData));
  BB_ASSIGN_OR_RETURN(std::string before, CheckPage(page, domain::kImportPrefix));
  PageOf<Import> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, program_id));
    BB_ASSIGN_OR_RETURN(out.items,
                        q.ListImports(program_id, kind ? domain::ToString(*kind) : "", before, page.limit + 1));
    return Ok();
  }));
  Timestamp now = clock_.Now();
  for (auto& import : out.items) {
    if (import.status == ImportStatus::kRunning && now - import.updated_at > kStalledAfter) {
      import.status = ImportStatus::kInterrupted;
    }
  }
  FinishPage(out, page);
  return out;
}

}  // namespace bb::service
