// What admins and managers record for one advocate's valuation: their own figures as a customer
// (yearly revenue, retention — empty: the program's —, marketing cost), a value of influence or
// knowledge (an amount in the program's currency, negative to correct one), and per referred
// customer whether they would have joined without the referral. Fields are named as the server
// names them, so its 422 lands on the field it means.
import { useState } from "preact/hooks";
import { ApiError, post, put } from "../api";
import { amountInput, isoDay } from "../format";
import type { CustomerInputs, IncrementalityAnswer, ReferredCustomerValue, ValueEntry } from "../models";
import { Field, FormMessage, Submit, useForm, type Values } from "../ui/form";
import { basisPointsOf, checkMoney, checkPercent, minorOf, percentInput } from "./value_words";

interface InputsProps {
  advocateId: string;
  currency: string;
  inputs: CustomerInputs | null;
  onSaved: (inputs: CustomerInputs) => void;
}

export function CustomerInputsForm({ advocateId, currency, inputs, onSaved }: InputsProps) {
  const form = useForm(
    {
      revenue_per_year_minor: inputs ? amountInput(inputs.revenue_per_year_minor, currency) : "",
      retention_rate_bp: inputs?.retention_rate_bp == null ? "" : percentInput(inputs.retention_rate_bp),
      marketing_cost_minor: inputs ? amountInput(inputs.marketing_cost_minor, currency) : "",
    },
    (v) => {
      const errors: Record<string, string> = {};
      if (!v.revenue_per_year_minor.trim()) errors.revenue_per_year_minor = `is required: an amount in ${currency} (0: not a customer)`;
      checkMoney(v, "revenue_per_year_minor", currency, errors);
      checkPercent(v, "retention_rate_bp", errors);
      checkMoney(v, "marketing_cost_minor", currency, errors);
      return errors;
    },
  );
  return (
    <form
      class="form value-inputs"
      noValidate
      aria-label="Record their figures as a customer"
      onSubmit={async (e) => {
        e.preventDefault();
        let answer: CustomerInputs | undefined;
        const ok = await form.submit(async (v: Values) => {
          answer = await put<CustomerInputs>(`/api/v1/advocates/${advocateId}/customer-inputs`, {
            revenue_per_year_minor: minorOf(v.revenue_per_year_minor, currency),
            retention_rate_bp: v.retention_rate_bp.trim() ? basisPointsOf(v.retention_rate_bp) : null,
            marketing_cost_minor: v.marketing_cost_minor.trim() ? minorOf(v.marketing_cost_minor, currency) : 0,
          });
        });
        if (ok && answer) onSaved(answer);
      }}
    >
      <div class="field-grid">
        <Field form={form} name="revenue_per_year_minor" id="value-inputs-revenue" label={`Their yearly revenue (${currency})`}
          inputMode="decimal" />
        <Field form={form} name="retention_rate_bp" id="value-inputs-retention" label="Their retention a year (%)"
          inputMode="decimal" placeholder="the program's" hint="Empty: the program's." />
        <Field form={form} name="marketing_cost_minor" id="value-inputs-marketing" label={`Marketing to them over the horizon (${currency})`}
          inputMode="decimal" placeholder="0" />
      </div>
      <FormMessage form={form} />
      <Submit form={form}>Record their figures</Submit>
    </form>
  );
}

const categories = [
  { value: "influence", label: "Influence: a reference, a review, a case study" },
  { value: "knowledge", label: "Knowledge: feedback adopted, a beta" },
];

export function ValueEntryForm({ advocateId, currency, onAdded }: { advocateId: string; currency: string; onAdded: (e: ValueEntry) => void }) {
  const empty = { category: "influence", amount_minor: "", note: "", source_ref: "", occurred_at: isoDay(new Date()) };
  const form = useForm(empty, (v) => {
    const errors: Record<string, string> = {};
    if (!v.amount_minor.trim()) errors.amount_minor = `is required: an amount in ${currency}`;
    checkMoney(v, "amount_minor", currency, errors, true);
    if (!v.note.trim()) errors.note = "is required: what the value is for";
    if (!v.occurred_at) errors.occurred_at = "is required: when it happened";
    return errors;
  });
  return (
    <form
      class="form value-entry"
      noValidate
      aria-label="Add a value of influence or knowledge"
      onSubmit={async (e) => {
        e.preventDefault();
        let answer: ValueEntry | undefined;
        const ok = await form.submit(async (v: Values) => {
          answer = await post<ValueEntry>(`/api/v1/advocates/${advocateId}/value-entries`, {
            category: v.category,
            amount_minor: minorOf(v.amount_minor, currency, true),
            note: v.note.trim(),
            ...(v.source_ref.trim() ? { source_ref: v.source_ref.trim() } : {}),
            occurred_at: `${v.occurred_at}T00:00:00Z`,
          });
        });
        if (ok && answer) {
          form.reset(empty);
          onAdded(answer);
        }
      }}
    >
      <div class="field-grid">
        <Field form={form} name="category" id="value-entry-category" label="Kind" options={categories} />
        <Field form={form} name="amount_minor" id="value-entry-amount" label={`Value (${currency})`} inputMode="decimal"
          hint="Negative to correct an earlier entry." />
        <Field form={form} name="occurred_at" id="value-entry-occurred" label="On (UTC)" type="date" />
        <Field form={form} name="note" id="value-entry-note" label="What for" />
        <Field form={form} name="source_ref" id="value-entry-source" label="Where it is recorded (optional)"
          hint="A CRM record, a review's address." />
      </div>
      <FormMessage form={form} />
      <Submit form={form}>Add the value</Submit>
    </form>
  );
}

// A referred customer's recorded answer, as the select shows it.
export function answerOf(customer: ReferredCustomerValue): "yes" | "no" | "" {
  if (customer.would_have_joined_anyway === null) return "";
  return customer.would_have_joined_anyway ? "yes" : "no";
}

export const answerWords = { yes: "Yes: would have joined anyway", no: "No: only through the referral", "": "Unknown" };

export function IncrementalitySelect({ customer, onAnswered }: {
  customer: ReferredCustomerValue;
  onAnswered: (answer: IncrementalityAnswer) => void;
}) {
  const [value, setValue] = useState<string>(answerOf(customer));
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const id = `value-answer-${customer.referral_id}`;
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id} class="visually-hidden">
        Would the customer of referral {customer.referral_id} have joined anyway?
      </label>
      <select id={id} value={value} disabled={busy} aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={async (e) => {
          const next = e.currentTarget.value;
          setValue(next);
          setError("");
          setBusy(true);
          try {
            onAnswered(await put<IncrementalityAnswer>(`/api/v1/referrals/${customer.referral_id}/incrementality`, {
              would_have_joined_anyway: next === "" ? null : next === "yes",
            }));
          } catch (failure) {
            setError(failure instanceof ApiError
              ? failure.fieldMessage("would_have_joined_anyway") ?? failure.message
              : String(failure));
          } finally {
            setBusy(false);
          }
        }}>
        {(["", "yes", "no"] as const).map((a) => (
          <option key={a} value={a}>
            {answerWords[a]}
          </option>
        ))}
      </select>
      {error ? (
        <p class="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
