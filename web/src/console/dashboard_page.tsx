// /console/dashboard: one program or all of them over a date range, on one basis (the referrals
// submitted in the range, or the activity in the range) — the funnel from clicks to won referrals,
// conversion by channel, referral revenue against reward cost with ROI, top advocates and new
// advocates over time; each chart with its numbers beside it and a CSV file of them; one program's
// clicks as a CSV file, its pipeline (time to close, win rate by stage, forecast), its NPS beside
// referrals, its referrals by segment, and its referred customers against the rest.
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { addDays, basisPoints, isoDay, money, percent } from "../format";
import type { Analytics, Basis, Page, Program } from "../models";
import { ChannelTable } from "../ui/activity";
import { Chart } from "../ui/chart";
import { CsvDownload } from "../ui/csv_download";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { MoneyPanel } from "./dashboard_money";
import { CustomersPanel } from "./dashboard_customers";
import { NpsPanel } from "./dashboard_nps";
import { PipelinePanel } from "./dashboard_pipeline";
import { SegmentsPanel } from "./dashboard_segments";
import { ChoiceFilter, ProgramFilter } from "./filters";
import { useSession } from "./session";

const bases: { value: Basis; label: string }[] = [
  { value: "cohort", label: "Referrals submitted in the range (cohort)" },
  { value: "activity", label: "Activity in the range" },
];

const accent = "#1d4ed8";
const second = "#15803d";

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <div class="kpi">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

// Distinct visitors: the label and the figure, marked "≈" with the error when the API estimated them.
function visitors(f: Analytics["funnel"]): { label: string; value: string } {
  const estimate = f.estimates.unique_visitors;
  if (!estimate) return { label: "Visitors", value: f.unique_visitors.toLocaleString() };
  const error = (estimate.relative_standard_error_bp / 100).toFixed(2);
  return { label: `Visitors (±${error}%)`, value: `≈ ${f.unique_visitors.toLocaleString()}` };
}

function Figures({ data }: { data: Analytics }) {
  const f = data.funnel;
  // The files' names say what they count: the basis and the UTC days of the range.
  const range = `${data.basis}-${data.from.slice(0, 10)}-before-${data.to.slice(0, 10)}`;
  const stages = [
    { name: "Clicks", value: f.clicks },
    { name: "Referrals", value: f.referrals },
    { name: "Qualified", value: f.qualified },
    { name: "Won", value: f.won },
  ];
  return (
    <>
      <dl class="kpis">
        <Kpi label="Clicks" value={f.clicks.toLocaleString()} />
        <Kpi {...visitors(f)} />
        <Kpi label="Referrals" value={f.referrals.toLocaleString()} />
        <Kpi label="Won" value={f.won.toLocaleString()} />
        <Kpi label="Referral to won" value={percent(f.won, f.referrals)} />
        {data.money.map((m) => (
          <Kpi key={`r-${m.currency}`} label={`Revenue (${m.currency})`} value={money(m.revenue_minor, m.currency)} />
        ))}
        {data.money.map((m) => (
          <Kpi key={`c-${m.currency}`} label={`Reward cost (${m.currency})`} value={money(m.reward_cost_minor, m.currency)} />
        ))}
        {data.money.map((m) => (
          <Kpi key={`o-${m.currency}`} label={`ROI (${m.currency})`} value={basisPoints(m.roi_bp)} />
        ))}
      </dl>
      <div class="panels">
        <section class="card" aria-labelledby="funnel-title">
          <h2 id="funnel-title">Funnel</h2>
          <Chart
            label={`Funnel: ${stages.map((s) => `${s.value} ${s.name.toLowerCase()}`).join(", ")}`}
            option={{
              tooltip: { trigger: "item" },
              color: ["#1d4ed8", "#2563eb", "#0f766e", "#15803d"],
              series: [
                {
                  type: "funnel",
                  sort: "none",
                  minSize: "30%",
                  data: stages,
                  label: { position: "inside", formatter: "{b}: {c}", color: "#fff", fontWeight: "bold" },
                },
              ],
            }}
          />
          <table class="table">
            <caption class="visually-hidden">Funnel</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Count</th>
                <th scope="col">Of the step before</th>
              </tr>
            </thead>
            <tbody>
              {stages.map((s, i) => (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td class="number">{s.value.toLocaleString()}</td>
                  <td class="number">{i === 0 ? "" : percent(s.value, stages[i - 1].value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <CsvDownload
            what="the funnel"
            filename={`funnel-${range}.csv`}
            header={["step", "count"]}
            rows={stages.map((s) => [s.name.toLowerCase(), s.value])}
          />
        </section>
        <MoneyPanel money={data.money} />
        {data.money.length > 0 ? (
          <CsvDownload
            what="revenue and reward cost"
            filename={`money-${range}.csv`}
            header={["currency", "revenue_minor", "reward_cost_minor", "committed_minor", "program_cost_minor", "roi_bp"]}
            rows={data.money.map((m) => [
              m.currency, m.revenue_minor, m.reward_cost_minor, m.committed_minor, m.program_cost_minor, m.roi_bp ?? "",
            ])}
          />
        ) : null}
        <section class="card" aria-labelledby="channels-title">
          <h2 id="channels-title">By channel</h2>
          <Chart
            label={`Referrals and wins by channel: ${data.channels.map((c) => `${c.channel} ${c.referrals} referrals, ${c.won} won`).join("; ")}`}
            option={{
              tooltip: { trigger: "axis" },
              legend: { top: 0 },
              grid: { left: 40, right: 10, bottom: 30, top: 30 },
              xAxis: { type: "category", data: data.channels.map((c) => c.channel) },
              yAxis: { type: "value", minInterval: 1 },
              series: [
                { name: "Referrals", type: "bar", color: accent, data: data.channels.map((c) => c.referrals) },
                { name: "Won", type: "bar", color: second, data: data.channels.map((c) => c.won) },
              ],
            }}
          />
          <ChannelTable channels={data.channels} />
          <CsvDownload
            what="the channels"
            filename={`channels-${range}.csv`}
            header={["channel", "clicks", "referrals", "won"]}
            rows={data.channels.map((c) => [c.channel, c.clicks, c.referrals, c.won])}
          />
        </section>
        <section class="card" aria-labelledby="advocates-title">
          <h2 id="advocates-title">New advocates</h2>
          <Chart
            label={`New advocates per day: ${data.new_advocates.reduce((sum, d) => sum + d.count, 0)} in all`}
            option={{
              tooltip: { trigger: "axis" },
              grid: { left: 40, right: 10, bottom: 30, top: 10 },
              xAxis: { type: "category", data: data.new_advocates.map((d) => d.date.slice(5)) },
              yAxis: { type: "value", minInterval: 1 },
              series: [{ type: "line", color: accent, areaStyle: { opacity: 0.15 }, data: data.new_advocates.map((d) => d.count) }],
            }}
          />
          <p>
            <strong>{data.new_advocates.reduce((sum, d) => sum + d.count, 0)}</strong> new advocates in these{" "}
            {data.new_advocates.length} days.
          </p>
          <details>
            <summary>Per day</summary>
            <table class="table">
              <caption class="visually-hidden">New advocates per day</caption>
              <thead>
                <tr>
                  <th scope="col">Day (UTC)</th>
                  <th scope="col">New advocates</th>
                </tr>
              </thead>
              <tbody>
                {data.new_advocates.map((d) => (
                  <tr key={d.date}>
                    <td>{d.date}</td>
                    <td class="number">{d.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          <CsvDownload
            what="the new advocates per day"
            filename={`new-advocates-${range}.csv`}
            header={["date", "new_advocates"]}
            rows={data.new_advocates.map((d) => [d.date, d.count])}
          />
        </section>
        <section class="card" aria-labelledby="top-title">
          <h2 id="top-title">Top advocates</h2>
          <table class="table">
            <caption class="visually-hidden">Top advocates</caption>
            <thead>
              <tr>
                <th scope="col">Advocate</th>
                <th scope="col">Referrals</th>
                <th scope="col">Won</th>
                <th scope="col">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {data.top_advocates.map((a) => (
                <tr key={a.advocate_id}>
                  <td>
                    <a href={`/console/advocates/${a.advocate_id}`}>{a.name || a.advocate_id}</a>
                    {a.company ? <div class="muted">{a.company}</div> : null}
                  </td>
                  <td class="number">{a.referrals}</td>
                  <td class="number">{a.won}</td>
                  <td class="number">{money(a.revenue_minor, a.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.top_advocates.length === 0 ? (
            <p class="muted">No referrals in this range.</p>
          ) : (
            <CsvDownload
              what="the top advocates"
              filename={`top-advocates-${range}.csv`}
              header={["advocate_id", "name", "company", "referrals", "won", "revenue_minor", "currency"]}
              rows={data.top_advocates.map((a) => [a.advocate_id, a.name, a.company, a.referrals, a.won, a.revenue_minor, a.currency])}
            />
          )}
        </section>
      </div>
    </>
  );
}

// The program's monthly report of the month the range ends in: as a page and as a PDF.
function MonthlyReportLinks({ programId, month }: { programId: string; month: string }) {
  const target = (format: string) => `/api/v1/reports/monthly${query({ program_id: programId, month, format })}`;
  return (
    <p>
      Monthly report for {month}: <a href={target("html")}>open the page</a> ·{" "}
      <a href={target("pdf")} download>
        download the PDF
      </a>{" "}
      <span class="muted">headline figures beside the month before, channels, top advocates, share and forecast</span>
    </p>
  );
}

export function DashboardPage() {
  const { query: params, route } = useLocation();
  const { canReadAnalytics } = useSession();
  const today = isoDay(new Date());
  const to = params.to ?? today;
  const from = params.from ?? addDays(to, -29);
  const programId = params.program_id ?? "";
  const basis: Basis = params.basis === "activity" ? "activity" : "cohort";
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const analytics = useLoad(
    () =>
      canReadAnalytics
        ? get<Analytics>(`/api/v1/analytics${query({ basis, program_id: programId, from, to: addDays(to, 1) })}`)
        : Promise.resolve(undefined),
    [basis, programId, from, to],
  );
  const go = (next: Record<string, string>) =>
    route(`/console/dashboard${query({ program_id: programId, basis, from, to, ...next })}`);
  if (!canReadAnalytics) {
    return (
      <ConsoleShell title="Dashboard">
        <Notice kind="info">The dashboard is for admins, managers and viewers.</Notice>
      </ConsoleShell>
    );
  }
  return (
    <ConsoleShell title="Dashboard">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what the dashboard shows">
        <ProgramFilter id="dashboard-program" title="Program" anyLabel="All programs" programs={programs.data?.data ?? []}
          value={programId} onChange={(v) => go({ program_id: v })} />
        <div class="field">
          <label for="dashboard-from">From</label>
          <input id="dashboard-from" type="date" value={from} max={to} onChange={(e) => go({ from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="dashboard-to">To (included)</label>
          <input id="dashboard-to" type="date" value={to} min={from} onChange={(e) => go({ to: e.currentTarget.value })} />
        </div>
        <ChoiceFilter id="dashboard-basis" title="Basis" choices={bases} value={basis} onChange={(v) => go({ basis: v })}
          describedBy="dashboard-basis-description" />
        <p class="basis-description" id="dashboard-basis-description">
          {analytics.data && analytics.data.basis === basis ? analytics.data.basis_description : ""}
        </p>
      </form>
      {programId ? (
        <p>
          <a class="button" href={`/api/v1/exports/clicks.csv${query({ program_id: programId, from, to: addDays(to, 1) })}`}
            download>
            Export clicks CSV
          </a>{" "}
          <span class="muted">every click of this program in these days, bots marked, oldest first</span>
        </p>
      ) : null}
      {programId ? <MonthlyReportLinks programId={programId} month={to.slice(0, 7)} /> : null}
      {analytics.error ? <Notice kind="error">{analytics.error.message}</Notice> : null}
      {analytics.data ? <Figures data={analytics.data} /> : analytics.error ? null : <Loading />}
      {programId ? <PipelinePanel programId={programId} from={from} to={addDays(to, 1)} /> : null}
      {programId ? <SegmentsPanel programId={programId} from={from} to={addDays(to, 1)} /> : null}
      {programId ? <NpsPanel programId={programId} from={from} to={addDays(to, 1)} /> : null}
      {programId ? <CustomersPanel programId={programId} /> : null}
    </ConsoleShell>
  );
}
