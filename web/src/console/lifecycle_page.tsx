// /console/lifecycle?program_id=&from=&to=&as_of=: where a program's people stand in its lifecycle
// and how they move — the figures by stage for a range of days (both included; the last 90 by
// default) counted as of a day (today by default: now), a person's moves found by email (and, for
// admins and managers, a form that moves them), and the program's stages. Admins, managers and
// viewers (sales reps are told it is not for them).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { addDays, isoDay } from "../format";
import type { LifecycleFigures, LifecycleSettings, Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ProgramFilter } from "./filters";
import { LifecycleFiguresKey, LifecycleFiguresTable } from "./lifecycle_figures";
import { LifecyclePerson } from "./lifecycle_person";
import { LifecycleSettingsForm } from "./lifecycle_settings";
import { useSession } from "./session";

// The API's instants for days the reader chose: the range ends before the day after `to`, and the
// figures are counted at the end of `asOf` — or now, for today (the API refuses a future instant).
function apiRange(from: string, to: string, asOf: string, today: string) {
  const asOfInstant = asOf >= today ? undefined : `${addDays(asOf, 1)}T00:00:00Z`;
  const toInstant = to >= asOf ? undefined : `${addDays(to, 1)}T00:00:00Z`;
  return { from: `${from}T00:00:00Z`, to: toInstant, as_of: asOfInstant };
}

function Figures({ programId, from, to, asOf, round }: { programId: string; from: string; to: string; asOf: string; round: number }) {
  const today = isoDay(new Date());
  const figures = useLoad(
    () => get<LifecycleFigures>(`/api/v1/lifecycle${query({ program_id: programId, ...apiRange(from, to, asOf, today) })}`),
    [programId, from, to, asOf, round],
  );
  if (figures.error) return <Notice kind="error">{figures.error.message}</Notice>;
  if (!figures.data) return <Loading />;
  return (
    <section class="card" aria-labelledby="lifecycle-figures-title">
      <h2 id="lifecycle-figures-title">By stage</h2>
      <p class="hint">
        {figures.data.people.toLocaleString()} people known to the program as of {asOf >= today ? "now" : `the end of ${asOf}`}{" "}
        (UTC); the range is {from} to {to >= asOf ? asOf : to}, both included.
      </p>
      <LifecycleFiguresTable figures={figures.data} />
      <LifecycleFiguresKey />
    </section>
  );
}

function Lifecycle() {
  const { query: params, route } = useLocation();
  const { canManage } = useSession();
  const today = isoDay(new Date());
  const asOf = params.as_of && params.as_of < today ? params.as_of : today;
  const to = params.to && params.to < asOf ? params.to : asOf;
  const from = params.from && params.from <= to ? params.from : addDays(to, -89);
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const settings = useLoad(
    () => (programId ? get<LifecycleSettings>(`/api/v1/programs/${programId}/lifecycle-settings`) : Promise.resolve(undefined)),
    [programId],
  );
  const [round, setRound] = useState(0);
  const [notice, setNotice] = useState("");
  const go = (next: Record<string, string>) =>
    route(`/console/lifecycle${query({ program_id: programId, from, to, as_of: asOf, ...next })}`);
  if (programs.error) return <Notice kind="error">{programs.error.message}</Notice>;
  if (!programs.data) return <Loading />;
  if (!programId) return <p class="muted">No programs yet.</p>;
  return (
    <>
      <p class="lead">
        Every person the program knows — the people referred and the advocates — stands at one stage. Bluebird moves them
        when they are referred, win, are lost or enrol; staff can move anyone. Every move is kept.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what the figures show">
        <ProgramFilter id="lifecycle-program" title="Program" programs={programs.data.data} value={programId}
          onChange={(v) => go({ program_id: v })} />
        <div class="field">
          <label for="lifecycle-from">From</label>
          <input id="lifecycle-from" type="date" value={from} max={to} onChange={(e) => go({ from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="lifecycle-to">To (included)</label>
          <input id="lifecycle-to" type="date" value={to} min={from} max={asOf} onChange={(e) => go({ to: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="lifecycle-as-of">Counted as of</label>
          <input id="lifecycle-as-of" type="date" value={asOf} max={today} onChange={(e) => go({ as_of: e.currentTarget.value })} />
        </div>
      </form>
      <Figures programId={programId} from={from} to={to} asOf={asOf} round={round} />
      {settings.error ? <Notice kind="error">{settings.error.message}</Notice> : null}
      {settings.data ? (
        <>
          <LifecyclePerson key={programId} programId={programId} settings={settings.data} canMove={canManage}
            onMoved={() => setRound((n) => n + 1)} />
          <section class="card" aria-labelledby="lifecycle-settings-title">
            <h2 id="lifecycle-settings-title">The program's stages</h2>
            <LifecycleSettingsForm key={`${programId}:${settings.data.updated_at ?? "defaults"}`} settings={settings.data}
              canEdit={canManage}
              onSaved={(saved) => {
                setNotice("Saved: the stages apply from now.");
                settings.replace(saved);
                setRound((n) => n + 1);
              }} />
            <div role="status" aria-live="polite">
              {notice ? <p class="notice notice-success">{notice}</p> : null}
            </div>
          </section>
        </>
      ) : settings.error ? null : (
        <Loading />
      )}
    </>
  );
}

export function LifecyclePage() {
  const { canReadAnalytics } = useSession();
  return (
    <ConsoleShell title="Lifecycle">
      {canReadAnalytics ? <Lifecycle /> : <Notice kind="info">The lifecycle is for admins, managers and viewers.</Notice>}
    </ConsoleShell>
  );
}
