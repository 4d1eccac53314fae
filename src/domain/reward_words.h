#pragma once
// What a reward was given for, in the words of the advocate it was given to (the portal): who the
// referral is and what happened — "Grace Hopper at Navy became a customer" — never the rule's name
// or its arithmetic, which are the ledger's reason, for staff — in the program's wording
// (domain/program_language.h). Pure; no I/O.

#include <string>

#include "domain/program_language.h"
#include "domain/referral.h"
#include "domain/reward.h"

namespace bb::domain {

// The referred person as an advocate knows them: "Grace Hopper at Navy", the name alone without a
// company, the email without a name.
std::string RefereeInWords(const Referee& referee);

// What `reward` (of `referral`) was given for, in `words`: the referral's moment that triggered it
// ("You referred …", "… qualified", "… became a sales opportunity", "… became a customer", "…
// became your 3rd customer"), or, for a reissue or an adjustment, that the deal's value was
// corrected. A share of split credit in another advocate's referral names no one (reward.shared).
std::string RewardInWords(const Reward& reward, const Referral& referral, const ProgramLanguage& words);

}  // namespace bb::domain
