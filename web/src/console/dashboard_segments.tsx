// The dashboard's referrals by segment for one program: the referrals submitted in the range, each
// in the segment its advocate was in when it was submitted (one row per segment, and one for the
// referrals of advocates in none), with how far they went, the win rate, the revenue they brought
// and the rewards they cost. A table and a CSV file of it.
import { get, query } from "../api";
import { basisPoints, money } from "../format";
import type { SegmentFigures, SegmentReport } from "../models";
import { CsvDownload } from "../ui/csv_download";
import { useLoad } from "../ui/data";
import { Badge, Notice } from "../ui/layout";

const header = ["segment_id", "segment", "active", "referrals", "referring_advocates", "qualified", "won", "lost", "rejected",
  "open", "win_rate_bp", "revenue_minor", "reward_cost_minor", "currency"];

const nameOf = (f: SegmentFigures) => f.name ?? "No segment";

export function SegmentsPanel({ programId, from, to }: { programId: string; from: string; to: string }) {
  const report = useLoad(
    () => get<SegmentReport>(`/api/v1/reports/segments${query({ program_id: programId, from, to })}`),
    [programId, from, to],
  );
  if (report.error) {
    return (
      <section class="card" aria-labelledby="segments-report-title">
        <h2 id="segments-report-title">Referrals by segment</h2>
        <Notice kind="error">{report.error.message}</Notice>
      </section>
    );
  }
  const r = report.data;
  if (!r || r.program_id !== programId) return null;
  const c = r.currency;
  const range = `${r.from.slice(0, 10)}-before-${r.to.slice(0, 10)}`;
  return (
    <section class="card" aria-labelledby="segments-report-title">
      <h2 id="segments-report-title">Referrals by segment</h2>
      <p class="hint" data-testid="segments-basis">
        {r.basis_description.charAt(0).toUpperCase() + r.basis_description.slice(1)}.{" "}
        <a href={`/console/segments?program_id=${encodeURIComponent(programId)}`}>The program's segments</a>
      </p>
      {r.segments.every((f) => f.referrals === 0) ? <p class="muted">No referrals in this range.</p> : null}
      {r.segments.length === 0 ? null : (
        <div class="table-scroll" role="region" aria-label="Table of referrals by segment" tabIndex={0}>
          <table class="table">
            <caption class="visually-hidden">Referrals by segment</caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col">Referrals</th>
                <th scope="col">Advocates referring</th>
                <th scope="col">Qualified</th>
                <th scope="col">Won</th>
                <th scope="col">Lost</th>
                <th scope="col">Rejected</th>
                <th scope="col">Open</th>
                <th scope="col">Win rate</th>
                <th scope="col">Revenue</th>
                <th scope="col">Reward cost</th>
              </tr>
            </thead>
            <tbody>
              {r.segments.map((f) => (
                <tr key={f.segment_id ?? ""}>
                  <th scope="row">
                    {f.segment_id === null ? <span class="muted">{nameOf(f)}</span> : nameOf(f)}
                    {f.segment_id !== null && !f.active ? (
                      <>
                        {" "}
                        <Badge value="retired" text="Retired" />
                      </>
                    ) : null}
                  </th>
                  <td class="number">{f.referrals.toLocaleString()}</td>
                  <td class="number">{f.referring_advocates.toLocaleString()}</td>
                  <td class="number">{f.qualified.toLocaleString()}</td>
                  <td class="number">{f.won.toLocaleString()}</td>
                  <td class="number">{f.lost.toLocaleString()}</td>
                  <td class="number">{f.rejected.toLocaleString()}</td>
                  <td class="number">{f.open.toLocaleString()}</td>
                  <td class="number">{basisPoints(f.win_rate_bp)}</td>
                  <td class="number">{money(f.revenue_minor, c)}</td>
                  <td class="number">{money(f.reward_cost_minor, c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.segments.length > 0 ? (
        <CsvDownload
          what="the referrals by segment"
          filename={`segments-${range}.csv`}
          header={header}
          rows={r.segments.map((f) => [
            f.segment_id ?? "", f.segment_id === null ? "" : nameOf(f), f.active ? "true" : "false", f.referrals,
            f.referring_advocates, f.qualified, f.won, f.lost, f.rejected, f.open, f.win_rate_bp ?? "", f.revenue_minor,
            f.reward_cost_minor, c,
          ])}
        />
      ) : null}
    </section>
  );
}
