#pragma once
// Split credit (domain/credit_split.h): each program's credit policy, and the split recorded at
// each win under a policy. Part of the storage port (store/store.h): what every backend must
// provide for this area.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/credit_split.h"
#include "domain/referral.h"

namespace bb::store {

// A program's credit policy as last set (no record: policy none).
struct CreditPolicyRecord {
  std::string program_id;
  domain::CreditPolicy policy;
  Timestamp updated_at;
  std::string updated_by;
};

// The most referrals ListDealTouches reads of each kind.
inline constexpr std::size_t kMaxDealTouches = 1000;

// The referrals that may have touched a deal: the program's referrals with CRM deal id
// `external_id` (when not empty), and those whose referee's company domain
// (domain::CompanyDomain: never free email, judged on the referee's whole host) is `email_domain`
// submitted at or after `since` (when `email_domain` is not empty); of those, `only` the ones
// that are clear of review and not won or rejected (kTouching: split credit's touches), clear and
// still open (kOpen: account-level credit), or clear and won (kWon: whether a deal was won), so
// that the limit counts only those.
struct DealTouchQuery {
  enum class Only { kAny, kTouching, kOpen, kWon };
  std::string program_id;
  std::string external_id;
  std::string email_domain;
  Timestamp since;
  Only only = Only::kAny;
};

// Reads of this area (see store::Queries for the contract common to all reads). Every credit read
// carries its counted touches.
class CreditReads {
 public:
  virtual ~CreditReads() = default;

  virtual Result<std::optional<CreditPolicyRecord>> FindCreditPolicy(std::string_view program_id) = 0;
  // The credit recorded at the referral's win, a split or a join; nullopt when none was.
  virtual Result<std::optional<domain::ReferralCredit>> FindReferralCredit(std::string_view referral_id) = 0;
  // The split (not a join) recorded for `deal_key` in the program; nullopt when none was.
  virtual Result<std::optional<domain::ReferralCredit>> FindDealCredit(std::string_view program_id,
                                                                       std::string_view deal_key) = 0;
  // The splits that counted `referral_id` as a touch, in the order they were recorded.
  virtual Result<std::vector<domain::ReferralCredit>> ListCreditsTouching(std::string_view referral_id) = 0;
  // Every credit of the program, splits and joins, in the order they were recorded.
  virtual Result<std::vector<domain::ReferralCredit>> ListReferralCredits(std::string_view program_id) = 0;
  // The referrals matching `query`, oldest first: the oldest kMaxDealTouches of each kind.
  virtual Result<std::vector<domain::Referral>> ListDealTouches(const DealTouchQuery& query) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class CreditWrites {
 public:
  virtual ~CreditWrites() = default;

  // Sets the program's policy (creates or replaces the record).
  virtual Status PutCreditPolicy(const CreditPolicyRecord& record) = 0;
  // Records a win's credit, with its counted touches. kConflict naming
  // "referral_id" when the referral has one already, and
  // naming "deal_key" when `credit` is a split and the program has a split for its deal key already
  // (nothing written either way).
  virtual Status InsertReferralCredit(const domain::ReferralCredit& credit) = 0;
};

}  // namespace bb::store
