#pragma once
// A program's segments (domain/program_segment.h) as staff keep them: admins and managers create,
// reorder, change and retire them (every staff role reads them); staff see which segment an
// advocate is in now and the words they are shown; the report counts a range's referrals by the
// segment each was submitted in (domain/segment_report.h). Segments' own email templates are kept
// by EmailTemplateService. Thread-safe (no state of its own).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/email_template.h"
#include "domain/program_segment.h"
#include "domain/segment_report.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "store/store.h"

namespace bb::service {

// A segment with what staff should know about it as the program is now, and the kinds of email
// it has its own template for.
struct SegmentEntry {
  domain::ProgramSegment segment;
  std::vector<std::string> warnings;
  std::vector<domain::EmailKind> own_emails;
};

// Which segment an advocate is in now and the words they (and those they refer) are shown, as
// templates (domain::WordsInEffect), with what fills them in.
struct AdvocateSegment {
  domain::Advocate advocate;
  std::string program_name;
  std::optional<domain::ProgramSegment> segment;
  domain::AdvocateWords words;
};

struct SegmentReport {
  std::string program_id;
  std::string currency;
  Timestamp from{};
  Timestamp before{};
  std::vector<domain::SegmentFigures> segments;
};

class SegmentService {
 public:
  SegmentService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency) {}

  // The program's active segments in order (the first match wins), then with `include_retired` the
  // retired ones. Every staff role; kNotFound for a program that does not exist.
  Result<std::vector<SegmentEntry>> List(const domain::Actor& actor, std::string_view program_id, bool include_retired);
  Result<SegmentEntry> Get(const domain::Actor& actor, std::string_view id);
  // Admins and managers. kInvalidArgument naming each bad field (domain::BuildSegment); kConflict for
  // an archived program's, past domain::kMaxSegmentsPerProgram active ones or (creating)
  // domain::kMaxSegmentsInAll in all. A new or moved segment takes its place and the others keep
  // their order, renumbered. Audited segment.created / segment.changed (each renumbered one too, its
  // position; a change that changes nothing writes nothing).
  Result<SegmentEntry> Create(const domain::Actor& actor, std::string_view program_id,
                              const domain::SegmentInput& input, const Idempotent<SegmentEntry>& idempotent);
  Result<SegmentEntry> Update(const domain::Actor& actor, std::string_view id, const domain::SegmentInput& input);

  // The segment `advocate_id` is in now and their words; staff who may read the advocate.
  Result<AdvocateSegment> OfAdvocate(const domain::Actor& actor, std::string_view advocate_id);

  // The words the signed-in advocate is shown now (their segment's, else the program's), as
  // templates; kPermissionDenied for anyone else.
  Result<domain::AdvocateWords> Words(const domain::Actor& actor);

  // The program's referrals submitted in [from, before), by segment. Admins, managers and viewers;
  // kNotFound for an unknown program; kOutOfRange naming a sum too large.
  Result<SegmentReport> Report(const domain::Actor& actor, std::string_view program_id, Timestamp from,
                               Timestamp before);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
};

}  // namespace bb::service
