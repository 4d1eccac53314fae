// The NPS panel's earned growth (Reichheld's "Net Promoter 3.0"): the revenue of referrals won in
// the range, and — once staff give the company's net revenue retention and last period's revenue,
// which Bluebird cannot know — the share of growth that was earned (ENC) and the earned growth
// rate, NRR + ENC − 100%. The inputs go to the report's query; nothing is stored.
import { basisPoints, money, parseMoney, parseScaled } from "../format";
import type { EarnedGrowth } from "../models";
import { Field, FormMessage, Submit, useForm } from "../ui/form";

export interface GrowthInputs {
  nrr_bp?: number;
  prior_revenue_minor?: number;
}

export function EarnedGrowthPart({ growth, currency, onInputs }: {
  growth: EarnedGrowth;
  currency: string;
  onInputs: (inputs: GrowthInputs) => void;
}) {
  const form = useForm({ nrr: "", prior: "" }, (v) => {
    const errors: Record<string, string> = {};
    if (v.nrr.trim() && parseScaled(v.nrr, 2) === null) errors.nrr = "must be a percentage such as 105 or 97.5";
    else if (v.nrr.trim() && (parseScaled(v.nrr, 2) ?? 0) > 100_000) errors.nrr = "must be at most 1000%";
    const prior = v.prior.trim() ? parseMoney(v.prior, currency) : null;
    if (v.prior.trim() && !prior) errors.prior = `must be an amount in ${currency}, more than 0`;
    else if (prior !== null && prior > 1e15) errors.prior = "must be at most 10^15 minor units";
    return errors;
  });
  const excluded = growth.won_other_currency + growth.won_without_value;
  return (
    <div class="earned-growth">
      <h3>Earned growth</h3>
      <p>
        Referrals won in these days: <strong>{growth.won.toLocaleString()}</strong>, worth{" "}
        <strong>{money(growth.earned_revenue_minor, currency)}</strong>
        {excluded > 0 ? ` (${excluded.toLocaleString()} without a value in ${currency} are not in that sum)` : ""}.
        {growth.enc_bp !== null ? (
          <>
            {" "}
            Earned new customers brought <strong>{basisPoints(growth.enc_bp)}</strong> of the previous period's revenue.
          </>
        ) : null}
        {growth.earned_growth_rate_bp !== null && growth.nrr_bp !== null && growth.enc_bp !== null ? (
          <>
            {" "}
            Earned growth rate: <strong data-figure="earned_growth_rate">{basisPoints(growth.earned_growth_rate_bp)}</strong>{" "}
            (revenue retention {basisPoints(growth.nrr_bp)} + {basisPoints(growth.enc_bp)} − 100%).
          </>
        ) : null}
      </p>
      <form
        class="form row earned-growth-form"
        noValidate
        aria-label="Earned growth inputs"
        onSubmit={async (e) => {
          e.preventDefault();
          await form.submit(async (v) => {
            onInputs({
              ...(v.nrr.trim() ? { nrr_bp: parseScaled(v.nrr, 2) ?? undefined } : {}),
              ...(v.prior.trim() ? { prior_revenue_minor: parseMoney(v.prior, currency) ?? undefined } : {}),
            });
          });
        }}
      >
        <Field form={form} name="nrr" label="Net revenue retention (%)" inputMode="decimal"
          hint="This period's revenue from last period's customers, as a share of last period's revenue." />
        <Field form={form} name="prior" label={`Previous period's revenue (${currency})`} inputMode="decimal"
          hint="All of the company's revenue in the period before these days." />
        <FormMessage form={form} />
        <Submit form={form}>Work out earned growth</Submit>
      </form>
    </div>
  );
}
