// The lifecycle figures of one program as a table, one row per stage then "Lost", each column
// saying what it counts: people at the stage (stock at the instant counted), entries in the range
// (flow), and of those who first entered in the range (the cohort) how many went on, were lost or are
// still there, with the Kaplan–Meier median stay beside the plain median of the ended stays.
import { basisPoints } from "../format";
import type { LifecycleFigures } from "../models";

function days(value: number | null): string {
  return value === null ? "—" : `${value.toLocaleString(undefined, { maximumFractionDigits: 2 })} d`;
}

// A cohort's share with its count: "60.0% (6)", or "—" when the cohort is empty.
function share(bp: number | null, count: number): string {
  return bp === null ? "—" : `${basisPoints(bp)} (${count.toLocaleString()})`;
}

export function LifecycleFiguresTable({ figures }: { figures: LifecycleFigures }) {
  const nameOf = new Map(figures.stages.map((s) => [s.stage, s.name]));
  return (
    <div class="table-scroll" role="region" aria-label="Lifecycle figures by stage" tabIndex={0}>
      <table class="table lifecycle-figures">
        <caption class="visually-hidden">Lifecycle figures by stage</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">People there now</th>
            <th scope="col">Entries in the range</th>
            <th scope="col">First entered in the range</th>
            <th scope="col">Of them, went on</th>
            <th scope="col">Lost</th>
            <th scope="col">Still there</th>
            <th scope="col">Median stay (Kaplan–Meier)</th>
            <th scope="col">Median of ended stays</th>
            <th scope="col">Throughput</th>
          </tr>
        </thead>
        <tbody>
          {figures.stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage}>
              <th scope="row">
                {s.name}
                {s.next ? <span class="hint"> → {nameOf.get(s.next) ?? s.next}</span> : null}
              </th>
              <td data-figure="count">{s.count.toLocaleString()}</td>
              <td data-figure="entries">{s.entries.toLocaleString()}</td>
              <td data-figure="cohort">{s.cohort.toLocaleString()}</td>
              <td data-figure="converted">{s.next ? share(s.conversion_bp, s.converted) : "—"}</td>
              <td data-figure="lost">{s.stage === "lost" ? "—" : share(s.loss_bp, s.lost)}</td>
              <td data-figure="in_progress">{s.stage === "lost" ? "—" : share(s.in_progress_bp, s.in_progress)}</td>
              <td data-figure="median">{days(s.median_days_in_stage)}</td>
              <td data-figure="median_ended">{days(s.median_days_of_ended_stays)}</td>
              <td data-figure="throughput">{basisPoints(s.throughput_bp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// What each column counts, in the reader's words (the API's `basis` says the same for scripts).
export function LifecycleFiguresKey() {
  return (
    <dl class="definitions">
      <dt>People there now</dt>
      <dd>Where each person stands at the instant counted (a stock).</dd>
      <dt>Entries in the range</dt>
      <dd>Moves into the stage in the range; a person who entered twice counts twice (a flow).</dd>
      <dt>First entered in the range</dt>
      <dd>
        People whose first entry into the stage falls in the range (a cohort). Of them: went on to the next stage (a
        jump past it counts), were lost first, or are still there; the three add up to 100%.
      </dd>
      <dt>Median stay</dt>
      <dd>
        Kaplan–Meier: those still in the stage count as staying, so it is not cut short; “—” until half of the cohort has
        left. The median of ended stays leaves them out and runs short; it is shown for comparison.
      </dd>
      <dt>Throughput</dt>
      <dd>Entries into the next stage over entries into this one in the range: different people, so not a conversion rate.</dd>
    </dl>
  );
}
