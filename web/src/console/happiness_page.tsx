// /console/happiness?program_id=&group_by=&from=&to=: how the people Bluebird serves rated what
// was done for them — emails, rewards paid, referrals handled, review decisions — over a range of
// days (both included; the last 30 by default), one program or all: a table per staff member,
// kind of interaction or program with every group together, and the ratings with their comments
// below. Admins, managers and viewers (sales reps are told it is not for them).
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { addDays, isoDay } from "../format";
import type { HappinessGrouping, HappinessReport, Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, ProgramFilter } from "./filters";
import { HappinessTable } from "./happiness_table";
import { groupings } from "./happiness_words";
import { RatingsList } from "./ratings_list";
import { useSession } from "./session";

// A day (YYYY-MM-DD, UTC) as the reader writes dates: "Nov 6, 2026".
function dayInWords(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: "medium", timeZone: "UTC" });
}

function Happiness() {
  const { query: params, route } = useLocation();
  const to = params.to ?? isoDay(new Date());
  const from = params.from ?? addDays(to, -29);
  const programId = params.program_id ?? "";
  const groupBy: HappinessGrouping = groupings.find((g) => g.value === params.group_by)?.value ?? "staff";
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  // The API's range ends before `to`: the day after the last one shown.
  const range = { program_id: programId, from, to: addDays(to, 1) };
  const report = useLoad(() => get<HappinessReport>(`/api/v1/happiness${query({ ...range, group_by: groupBy })}`),
    [programId, from, to, groupBy]);
  const go = (next: Record<string, string>) =>
    route(`/console/happiness${query({ program_id: programId, group_by: groupBy, from, to, ...next })}`);
  return (
    <>
      <p class="lead">
        After an email, a reward paid, a referral handled or a review decision, the person is asked “How did we do?”
        and answers happy, OK or unhappy with one click (“Wow!” adds to happy).
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what the report shows">
        <ProgramFilter id="happiness-program" title="Program" anyLabel="All programs" programs={programs.data?.data ?? []}
          value={programId} onChange={(v) => go({ program_id: v })} />
        <ChoiceFilter id="happiness-group" title="One row per" choices={groupings} value={groupBy}
          onChange={(v) => go({ group_by: v })} />
        <div class="field">
          <label for="happiness-from">From</label>
          <input id="happiness-from" type="date" value={from} max={to} onChange={(e) => go({ from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="happiness-to">To (included)</label>
          <input id="happiness-to" type="date" value={to} min={from} onChange={(e) => go({ to: e.currentTarget.value })} />
        </div>
      </form>
      {report.error ? <Notice kind="error">{report.error.message}</Notice> : null}
      {report.data ? (
        <section class="card" aria-labelledby="happiness-report-title">
          <h2 id="happiness-report-title">
            Ratings from {dayInWords(from)} to {dayInWords(to)}
          </h2>
          <p class="hint">
            Counts the ratings given and the requests made in these days (UTC); a rating that repeats another, or was
            deleted, does not count.
          </p>
          {report.data.all.requests === 0 && report.data.all.total === 0 ? (
            <p class="muted">Nobody was asked, and nobody rated, in these days.</p>
          ) : (
            <HappinessTable report={report.data} />
          )}
        </section>
      ) : report.error ? null : (
        <Loading />
      )}
      <RatingsList filters={range} onDeleted={report.reload} />
    </>
  );
}

export function HappinessPage() {
  const { canReadAnalytics } = useSession();
  return (
    <ConsoleShell title="Happiness">
      {canReadAnalytics ? <Happiness /> : <Notice kind="info">The happiness report is for admins, managers and viewers.</Notice>}
    </ConsoleShell>
  );
}
