// "Correct the deal value" of a won referral (admins and managers): the corrected amount in major
// units of the deal's currency and a reason, confirmed as old → new, then what the server did to
// the ledger: the entries it reversed and the reissues and adjustments it created (a negative
// adjustment is money owed back).
import { useState } from "preact/hooks";
import { post } from "../api";
import { label, money, parseMoney } from "../format";
import type { Referral, Reward } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { checkAmount, Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";
import { entryName, RewardAmount } from "../ui/reward_amount";

const reasonLimit = 1000; // characters (code points), as the server counts them

function EntryList({ title, rewards }: { title: string; rewards: Reward[] }) {
  if (rewards.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul class="entries">
        {rewards.map((r) => (
          <li key={r.id}>
            <strong>
              <RewardAmount reward={r} />
            </strong>{" "}
            {entryName(r)} for the {r.beneficiary}, {label(r.status).toLowerCase()}
          </li>
        ))}
      </ul>
    </>
  );
}

function Outcome({ result, from, currency }: { result: Referral; from: number | null | undefined; currency: string }) {
  const reversed = result.rewards_reversed ?? [];
  const created = result.rewards_created ?? [];
  const to = result.deal_value_minor;
  return (
    <div class="correction-outcome" role="status">
      <p>
        <strong>
          The deal value is corrected from {from != null ? money(from, currency) : "—"} to {to != null ? money(to, currency) : "—"}.
        </strong>{" "}
        {reversed.length === 0 && created.length === 0
          ? "No reward changed: fixed rewards keep their amount, and a reversed reward stays reversed."
          : null}
      </p>
      <EntryList title="Rewards created" rewards={created} />
      <EntryList title="Rewards reversed" rewards={reversed} />
    </div>
  );
}

export function DealValueCorrection({ referral, currency, onDone }: { referral: Referral; currency: string; onDone: () => void }) {
  const current = referral.deal_value_minor;
  const check = (v: Values) => {
    const errors = checkAmount(v, "deal_value", currency, requireFields(v, { deal_value: "the corrected value", reason: "why (kept in the history)" }));
    if (!errors.deal_value && parseMoney(v.deal_value, currency) === current) errors.deal_value = "is the deal value already";
    if (!errors.reason && [...v.reason.trim()].length > reasonLimit) errors.reason = `must be at most ${reasonLimit} characters`;
    return errors;
  };
  const form = useForm({ deal_value: "", reason: "" }, check, (field) => (field === "deal_value_minor" ? "deal_value" : field));
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<{ result: Referral; from: number | null | undefined } | null>(null);
  const next = parseMoney(form.values.deal_value, currency);
  const correct = async () => {
    setAsking(false);
    let result: Referral | undefined;
    const ok = await form.submit(async (v) => {
      result = await post<Referral>(`/api/v1/referrals/${referral.id}/deal-value`, {
        deal_value_minor: parseMoney(v.deal_value, currency),
        reason: v.reason.trim(),
      });
    });
    if (ok && result) {
      setOutcome({ result, from: current });
      form.reset({ deal_value: "", reason: "" });
      onDone();
    }
  };
  return (
    <>
      <p class="hint">
        Percentage rewards follow the new value: unpaid ones are reissued at it, paid ones get an adjustment for the
        difference, up or down. Fixed rewards do not change.
      </p>
      <form
        class="form"
        noValidate
        aria-labelledby="correction-title"
        onSubmit={async (e) => {
          e.preventDefault();
          setOutcome(null);
          await form.submit(async () => setAsking(true)); // the client's checks, then the question
        }}
      >
        <div class="row">
          <Field form={form} name="deal_value" label={`Corrected deal value (${currency})`} inputMode="decimal" required
            hint={`Now ${current != null ? money(current, currency) : "—"}.`} />
          <Field form={form} name="reason" label="Reason" required hint="Kept in the history and on the ledger entries." />
        </div>
        <FormMessage form={form} />
        <Submit form={form}>Correct the deal value</Submit>
      </form>
      <ConfirmDialog
        id="correction-confirm"
        title="Correct the deal value?"
        confirm={`Correct to ${next != null ? money(next, currency) : "—"}`}
        tone="primary"
        open={asking}
        onConfirm={correct}
        onCancel={() => setAsking(false)}
      >
        <p>
          From <strong>{current != null ? money(current, currency) : "—"}</strong> to{" "}
          <strong>{next != null ? money(next, currency) : "—"}</strong>.
        </p>
        <p>Reason: {form.values.reason.trim()}</p>
        <p class="hint">The referral's percentage rewards are restated at the new value in the same step.</p>
      </ConfirmDialog>
      {outcome ? <Outcome result={outcome.result} from={outcome.from} currency={currency} /> : null}
    </>
  );
}
