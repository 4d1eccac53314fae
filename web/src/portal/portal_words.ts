// The portal's words for where a referral, a reward, a redemption and a challenge step stand,
// written for the advocate (not the API's stage and status names, which are staff's): the program's
// wording from `GET /api/v1/portal/me` (`messages`, keys such as "stage.won"; docs/api.md, "A
// program's language and wording"), else Bluebird's English default below.
export type PortalMessages = Record<string, string>;

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

// Where a redemption of a catalogue item stands.
const redemptionWords: Record<string, string> = {
  requested: "Waiting for approval",
  approved: "Approved — on its way",
  backordered: "Out of stock — it will be sent when it is back",
  fulfilled: "Sent",
  rejected: "Not approved (points given back)",
  cancelled: "Cancelled (points given back)",
};

// Where a challenge step the advocate did (or claimed) stands.
const completionWords: Record<string, string> = {
  pending: "Waiting for the team",
  approved: "Approved",
  rejected: "Not approved",
  reversed: "Taken back",
};

// The program's wording of `prefix.value`, else the default, else the value itself in plain words.
function say(messages: PortalMessages, prefix: string, defaults: Record<string, string>, value: string): string {
  return messages[`${prefix}.${value}`] || defaults[value] || value.replace(/_/g, " ");
}

export const stageInWords = (stage: string, messages: PortalMessages) => say(messages, "stage", stageWords, stage);

export const reviewInWords = (review: string, messages: PortalMessages) => say(messages, "review", reviewWords, review);

export const rewardStatusInWords = (status: string, messages: PortalMessages) =>
  say(messages, "reward_status", rewardWords, status);

export const redemptionStatusInWords = (status: string, messages: PortalMessages) =>
  say(messages, "redemption_status", redemptionWords, status);

export const completionStatusInWords = (status: string, messages: PortalMessages) =>
  say(messages, "completion_status", completionWords, status);
