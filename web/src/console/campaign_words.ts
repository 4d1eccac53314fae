// Campaigns in words: their kinds and states, what each figure counts, and where each person of a
// campaign stands (the API's kinds, states and reasons to stop: docs/api.md, "Campaigns").
import { dateTime } from "../format";
import type { Campaign, CampaignFigures, CampaignKind, CampaignRecipient, CampaignState } from "../models";

export const kindNames: Record<CampaignKind, string> = {
  invitation: "Invitation",
  activation: "Nudge to share",
  nps_survey: "NPS survey",
};

// What a campaign is, in a word: its kind, or (automatic campaigns) the rule it runs.
export function campaignKindName(c: Pick<Campaign, "kind" | "trigger">): string {
  if (c.trigger === "nps_promoter") {
    return c.kind === "invitation" ? "Automatic: invite promoters" : "Automatic: nudge quiet promoters";
  }
  if (c.trigger === "portal") return "Automatic: NPS question in the portal";
  return kindNames[c.kind] ?? c.kind;
}

// The form's choices: a kind, or an automatic rule ("promoter_invitation", "promoter_nudge": the
// kind invitation or activation with trigger nps_promoter).
export const kindChoices = [
  { value: "invitation", label: "Invitation: ask people to join the program" },
  { value: "activation", label: "Nudge to share: ask advocates who never shared or referred to start" },
  { value: "nps_survey", label: "NPS survey: ask how likely people are to recommend you, answered with one click" },
  { value: "promoter_invitation", label: "Automatic: invite each promoter who is not an advocate to join" },
  { value: "promoter_nudge", label: "Automatic: nudge each promoter advocate who went quiet to refer" },
  { value: "nps_portal", label: "Automatic: ask the NPS question in the advocate portal" },
];

export const automaticChoices: Record<
  string,
  { kind: CampaignKind; trigger: "nps_promoter" | "portal"; reminders: string; rule: string }
> = {
  promoter_invitation: {
    kind: "invitation",
    trigger: "nps_promoter",
    reminders: "4",
    rule: "Each answer of 9 or 10 from someone who is not an advocate adds them: they are invited to join.",
  },
  promoter_nudge: {
    kind: "activation",
    trigger: "nps_promoter",
    reminders: "",
    rule: "Each answer of 9 or 10 from an advocate who neither shared nor referred in the quiet days before adds them: they are thanked and asked to refer.",
  },
  nps_portal: {
    kind: "nps_survey",
    trigger: "portal",
    reminders: "",
    rule: "Each active advocate who opens the portal and was not sent or shown a survey within the throttle days is asked there; no email is sent.",
  },
};

export const stateNames: Record<CampaignState, string> = {
  scheduled: "Scheduled",
  running: "Running",
  completed: "Completed",
  cancelled: "Cancelled",
};

export const stateWords: Record<CampaignState, string> = {
  scheduled: "Scheduled: nothing is sent before its send time.",
  running: "Running: the first emails went; reminders follow on the schedule.",
  completed: "Completed: nobody is owed another email.",
  cancelled: "Cancelled: nothing more is sent.",
};

// Each figure with what it counts, in the order shown; each kind shows those meant for it (`only`).
export const figures: { key: keyof CampaignFigures; label: string; definition: string; only?: CampaignKind[] }[] = [
  { key: "recipients", label: "People", definition: "in the campaign." },
  { key: "sent", label: "Sent", definition: "got the first email (in the portal: were shown the question)." },
  { key: "delivered", label: "Delivered", definition: "had an email accepted by their mail server." },
  { key: "bounced", label: "Bounced", definition: "had an email refused (bounced or reported as spam)." },
  { key: "opened", label: "Opened", definition: "used their personal link to the join page.", only: ["invitation"] },
  { key: "joined", label: "Joined", definition: "joined the program.", only: ["invitation"] },
  { key: "shared", label: "Shared", definition: "had their referral link clicked since the campaign began (automatic: since they were added).", only: ["invitation", "activation"] },
  { key: "referred", label: "Referred", definition: "referred someone since the campaign began (automatic: since they were added).", only: ["invitation", "activation"] },
  { key: "answered", label: "Answered", definition: "answered the survey through their link.", only: ["nps_survey"] },
  { key: "throttled", label: "Skipped", definition: "were sent a survey within the throttle window, so not this one.", only: ["nps_survey"] },
  { key: "unsubscribed", label: "Unsubscribed", definition: "asked for no more emails." },
  { key: "reminders_sent", label: "Reminders sent", definition: "reminder emails sent, all people together." },
];

// "2 reminders: 3 and 10 days after the first email, to anyone who has not joined by then."
export function reminderWords(days: number[], kind: CampaignKind): string {
  if (days.length === 0) return "No reminders.";
  const list = days.length === 1 ? String(days[0]) : `${days.slice(0, -1).join(", ")} and ${days[days.length - 1]}`;
  const count = days.length === 1 ? "One reminder" : `${days.length} reminders`;
  const unit = days.length === 1 && days[0] === 1 ? "day" : "days";
  const not = kind === "invitation" ? "joined" : kind === "nps_survey" ? "answered" : "shared their link or referred anyone";
  return `${count}: ${list} ${unit} after the first email, to anyone who has not ${not} by then.`;
}

// Where one person stands, as a headline and a detail: why they get no more emails, or what came
// so far and when the next email is due.
export function recipientState(r: CampaignRecipient, campaign: Campaign): { headline: string; detail: string } {
  const at = (iso: string | null) => (iso ? dateTime(iso) : "");
  // What came of the emails so far.
  const progress = r.bounced_at ? "Bounced" : r.opened_at ? "Opened their link" : r.delivered_at ? "Delivered" : "Sent";
  switch (r.stopped) {
    case "joined":
      return { headline: "Joined", detail: at(r.joined_at) };
    case "already_advocate":
      return { headline: "Already an advocate", detail: "Sent nothing: they were in the program before the campaign." };
    case "acted":
      return { headline: "Shared or referred", detail: `No more emails since ${at(r.stopped_at)}.` };
    case "inactive":
      return { headline: "Advocate deactivated", detail: `No more emails since ${at(r.stopped_at)}.` };
    case "unsubscribed":
      return { headline: "Unsubscribed", detail: "Asked for no more emails." };
    case "bounced":
      return { headline: "Bounced", detail: `Their mail server refused an email${r.bounced_at ? ` (${at(r.bounced_at)})` : ""}.` };
    case "schedule_ended":
      return {
        headline: progress,
        detail:
          campaign.kind === "invitation"
            ? "Every email of the schedule went; their personal link still works."
            : "Every email of the schedule went.",
      };
    case "cancelled":
      return { headline: "Stopped", detail: "The campaign was cancelled." };
    case "answered":
      return { headline: "Answered", detail: at(r.stopped_at) };
    case "throttled":
      return { headline: "Skipped", detail: "Sent nothing: they were sent a survey within the throttle window." };
    case "detractor":
      return { headline: "Detractor", detail: "Sent nothing: their latest NPS answer was 0 to 6, so they are not asked to refer." };
    case "dismissed":
      return { headline: "Not now", detail: "They chose not to answer in the portal this time." };
    case "not_promoter":
      return { headline: "No longer a promoter", detail: "Sent nothing more: their latest NPS answer is below 9." };
  }
  if (!r.sent_at) return { headline: "Waiting", detail: r.next_send_at ? `First email ${at(r.next_send_at)}.` : "" };
  return { headline: progress, detail: r.next_send_at ? `Next reminder ${at(r.next_send_at)}.` : "No more reminders due." };
}
