#pragma once
// The review of a referral at submission: what was found about it, and which review reasons that
// gives under the program's policy. Pure rules, no I/O: the service gathers the facts from storage.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/program.h"
#include "domain/referral.h"

namespace bb::domain {

// What is known about a new referral and the people around it.
struct ReviewFacts {
  ProgramKind program_kind = ProgramKind::kCustomer;
  Timestamp now;
  std::string referee_email_key;  // the new referral's
  // Earlier referrals of the same person (same email matching key, or same phone) in the program,
  // newest first.
  std::vector<Referral> earlier_referrals;
  bool referee_is_advocate = false;      // the referee is already an advocate of the program
  bool referee_is_the_advocate = false;  // same normalised email as the advocate
  bool advocate_seen_at_same_address =
      false;                         // the advocate's own recent activity shares the visitor id or address hash
  bool same_company_domain = false;  // the referee's registrable domain is the advocate's (not a free-mail domain)
  std::int64_t advocate_recent_referrals = 0;  // in the velocity window, before this one
  std::int64_t address_recent_referrals = 0;   // from the same address hash in the window, before this one
  bool disposable_email = false;
};

// One reason for review with the evidence, in words (kept in the referral's history).
struct ReviewFinding {
  ReviewReason reason;
  std::string detail;
};

// The findings for `facts` under `policy`, one per reason at most, in the order duplicate,
// self_referral, velocity, disposable_email:
// - duplicate: an earlier referral of the person created within the duplicate window (rejected
//   ones do not count), or one that was won (a customer already), or the person is an advocate;
// - self_referral: the referee is the advocate, or was seen at the advocate's own visitor id or
//   address, or (customer and partner programs whose policy says so) shares the advocate's company
//   domain;
// - velocity: the advocate's, or the address's, referrals in the window reached the limit;
// - disposable_email: the address is at a disposable-mail domain.
std::vector<ReviewFinding> ReviewReferral(const ReviewFacts& facts, const ReferralPolicy& policy);

// The reasons of `findings`, in order.
std::vector<ReviewReason> ReasonsOf(const std::vector<ReviewFinding>& findings);

}  // namespace bb::domain
