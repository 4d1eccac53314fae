// /console/referrals: referrals with filters (program, stage, review status), newest first.
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { dateTime, label } from "../format";
import type { Page, Program, Referral } from "../models";
import { closedStages, openStages } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";

export function ReferralsPage() {
  const { query: params, route } = useLocation();
  const filters = { program_id: params.program_id ?? "", stage: params.stage ?? "", review_status: params.review_status ?? "" };
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const referrals = useLoad(
    () => get<Page<Referral>>(`/api/v1/referrals${query({ ...filters, limit: 100 })}`),
    [filters.program_id, filters.stage, filters.review_status],
  );
  const setFilter = (name: string, value: string) => route(`/console/referrals${query({ ...filters, [name]: value })}`);
  return (
    <ConsoleShell title="Referrals">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter referrals">
        <div class="field">
          <label for="filter-program">Program</label>
          <select id="filter-program" value={filters.program_id} onChange={(e) => setFilter("program_id", e.currentTarget.value)}>
            <option value="">All programs</option>
            {(programs.data?.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-stage">Stage</label>
          <select id="filter-stage" value={filters.stage} onChange={(e) => setFilter("stage", e.currentTarget.value)}>
            <option value="">Any stage</option>
            {[...openStages, ...closedStages].map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-review">Review</label>
          <select id="filter-review" value={filters.review_status} onChange={(e) => setFilter("review_status", e.currentTarget.value)}>
            <option value="">Any</option>
            {["clear", "held", "duplicate"].map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {referrals.error ? <Notice kind="error">{referrals.error.message}</Notice> : null}
      <table class="table">
        <caption class="visually-hidden">Referrals</caption>
        <thead>
          <tr>
            <th scope="col">Referred</th>
            <th scope="col">Company</th>
            <th scope="col">Stage</th>
            <th scope="col">Review</th>
            <th scope="col">Source</th>
            <th scope="col">Submitted</th>
          </tr>
        </thead>
        <tbody>
          {(referrals.data?.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/console/referrals/${r.id}`}>
                  {[r.referee.first_name, r.referee.last_name].filter(Boolean).join(" ") || r.referee.email}
                </a>
              </td>
              <td>{r.referee.company}</td>
              <td>
                <Badge value={r.stage} />
              </td>
              <td>
                <Badge value={r.review_status} />
              </td>
              <td>{label(r.source)}</td>
              <td>{dateTime(r.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {referrals.data && referrals.data.data.length === 0 ? <p class="muted">No referrals match.</p> : null}
    </ConsoleShell>
  );
}
