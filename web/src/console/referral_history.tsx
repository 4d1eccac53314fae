// A referral's history, oldest first, in words: each stage move (with the deal value a win set),
// the history a CSV import brought in, review decision, withheld reward and churn, and each deal
// value correction as who changed the
// value from what to what, and why.
import { dateTime, label, money } from "../format";
import type { ReferralEvent } from "../models";

// The server's note on a correction: "deal value corrected from 1000000 to 1500000 USD: <reason>".
const correctionNote = /^deal value corrected from (\d+) to (\d+) ([A-Z]{3}): ([\s\S]*)$/;

interface Correction {
  from: number | null;
  to: number | null;
  currency: string;
  reason: string;
}

// What a correction changed: read from its note, or (should the note's wording change) from the
// value the entry before it set and its own deal_value_minor, with the whole note as the reason.
function correctionOf(event: ReferralEvent, before: ReferralEvent[], currency: string): Correction {
  const parsed = correctionNote.exec(event.note ?? "");
  if (parsed) return { from: Number(parsed[1]), to: Number(parsed[2]), currency: parsed[3], reason: parsed[4] };
  const earlier = [...before].reverse().find((e) => e.deal_value_minor != null);
  return { from: earlier?.deal_value_minor ?? null, to: event.deal_value_minor ?? null, currency, reason: event.note ?? "" };
}

function who(event: ReferralEvent): string {
  return event.actor_name ?? event.actor ?? "the public form";
}

function Entry({ event, before, currency }: { event: ReferralEvent; before: ReferralEvent[]; currency: string }) {
  const when = (
    <span class="muted">
      {" "}
      {dateTime(event.at)} · {who(event)}
    </span>
  );
  if (event.kind === "deal_value_corrected") {
    const c = correctionOf(event, before, currency);
    const amount = (minor: number | null) => (minor == null ? "—" : money(minor, c.currency));
    return (
      <>
        <strong>
          Deal value corrected: {amount(c.from)} → {amount(c.to)}
        </strong>
        {when}
        <p>
          {who(event)} corrected the deal value from {amount(c.from)} to {amount(c.to)}
          {c.reason ? `: ${c.reason}` : "."}
        </p>
      </>
    );
  }
  const move = event.to_stage ? `${label(event.from_stage ?? "new")} → ${label(event.to_stage)}` : label(event.kind);
  // An import's entries are history from before Bluebird: said as such, and never rewarded. A win
  // through the account (account-level credit) has no deal or reward of its own.
  const title =
    event.kind === "imported" ? `Imported: ${move}` : event.kind === "account_won" ? `Won through its account: ${move}` : move;
  const setsValue = event.kind === "stage_moved" || event.kind === "imported";
  return (
    <>
      <strong>{title}</strong>
      {setsValue && event.deal_value_minor != null ? ` (deal value ${money(event.deal_value_minor, currency)})` : null}
      {when}
      {event.note ? <p>{event.note}</p> : null}
    </>
  );
}

export function ReferralHistory({ history, currency }: { history: ReferralEvent[]; currency: string }) {
  return (
    <ol class="history">
      {history.map((event, i) => (
        <li key={event.id ?? i}>
          <Entry event={event} before={history.slice(0, i)} currency={currency} />
        </li>
      ))}
    </ol>
  );
}
