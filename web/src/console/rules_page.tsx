// /console/programs/{id}/rules: a program's reward rules — what each gives and when, retiring one,
// writing a new one — and "what would this referral earn?", evaluated by the server with the
// program's rules and the rule being written, before anything is saved.
import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { get, post } from "../api";
import { label, money, parseMoney, parseScaled } from "../format";
import type { Program, RewardPreview, RewardRule } from "../models";
import { useLoad } from "../ui/data";
import { checkAmount, checkNumber, Field, FormMessage, Submit, useForm, type Values } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { named } from "./filters";
import { useSession } from "./session";

function describe(rule: RewardRule, currency: string): string {
  const when = rule.trigger.stage ? `on ${rule.trigger.stage}` : `on the advocate's win number ${rule.trigger.nth_won}`;
  const a = rule.amount;
  let amount = a.fixed_minor != null ? money(a.fixed_minor, currency) : `${(a.percent_bp ?? 0) / 100}% of the deal`;
  if (a.min_minor != null) amount += `, at least ${money(a.min_minor, currency)}`;
  if (a.max_minor != null) amount += `, at most ${money(a.max_minor, currency)}`;
  const parts = [`${amount} ${label(rule.kind).toLowerCase()} for the ${rule.beneficiary} ${when}`];
  if (rule.cap) {
    const limits = [rule.cap.max_count != null ? `${rule.cap.max_count} rewards` : "", rule.cap.max_minor != null ? money(rule.cap.max_minor, currency) : ""];
    parts.push(`capped at ${limits.filter(Boolean).join(" and ")} per ${rule.cap.period}`);
  }
  if (rule.promotion) parts.push(`×${rule.promotion.multiplier_bp / 10000} from ${rule.promotion.starts_at.slice(0, 10)} to ${rule.promotion.ends_at.slice(0, 10)}`);
  if (rule.conditions.channels.length) parts.push(`channels: ${rule.conditions.channels.join(", ")}`);
  if (rule.conditions.products.length) parts.push(`products: ${rule.conditions.products.join(", ")}`);
  if (rule.conditions.segment.tags.length) parts.push(`tags: ${rule.conditions.segment.tags.join(", ")}`);
  const committee = rule.conditions.committee;
  if (committee?.roles.length) parts.push(`the deal's committee holds ${committee.roles.map((r) => label(r).toLowerCase()).join(", ")}`);
  if (committee?.min_influences) parts.push(`the committee covers at least ${committee.min_influences} of the 4 buying influences`);
  const attributes = Object.entries(rule.conditions.segment.attributes);
  if (attributes.length) parts.push(attributes.map(([k, v]) => `${k} = ${v}`).join(", "));
  if (!rule.requires_approval) parts.push("approved at once");
  return parts.join("; ");
}

const emptyRule: Values = {
  name: "",
  trigger: "stage",
  stage: "won",
  nth_won: "3",
  beneficiary: "advocate",
  amount: "fixed",
  fixed: "",
  percent: "",
  min: "",
  max: "",
  kind: "cash",
  approval: "yes",
  channels: "",
  products: "",
  tags: "",
  committee_roles: "",
  committee_influences: "0",
  cap_period: "",
  cap_count: "",
  cap_money: "",
  promo_percent: "",
  promo_from: "",
  promo_to: "",
};

const roleNames = "economic_buyer, user_buyer, technical_buyer, coach, champion, decision_maker, influencer, executive_sponsor, evaluator, other";

const influenceChoices = [
  { value: "0", label: "Any number of the 4 buying influences" },
  ...[1, 2, 3, 4].map((n) => ({ value: String(n), label: `At least ${n} of the 4 buying influences` })),
];

const list = (text: string) => text.split(",").map((s) => s.trim()).filter(Boolean);

// The server's limits, checked before sending: amounts up to 10^15 minor units, a percentage of
// the deal up to 10,000% (percent_bp 1,000,000), a promotion up to 1,000% (×10, multiplier_bp
// 100,000), a cap of up to 10^9 rewards; percentages with at most 2 decimals (basis points).
function checkRule(v: Values, currency: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const amounts = v.amount === "fixed" ? ["fixed"] : ["min", "max"];
  if (v.cap_period) amounts.push("cap_money");
  for (const name of [...amounts, "preview_deal"]) checkAmount(v, name, currency, errors);
  if (v.amount === "percent") checkNumber(v, "percent", { min: 0, max: 10000, decimals: 2, what: "a percentage", unit: "%" }, errors);
  checkNumber(v, "promo_percent", { min: 0, max: 1000, decimals: 2, what: "a percentage", unit: "%" }, errors);
  if (v.cap_period) checkNumber(v, "cap_count", { min: 0, max: 1e9, decimals: 0, what: "a number of rewards" }, errors);
  return errors;
}

// A percentage typed with up to 2 decimals in basis points (12.5 is 1250), exactly; the text as
// typed when it is not one, so that the server names the field.
const basisPointsOf = (text: string) => parseScaled(text, 2) ?? text;

// The rule as the API takes it; amounts typed in major units. Unparseable amounts are sent as
// given text so the server names the field.
function ruleBody(v: Values, currency: string): Record<string, unknown> {
  const minor = (text: string) => (text.trim() ? parseMoney(text, currency) ?? text : undefined);
  const amount: Record<string, unknown> =
    v.amount === "fixed"
      ? { fixed_minor: minor(v.fixed) }
      : { percent_bp: v.percent.trim() ? basisPointsOf(v.percent) : undefined, min_minor: minor(v.min), max_minor: minor(v.max) };
  const body: Record<string, unknown> = {
    name: v.name,
    trigger: v.trigger === "stage" ? { stage: v.stage } : { nth_won: Number(v.nth_won) },
    beneficiary: v.beneficiary,
    amount,
    kind: v.kind,
    requires_approval: v.approval === "yes",
    conditions: {
      channels: list(v.channels),
      products: list(v.products),
      segment: { tags: list(v.tags) },
    },
  };
  const conditions = body.conditions as Record<string, unknown>;
  if (list(v.committee_roles).length || v.committee_influences !== "0") {
    conditions.committee = { roles: list(v.committee_roles), min_influences: Number(v.committee_influences) };
  }
  if (v.cap_period) {
    body.cap = {
      period: v.cap_period,
      ...(v.cap_count.trim() ? { max_count: Number(v.cap_count) } : {}),
      ...(v.cap_money.trim() ? { max_minor: minor(v.cap_money) } : {}),
    };
  }
  if (v.promo_percent.trim()) {
    body.promotion = {
      multiplier_bp: basisPointsOf(v.promo_percent),
      starts_at: v.promo_from ? `${v.promo_from}T00:00:00Z` : undefined,
      ends_at: v.promo_to ? `${v.promo_to}T00:00:00Z` : undefined,
    };
  }
  return body;
}

// Server field names ("amount.fixed_minor", "rule.amount.fixed_minor") onto the form's.
function formField(field: string): string {
  const f = field.replace(/^rule\./, "").replace(/\[\d+\]$/, "");
  const map: Record<string, string> = {
    "trigger.stage": "stage",
    "trigger.nth_won": "nth_won",
    "amount.fixed_minor": "fixed",
    "amount.percent_bp": "percent",
    "amount.min_minor": "min",
    "amount.max_minor": "max",
    amount: "fixed",
    requires_approval: "approval",
    "conditions.channels": "channels",
    "conditions.products": "products",
    "conditions.segment.tags": "tags",
    "conditions.committee": "committee_roles",
    "conditions.committee.roles": "committee_roles",
    "conditions.committee.min_influences": "committee_influences",
    "cap.period": "cap_period",
    "cap.max_count": "cap_count",
    "cap.max_minor": "cap_money",
    cap: "cap_period",
    "promotion.multiplier_bp": "promo_percent",
    "promotion.starts_at": "promo_from",
    "promotion.ends_at": "promo_to",
    "referral.stage": "preview_stage",
    "referral.deal_value_minor": "preview_deal",
    "referral.advocate_id": "preview_advocate",
  };
  return map[f] ?? (f.startsWith("referral.") ? `preview_${f.slice(9)}` : f);
}

function PreviewResult({ preview }: { preview: RewardPreview }) {
  const total = new Map<string, number>();
  for (const r of preview.rewards) total.set(r.currency, (total.get(r.currency) ?? 0) + r.amount_minor);
  return (
    <div class="preview-result" role="status">
      {preview.rewards.length === 0 ? <p>This referral would earn nothing.</p> : null}
      <ul>
        {preview.rewards.map((r, i) => (
          <li key={i}>
            <strong>{money(r.amount_minor, r.currency)}</strong> {label(r.kind).toLowerCase()} for the {r.beneficiary} —{" "}
            {r.rule_name}
            {r.rule_id === null ? " (the rule being written)" : ""}
          </li>
        ))}
        {preview.withheld.map((w, i) => (
          <li key={`w${i}`} class="muted">
            {w.rule_name}: nothing — {w.reason}
          </li>
        ))}
      </ul>
      {[...total].map(([currency, minor]) => (
        <p key={currency}>
          In all: <strong data-testid="preview-total">{money(minor, currency)}</strong>
        </p>
      ))}
    </div>
  );
}

export function RulesPage() {
  const { params } = useRoute();
  const { canManage } = useSession();
  const program = useLoad(() => get<Program>(`/api/v1/programs/${params.id}`), [params.id]);
  const rules = useLoad(() => get<{ data: RewardRule[] }>(`/api/v1/programs/${params.id}/reward-rules`), [params.id]);
  const [preview, setPreview] = useState<RewardPreview | null>(null);
  const currencyOf = program.data?.currency ?? "USD";
  const form = useForm(
    { ...emptyRule, preview_stage: "won", preview_deal: "", preview_channel: "", preview_product: "", preview_advocate: "", preview_committee_roles: "" },
    (values) => checkRule(values, currencyOf),
    formField,
  );
  if (program.error || rules.error) {
    return (
      <ConsoleShell title="Reward rules">
        <Notice kind="error">{(program.error ?? rules.error)!.message}</Notice>
      </ConsoleShell>
    );
  }
  if (!program.data || !rules.data) {
    return (
      <ConsoleShell title="Reward rules">
        <Loading />
      </ConsoleShell>
    );
  }
  const currency = program.data.currency;
  const v = form.values;
  const writing = v.name.trim() !== "" || v.fixed.trim() !== "" || v.percent.trim() !== "";
  const previewBody = () => ({
    referral: {
      stage: v.preview_stage,
      ...(v.preview_deal.trim() ? { deal_value_minor: parseMoney(v.preview_deal, currency) ?? v.preview_deal } : {}),
      ...(v.preview_channel.trim() ? { channel: v.preview_channel.trim() } : {}),
      ...(v.preview_product.trim() ? { product: v.preview_product.trim() } : {}),
      ...(v.preview_advocate.trim() ? { advocate_id: v.preview_advocate.trim() } : {}),
      ...(list(v.preview_committee_roles).length ? { committee_roles: list(v.preview_committee_roles) } : {}),
    },
    ...(writing ? { rule: ruleBody(v, currency) } : {}),
  });
  return (
    <ConsoleShell title={`Reward rules: ${program.data.name}`}>
      <p>
        <a href={`/console/programs/${program.data.id}`}>Back to the program</a>
      </p>
      <section class="card" aria-labelledby="rules-title">
        <h2 id="rules-title">Rules</h2>
        {rules.data.data.length === 0 ? <p class="muted">No rules yet: referrals earn nothing.</p> : null}
        <ul class="rules">
          {rules.data.data.map((rule) => (
            <li key={rule.id}>
              <strong>{rule.name}</strong> <Badge value={rule.status} />
              <div>{describe(rule, currency)}</div>
              {canManage && rule.status === "active" ? (
                <button type="button" class="link-button" onClick={async () => (await post(`/api/v1/reward-rules/${rule.id}/retire`), rules.reload())}>
                  Retire <span class="visually-hidden">{rule.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {canManage ? (
        <form
          class="form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await form.submit(() => post(`/api/v1/programs/${program.data!.id}/reward-rules`, ruleBody(form.values, currency)));
            if (ok) {
              form.reset({ ...form.values, ...emptyRule });
              setPreview(null);
              rules.reload();
            }
          }}
        >
          <section class="card" aria-labelledby="new-rule-title">
            <h2 id="new-rule-title">New rule</h2>
            <Field form={form} name="name" label="Name" required />
            <div class="row">
              <Field form={form} name="trigger" label="Given" options={[{ value: "stage", label: "When a referral reaches a stage" }, { value: "nth_won", label: "On the advocate's Nth win" }]} />
              {v.trigger === "stage" ? (
                <Field form={form} name="stage" label="Stage" options={named(["submitted", "qualified", "opportunity", "won"])} />
              ) : (
                <Field form={form} name="nth_won" label="Win number" inputMode="decimal" />
              )}
            </div>
            <div class="row">
              <Field form={form} name="beneficiary" label="For" options={named(["advocate", "referee"])} />
              <Field form={form} name="kind" label="Kind" options={named(["cash", "credit", "gift_card", "points", "custom"])} />
            </div>
            <div class="row">
              <Field form={form} name="amount" label="Amount" options={[{ value: "fixed", label: "A fixed amount" }, { value: "percent", label: "A percentage of the deal" }]} />
              {v.amount === "fixed" ? (
                <Field form={form} name="fixed" label={`Amount (${currency})`} inputMode="decimal" />
              ) : (
                <Field form={form} name="percent" label="Percent of the deal" inputMode="decimal" hint="Up to 10,000%, with up to 2 decimals; rounded to the nearest minor unit, halves away from zero." />
              )}
            </div>
            {v.amount === "percent" ? (
              <div class="row">
                <Field form={form} name="min" label={`At least (${currency})`} inputMode="decimal" />
                <Field form={form} name="max" label={`At most (${currency})`} inputMode="decimal" />
              </div>
            ) : null}
            <Field form={form} name="approval" label="Approval" options={[{ value: "yes", label: "A manager approves each reward" }, { value: "no", label: "Approved at once" }]} />
            <div class="row">
              <Field form={form} name="channels" label="Only channels" hint="Comma-separated; empty for all." />
              <Field form={form} name="products" label="Only products" hint="Comma-separated; empty for all." />
            </div>
            <Field form={form} name="tags" label="Only advocates tagged" hint="Comma-separated; all must be present." />
            <div class="row">
              <Field form={form} name="committee_roles" label="Only when the deal's committee holds"
                hint={`Comma-separated buying roles, all held by someone when the reward is earned: ${roleNames}. Empty for any.`} />
              <Field form={form} name="committee_influences" label="Only when the committee covers"
                options={influenceChoices} />
            </div>
            <div class="row">
              <Field form={form} name="cap_period" label="Cap per advocate" options={[{ value: "", label: "No cap" }, ...named(["month", "quarter", "year"])]} />
              {v.cap_period ? <Field form={form} name="cap_count" label="At most this many rewards" inputMode="decimal" /> : null}
            </div>
            {v.cap_period ? <Field form={form} name="cap_money" label={`At most this much (${currency})`} inputMode="decimal" /> : null}
            <div class="row">
              <Field form={form} name="promo_percent" label="Promotion: percent of the amount" inputMode="decimal" hint="200 doubles the reward, up to 1,000 (×10); empty for none." />
              {v.promo_percent.trim() ? <Field form={form} name="promo_from" label="From (UTC)" type="date" /> : null}
            </div>
            {v.promo_percent.trim() ? <Field form={form} name="promo_to" label="Until, excluded (UTC)" type="date" /> : null}
          </section>
          <section class="card" aria-labelledby="preview-title">
            <h2 id="preview-title">What would this referral earn?</h2>
            <p class="hint">With the rules above{writing ? " and the rule being written" : ""}; nothing is saved.</p>
            <div class="row">
              <Field form={form} name="preview_stage" label="Referral reaches" options={named(["submitted", "qualified", "opportunity", "won"])} />
              <Field form={form} name="preview_deal" label={`Deal value (${currency})`} inputMode="decimal" />
            </div>
            <div class="row">
              <Field form={form} name="preview_channel" label="Channel" />
              <Field form={form} name="preview_product" label="Product" />
            </div>
            <Field form={form} name="preview_advocate" label="Advocate id (optional)" hint="Their tags, wins and caps are then counted." />
            <Field form={form} name="preview_committee_roles" label="Its committee holds (optional)"
              hint={`Comma-separated buying roles (${roleNames}); empty: the referee alone, without role.`} />
            <button
              type="button"
              onClick={async () => {
                let result: RewardPreview | null = null;
                const ok = await form.submit(async () => {
                  result = await post<RewardPreview>(`/api/v1/programs/${program.data!.id}/reward-preview`, previewBody());
                });
                setPreview(ok ? result : null);
              }}
            >
              Preview
            </button>
            {preview ? <PreviewResult preview={preview} /> : null}
          </section>
          <FormMessage form={form} />
          <Submit form={form}>Create the rule</Submit>
        </form>
      ) : null}
    </ConsoleShell>
  );
}
