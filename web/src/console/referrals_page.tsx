// /console/referrals: referrals with filters (program, stage, review status), newest first, and
// the filtered list as a CSV file.
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { dateTime, label, personName } from "../format";
import type { Page, Program, Referral } from "../models";
import { closedStages, openStages } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, named, ProgramFilter } from "./filters";

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
        <ProgramFilter id="filter-program" title="Program" anyLabel="All programs" programs={programs.data?.data ?? []}
          value={filters.program_id} onChange={(v) => setFilter("program_id", v)} />
        <ChoiceFilter id="filter-stage" title="Stage" anyLabel="Any stage" choices={named([...openStages, ...closedStages])}
          value={filters.stage} onChange={(v) => setFilter("stage", v)} />
        <ChoiceFilter id="filter-review" title="Review" anyLabel="Any" choices={named(["clear", "held", "duplicate"])}
          value={filters.review_status} onChange={(v) => setFilter("review_status", v)} />
      </form>
      <p>
        <a class="button" href={`/api/v1/exports/referrals.csv${query(filters)}`} download>
          Export CSV
        </a>{" "}
        <span class="muted">every referral the filters match, with the dates it reached each stage</span>
      </p>
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
                  {personName(r.referee)}
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
