// A program's split credit policy, on its page: in words for every staff role, and for admins and
// managers (`canEdit`) the editor. A PUT sets the whole policy, so the form sends what the chosen
// split uses — the lead share (typed as a percentage, sent in basis points) for first or last
// touch weighted, the role weights for by role, the account window (which both the account's
// shares and account-level credit use) and account-level credit — and the rest goes back to its
// default. The server's 422 lands on the field it names; its 409 (an archived
// program) above the button. Changes apply to wins counted from then on.
import { useState } from "preact/hooks";
import { get, put } from "../api";
import { dateTime, parseScaled } from "../format";
import type { CreditPolicy } from "../models";
import { useLoad } from "../ui/data";
import { checkNumber, Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";
import { Loading, Notice } from "../ui/layout";
import { buyingRoles } from "./committee_words";
import { creditSplits, policyWords, splitWords, weighted } from "./credit_words";

const roleField = (role: string) => `role_weights.${role}`;

function valuesOf(p: CreditPolicy): Values {
  const values: Values = {
    split: p.split,
    lead_share: String(p.lead_share_bp / 100),
    unroled_weight: String(p.unroled_weight),
    account_window_days: String(p.account_window_days),
    account_credit: p.account_credit ? "true" : "false",
  };
  for (const r of buyingRoles) values[roleField(r.value)] = String(p.role_weights[r.value]);
  return values;
}

const whole = (text: string) => Number(text.trim().replace(/[\s,]/g, ""));
const weight = { min: 0, max: 100, decimals: 0, what: "a whole number" };

function check(v: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  if (weighted(v.split)) {
    Object.assign(errors, requireFields(v, { lead_share: "the lead's percentage" }));
    checkNumber(v, "lead_share", { min: 50, max: 100, decimals: 2, what: "a percentage", unit: "%" }, errors);
  }
  if (v.split === "by_role") {
    for (const name of [...buyingRoles.map((r) => roleField(r.value)), "unroled_weight"]) {
      if (!(v[name] ?? "").trim()) errors[name] = "is required: a weight from 0 to 100";
      checkNumber(v, name, weight, errors);
    }
  }
  Object.assign(errors, requireFields(v, { account_window_days: "a number of days (0: off)" }));
  checkNumber(v, "account_window_days", { min: 0, max: 730, decimals: 0, what: "a number of days" }, errors);
  if (v.account_credit === "true" && !errors.account_window_days && whole(v.account_window_days) < 1) {
    errors.account_credit = "needs an account window of at least 1 day";
  }
  return errors;
}

// The request body: the split and what it uses; the rest takes its default.
function bodyOf(v: Values) {
  return {
    split: v.split,
    ...(weighted(v.split) ? { lead_share_bp: parseScaled(v.lead_share, 2) } : {}),
    ...(v.split === "by_role"
      ? {
          role_weights: Object.fromEntries(buyingRoles.map((r) => [r.value, whole(v[roleField(r.value)])])),
          unroled_weight: whole(v.unroled_weight),
        }
      : {}),
    account_window_days: whole(v.account_window_days),
    account_credit: v.account_credit === "true",
  };
}

interface FormProps {
  policy: CreditPolicy;
  onSubmitting: () => void;
  onSaved: (saved: CreditPolicy) => void;
}

function PolicyForm({ policy, onSubmitting, onSaved }: FormProps) {
  const form = useForm(valuesOf(policy), check, (field) => (field === "lead_share_bp" ? "lead_share" : field));
  const v = form.values;
  return (
    <form
      class="form"
      noValidate
      aria-label="Change the split credit"
      onSubmit={async (e) => {
        e.preventDefault();
        onSubmitting();
        let answer: CreditPolicy | undefined;
        const ok = await form.submit(async (values) => {
          answer = await put<CreditPolicy>(`/api/v1/programs/${policy.program_id}/credit-policy`, bodyOf(values));
        });
        if (ok && answer) onSaved(answer);
      }}
    >
      <Field form={form} name="split" id="credit-split" label="How a won deal's advocate rewards are split"
        options={creditSplits} hint={splitWords(v.split as CreditPolicy["split"])} />
      {weighted(v.split) ? (
        <Field form={form} name="lead_share" id="credit-lead_share" inputMode="decimal"
          label={`The ${v.split === "first_weighted" ? "first" : "last"} advocate's share (%)`}
          hint="50 to 100, with up to 2 decimals; the others divide the rest equally." />
      ) : null}
      {v.split === "by_role" ? (
        <fieldset class="choices" aria-describedby="credit-weights-hint">
          <legend>Role weights</legend>
          <p class="hint" id="credit-weights-hint">
            0 to 100 each. An advocate's share is the sum of the weights of the people they brought to the deal's buying
            committee, over everyone's.
          </p>
          <div class="field-grid">
            {buyingRoles.map((r) => (
              <Field key={r.value} form={form} name={roleField(r.value)} id={`credit-weight-${r.value}`} label={r.name}
                inputMode="numeric" />
            ))}
            <Field form={form} name="unroled_weight" id="credit-unroled_weight" label="A member without a role"
              inputMode="numeric" />
          </div>
        </fieldset>
      ) : null}
      <Field form={form} name="account_window_days" id="credit-account_window_days" label="Account window (days)"
        inputMode="numeric"
        hint="0: off. Otherwise referrals to the same business email domain submitted within this many days before the win belong to its account: their advocates share the win (with a split) and, with account-level credit, they count as won (up to 730)." />
      <div class="setting">
        <label class="choice" for="credit-account_credit">
          <input id="credit-account_credit" type="checkbox" checked={v.account_credit === "true"}
            aria-describedby="credit-account_credit-hint"
            onChange={(e) => form.set("account_credit", e.currentTarget.checked ? "true" : "false")} />
          Account-level credit
        </label>
        <p class="hint" id="credit-account_credit-hint">
          When a referral is won, the open referrals of the same account (the same CRM deal, or the same business email
          domain within the window) count as won too: in every figure, with no deal value and no reward of their own.
          Their own deal can still be won later, and then pays as any win.
        </p>
        {form.errors.account_credit ? (
          <p class="error" id="credit-account_credit-error">
            {form.errors.account_credit}
          </p>
        ) : null}
      </div>
      <p class="hint">
        Saving sets the whole policy: what the chosen split does not use goes back to its default. Changes apply to wins
        counted from now on; wins already credited keep their shares.
      </p>
      <FormMessage form={form} />
      <Submit form={form}>Set the split credit</Submit>
    </form>
  );
}

export function CreditPolicyCard({ programId, canEdit }: { programId: string; canEdit: boolean }) {
  const policy = useLoad(() => get<CreditPolicy>(`/api/v1/programs/${programId}/credit-policy`), [programId]);
  const [notice, setNotice] = useState("");
  const p = policy.data;
  return (
    <section class="card" aria-labelledby="credit-policy-title">
      <h2 id="credit-policy-title">Split credit</h2>
      <p class="hint">
        When several advocates touched one won deal — the first link the visitor followed, the referral's advocate, the
        advocates of other referrals of the same CRM deal — the advocate rewards of won-stage rules can be split among them.
        A deal pays its advocates once.
      </p>
      {policy.error ? <Notice kind="error">{policy.error.message}</Notice> : null}
      {!p && !policy.error ? <Loading /> : null}
      {p ? (
        <>
          <div data-figure="credit-policy">
            {policyWords(p).map((sentence) => (
              <p key={sentence}>{sentence}</p>
            ))}
          </div>
          <p class="hint">{p.updated_at ? `Last changed ${dateTime(p.updated_at)}.` : "The defaults: nobody has changed them yet."}</p>
        </>
      ) : null}
      {p && canEdit ? (
        <PolicyForm key={p.updated_at ?? "defaults"} policy={p} onSubmitting={() => setNotice("")}
          onSaved={(saved) => {
            setNotice("Saved: the split applies to wins counted from now on.");
            policy.replace(saved);
          }} />
      ) : null}
      {p && !canEdit ? <p class="hint">Admins and managers change the split credit.</p> : null}
      <div role="status" aria-live="polite">
        {notice ? <p class="notice notice-success">{notice}</p> : null}
      </div>
    </section>
  );
}
