// /console/segments?program_id=: a program's segments, in order — the first active segment that
// holds an advocate is theirs — each with who it holds in words, what staff should know about it
// (a level the program no longer has, a catch-all before it), and which of its words and emails are
// its own (the others are the program's). Admins and managers add segments, change them (with a
// live preview of their words), move them up and down, retire them and bring them back, and write
// their emails; viewers and sales reps read the list.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, get, patch, query } from "../api";
import type { Page, PointsSettings, Program, Segment } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ProgramFilter } from "./filters";
import { SegmentEmails } from "./segment_emails";
import { SegmentForm } from "./segment_form";
import { filterInWords, ownInWords } from "./segment_words";
import { useSession } from "./session";

type Outcome = { kind: "success" | "error"; text: string } | null;

interface Actions {
  move: (s: Segment, position: number) => void;
  retire: (s: Segment, active: boolean) => void;
  edit: (s: Segment) => void;
  emails: (s: Segment) => void;
}

function SegmentsTable({ list, activeCount, busy, actions }: { list: Segment[]; activeCount: number; busy: boolean; actions?: Actions }) {
  if (list.length === 0) {
    return <p class="muted">No segments yet: every advocate gets the program's words.</p>;
  }
  return (
    <table class="table segments">
      <caption class="visually-hidden">Segments, in order</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Segment</th>
          <th scope="col">Holds</th>
          <th scope="col">Its own words and emails</th>
          {actions ? <th scope="col">Change</th> : null}
        </tr>
      </thead>
      <tbody>
        {list.map((s) => {
          const own = ownInWords(s);
          return (
            <tr key={s.id} data-segment={s.id}>
              <td class="number">{s.position ?? <Badge value="retired" text="Retired" />}</td>
              <th scope="row">
                <span class="segment-name">{s.name}</span>
                {s.description ? <div class="muted segment-description">{s.description}</div> : null}
                {s.warnings.length > 0 ? (
                  <ul class="segment-warnings">
                    {s.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                ) : null}
              </th>
              <td>{filterInWords(s)}</td>
              <td>{own || <span class="muted">None: the program's</span>}</td>
              {actions ? (
                <td>
                  <div class="toolbar segment-actions">
                    {s.active && s.position !== null ? (
                      <>
                        <button type="button" disabled={busy || s.position <= 1} onClick={() => actions.move(s, s.position! - 1)}>
                          Move up<span class="visually-hidden"> {s.name}</span>
                        </button>
                        <button type="button" disabled={busy || s.position >= activeCount} onClick={() => actions.move(s, s.position! + 1)}>
                          Move down<span class="visually-hidden"> {s.name}</span>
                        </button>
                      </>
                    ) : null}
                    <button type="button" onClick={() => actions.edit(s)}>
                      Edit<span class="visually-hidden"> {s.name}</span>
                    </button>
                    <button type="button" onClick={() => actions.emails(s)}>
                      Emails<span class="visually-hidden"> of {s.name}</span>
                    </button>
                    <button type="button" class={s.active ? "danger" : undefined} disabled={busy} onClick={() => actions.retire(s, !s.active)}>
                      {s.active ? "Retire" : "Bring back"}
                      <span class="visually-hidden"> {s.name}</span>
                    </button>
                  </div>
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function SegmentsPage() {
  const { query: params, route } = useLocation();
  const { canManage } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const program = useLoad(
    () => (programId ? get<Program>(`/api/v1/programs/${programId}`) : Promise.resolve(undefined)),
    [programId],
  );
  const segments = useLoad(
    () =>
      programId
        ? get<{ data: Segment[] }>(`/api/v1/programs/${programId}/segments?include_retired=true`)
        : Promise.resolve(undefined),
    [programId],
  );
  // The program's levels, for the form's "Level" choice.
  const settings = useLoad(
    () =>
      programId && canManage ? get<PointsSettings>(`/api/v1/programs/${programId}/points-settings`) : Promise.resolve(undefined),
    [programId, canManage],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [mailing, setMailing] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [addNotice, setAddNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const list = (segments.data?.data ?? []).filter((s) => s.program_id === programId);
  const active = list.filter((s) => s.active).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const ordered = [...active, ...list.filter((s) => !s.active)];
  const levels = (settings.data?.levels ?? []).map((l) => l.name);
  const edited = list.find((s) => s.id === editing);
  const mailed = list.find((s) => s.id === mailing);
  const p = program.data && program.data.id === programId ? program.data : undefined;

  const go = (next: string) => {
    setEditing(null);
    setMailing(null);
    setOutcome(null);
    setAddNotice("");
    route(`/console/segments${query({ program_id: next })}`);
  };
  // A change from the list's buttons: PATCH, then the list again (the others were renumbered).
  const change = async (s: Segment, body: Record<string, unknown>, done: (saved: Segment) => string) => {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const saved = await patch<Segment>(`/api/v1/segments/${s.id}`, body);
      setOutcome({ kind: "success", text: done(saved) });
      segments.reload();
    } catch (failure) {
      setOutcome({ kind: "error", text: `${s.name} not changed: ${failure instanceof ApiError ? failure.message : String(failure)}` });
    } finally {
      setBusy(false);
    }
  };
  const actions: Actions = {
    move: (s, position) => change(s, { position }, (saved) => `Moved: ${saved.name} is now ${saved.position} in the order.`),
    retire: (s, back) =>
      change(s, { active: back }, (saved) =>
        saved.active
          ? `Brought back: ${saved.name}, ${saved.position} in the order.`
          : `Retired: ${saved.name}. Its advocates now get the next segment that holds them, or the program's words.`,
      ),
    edit: (s) => {
      setOutcome(null);
      setMailing(null);
      setEditing(s.id);
    },
    emails: (s) => {
      setOutcome(null);
      setEditing(null);
      setMailing(s.id);
    },
  };
  return (
    <ConsoleShell title="Segments">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose the program">
        <ProgramFilter id="segments-program" title="Program" programs={programs.data?.data ?? []} value={programId}
          onChange={go} />
      </form>
      {programs.data && programs.data.data.length === 0 ? <Notice kind="info">There is no program yet.</Notice> : null}
      {programId ? (
        <>
          <section class="card" aria-labelledby="segments-list-title">
            <h2 id="segments-list-title">{p ? `${p.name}: segments` : "Segments"}</h2>
            <p class="muted">
              Groups of advocates by their attributes, tags, NPS class and level, in order: an advocate is in the first
              active segment that holds them, and gets its own share message, headlines and emails where it has them,
              the program's otherwise. A referral counts in the segment its advocate was in when it was sent (the
              dashboard's referrals by segment).
            </p>
            {segments.error ? <Notice kind="error">{segments.error.message}</Notice> : null}
            {!segments.data && !segments.error ? <Loading /> : null}
            {segments.data ? (
              <SegmentsTable list={ordered} activeCount={active.length} busy={busy} actions={canManage ? actions : undefined} />
            ) : null}
            <div role="status" aria-live="polite">
              {outcome?.kind === "success" ? <p class="notice notice-success">{outcome.text}</p> : null}
            </div>
            {outcome?.kind === "error" ? <Notice kind="error">{outcome.text}</Notice> : null}
            {canManage && edited && p ? (
              <SegmentForm
                key={`${edited.id}#${edited.updated_at}`}
                program={p}
                levels={levels}
                active={active}
                segment={edited}
                onClose={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  setOutcome({ kind: "success", text: `Saved: ${saved.name}.` });
                  segments.reload();
                }}
              />
            ) : null}
          </section>
          {canManage && mailed && p ? (
            <SegmentEmails key={mailed.id} program={p} segment={mailed} onChange={segments.reload} />
          ) : null}
          {canManage && p ? (
            <section class="card" aria-labelledby="segment-add-title">
              <SegmentForm
                key={programId}
                program={p}
                levels={levels}
                active={active}
                onSaved={(saved) => {
                  setAddNotice(`Added: ${saved.name}, ${saved.position} in the order.`);
                  segments.reload();
                }}
              />
              <div role="status" aria-live="polite">
                {addNotice ? <p class="notice notice-success">{addNotice}</p> : null}
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </ConsoleShell>
  );
}
