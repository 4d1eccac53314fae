// What a ledger entry pays for, in the rewards tables: a referral (its reason links to the
// referral) or a catalogue redemption (entry "redemption": no referral, no rule; it links to the
// program's catalogue). The console decides a redemption's entry through its redemption, in the
// catalogue, where the stock, the points and the note are in view: the entry follows each decision
// (the API's reward endpoints would decide the redemption too, but the tables offer none for it).
import type { Reward } from "../models";

const catalogue = (reward: Reward) => `/console/catalogue?program_id=${encodeURIComponent(reward.program_id)}`;

// Whether staff decide the entry here (approve, pay, reverse), rather than through its redemption.
export const decidedHere = (reward: Reward) => reward.entry !== "redemption";

// The entry's reason, linking to what it pays for.
export function RewardReason({ reward }: { reward: Reward }) {
  return <a href={reward.referral_id ? `/console/referrals/${reward.referral_id}` : catalogue(reward)}>{reward.reason}</a>;
}

// In place of a redemption's entry's payout form: its payout reference once paid, and where it is decided.
export function DecidedByRedemption({ reward }: { reward: Reward }) {
  return (
    <>
      {reward.payout_reference ? <div class="muted">{reward.payout_reference}</div> : null}
      <a href={catalogue(reward)}>Decided through its redemption</a>
    </>
  );
}
