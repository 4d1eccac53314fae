// The outcomes of a cohort of referrals by one attribute (GET /api/v1/reports/attribute-outcomes):
// a row for each value in the API's order (empty ones too), the total, and the API's method in
// words. Each row is marked with its value (data-value) as the API gives it.
import type { AttributeOutcomeRow, AttributeOutcomes } from "../models";
import { outcomeAttributes, outcomeValueName, winRate } from "./committee_words";

const days = (n: number | null) => (n === null ? "—" : n.toLocaleString());

function Figures({ row }: { row: AttributeOutcomeRow }) {
  return (
    <>
      <td class="number" data-figure="referrals">{row.referrals.toLocaleString()}</td>
      <td class="number" data-figure="won">{row.won.toLocaleString()}</td>
      <td class="number" data-figure="lost">{row.lost.toLocaleString()}</td>
      <td class="number" data-figure="open">{row.open.toLocaleString()}</td>
      <td class="number" data-figure="win-rate">{winRate(row.win_rate_bp)}</td>
      <td class="number" data-figure="median-days">{days(row.median_days_to_won)}</td>
    </>
  );
}

export function CommitteeOutcomes({ report }: { report: AttributeOutcomes }) {
  const column = outcomeAttributes.find((a) => a.value === report.attribute)?.column ?? report.attribute;
  return (
    <>
      <div class="table-scroll" role="region" aria-label="Outcomes by value" tabIndex={0}>
        <table class="table committee-outcomes">
          <caption class="visually-hidden">The cohort's referrals won, lost and open by {column.toLowerCase()}</caption>
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col">Referrals</th>
              <th scope="col">Won</th>
              <th scope="col">Lost</th>
              <th scope="col">Open</th>
              <th scope="col">Win rate (won of all)</th>
              <th scope="col">Median days to won</th>
            </tr>
          </thead>
          <tbody>
            {report.values.map((row) => (
              <tr key={row.value} data-value={row.value}>
                <th scope="row">{outcomeValueName(report.attribute, row.value)}</th>
                <Figures row={row} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-value="total">
              <th scope="row">Total</th>
              <Figures row={report.total} />
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="hint" data-figure="method">{report.method}</p>
    </>
  );
}
