#pragma once
// A program's segments, their own email templates, and the referrals counted by the segment they
// were submitted in (domain/program_segment.h, domain/segment_report.h).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/email_template.h"
#include "domain/program_segment.h"
#include "domain/segment_report.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class SegmentReads {
 public:
  virtual ~SegmentReads() = default;

  virtual Result<std::optional<domain::ProgramSegment>> FindSegment(std::string_view id) = 0;
  // The program's active segments by position (ties by id), then, with `include_retired`, the
  // retired ones, newest first.
  virtual Result<std::vector<domain::ProgramSegment>> ListSegments(std::string_view program_id,
                                                                   bool include_retired) = 0;
  virtual Result<std::optional<domain::SegmentEmailTemplate>> FindSegmentEmailTemplate(std::string_view segment_id,
                                                                                       domain::EmailKind kind) = 0;
  // The segment's own templates, in the order of domain::AllEmailKinds.
  virtual Result<std::vector<domain::SegmentEmailTemplate>> ListSegmentEmailTemplates(std::string_view segment_id) = 0;
  // Of the program's referrals submitted in [from, before), by the segment each recorded:
  // how many are alike in stage, review and what they reached; their distinct advocates; the clear
  // wins' deal values; the rewards not reversed.
  virtual Result<domain::SegmentCohortRows> ReadSegmentCohort(std::string_view program_id, Timestamp from,
                                                              Timestamp before) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class SegmentWrites {
 public:
  virtual ~SegmentWrites() = default;

  virtual Status InsertSegment(const domain::ProgramSegment& segment) = 0;
  // Every field but id, program_id and created_at.
  virtual Status UpdateSegment(const domain::ProgramSegment& segment) = 0;
  // Makes or replaces the segment's own template of its kind.
  virtual Status PutSegmentEmailTemplate(const domain::SegmentEmailTemplate& email_template) = 0;
  // Whether there was one to delete.
  virtual Result<bool> DeleteSegmentEmailTemplate(std::string_view segment_id, domain::EmailKind kind) = 0;
};

}  // namespace bb::store
