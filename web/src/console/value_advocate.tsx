// One advocate's valuation as of the day chosen: the five figures, their own figures as a customer,
// their entries of influence and knowledge, and each customer they referred (its CLV, the share
// counted as new, what it adds to the CRV, whether it was reversed). Admins and managers record
// figures, add entries and answer whether a customer would have joined anyway; every change is
// valued at once (`onChanged` reloads the page's figures).
import { useState } from "preact/hooks";
import { get, query } from "../api";
import { basisPoints, dateTime, label, money } from "../format";
import type { AdvocateValueDetail } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ValueKpis } from "./value_kpis";
import { answerOf, answerWords, CustomerInputsForm, IncrementalitySelect, ValueEntryForm } from "./value_advocate_forms";
import { figureNames, quadrantName } from "./value_words";

interface Props {
  advocateId: string;
  asOf?: string; // an instant; now when absent
  view: string;
  round: number;
  canManage: boolean;
  onChanged: () => void;
}

function Figures({ d }: { d: AdvocateValueDetail }) {
  const a = d.advocate;
  const c = d.currency;
  return (
    <>
      <ValueKpis v={a} clvName={figureNames.clv} currency={c} />
      <p>
        <span data-figure="quadrant">{quadrantName(a.quadrant)}</span>; rank {a.rank.toLocaleString()} by CEV;{" "}
        {a.tenure_days.toLocaleString()} {a.tenure_days === 1 ? "day" : "days"} of tenure. {a.referred_customers.toLocaleString()} referred customers count (
        {(a.incremental_customers_bp / 10000).toLocaleString(undefined, { maximumFractionDigits: 2 })} of them new through
        the referral{a.unpriced_customers > 0 ? `, ${a.unpriced_customers.toLocaleString()} without a deal value` : ""});{" "}
        {money(a.rewards_minor, c)} of rewards subtracted.
        {d.view === "projected"
          ? ` ${money(a.projected_referrals_minor, c)} of the CRV is projected from ${a.recent_referrals.toLocaleString()} referred customers won in the last 365 days.`
          : ""}
      </p>
    </>
  );
}

function Inputs({ d }: { d: AdvocateValueDetail }) {
  const i = d.inputs;
  if (!i) {
    return (
      <p data-figure="inputs">
        None recorded: their CLV uses the program's default yearly revenue, {money(d.settings.revenue_per_year_minor, d.currency)}.
      </p>
    );
  }
  return (
    <p data-figure="inputs">
      Yearly revenue {money(i.revenue_per_year_minor, d.currency)}; retention{" "}
      {i.retention_rate_bp === null ? "the program's" : basisPoints(i.retention_rate_bp)}; marketing to them{" "}
      {money(i.marketing_cost_minor, d.currency)}. Recorded {dateTime(i.recorded_at)}.
    </p>
  );
}

function Entries({ d }: { d: AdvocateValueDetail }) {
  if (d.entries.length === 0) return <p class="muted">No entries.</p>;
  return (
    <div class="table-scroll" role="region" aria-label="Entries of influence and knowledge" tabIndex={0}>
      <table class="table value-entries">
        <caption class="visually-hidden">Entries of influence and knowledge, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">On</th>
            <th scope="col">Kind</th>
            <th scope="col">Value</th>
            <th scope="col">What for</th>
            <th scope="col">Recorded in</th>
          </tr>
        </thead>
        <tbody>
          {d.entries.map((e) => (
            <tr key={e.id} data-entry={e.id}>
              <td>{e.occurred_at.slice(0, 10)}</td>
              <td>{label(e.category)}</td>
              <td class="number">{money(e.amount_minor, d.currency)}</td>
              <td>{e.note}</td>
              <td>{e.source_ref || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Customers({ d, canManage, onChanged }: { d: AdvocateValueDetail; canManage: boolean; onChanged: () => void }) {
  if (d.customers.length === 0) return <p class="muted">No referred customer won yet.</p>;
  return (
    <div class="table-scroll" role="region" aria-label="Customers they referred" tabIndex={0}>
      <table class="table value-customers">
        <caption class="visually-hidden">Customers they referred, in the order won</caption>
        <thead>
          <tr>
            <th scope="col">Referral</th>
            <th scope="col">Customer's CLV</th>
            <th scope="col">Counted as new through the referral</th>
            <th scope="col">Value in the CRV (before rewards)</th>
            <th scope="col">Reversed (churned within the window)</th>
            <th scope="col">Would have joined anyway?</th>
          </tr>
        </thead>
        <tbody>
          {d.customers.map((c) => (
            <tr key={c.referral_id} data-referral={c.referral_id}>
              <th scope="row">
                <a href={`/console/referrals/${c.referral_id}`}>{c.referral_id}</a>
              </th>
              <td class="number" data-figure="clv">{c.clv_minor === null ? "No deal value" : money(c.clv_minor, d.currency)}</td>
              <td class="number" data-figure="share">{basisPoints(c.incremental_share_bp)}</td>
              <td class="number" data-figure="value">{money(c.value_minor, d.currency)}</td>
              <td data-figure="reversed">
                {c.reversed
                  ? "Yes: counts for nothing"
                  : c.churned_at
                    ? `No: churned ${c.churned_at.slice(0, 10)}, after the window (counts the years they stayed)`
                    : "No"}
              </td>
              <td>
                {canManage ? (
                  <IncrementalitySelect key={`${c.referral_id}:${String(c.would_have_joined_anyway)}`} customer={c}
                    onAnswered={onChanged} />
                ) : (
                  answerWords[answerOf(c)]
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ValueAdvocate({ advocateId, asOf, view, round, canManage, onChanged }: Props) {
  const detail = useLoad(
    () => get<AdvocateValueDetail>(`/api/v1/advocates/${advocateId}/customer-value${query({ as_of: asOf, view })}`),
    [advocateId, asOf, view, round],
  );
  const [notice, setNotice] = useState("");
  const d = detail.data;
  const changed = (words: string) => {
    setNotice(words);
    onChanged();
  };
  return (
    <section class="card" aria-labelledby="value-advocate-title">
      <h2 id="value-advocate-title">{d ? `${d.advocate.name || d.advocate.email}'s value` : "An advocate's value"}</h2>
      {detail.error ? <Notice kind="error">{detail.error.message}</Notice> : null}
      {!d && !detail.error ? <Loading /> : null}
      {d ? (
        <>
          <p class="hint">
            <a href={`/console/advocates/${d.advocate.advocate_id}`}>{d.advocate.email}</a>
            {d.advocate.company ? `, ${d.advocate.company}` : ""}
          </p>
          <Figures d={d} />
          <div role="status" aria-live="polite">
            {notice ? <p class="notice notice-success">{notice}</p> : null}
          </div>
          <h3>Their own figures as a customer</h3>
          <Inputs d={d} />
          {canManage ? (
            <CustomerInputsForm key={d.inputs?.id ?? "none"} advocateId={advocateId} currency={d.currency} inputs={d.inputs}
              onSaved={() => changed("Recorded: their CLV uses these figures from now.")} />
          ) : null}
          <h3>Influence and knowledge</h3>
          <Entries d={d} />
          {canManage ? (
            <ValueEntryForm advocateId={advocateId} currency={d.currency} onAdded={(e) => changed(`Added: ${money(e.amount_minor, d.currency)} of ${e.category}.`)} />
          ) : null}
          <h3>Customers they referred</h3>
          <Customers d={d} canManage={canManage} onChanged={() => changed("Answer recorded.")} />
        </>
      ) : null}
    </section>
  );
}
