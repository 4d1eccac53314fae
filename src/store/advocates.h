#pragma once
// Advocates (a person's enrolment in one program, with its own names, attributes and tags) and the
// people they are matched on across programs (normalised email and phone only).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"

namespace bb::store {

struct AdvocateQuery {
  std::string program_id;
  std::string search;  // "" or lower-case text found in the name, email or company; or the exact code
  std::vector<std::pair<std::string, std::string>> attributes;  // key, value as text; all must match
  std::vector<std::string> tags;                                // normalised; all must be present
  std::optional<domain::AdvocateSource> source;
  std::optional<domain::AdvocateStatus> status;
  std::optional<Timestamp> created_from;    // inclusive
  std::optional<Timestamp> created_before;  // exclusive
  std::optional<std::string> enrolled_by;
  std::string before_id;
  int limit = 50;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class AdvocateReads {
 public:
  virtual ~AdvocateReads() = default;

  virtual Result<std::optional<domain::Person>> FindPersonByEmail(std::string_view email_normalized) = 0;
  virtual Result<std::optional<domain::Advocate>> FindAdvocate(std::string_view id) = 0;
  virtual Result<std::optional<domain::Advocate>> FindAdvocateByPerson(std::string_view program_id,
                                                                       std::string_view person_id) = 0;
  virtual Result<std::vector<domain::Advocate>> ListAdvocates(const AdvocateQuery& query) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class AdvocateWrites {
 public:
  virtual ~AdvocateWrites() = default;

  // Inserts the person's matching identity (kConflict naming "email" when the normalised email is
  // known already).
  virtual Status InsertPerson(const domain::Person& person) = 0;
  // Inserts the advocate row (not the person) with its own details, attributes and tags.
  virtual Status InsertAdvocate(const domain::Advocate& advocate) = 0;
  // Rewrites the enrolment's names and company, status, attributes, tags and updated_at (never the
  // email, the person or another enrolment).
  virtual Status UpdateAdvocate(const domain::Advocate& advocate) = 0;
};

}  // namespace bb::store
