// The portal's words for where a referral and a reward stand, written for the advocate (not the
// API's stage and status names, which are staff's): docs/api.md, "Advocate portal".
const stageWords: Record<string, string> = {
  submitted: "Referred",
  qualified: "Qualified",
  opportunity: "In talks",
  won: "Became a customer",
  lost: "Did not go ahead",
  rejected: "Not accepted",
};

const reviewWords: Record<string, string> = {
  held: "Being checked",
  rejected: "Not accepted",
};

const rewardWords: Record<string, string> = {
  pending: "Waiting for approval",
  approved: "Approved",
  fulfilled: "Paid",
  reversed: "Cancelled",
};

export function stageInWords(stage: string): string {
  return stageWords[stage] ?? stage.replace(/_/g, " ");
}

export function reviewInWords(review: string): string {
  return reviewWords[review] ?? review.replace(/_/g, " ");
}

export function rewardStatusInWords(status: string): string {
  return rewardWords[status] ?? status;
}

// Where a redemption of a catalogue item stands, in the advocate's words.
const redemptionWords: Record<string, string> = {
  requested: "Waiting for approval",
  approved: "Approved — on its way",
  backordered: "Out of stock — it will be sent when it is back",
  fulfilled: "Sent",
  rejected: "Not approved (points given back)",
  cancelled: "Cancelled (points given back)",
};

export function redemptionStatusInWords(status: string): string {
  return redemptionWords[status] ?? status.replace(/_/g, " ");
}

// Where a challenge step the advocate did (or claimed) stands, in their words.
const completionWords: Record<string, string> = {
  pending: "Waiting for the team",
  approved: "Approved",
  rejected: "Not approved",
  reversed: "Taken back",
};

export function completionStatusInWords(status: string): string {
  return completionWords[status] ?? status.replace(/_/g, " ");
}
