// /console/challenges?program_id=&status=: a program's challenges, what it asks its advocates to do
// for points, in steps (each with its points and how many times it was taken), with when they
// open and end, who they are offered to, their limits and where they stand (open, scheduled,
// ended, retired); and the steps advocates did and claimed, those waiting for approval first.
// Admins and managers add challenges, change and retire them, approve or reject claims, and
// record a step for an advocate; viewers and sales reps read (sales reps: their own advocates'
// steps).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import type { Challenge, Page, PointsSettings, Program } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { points } from "../ui/points";
import { ChallengeCompletions, completionFilters } from "./challenge_completions";
import { ChallengeForm } from "./challenge_form";
import { ChallengeRecordForm } from "./challenge_record_form";
import { audienceInWords, challengeState, datesInWords, limitsInWords, stateBadges } from "./challenge_words";
import { ConsoleShell } from "./console_shell";
import { ProgramFilter } from "./filters";
import { useSession } from "./session";

function ChallengesTable({ list, canManage, onEdit }: { list: Challenge[]; canManage: boolean; onEdit: (id: string) => void }) {
  if (list.length === 0) return <p class="muted">No challenges yet.</p>;
  const now = Date.now();
  return (
    <table class="table">
      <caption class="visually-hidden">Challenges</caption>
      <thead>
        <tr>
          <th scope="col">Challenge</th>
          <th scope="col">When</th>
          <th scope="col">Steps: points, times taken</th>
          <th scope="col">Offered to</th>
          <th scope="col">Limits for each step</th>
          <th scope="col">State</th>
          {canManage ? <th scope="col">Change</th> : null}
        </tr>
      </thead>
      <tbody>
        {list.map((c) => {
          const state = stateBadges[challengeState(c, now)];
          return (
            <tr key={c.id}>
              <td>
                <span class="catalog-item-name">{c.name}</span>
                {c.description ? <div class="muted">{c.description}</div> : null}
              </td>
              <td>{datesInWords(c)}</td>
              <td>
                <ol class="challenge-step-list">
                  {c.steps.map((s, i) => (
                    <li key={i}>
                      {s.words}: {points(s.points)} {s.points === 1 ? "point" : "points"}, {points(s.taken)} taken
                      {s.claimed ? <span class="muted"> (staff approve)</span> : null}
                    </li>
                  ))}
                </ol>
              </td>
              <td>{audienceInWords(c)}</td>
              <td>{limitsInWords(c)}</td>
              <td>
                <Badge value={state.value} text={state.text} />
              </td>
              {canManage ? (
                <td>
                  <button type="button" onClick={() => onEdit(c.id)}>
                    Edit<span class="visually-hidden"> {c.name}</span>
                  </button>
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ChallengesPage() {
  const { query: params, route } = useLocation();
  const { canManage } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const status = completionFilters.some((s) => s.value === params.status) ? params.status : "pending";
  const [round, setRound] = useState(0);
  const challenges = useLoad(
    () =>
      programId
        ? get<{ data: Challenge[] }>(`/api/v1/programs/${programId}/challenges?include_retired=true`)
        : Promise.resolve(undefined),
    [programId, round],
  );
  // Challenges earn points: while the program keeps none, its advocates do not see them.
  const settings = useLoad(
    () => (programId ? get<PointsSettings>(`/api/v1/programs/${programId}/points-settings`) : Promise.resolve(undefined)),
    [programId],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [listNotice, setListNotice] = useState("");
  const [addNotice, setAddNotice] = useState("");
  const [stepNotice, setStepNotice] = useState("");
  const [recordNotice, setRecordNotice] = useState("");
  const go = (next: Record<string, string>) => {
    setEditing(null);
    setListNotice("");
    setAddNotice("");
    setStepNotice("");
    setRecordNotice("");
    route(`/console/challenges${query({ program_id: programId, status: status === "pending" ? "" : status, ...next })}`);
  };
  const list = (challenges.data?.data ?? []).filter((c) => c.program_id === programId);
  const edited = list.find((c) => c.id === editing);
  const now = Date.now();
  const recordable = list.filter((c) => challengeState(c, now) === "open" && c.steps.some((s) => s.claimed));
  const programName = programs.data?.data.find((p) => p.id === programId)?.name;
  const changed = () => setRound((n) => n + 1); // the steps' times taken change too
  return (
    <ConsoleShell title="Challenges">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose the program">
        <ProgramFilter id="challenges-program" title="Program" programs={programs.data?.data ?? []} value={programId}
          onChange={(v) => go({ program_id: v, status: "" })} />
      </form>
      {programs.data && programs.data.data.length === 0 ? <Notice kind="info">There is no program yet.</Notice> : null}
      {programId ? (
        <>
          <section class="card" aria-labelledby="challenges-list-title">
            <h2 id="challenges-list-title">{programName ? `${programName}: challenges` : "Challenges"}</h2>
            <p class="muted">
              What the program asks its advocates to do for points, in steps. Advocates see the open ones offered to
              them in their portal; each step counts toward its limits while done or waiting for approval.
            </p>
            {settings.data && !settings.data.enabled ? (
              <Notice kind="info">
                This program keeps no points: its advocates do not see its challenges until points are turned on in{" "}
                <a href={`/console/programs/${programId}`}>the program's settings</a>.
              </Notice>
            ) : null}
            {challenges.error ? <Notice kind="error">{challenges.error.message}</Notice> : null}
            {!challenges.data && !challenges.error ? <Loading /> : null}
            {challenges.data ? (
              <ChallengesTable list={list} canManage={canManage} onEdit={(id) => {
                setListNotice("");
                setEditing(id);
              }} />
            ) : null}
            <div role="status" aria-live="polite">
              {listNotice ? <p class="notice notice-success">{listNotice}</p> : null}
            </div>
            {canManage && edited ? (
              <ChallengeForm
                key={`${edited.id}#${edited.updated_at}`}
                programId={programId}
                challenge={edited}
                onClose={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  setListNotice(`Saved: ${saved.name}${saved.active ? "" : " (retired)"}.`);
                  changed();
                }}
              />
            ) : null}
          </section>
          {canManage ? (
            <section class="card" aria-labelledby="challenge-add-title">
              <ChallengeForm
                key={programId}
                programId={programId}
                onSaved={(saved) => {
                  setAddNotice(`Added: ${saved.name}.`);
                  changed();
                }}
              />
              <div role="status" aria-live="polite">
                {addNotice ? <p class="notice notice-success">{addNotice}</p> : null}
              </div>
            </section>
          ) : null}
          <section class="card" aria-labelledby="completions-title">
            <h2 id="completions-title">Steps done and claimed</h2>
            <p class="muted">
              Claims wait for your approval: approve one to give its points, or reject it with a note the advocate reads.
              Steps done by themselves are approved at once.
            </p>
            <div role="status" aria-live="polite">
              {stepNotice ? <p class="notice notice-success">{stepNotice}</p> : null}
            </div>
            <ChallengeCompletions
              programId={programId}
              status={status}
              round={round}
              onStatus={(v) => go({ status: v === "pending" ? "" : v })}
              onChange={(text) => {
                setStepNotice(text);
                changed();
              }}
            />
          </section>
          {canManage && recordable.length > 0 ? (
            <section class="card" aria-labelledby="challenge-record-title">
              <ChallengeRecordForm
                key={`${programId}#${recordable.map((c) => c.id).join()}`}
                programId={programId}
                challenges={recordable}
                onRecorded={(text) => {
                  setRecordNotice(text);
                  changed();
                }}
              />
              <div role="status" aria-live="polite">
                {recordNotice ? <p class="notice notice-success">{recordNotice}</p> : null}
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </ConsoleShell>
  );
}
