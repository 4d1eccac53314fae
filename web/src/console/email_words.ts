// The kinds of email a program sends, in words (the API's kinds: invitation, sign_in_link, ...).
import { label } from "../format";

const names: Record<string, string> = {
  invitation: "Invitation",
  invitation_reminder: "Invitation reminder",
  activation: "Nudge to share",
  welcome: "Welcome",
  sign_in_link: "Sign-in link",
  referral_qualified: "Referral qualified",
  referral_won: "Referral won",
  referral_lost: "Referral lost",
  reward_approved: "Reward approved",
  reward_paid: "Reward paid",
  referee_reward: "Reward for the referred person",
  nps_survey: "NPS survey",
};

export function emailKindName(kind: string): string {
  return names[kind] ?? label(kind);
}

export const transactionalNote =
  "Transactional: asked for by its recipient, so it has no unsubscribe link and goes even to addresses that unsubscribed.";

export const samplesNote =
  "Shown with sample values: Ada Lovelace, an advocate, referring Grace Hopper; links lead to this server's portal.";
