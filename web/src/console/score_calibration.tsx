// The calibration of a program's score model: each referral's score when it was submitted against
// what became of it — the AUC, a lift table by decile (highest scores first) and the win rate by
// grade — each column saying what it counts.
import { basisPoints } from "../format";
import type { ScoreCalibration } from "../models";

// Lift in basis points as a multiple: 40,000 is "4.00×".
function lift(bp: number | null): string {
  return bp === null ? "—" : `${(bp / 10000).toFixed(2)}×`;
}

function range(min: number | null, max: number | null): string {
  return min === null || max === null ? "—" : min === max ? String(min) : `${min}–${max}`;
}

export function CalibrationSummary({ calibration: c }: { calibration: ScoreCalibration }) {
  return (
    <dl class="kpis">
      <div class="kpi">
        <dt>AUC</dt>
        <dd data-figure="auc">{c.auc_bp === null ? "—" : (c.auc_bp / 10000).toFixed(2)}</dd>
      </div>
      <div class="kpi">
        <dt>With an outcome</dt>
        <dd data-figure="count">{c.count.toLocaleString()}</dd>
      </div>
      <div class="kpi">
        <dt>Won</dt>
        <dd data-figure="won">
          {c.won.toLocaleString()} ({basisPoints(c.win_rate_bp)})
        </dd>
      </div>
      <div class="kpi">
        <dt>Too young to tell</dt>
        <dd data-figure="censored">{c.censored.toLocaleString()}</dd>
      </div>
    </dl>
  );
}

export function DecileTable({ calibration }: { calibration: ScoreCalibration }) {
  return (
    <div class="table-scroll" role="region" aria-label="Lift by decile" tabIndex={0}>
      <table class="table score-deciles">
        <caption class="visually-hidden">Lift by decile, highest scores first</caption>
        <thead>
          <tr>
            <th scope="col">Decile</th>
            <th scope="col">Scores</th>
            <th scope="col">Referrals</th>
            <th scope="col">Won</th>
            <th scope="col">Win rate</th>
            <th scope="col">Lift</th>
            <th scope="col">Share of all wins so far</th>
          </tr>
        </thead>
        <tbody>
          {calibration.deciles.map((d) => (
            <tr key={d.decile} data-decile={d.decile}>
              <th scope="row">{d.decile}</th>
              <td>{range(d.min_score, d.max_score)}</td>
              <td data-figure="count">{d.count.toLocaleString()}</td>
              <td data-figure="won">{d.won.toLocaleString()}</td>
              <td>{basisPoints(d.win_rate_bp)}</td>
              <td data-figure="lift">{lift(d.lift_bp)}</td>
              <td>{basisPoints(d.cumulative_capture_bp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function GradeTable({ calibration }: { calibration: ScoreCalibration }) {
  const used = calibration.grades.filter((g) => g.count > 0);
  if (used.length === 0) return null;
  return (
    <div class="table-scroll" role="region" aria-label="Win rate by grade" tabIndex={0}>
      <table class="table score-grades">
        <caption class="visually-hidden">Win rate by grade at submission</caption>
        <thead>
          <tr>
            <th scope="col">Grade</th>
            <th scope="col">Referrals</th>
            <th scope="col">Won</th>
            <th scope="col">Win rate</th>
            <th scope="col">Lift</th>
          </tr>
        </thead>
        <tbody>
          {used.map((g) => (
            <tr key={g.grade} data-grade={g.grade}>
              <th scope="row">{g.grade}</th>
              <td>{g.count.toLocaleString()}</td>
              <td>{g.won.toLocaleString()}</td>
              <td>{basisPoints(g.win_rate_bp)}</td>
              <td>{lift(g.lift_bp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
