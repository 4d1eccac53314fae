// /console/committees?program_id=&attribute=&from=&to=&as_of=: how a program's referrals turned out
// by their buying committee — the buying influences it covers, the primary contact's DISC style,
// seniority or buying style — or by their advocate's DISC style or seniority: the cohort submitted
// in a range of days (both included; from the first and up to as_of when not chosen), clear of
// review and not rejected, and counted as of a day (today by default: now). Admins, managers and viewers (sales reps are told
// it is not for them).
import { useLocation } from "preact-iso";
import { type ApiError, get, query } from "../api";
import { addDays, isoDay } from "../format";
import type { AttributeOutcomes, Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { CommitteeOutcomes } from "./committee_outcomes";
import { outcomeAttributes } from "./committee_words";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, ProgramFilter } from "./filters";
import { useSession } from "./session";

// The API's instants for the days chosen: the cohort from the start of `from` to the end of `to`
// (none: the API's defaults), counted at the end of `asOf` — or now, for today (the API refuses a
// future instant).
function apiRange(from: string, to: string, asOf: string, today: string) {
  return {
    from: from ? `${from}T00:00:00Z` : undefined,
    to: to ? `${addDays(to, 1)}T00:00:00Z` : undefined,
    as_of: asOf >= today ? undefined : `${addDays(asOf, 1)}T00:00:00Z`,
  };
}

// A refusal with the fields it names ("to must be after from").
function refusal(error: ApiError): string {
  const fields = (error.problem.errors ?? []).map((e) => `${e.field} ${e.message}`);
  return [error.message, ...fields].join(" ");
}

function Committees() {
  const { query: params, route } = useLocation();
  const today = isoDay(new Date());
  const asOf = params.as_of && params.as_of < today ? params.as_of : today;
  const to = params.to && params.to < asOf ? params.to : "";
  const from = params.from && params.from <= (to || asOf) ? params.from : "";
  const attribute = outcomeAttributes.find((a) => a.value === params.attribute)?.value ?? "roles_covered";
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const report = useLoad(
    () =>
      programId
        ? get<AttributeOutcomes>(`/api/v1/reports/attribute-outcomes${query({ program_id: programId, attribute, ...apiRange(from, to, asOf, today) })}`)
        : Promise.resolve(undefined),
    [programId, attribute, from, to, asOf],
  );
  const go = (next: Record<string, string>) =>
    route(`/console/committees${query({ program_id: programId, attribute, from, to, as_of: asOf === today ? "" : asOf, ...next })}`);
  if (programs.error) return <Notice kind="error">{programs.error.message}</Notice>;
  if (!programs.data) return <Loading />;
  if (!programId) return <p class="muted">No programs yet.</p>;
  return (
    <>
      <p class="lead">
        Deals are decided by several people. Compare how referrals turned out by who was on their buying committee — the
        buying influences it covered, the primary contact's DISC style and seniority — or by who referred them.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what the figures show">
        <ProgramFilter id="committees-program" title="Program" programs={programs.data.data} value={programId}
          onChange={(v) => go({ program_id: v })} />
        <ChoiceFilter id="committees-attribute" title="Group the referrals by" value={attribute}
          choices={outcomeAttributes.map((a) => ({ value: a.value, label: a.label }))} onChange={(v) => go({ attribute: v })} />
        <div class="field">
          <label for="committees-from">Submitted from (empty: the first)</label>
          <input id="committees-from" type="date" value={from} max={to || asOf} onChange={(e) => go({ from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="committees-to">Submitted to, included (empty: up to as of)</label>
          <input id="committees-to" type="date" value={to} min={from || undefined} max={asOf} onChange={(e) => go({ to: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="committees-as-of">As of (the end of the day, UTC)</label>
          <input id="committees-as-of" type="date" value={asOf} max={today} onChange={(e) => go({ as_of: e.currentTarget.value })} />
        </div>
      </form>
      <section class="card" aria-labelledby="committees-outcomes-title">
        <h2 id="committees-outcomes-title">Won, lost and open</h2>
        <p class="hint">
          The program's referrals submitted {from ? `from ${from}` : "from the first"} {to ? `to ${to}` : `up to ${asOf === today ? "now" : `the end of ${asOf}`}`}{" "}
          (UTC) that were clear of review and not rejected {asOf === today ? "now" : `at the end of ${asOf}`}, and how each
          stood then.
        </p>
        {report.error ? <Notice kind="error">{refusal(report.error)}</Notice> : null}
        {report.data ? <CommitteeOutcomes report={report.data} /> : report.error ? null : <Loading />}
      </section>
    </>
  );
}

export function CommitteesPage() {
  const { canReadAnalytics } = useSession();
  return (
    <ConsoleShell title="Buying committees">
      {canReadAnalytics ? <Committees /> : <Notice kind="info">Buying committees are for admins, managers and viewers.</Notice>}
    </ConsoleShell>
  );
}
