// A rejected referral's rewards that were paid already: the money is out, so each needs a decision.
// "Reverse (money recovered)" asks for a reason and reverses the reward; leaving it is the other
// decision. The notice goes once none is left.
import { useEffect, useState } from "preact/hooks";
import { post } from "../api";
import { label, money } from "../format";
import type { Reward } from "../models";
import { Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { entryName } from "../ui/reward_amount";

function ReverseForm({ reward, onDone, onCancel }: { reward: Reward; onDone: (reason: string) => void; onCancel: () => void }) {
  const form = useForm({ reason: "" }, (v) => {
    const errors = requireFields(v, { reason: "how the money was recovered (kept on the reward)" });
    if (!errors.reason && [...v.reason.trim()].length > 1000) errors.reason = "must be at most 1000 characters";
    return errors;
  });
  const reasonId = `clawback-reason-${reward.id}`;
  useEffect(() => document.getElementById(reasonId)?.focus(), []);
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const reason = form.values.reason.trim();
        if (await form.submit(() => post(`/api/v1/rewards/${reward.id}/reverse`, { reason }))) onDone(reason);
      }}
    >
      <Field form={form} name="reason" id={reasonId} label="Reason for the reversal" required />
      <Submit form={form}>Reverse the reward</Submit>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <FormMessage form={form} />
    </form>
  );
}

type Reversed = (reward: Reward, reason: string) => void;

function Paid({ reward, onReversed }: { reward: Reward; onReversed: Reversed }) {
  const [open, setOpen] = useState(false);
  const amount = money(reward.amount_minor, reward.currency);
  return (
    <li>
      <p>
        <strong>{amount}</strong> {label(reward.kind).toLowerCase()} for the {reward.beneficiary}, paid under{" "}
        <strong>{reward.payout_reference ?? "—"}</strong>
        {reward.entry !== "grant" ? ` (${entryName(reward)})` : ""}
        <br />
        <span class="muted">{reward.reason}</span>
      </p>
      {open ? (
        <ReverseForm reward={reward} onDone={(reason) => onReversed(reward, reason)} onCancel={() => setOpen(false)} />
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          Reverse (money recovered)<span class="visually-hidden">: {amount} paid under {reward.payout_reference}</span>
        </button>
      )}
    </li>
  );
}

// `onReversed` runs after a reversal: the page says so and reads the referral again.
export function ClawbackNotice({ rewards, onReversed }: { rewards: Reward[]; onReversed: Reversed }) {
  if (rewards.length === 0) return null;
  const n = rewards.length;
  return (
    <section class="card card-warning" aria-labelledby="clawback-title">
      <h2 id="clawback-title">
        {n} paid {n === 1 ? "reward needs" : "rewards need"} a clawback decision
      </h2>
      <p>
        The referral was rejected after {n === 1 ? "this reward was" : "these rewards were"} paid. Reverse each once the money
        is recovered, or leave it as it is.
      </p>
      <ul class="clawbacks">
        {rewards.map((r) => (
          <Paid key={r.id} reward={r} onReversed={onReversed} />
        ))}
      </ul>
    </section>
  );
}
