#pragma once
// Customer value (domain/customer_value.h): the published versions of each program's valuation
// settings, the advocates' own customer figures, their influence and knowledge entries, and the
// referred customers' answers on whether they would have joined anyway. All append-only.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/customer_value.h"

namespace bb::store {

// A reward for one of the program's referrals (either beneficiary), and whether it was reversed by
// the instant read: what the valuation subtracts as the cost that prompted the referral.
struct RewardCost {
  std::string advocate_id;
  std::string referral_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  bool reversed = false;
  friend bool operator==(const RewardCost&, const RewardCost&) = default;
};

// An advocate of the program, when they were enrolled and their email as given (its domain says
// which company's account they belong to): what the valuation needs of each.
struct Enrolment {
  std::string advocate_id;
  Timestamp enrolled_at{};
  std::string email;
  friend bool operator==(const Enrolment&, const Enrolment&) = default;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class CustomerValueReads {
 public:
  virtual ~CustomerValueReads() = default;

  // The program's settings of `version`, or its latest when `version` is nullopt; nullopt when
  // there is no such version (none published: the defaults apply).
  virtual Result<std::optional<domain::ValueSettings>> FindValueSettings(std::string_view program_id,
                                                                         std::optional<std::int64_t> version) = 0;
  // The program's advocates enrolled by `as_of`, by id.
  virtual Result<std::vector<Enrolment>> ListEnrolments(std::string_view program_id, Timestamp as_of) = 0;
  // Customer inputs recorded by `as_of`, of the program's advocates or (advocate_id not "") one
  // advocate's, by advocate, then recording time, then id (the last of an advocate's is theirs).
  virtual Result<std::vector<domain::CustomerInputs>> ListCustomerInputs(std::string_view program_id,
                                                                         std::string_view advocate_id,
                                                                         Timestamp as_of) = 0;
  // Value entries recorded by `as_of` that occurred by then, of the program's advocates or one
  // advocate's, by advocate, then occurrence, then id.
  virtual Result<std::vector<domain::ValueEntry>> ListValueEntries(std::string_view program_id,
                                                                   std::string_view advocate_id, Timestamp as_of) = 0;
  // The rewards for the program's referrals written by `as_of` — by their first ledger event, as a
  // grant a deal value correction made is dated back to the win it pays (a catalogue redemption's
  // are not counted: they pay for points) — each reversed or not by then, by id.
  virtual Result<std::vector<RewardCost>> ListRewardCosts(std::string_view program_id, Timestamp as_of) = 0;
  // Answers recorded by `as_of` for the program's referrals, by referral, then recording time,
  // then id (the last of a referral's is its answer).
  virtual Result<std::vector<domain::IncrementalityAnswer>> ListIncrementalityAnswers(std::string_view program_id,
                                                                                      Timestamp as_of) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class CustomerValueWrites {
 public:
  virtual ~CustomerValueWrites() = default;

  // kConflict naming "version" when the program has the version already (nothing written).
  virtual Status InsertValueSettings(const domain::ValueSettings& settings) = 0;
  virtual Status InsertCustomerInputs(const domain::CustomerInputs& inputs) = 0;
  virtual Status InsertValueEntry(const domain::ValueEntry& entry) = 0;
  virtual Status InsertIncrementalityAnswer(const domain::IncrementalityAnswer& answer) = 0;
};

}  // namespace bb::store
