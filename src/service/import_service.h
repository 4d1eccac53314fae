#pragma once
// CSV imports of a program's advocates and historical referrals: checked row by row,
// written in batches that each commit whole, idempotent (importing the same file again changes
// nothing), with a report of what was created, updated, left unchanged or refused and why. A dry
// run reads and checks everything, and reports what an import would do, without writing.
//
// A small file is imported while the caller waits; a large one (more than kInlineRows data rows)
// runs on this service's own thread, its progress and report readable with Get from any instance.
//
// Thread-safety: every method may be called from any thread. The destructor stops a background
// import after its current batch (it is then reported "interrupted") and waits for it.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/import.h"
#include "domain/program.h"
#include "domain/referral_import.h"
#include "service/advocate_service.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/lifecycle_mover.h"
#include "service/link_target_cache.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

struct ImportRequest {
  domain::ImportKind kind = domain::ImportKind::kAdvocates;
  std::string program_id;
  bool dry_run = false;
  // field -> the header of the column that holds it (domain::MapImportColumns).
  std::map<std::string, std::string, std::less<>> mapping;
  char delimiter = 0;  // ',' or ';'; 0 detects it from the header row
};

class ImportService {
 public:
  // Files with more data rows than this are imported in the background.
  static constexpr std::int64_t kInlineRows = 10000;
  // Columns a header row may have.
  static constexpr std::size_t kMaxColumns = 1000;
  // Rows written per transaction.
  static constexpr std::size_t kBatchRows = 5000;
  // A running import whose progress has not moved for this long was stopped by a crash: it is
  // reported "interrupted".
  static constexpr Duration kStalledAfter = std::chrono::minutes(2);

  ImportService(store::Store& store, const Clock& clock, const IdGenerator& ids, AdvocateService& advocates,
                const EventPublisher& events, LinkTargetCache& link_targets)
      : store_(store), clock_(clock), ids_(ids), advocates_(advocates), events_(events), link_targets_(link_targets) {}
  ~ImportService() { Stop(); }
  ImportService(const ImportService&) = delete;
  ImportService& operator=(const ImportService&) = delete;

  // Starts an import of `csv` (admins and managers). Returns the import: finished (completed, or
  // failed when the file as a whole cannot be imported: broken quoting, an unusable header) for a
  // small file, running for a large one. kNotFound for an unknown program; kConflict for an
  // archived one (dry runs of an archived program's file are allowed).
  //
  // Referrals are history (domain/referral_import.h): a row adds a referral, clear of review, with
  // the stage, dates and deal value the file gives, attributed to an advocate the program has (by
  // email or code); the stages it reached earn no reward, it is neither sent to webhooks nor to
  // the CRM connectors, and its advocate gets no email. A row whose advocate already referred the
  // referee is unchanged when it says what the referral is (stage, deal value), else refused (an
  // import never moves a referral); a referee another advocate referred is refused.
  Result<domain::Import> Start(const domain::Actor& actor, const ImportRequest& request, std::string csv);

  // Stops the background import under way after its current batch (recorded "interrupted"; the
  // rows it wrote stay) and waits for it; imports still queued are recorded "interrupted" too.
  // Call before the store closes. Idempotent; later background imports are refused (kUnavailable).
  void Stop();

  // Returns once no background import is queued or running (for callers that must see them
  // finished, such as tests; imports started meanwhile are waited for too).
  void WaitUntilIdle();

  // Imports `csv` to the end on the calling thread whatever its size (the command line).
  Result<domain::Import> Run(const domain::Actor& actor, const ImportRequest& request, std::string_view csv);

  // An import with its report so far (admins and managers). kNotFound when there is none.
  Result<domain::Import> Get(const domain::Actor& actor, std::string_view id);
  // Imports newest first, of one program or ("") all, of one kind or all.
  Result<PageOf<domain::Import>> List(const domain::Actor& actor, std::string_view program_id,
                                      std::optional<domain::ImportKind> kind, const Page& page);

 private:
  // What an import reads its rows by: the columns and the program they go into.
  struct Target {
    domain::ImportColumns columns;
    domain::Program program;
  };
  // A background import: what Start read, waiting for the worker.
  struct Job {
    domain::Actor actor;
    ImportRequest request;
    std::string csv;
    Target target;
    domain::Import import;
  };
  // A referral row read, and the referral it makes (its own fields checked as a submission's).
  struct ReferralItem {
    domain::ReferralImportRow row;
    domain::Referral draft;
  };

  // Checks the actor and the program and reads the header; returns the import to run (running),
  // or finished (failed) when the file cannot be imported, and the target to read it by.
  Result<domain::Import> Prepare(const domain::Actor& actor, const ImportRequest& request, std::string_view csv,
                                 std::optional<Target>& target);
  // Reads and writes every data row, recording progress after each batch; sets the final status.
  // Stops after the current batch (status interrupted) once `stop` is requested.
  Status Process(const domain::Actor& actor, const ImportRequest& request, std::string_view csv, const Target& target,
                 domain::Import& import, std::stop_token stop);
  // Process; when it fails, records the import as interrupted (rows already written stay).
  Status ProcessOrMarkInterrupted(const domain::Actor& actor, const ImportRequest& request, std::string_view csv,
                                  const Target& target, domain::Import& import, std::stop_token stop = {});
  // Writes (or, for a dry run, checks) one batch of rows and the import's progress.
  Status FlushAdvocates(const domain::Actor& actor, const ImportRequest& request, const domain::ImportColumns& columns,
                        std::vector<domain::AdvocateImportRow>& batch, domain::Import& import);
  // Reads a referral row of `target` into `item`; on failure appends why to `issues`.
  std::optional<ReferralItem> ReadReferral(const Target& target, const domain::ReferralImportContext& context,
                                           std::int64_t row, const std::vector<std::string>& fields,
                                           std::vector<domain::ImportIssue>& issues) const;
  Status FlushReferrals(const domain::Actor& actor, const ImportRequest& request, const Target& target,
                        std::vector<ReferralItem>& batch, domain::Import& import);
  // The user id of each sales rep named in `batch` ("" for an address that names no active rep).
  Result<std::map<std::string, std::string>> ResolveSalesReps(const std::vector<domain::AdvocateImportRow>& batch);
  Status SaveImport(const domain::Import& import);
  void WorkerLoop(std::stop_token stop);

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  AdvocateService& advocates_;
  const EventPublisher& events_;
  LifecycleMover lifecycle_{ids_};
  LinkTargetCache& link_targets_;

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Job> queue_;
  bool busy_ = false;  // the worker is importing a job it took from the queue
  bool stopped_ = false;
  std::condition_variable idle_;
  std::jthread worker_;  // started with the first background import
};

}  // namespace bb::service
