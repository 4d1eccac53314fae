// The dashboard's referred and other customers for one program, month by month — the twelve whole
// months before this one unless other months are chosen (at most 36): how many stayed (retention),
// how many left, and the new revenue per new customer, for the customers the program's referrals
// brought and for the rest of the business (from the customers entered on the program's page). A
// chart, its numbers in a table, and a CSV file of them.
import { useState } from "preact/hooks";
import { get, query } from "../api";
import { basisPoints, money } from "../format";
import type { CustomerFigures, CustomerReport } from "../models";
import { Chart } from "../ui/chart";
import { CsvDownload, type CsvCell } from "../ui/csv_download";
import { useLoad } from "../ui/data";
import { Notice } from "../ui/layout";

const referredColour = "#1d4ed8";
const otherColour = "#9ca3af";
function count(value: number | null): string {
  return value === null ? "—" : value.toLocaleString();
}

function amount(value: number | null, currency: string): string {
  return value === null ? "—" : money(value, currency);
}

const header = ["month", "side", "customers_at_start", "new_customers", "churned_customers", "retention_bp", "churn_bp",
  "new_revenue_minor", "revenue_per_new_customer_minor", "unpriced_new_customers", "currency"];

function csvRow(month: string, side: string, f: CustomerFigures, currency: string): CsvCell[] {
  const cell = (v: number | null) => (v === null ? "" : v);
  return [month, side, cell(f.customers_at_start), cell(f.new_customers), cell(f.churned_customers),
    cell(f.retention_bp), cell(f.churn_bp), cell(f.new_revenue_minor), cell(f.revenue_per_new_customer_minor),
    cell(f.unpriced_new_customers ?? null), currency];
}

function Row({ label, side, f, currency }: { label: string; side: string; f: CustomerFigures; currency: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{side}</td>
      <td class="number">{count(f.customers_at_start)}</td>
      <td class="number">{count(f.new_customers)}</td>
      <td class="number">{count(f.churned_customers)}</td>
      <td class="number">{basisPoints(f.retention_bp)}</td>
      <td class="number">{amount(f.revenue_per_new_customer_minor, currency)}</td>
    </tr>
  );
}

// The months chosen: none (the server's default, the twelve whole months before this one) or both.
interface Months {
  from?: string;
  to?: string;
}

export function CustomersPanel({ programId }: { programId: string }) {
  const [months, setMonths] = useState<Months>({});
  const report = useLoad(
    () => get<CustomerReport>(`/api/v1/reports/customers${query({ program_id: programId, ...months })}`),
    [programId, months.from, months.to],
  );
  const r = report.data;
  const choose = (change: Months) => setMonths({ from: r?.from ?? months.from, to: r?.to ?? months.to, ...change });
  const pickers = (
    <div class="field-grid">
      <label>
        From month
        <input type="month" value={r?.from ?? months.from ?? ""} onChange={(e) => choose({ from: e.currentTarget.value })} />
      </label>
      <label>
        To month (included)
        <input type="month" value={r?.to ?? months.to ?? ""} onChange={(e) => choose({ to: e.currentTarget.value })} />
      </label>
    </div>
  );
  if (!r) {
    return report.error ? (
      <section class="card" aria-labelledby="customers-title">
        <h2 id="customers-title">Referred and other customers</h2>
        {pickers}
        <Notice kind="error">{report.error.message}</Notice>
      </section>
    ) : null;
  }
  const c = r.currency;
  const notes = r.months.flatMap((m) => m.notes);
  const known = r.months.some((m) => m.other.customers_at_start !== null || m.other.new_customers !== null);
  return (
    <section class="card" aria-labelledby="customers-title">
      <h2 id="customers-title">Referred and other customers</h2>
      {pickers}
      {report.error ? <Notice kind="error">{report.error.message}</Notice> : null}
      <p>
        {r.from} to {r.to}
        {r.complete ? "" : " (to date)"}: customers kept, referred <strong>{basisPoints(r.total.referred.retention_bp)}</strong>{" "}
        and other <strong>{basisPoints(r.total.other.retention_bp)}</strong>; new revenue per new customer, referred{" "}
        <strong>{amount(r.total.referred.revenue_per_new_customer_minor, c)}</strong> and other{" "}
        <strong>{amount(r.total.other.revenue_per_new_customer_minor, c)}</strong> (— where not known).
      </p>
      {known ? null : (
        <p class="hint">
          Enter the business's customers (at each month's start, won, lost) under "Monthly figures" on the program's
          page to compare the referred customers with the rest.
        </p>
      )}
      <Chart
        label={`Monthly retention, referred against other customers: ${r.months
          .map((m) => `${m.month} ${basisPoints(m.referred.retention_bp)} against ${basisPoints(m.other.retention_bp)}`)
          .join(", ")}`}
        height={220}
        option={{
          tooltip: { trigger: "axis" },
          legend: { top: 0 },
          grid: { left: 50, right: 10, bottom: 30, top: 30 },
          xAxis: { type: "category", data: r.months.map((m) => m.month) },
          yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
          series: [
            { name: "Referred", type: "bar", color: referredColour,
              data: r.months.map((m) => (m.referred.retention_bp === null ? null : m.referred.retention_bp / 100)) },
            { name: "Other", type: "bar", color: otherColour,
              data: r.months.map((m) => (m.other.retention_bp === null ? null : m.other.retention_bp / 100)) },
          ],
        }}
      />
      <table class="table">
        <caption class="visually-hidden">Referred and other customers by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Customers</th>
            <th scope="col">At the start</th>
            <th scope="col">New</th>
            <th scope="col">Lost</th>
            <th scope="col">Retention</th>
            <th scope="col">Revenue per new customer</th>
          </tr>
        </thead>
        <tbody>
          {r.months.flatMap((m) => [
            <Row key={`${m.month}-referred`} label={m.month} side="Referred" f={m.referred} currency={c} />,
            <Row key={`${m.month}-other`} label={m.month} side="Other" f={m.other} currency={c} />,
          ])}
          <Row label="All months" side="Referred" f={r.total.referred} currency={c} />
          <Row label="All months" side="Other" f={r.total.other} currency={c} />
        </tbody>
      </table>
      {notes.length > 0 ? (
        <ul class="hint">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <CsvDownload
        what="the referred and other customers"
        filename={`customers-${r.from}-to-${r.to}.csv`}
        header={header}
        rows={[
          ...r.months.flatMap((m) => [csvRow(m.month, "referred", m.referred, c), csvRow(m.month, "other", m.other, c)]),
          csvRow("all", "referred", r.total.referred, c),
          csvRow("all", "other", r.total.other, c),
        ]}
      />
      <p class="hint">{r.method}</p>
    </section>
  );
}
