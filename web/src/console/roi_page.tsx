// /console/roi: the ROI calculator. Every assumption may be typed; one left empty is taken from the
// chosen program's past year where it has enough of it, else from the chosen published figures, and
// the field then shows the value used and where it came from. Nothing is stored.
import { useEffect, useState } from "preact/hooks";
import { get, post, query } from "../api";
import { basisPoints, majorUnits, minorDigits, money, parseMoney, parseScaled } from "../format";
import type { Page, Program, RoiEstimate, RoiPreset } from "../models";
import { CsvDownload } from "../ui/csv_download";
import { useLoad } from "../ui/data";
import { checkAmount, checkNumber, Field, FormMessage, Submit, useForm, type Values } from "../ui/form";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, ProgramFilter } from "./filters";
import { useSession } from "./session";

const presets: { value: RoiPreset; label: string }[] = [
  { value: "bank_case", label: "A bank's program: 48% engaged, 1.7 referrals each, 80% won" },
  { value: "b2b_purchase", label: "B2B: 35% of referrals purchase" },
  { value: "benchmark", label: "2016 benchmark: 36% engaged, 0.87 referrals a year, 13% won" },
];

// How a field is typed and sent: a percentage (sent in basis points), a count with decimals (sent
// in thousandths), an amount in the estimate's currency (sent in minor units) or a whole number.
type Kind = "percent" | "thousandths" | "money" | "whole";
interface Assumption {
  name: string;
  label: string;
  kind: Kind;
  max: number; // in typed units
}
const assumptions: Assumption[] = [
  { name: "customers", label: "Customers you could ask", kind: "whole", max: 100_000_000 },
  { name: "engaged_bp", label: "Customers who refer (%)", kind: "percent", max: 100 },
  { name: "referrals_per_engaged_milli", label: "Referrals per referring customer a year", kind: "thousandths", max: 100 },
  { name: "won_bp", label: "Referrals won (%)", kind: "percent", max: 100 },
  { name: "deal_value_minor", label: "Deal value", kind: "money", max: 0 },
  { name: "gross_margin_bp", label: "Gross margin (%)", kind: "percent", max: 100 },
  { name: "reward_per_won_minor", label: "Reward per win", kind: "money", max: 0 },
  { name: "reward_per_referral_minor", label: "Reward per referral", kind: "money", max: 0 },
  { name: "program_cost_per_month_minor", label: "Program cost per month", kind: "money", max: 0 },
  { name: "months", label: "Months", kind: "whole", max: 60 },
  { name: "sales_cycle_days", label: "Sales cycle (days)", kind: "whole", max: 3650 },
  { name: "marketing_lead_won_bp", label: "Marketing leads won (%)", kind: "percent", max: 100 },
];
const maxAmountMinor = 10 ** 12;

function decimalsOf(kind: Kind): number {
  return kind === "percent" ? 2 : kind === "thousandths" ? 3 : 0;
}

// A typed value as the API takes it (exactly, without floating point); null when empty or not a
// number (check() says so first).
function toApi(a: Assumption, text: string, currency: string): number | null {
  if (!text.trim()) return null;
  return a.kind === "money" ? parseMoney(text, currency) : parseScaled(text, decimalsOf(a.kind));
}

// A value the API used, as it would be typed.
function toTyped(a: Assumption, value: number, currency: string): string {
  if (a.kind === "money") return majorUnits(value, currency).toFixed(minorDigits(currency));
  return (value / 10 ** decimalsOf(a.kind)).toString();
}

// A value the API used, as the page shows it ("36.0%", "€2,000.00", "0.87").
function shownValue(a: Assumption, value: number, currency: string): string {
  if (a.kind === "money") return money(value, currency);
  if (a.kind === "percent") return basisPoints(value);
  return toTyped(a, value, currency);
}

function thousandths(milli: number): string {
  return (milli / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 });
}

function check(values: Values, currency: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(values.customers ?? "").trim()) errors.customers = "is required";
  for (const a of assumptions) {
    if (a.kind === "money") {
      checkAmount(values, a.name, currency, errors);
      const minor = toApi(a, values[a.name] ?? "", currency);
      if (!errors[a.name] && minor !== null && minor > maxAmountMinor) {
        errors[a.name] = `must be at most ${money(maxAmountMinor, currency)}`;
      }
    } else {
      const what = a.kind === "percent" ? "a percentage" : a.kind === "thousandths" ? "a number" : "a whole number";
      const min = a.name === "customers" || a.name === "months" ? 1 : a.name === "marketing_lead_won_bp" ? 0.01 : 0;
      const unit = a.kind === "percent" ? "%" : "";
      checkNumber(values, a.name, { min, max: a.max, decimals: decimalsOf(a.kind), what, unit }, errors);
    }
  }
  return errors;
}

function Results({ estimate, programName }: { estimate: RoiEstimate; programName: string }) {
  const c = estimate.currency;
  const gain = estimate.margin_minor === null ? "revenue" : "margin";
  const payback =
    estimate.payback_days === null
      ? `Not at these figures: the ${gain} never catches up with the costs`
      : `${estimate.payback_days.toLocaleString()} days`;
  const rows: [string, string, string | number][] = [
    ["Customers who refer", thousandths(estimate.engaged_milli), estimate.engaged_milli],
    ["Referrals", thousandths(estimate.referrals_milli), estimate.referrals_milli],
    ["Won customers", thousandths(estimate.won_milli), estimate.won_milli],
    ["Revenue", money(estimate.revenue_minor, c), estimate.revenue_minor],
    ...(estimate.margin_minor === null
      ? []
      : [["Margin", money(estimate.margin_minor, c), estimate.margin_minor] as [string, string, number]]),
    ["Reward cost", money(estimate.reward_cost_minor, c), estimate.reward_cost_minor],
    ["Program cost", money(estimate.program_cost_minor, c), estimate.program_cost_minor],
    ["Cost", money(estimate.cost_minor, c), estimate.cost_minor],
    [`Net (${gain} less cost)`, money(estimate.net_minor, c), estimate.net_minor],
    ["ROI on revenue", basisPoints(estimate.roi_bp), estimate.roi_bp ?? ""],
    ...(estimate.roi_on_margin_bp === null
      ? []
      : [["ROI on margin", basisPoints(estimate.roi_on_margin_bp), estimate.roi_on_margin_bp] as [string, string, number]]),
    [
      "Cost per won customer",
      estimate.cost_per_won_minor === null ? "—" : money(estimate.cost_per_won_minor, c),
      estimate.cost_per_won_minor ?? "",
    ],
    ["Payback", payback, estimate.payback_days ?? ""],
    [
      "Marketing leads for as many customers",
      thousandths(estimate.marketing_leads_for_same_wins_milli),
      estimate.marketing_leads_for_same_wins_milli,
    ],
  ];
  const h = estimate.history;
  return (
    <section class="card" aria-labelledby="estimate-title">
      <h2 id="estimate-title">
        Over {estimate.months} months, in {c}
      </h2>
      <dl class="kpis">
        <div class="kpi">
          <dt>Won customers</dt>
          <dd>{thousandths(estimate.won_milli)}</dd>
        </div>
        <div class="kpi">
          <dt>Revenue</dt>
          <dd>{money(estimate.revenue_minor, c)}</dd>
        </div>
        <div class="kpi">
          <dt>Cost</dt>
          <dd>{money(estimate.cost_minor, c)}</dd>
        </div>
        <div class="kpi">
          <dt>ROI</dt>
          <dd>{basisPoints(estimate.roi_on_margin_bp ?? estimate.roi_bp)}</dd>
        </div>
        <div class="kpi">
          <dt>Payback</dt>
          <dd>{estimate.payback_days === null ? "Never" : `${estimate.payback_days.toLocaleString()} days`}</dd>
        </div>
      </dl>
      {h ? (
        <p>
          From the referrals submitted to {programName} from {h.period}: {h.referrals.toLocaleString()} referrals by
          about {h.referring_advocates.toLocaleString()} advocates (estimated), {h.won.toLocaleString()} won.
        </p>
      ) : null}
      <table class="table">
        <caption>The estimate</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, shown]) => (
            <tr key={name}>
              <td>{name}</td>
              <td class="number">{shown}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CsvDownload
        what="the estimate"
        filename={`roi-estimate-${c}.csv`}
        header={["figure", "value (thousandths, minor units, basis points or days)"]}
        rows={rows.map(([name, , exact]) => [name, exact])}
      />
      <table class="table">
        <caption>Assumptions used</caption>
        <thead>
          <tr>
            <th scope="col">Assumption</th>
            <th scope="col">Value</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {estimate.assumptions.map((used) => {
            const a = assumptions.find((x) => x.name === used.name);
            const shown = a ? shownValue(a, used.value, c) : String(used.value);
            return (
              <tr key={used.name}>
                <td>{a?.label ?? used.name}</td>
                <td class="number">{shown}</td>
                <td>{used.source}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class="hint">{estimate.method}</p>
    </section>
  );
}

function Calculator() {
  const programs = useLoad(() => get<Page<Program>>(`/api/v1/programs${query({ limit: 200 })}`), []);
  const [programId, setProgramId] = useState<string | null>(null);
  const [preset, setPreset] = useState<RoiPreset>("bank_case");
  const [estimate, setEstimate] = useState<RoiEstimate | null>(null);
  const list = programs.data?.data ?? [];
  const chosen = programId ?? list[0]?.id ?? "";
  const program = list.find((p) => p.id === chosen);
  // The estimate's currency: the program's, or the one typed (checked by the server).
  const form = useForm({ customers: "1000", currency: "USD" }, (values) => check(values, currencyOf(values)));
  function currencyOf(values: Values): string {
    return program?.currency ?? ((values.currency ?? "").trim().toUpperCase() || "USD");
  }
  const currency = currencyOf(form.values);

  // The request for the values typed; null while one is not a number (check() names it).
  const requestOf = (values: Values): Record<string, unknown> => {
    const body: Record<string, unknown> = { preset };
    if (program) body.program_id = program.id;
    else body.currency = currency;
    for (const a of assumptions) {
      const value = toApi(a, values[a.name] ?? "", currency);
      if (value !== null) body[a.name] = value;
    }
    return body;
  };
  const run = () =>
    form.submit(async (values) => {
      setEstimate(await post<RoiEstimate>("/api/v1/roi/estimate", requestOf(values)));
    });
  // Choosing a program (or other published figures) fills the form from them at once when that
  // is enough for an estimate; when it is not, the form waits for the figures it lacks (asked for
  // when the manager presses Estimate).
  useEffect(() => {
    if (!programs.data || Object.keys(check(form.values, currency)).length > 0) return;
    let live = true;
    post<RoiEstimate>("/api/v1/roi/estimate", requestOf(form.values)).then(
      (answer) => live && setEstimate(answer),
      () => live && setEstimate(null),
    );
    return () => {
      live = false;
    };
  }, [programs.data, chosen, preset]);

  if (programs.error) return <Notice kind="error">{programs.error.problem.detail || programs.error.problem.title}</Notice>;
  if (!programs.data) return <Loading />;
  const used = new Map((estimate?.assumptions ?? []).map((a) => [a.name, a]));
  return (
    <>
      <p>
        What a referral program would bring in and cost. Leave a field empty to use the program's own past year where
        it has enough of it, or else the published figures chosen below; the field then shows the value used.
      </p>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div class="filters">
          <ProgramFilter
            id="roi-program"
            title="Program"
            value={chosen}
            programs={list}
            anyLabel="No program (published figures only)"
            onChange={(value) => setProgramId(value)}
          />
          <ChoiceFilter
            id="roi-preset"
            title="Published figures"
            value={preset}
            choices={presets}
            onChange={(value) => setPreset(value as RoiPreset)}
          />
          {program ? null : <Field form={form} name="currency" label="Currency" hint="ISO 4217 code, e.g. USD" />}
        </div>
        <FormMessage form={form} />
        <div class="field-grid">
          {assumptions.map((a) => {
            const value = used.get(a.name);
            const shown = value && !(form.values[a.name] ?? "").trim() ? value : undefined;
            return (
              <Field
                key={a.name}
                form={form}
                name={a.name}
                label={a.kind === "money" ? `${a.label} (${currency})` : a.label}
                inputMode="decimal"
                required={a.name === "customers"}
                hint={
                  shown
                    ? `Using ${shownValue(a, shown.value, currency)}: ${shown.source}`
                    : a.name === "deal_value_minor" && !program
                      ? "Required without a program's history"
                      : undefined
                }
              />
            );
          })}
        </div>
        <Submit form={form}>Estimate</Submit>
      </form>
      {estimate ? <Results estimate={estimate} programName={program?.name ?? "the program"} /> : null}
    </>
  );
}

export function RoiPage() {
  const { canReadAnalytics } = useSession();
  return (
    <ConsoleShell title="ROI calculator">
      {canReadAnalytics ? <Calculator /> : <Notice kind="info">The ROI calculator is for admins, managers and viewers.</Notice>}
    </ConsoleShell>
  );
}
