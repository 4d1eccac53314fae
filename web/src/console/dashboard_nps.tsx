// The dashboard's NPS for one program over its range: the score of the answers recorded for it,
// and for promoters, passives and detractors how many went on to refer within the window after
// answering — the gap between saying and doing — and what those referrals won; the earned growth
// of the range. A chart, its numbers in a table, and a CSV file.
import { useState } from "preact/hooks";
import { get, query } from "../api";
import { basisPoints, label, money } from "../format";
import type { NpsReport } from "../models";
import { Chart } from "../ui/chart";
import { CsvDownload } from "../ui/csv_download";
import { useLoad } from "../ui/data";
import { Notice } from "../ui/layout";
import { EarnedGrowthPart, type GrowthInputs } from "./dashboard_earned_growth";

const colours = { promoter: "#15803d", passive: "#9ca3af", detractor: "#b91c1c" };

function perRespondent(milli: number | null): string {
  return milli === null ? "—" : (milli / 1000).toLocaleString(undefined, { maximumFractionDigits: 3 });
}

export function NpsPanel({ programId, from, to }: { programId: string; from: string; to: string }) {
  const [growth, setGrowth] = useState<GrowthInputs>({});
  const report = useLoad(
    () => get<NpsReport>(`/api/v1/analytics/nps${query({ program_id: programId, from, to, ...growth })}`),
    [programId, from, to, growth.nrr_bp, growth.prior_revenue_minor],
  );
  if (report.error) return <Notice kind="error">{report.error.message}</Notice>;
  const r = report.data;
  if (!r) return null;
  const range = `${r.from.slice(0, 10)}-before-${r.to.slice(0, 10)}`;
  const open = r.classes.reduce((sum, c) => sum + c.window_open, 0);
  return (
    <section class="card" aria-labelledby="nps-title">
      <h2 id="nps-title">NPS and referrals</h2>
      {r.responses === 0 ? (
        <p class="hint">
          No NPS answers in these days. Your survey tool (or a script) records them with POST
          /api/v1/programs/{"{id}"}/nps-responses.
        </p>
      ) : (
        <p>
          NPS <strong>{r.nps === null ? "—" : r.nps > 0 ? `+${r.nps}` : r.nps}</strong> from{" "}
          {r.responses.toLocaleString()} people;{" "}
          {r.promoters > 0 ? (
            <>
              <strong>{basisPoints(r.referral_rate_bp.promoter)}</strong> of the promoters referred within{" "}
              {r.window_days} days of answering.
            </>
          ) : (
            "no promoters."
          )}
          {open > 0 ? ` ${open.toLocaleString()} answered less than ${r.window_days} days ago: their referrals are counted so far.` : ""}
        </p>
      )}
      <Chart
        label={`Share who referred within ${r.window_days} days, by NPS class: ${r.classes
          .map((c) => `${label(c.class)} ${basisPoints(c.referral_rate_bp)}`)
          .join(", ")}`}
        height={200}
        option={{
          tooltip: { trigger: "axis" },
          grid: { left: 50, right: 10, bottom: 30, top: 10 },
          xAxis: { type: "category", data: r.classes.map((c) => label(c.class)) },
          yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
          series: [
            {
              type: "bar",
              // A class without respondents has no rate: no bar, rather than a 0% one.
              data: r.classes.map((c) => ({
                value: c.referral_rate_bp === null ? null : c.referral_rate_bp / 100,
                itemStyle: { color: colours[c.class] },
              })),
            },
          ],
        }}
      />
      {r.months.length > 1 ? (
        <Chart
          label={`NPS by month: ${r.months.map((m) => `${m.month} ${m.nps === null ? "no answers" : m.nps}`).join(", ")}`}
          height={200}
          option={{
            tooltip: { trigger: "axis" },
            grid: { left: 50, right: 10, bottom: 30, top: 10 },
            xAxis: { type: "category", data: r.months.map((m) => m.month) },
            yAxis: { type: "value", min: -100, max: 100 },
            // A month without answers has no NPS: a gap, not a zero.
            series: [{ type: "line", connectNulls: false, data: r.months.map((m) => m.nps), itemStyle: { color: colours.promoter } }],
          }}
        />
      ) : null}
      <table class="table">
        <caption class="visually-hidden">NPS classes and their referrals</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">People</th>
            <th scope="col">Referred</th>
            <th scope="col">Referral rate</th>
            <th scope="col">Referrals each</th>
            <th scope="col">Won</th>
            <th scope="col">Referred revenue</th>
            <th scope="col">Window still open</th>
          </tr>
        </thead>
        <tbody>
          {r.classes.map((c) => (
            <tr key={c.class}>
              <th scope="row">{label(c.class)}</th>
              <td class="number">{c.respondents.toLocaleString()}</td>
              <td class="number">{c.referred.toLocaleString()}</td>
              <td class="number">{basisPoints(c.referral_rate_bp)}</td>
              <td class="number">{perRespondent(c.referrals_per_respondent_milli)}</td>
              <td class="number">{c.won.toLocaleString()}</td>
              <td class="number">{money(c.revenue_minor, r.currency)}</td>
              <td class="number">{c.window_open.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.followups.opened > 0 ? (
        <p>
          Follow-ups of detractors: {r.followups.opened.toLocaleString()} opened,{" "}
          {r.followups.contacted_on_time.toLocaleString()} contacted within 48 hours,{" "}
          {r.followups.contacted_late.toLocaleString()} later, {r.followups.overdue.toLocaleString()} overdue,{" "}
          {r.followups.waiting.toLocaleString()} not yet due
          {r.followups.on_time_bp === null ? "" : ` (${basisPoints(r.followups.on_time_bp)} on time)`}.{" "}
          <a href={`/console/followups${query({ program_id: programId })}`}>See the follow-ups</a>
        </p>
      ) : null}
      <EarnedGrowthPart growth={r.earned_growth} currency={r.currency} onInputs={setGrowth} />
      <CsvDownload
        what="NPS and referrals"
        filename={`nps-${range}.csv`}
        header={["class", "respondents", "referred", "referrals", "referral_rate_bp", "referrals_per_respondent_milli",
          "won", "won_other_currency", "revenue_minor", "currency", "window_open"]}
        rows={r.classes.map((c) => [c.class, c.respondents, c.referred, c.referrals, c.referral_rate_bp ?? "",
          c.referrals_per_respondent_milli ?? "", c.won, c.won_other_currency, c.revenue_minor, r.currency, c.window_open])}
      />
      <p class="hint">{r.basis}</p>
    </section>
  );
}
