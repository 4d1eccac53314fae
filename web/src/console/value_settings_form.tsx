// A program's valuation settings (admins and managers publish a new version; viewers read them):
// the horizon in years or in perpetuity, the rates as percentages (sent in basis points), the
// amounts in the program's currency (sent in minor units) and the quadrant thresholds (empty: the
// median). The fields are named as the server names them, so its 422 lands on the field it means;
// the ranges are the server's to judge.
import { put } from "../api";
import { amountInput, dateTime } from "../format";
import type { PublishedValueSettings, ValueSettings } from "../models";
import { Field, FormMessage, Submit, useForm, type FormState, type Values } from "../ui/form";
import { basisPointsOf, checkMoney, checkPercent, minorOf, percentInput } from "./value_words";

const percents = ["discount_rate_bp", "retention_rate_bp", "gross_margin_bp", "incremental_share_bp"];
const amounts = ["acquisition_cost_minor", "revenue_per_year_minor"];
const thresholds = ["clv_threshold_minor", "crv_threshold_minor"];

function valuesOf(s: ValueSettings): Values {
  const values: Values = {
    perpetuity: s.horizon_years === "perpetuity" ? "true" : "false",
    horizon_years: s.horizon_years === "perpetuity" ? "" : String(s.horizon_years),
    derive_retention: s.derive_retention ? "true" : "false",
    recurring: s.recurring ? "true" : "false",
  };
  for (const name of percents) values[name] = percentInput(s[name as keyof ValueSettings] as number);
  for (const name of amounts) values[name] = amountInput(s[name as keyof ValueSettings] as number, s.currency);
  for (const name of thresholds) {
    const v = s[name as keyof ValueSettings] as number | null;
    values[name] = v === null ? "" : amountInput(v, s.currency);
  }
  return values;
}

function bodyOf(v: Values, currency: string): Record<string, unknown> {
  const years = v.horizon_years.trim();
  const body: Record<string, unknown> = {
    horizon_years: v.perpetuity === "true" ? "perpetuity" : /^\d+$/.test(years) ? Number(years) : years,
    derive_retention: v.derive_retention === "true",
    recurring: v.recurring === "true",
  };
  for (const name of percents) body[name] = basisPointsOf(v[name]);
  for (const name of amounts) body[name] = minorOf(v[name], currency);
  for (const name of thresholds) body[name] = v[name].trim() ? minorOf(v[name], currency, true) : null;
  return body;
}

function Checkbox({ form, name, label, hint }: { form: FormState; name: string; label: string; hint: string }) {
  const id = `value-settings-${name}`;
  return (
    <div class="setting">
      <label class="choice" for={id}>
        <input id={id} type="checkbox" checked={form.values[name] === "true"} aria-describedby={`${id}-hint`}
          onChange={(e) => form.set(name, e.currentTarget.checked ? "true" : "false")} />
        {label}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {form.errors[name] ? <p class="error">{form.errors[name]}</p> : null}
    </div>
  );
}

interface Props {
  settings: ValueSettings;
  canEdit: boolean;
  onPublished: (answer: PublishedValueSettings) => void;
}

export function ValueSettingsForm({ settings, canEdit, onPublished }: Props) {
  const currency = settings.currency;
  const form = useForm(valuesOf(settings), (v) => {
    const errors: Record<string, string> = {};
    if (v.perpetuity !== "true" && !/^\d+$/.test(v.horizon_years.trim())) {
      errors.horizon_years = "is required: a whole number of years (or tick “In perpetuity”)";
    }
    for (const name of percents) {
      if (!v[name].trim()) errors[name] = "is required: a percentage";
      checkPercent(v, name, errors);
    }
    for (const name of amounts) {
      if (!v[name].trim()) errors[name] = `is required: an amount in ${currency} (0 for none)`;
      checkMoney(v, name, currency, errors);
    }
    for (const name of thresholds) checkMoney(v, name, currency, errors, true);
    return errors;
  });
  const field = (name: string, label: string, hint?: string, placeholder?: string) => (
    <Field form={form} name={name} id={`value-settings-${name}`} label={label} hint={hint} placeholder={placeholder}
      inputMode="decimal" />
  );
  return (
    <form
      class="form value-settings"
      noValidate
      aria-labelledby="value-settings-title"
      onSubmit={async (e) => {
        e.preventDefault();
        let answer: PublishedValueSettings | undefined;
        const ok = await form.submit(async (values) => {
          answer = await put<PublishedValueSettings>(`/api/v1/programs/${settings.program_id}/value-settings`, bodyOf(values, currency));
        });
        if (ok && answer) onPublished(answer);
      }}
    >
      <fieldset class="choices" disabled={!canEdit}>
        <legend>Lifetime value</legend>
        <div class="field-grid">
          {form.values.perpetuity === "true" ? null : field("horizon_years", "Horizon (years)", "From 1 to 50.")}
          {field("discount_rate_bp", "Discount rate a year (%)")}
          {field("retention_rate_bp", "Retention a year (%)", "Customers still buying a year later.")}
          {field("gross_margin_bp", "Gross margin (%)", "On revenue and deal values.")}
        </div>
        <Checkbox form={form} name="perpetuity" label="In perpetuity (no horizon)"
          hint="Values a customer for as long as they stay; needs a discount rate of at least 1%." />
        <Checkbox form={form} name="derive_retention" label="Derive retention from the last 365 days"
          hint="1 − churned ÷ won among the program's referred customers; the rate above applies when none was won." />
        <Checkbox form={form} name="recurring" label="A won deal's value is yearly revenue"
          hint="Ticked: a referred customer's deal value comes back every year they stay. Not ticked: a one-off purchase." />
      </fieldset>
      <fieldset class="choices" disabled={!canEdit}>
        <legend>Referrals and advocates</legend>
        <div class="field-grid">
          {field("acquisition_cost_minor", `Cost of winning a customer without a referral (${currency})`,
            "What a referred customer who would have joined anyway saves.")}
          {field("incremental_share_bp", "Referred customers who came only through the referral (%)",
            "Applies to each customer who was not asked; an answer overrides it.")}
          {field("revenue_per_year_minor", `Default yearly revenue of an advocate (${currency})`,
            "For advocates without figures of their own.")}
        </div>
      </fieldset>
      <fieldset class="choices" disabled={!canEdit}>
        <legend>Quadrants</legend>
        <div class="field-grid">
          {field("clv_threshold_minor", `High CLV above (${currency})`, "Empty: the median.", "the median")}
          {field("crv_threshold_minor", `High CRV above (${currency})`, "Empty: the median.", "the median")}
        </div>
      </fieldset>
      <FormMessage form={form} />
      {canEdit ? <Submit form={form}>Publish as a new version</Submit> : <p class="hint">Admins and managers change the settings.</p>}
      <p class="hint">
        {settings.version === 0
          ? "The defaults: nobody has published settings yet."
          : `Version ${settings.version}, published ${settings.published_at ? dateTime(settings.published_at) : ""}.`}{" "}
        Every version is kept; the figures on this page use the latest.
      </p>
    </form>
  );
}
