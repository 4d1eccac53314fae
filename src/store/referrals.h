#pragma once
// Referrals, their histories, the checks made when one is submitted (duplicates, velocity) and
// the count of an advocate's wins that tiered rewards read.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/referral.h"

namespace bb::store {

// Referrals matching every filter that is set, newest first.
struct ReferralQuery {
  std::string program_id;
  std::string advocate_id;
  std::optional<domain::ReferralStage> stage;
  std::optional<domain::ReviewStatus> review_status;
  // Only held or duplicate referrals that are open or won: the review queue.
  bool under_review = false;
  std::string enrolled_by;  // only referrals of advocates this user or key enrolled
  std::string before_id;    // the page after this id
  int limit = 50;
};

// A referral's history entry with its place in the order of all writes (for replaying a program's
// histories in the order they happened).
struct SequencedReferralEvent {
  std::int64_t sequence = 0;
  domain::ReferralEvent event;
};

// A referral's stage from an instant on (a history entry that set one), for reading where the
// program's referrals stood at a past instant.
struct ReferralStageChange {
  std::string referral_id;
  domain::ReferralStage stage = domain::ReferralStage::kSubmitted;
  Timestamp at{};
};

// When a won referral's win counted for its advocate, and as which: the move to won while the
// referral was clear, or the clearing of a referral that was won while held.
struct WinCount {
  std::int64_t rank = 0;  // the advocate's clear wins counted by then, this one included
  Timestamp at;           // the time of that move or clearing
  std::string event_id;   // the history entry of that move or clearing
};

// Reads of this area (see store::Queries for the contract common to all reads).
class ReferralReads {
 public:
  virtual ~ReferralReads() = default;

  virtual Result<std::optional<domain::Referral>> FindReferral(std::string_view id) = 0;
  virtual Result<std::vector<domain::Referral>> ListReferrals(const ReferralQuery& query) = 0;
  // The referral's history, oldest first.
  virtual Result<std::vector<domain::ReferralEvent>> ListReferralEvents(std::string_view referral_id) = 0;
  // Referrals in the program of the person with this email matching key, or (when `phone` is not
  // "") this E.164 phone, created at or after `since`, newest first (at most `limit`).
  virtual Result<std::vector<domain::Referral>> ListReferralsByReferee(std::string_view program_id,
                                                                       std::string_view email_key,
                                                                       std::string_view phone, Timestamp since,
                                                                       int limit) = 0;
  // How many referrals the advocate submitted (a CSV import's not counted: they are history), or
  // came from the address hash, at or after `since`.
  virtual Result<std::int64_t> CountReferralsByAdvocateSince(std::string_view advocate_id, Timestamp since) = 0;
  virtual Result<std::int64_t> CountReferralsByIpHashSince(std::string_view ip_hash, Timestamp since) = 0;
  // How many of the advocate's referrals are won and clear, as wins Bluebird counted (a stage move
  // reached won): one a CSV import brought in as won (domain/referral_import.h), or one won only
  // through its account (domain/account_credit.h), is not counted: it earned nothing of its own.
  virtual Result<std::int64_t> CountWonClearReferrals(std::string_view advocate_id) = 0;
  // When the referral's win counted, and as which of its advocate's wins that are still won and
  // clear; nullopt when the referral is not won and clear.
  virtual Result<std::optional<WinCount>> FindWinCount(std::string_view referral_id) = 0;
  // The program's referrals created by `as_of`, by id (what scores and their calibration read).
  virtual Result<std::vector<domain::Referral>> ListReferralsCreatedBy(std::string_view program_id,
                                                                       Timestamp as_of) = 0;
  // The stage changes of the program's referrals made by `as_of`, by referral, then time, then the
  // order they were written.
  virtual Result<std::vector<ReferralStageChange>> ListReferralStageChanges(std::string_view program_id,
                                                                            Timestamp as_of) = 0;
  // Every history entry of the program's referrals, by referral, then time, then the order they
  // were written: each referral's history replayable to any instant in one read.
  virtual Result<std::vector<domain::ReferralEvent>> ListProgramReferralHistories(std::string_view program_id) = 0;
  // The program's referral history entries written after `after_sequence`, in write order (at
  // most `limit`).
  virtual Result<std::vector<SequencedReferralEvent>> ListProgramReferralEvents(std::string_view program_id,
                                                                                std::int64_t after_sequence,
                                                                                int limit) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ReferralWrites {
 public:
  virtual ~ReferralWrites() = default;

  virtual Status InsertReferral(const domain::Referral& referral) = 0;
  // Rewrites stage, review status and reasons, deal value and its currency, external id and
  // updated_at.
  virtual Status UpdateReferral(const domain::Referral& referral) = 0;
  virtual Status InsertReferralEvent(const domain::ReferralEvent& event) = 0;
};

}  // namespace bb::store
