// The dashboard's pipeline for one program: how long referrals took to close (won in the range),
// how often a referral at each stage ends won (submitted in the range), and the revenue to expect
// from the referrals open now, by month. Each with its numbers in a table and a CSV file of them.
import { get, query } from "../api";
import { basisPoints, label, majorUnits, money } from "../format";
import type { PipelineReport } from "../models";
import { Chart } from "../ui/chart";
import { CsvDownload } from "../ui/csv_download";
import { useLoad } from "../ui/data";
import { Notice } from "../ui/layout";

const accent = "#1d4ed8";

// Seconds as days with one decimal ("10.5 days"); "—" for none.
function days(seconds: number | null): string {
  if (seconds === null) return "—";
  return `${(seconds / 86_400).toLocaleString(undefined, { maximumFractionDigits: 1 })} days`;
}

function thousandths(milli: number): string {
  return (milli / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 });
}

export function PipelinePanel({ programId, from, to }: { programId: string; from: string; to: string }) {
  const report = useLoad(
    () => get<PipelineReport>(`/api/v1/reports/pipeline${query({ program_id: programId, from, to })}`),
    [programId, from, to],
  );
  if (report.error) return <Notice kind="error">{report.error.message}</Notice>;
  const r = report.data;
  if (!r) return null;
  const c = r.currency;
  const range = `${r.from.slice(0, 10)}-before-${r.to.slice(0, 10)}`;
  const f = r.forecast;
  return (
    <div class="panels">
      <section class="card" aria-labelledby="close-title">
        <h2 id="close-title">Time to close</h2>
        <p class="hint">From submission to the win, of the referrals won in the range.</p>
        <table class="table">
          <caption class="visually-hidden">Time to close</caption>
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Won</th>
              <th scope="col">Median</th>
              <th scope="col">90th percentile</th>
            </tr>
          </thead>
          <tbody>
            {r.time_to_close.map((t) => (
              <tr key={t.channel ?? ""}>
                <th scope="row">{t.channel ?? "Every channel"}</th>
                <td class="number">{t.won}</td>
                <td class="number">{days(t.median_seconds)}</td>
                <td class="number">{days(t.p90_seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CsvDownload
          what="the time to close"
          filename={`time-to-close-${range}.csv`}
          header={["channel", "won", "median_seconds", "p90_seconds"]}
          rows={r.time_to_close.map((t) => [t.channel ?? "", t.won, t.median_seconds ?? "", t.p90_seconds ?? ""])}
        />
      </section>
      <section class="card" aria-labelledby="stages-title">
        <h2 id="stages-title">Win rate by stage</h2>
        <p class="hint">Of the referrals submitted in the range that reached each stage: won ÷ (won + lost).</p>
        <Chart
          label={`Win rate by stage: ${r.stages.map((s) => `${label(s.stage)} ${basisPoints(s.win_rate_bp)}`).join(", ")}`}
          height={200}
          option={{
            tooltip: { trigger: "axis" },
            grid: { left: 50, right: 10, bottom: 30, top: 10 },
            xAxis: { type: "category", data: r.stages.map((s) => label(s.stage)) },
            yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
            series: [{ type: "bar", color: accent, data: r.stages.map((s) => (s.win_rate_bp ?? 0) / 100) }],
          }}
        />
        <table class="table">
          <caption class="visually-hidden">Win rate by stage</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Reached</th>
              <th scope="col">Won</th>
              <th scope="col">Lost</th>
              <th scope="col">Open</th>
              <th scope="col">Win rate</th>
            </tr>
          </thead>
          <tbody>
            {r.stages.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{label(s.stage)}</th>
                <td class="number">{s.reached}</td>
                <td class="number">{s.won}</td>
                <td class="number">{s.lost}</td>
                <td class="number">{s.open}</td>
                <td class="number">{basisPoints(s.win_rate_bp)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CsvDownload
          what="the win rate by stage"
          filename={`win-rate-by-stage-${range}.csv`}
          header={["stage", "reached", "won", "lost", "rejected", "open", "win_rate_bp"]}
          rows={r.stages.map((s) => [s.stage, s.reached, s.won, s.lost, s.rejected, s.open, s.win_rate_bp ?? ""])}
        />
      </section>
      <section class="card" aria-labelledby="forecast-title">
        <h2 id="forecast-title">Forecast</h2>
        <p>
          <strong>{money(f.expected_revenue_minor, c)}</strong> expected from {f.open_referrals.toLocaleString()} open
          referrals ({thousandths(f.expected_won_milli)} wins at {f.average_deal_minor === null ? "—" : money(f.average_deal_minor, c)}{" "}
          a deal).
        </p>
        {f.months.length > 0 ? (
          <Chart
            label={`Expected referral revenue by month: ${f.months.map((m) => `${m.month} ${money(m.expected_revenue_minor, c)}`).join(", ")}`}
            height={200}
            option={{
              tooltip: { trigger: "axis" },
              grid: { left: 60, right: 10, bottom: 30, top: 10 },
              xAxis: { type: "category", data: f.months.map((m) => m.month) },
              yAxis: { type: "value" },
              series: [{ type: "bar", color: accent, data: f.months.map((m) => majorUnits(m.expected_revenue_minor, c)) }],
            }}
          />
        ) : null}
        <table class="table">
          <caption class="visually-hidden">Forecast by month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Open referrals</th>
              <th scope="col">Expected wins</th>
              <th scope="col">Expected revenue</th>
            </tr>
          </thead>
          <tbody>
            {f.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                <td class="number">{m.open_referrals}</td>
                <td class="number">{thousandths(m.expected_won_milli)}</td>
                <td class="number">{money(m.expected_revenue_minor, c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CsvDownload
          what="the forecast"
          filename={`forecast-${f.as_of.slice(0, 10)}.csv`}
          header={["month", "open_referrals", "expected_won_milli", "expected_revenue_minor", "currency"]}
          rows={f.months.map((m) => [m.month, m.open_referrals, m.expected_won_milli, m.expected_revenue_minor, c])}
        />
        <p class="hint">{f.method}</p>
      </section>
    </div>
  );
}
