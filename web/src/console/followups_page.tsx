// /console/followups: the follow-up tasks detractors' answers opened (the NPS inner loop), newest
// first, filtered by program and status. Each says who answered what, whose it is and by when it is
// due; staff who may handle it (not viewers; sales reps their own) record that the person was
// contacted, or close it, with a note of what was done.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, patch, query, type Page } from "../api";
import { dateTime } from "../format";
import type { FollowupStatus, FollowupTask, Program } from "../models";
import { usePaged, useLoad } from "../ui/data";
import { Field, FormMessage, Submit, useForm } from "../ui/form";
import { Badge, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, named, ProgramFilter } from "./filters";
import { useSession } from "./session";

const statuses: FollowupStatus[] = ["open", "contacted", "closed"];

// Overdue: nobody has contacted the person and the deadline has passed (as of the page's clock).
function overdue(task: FollowupTask, now: number): boolean {
  return task.contacted_at === null && Date.parse(task.due_at) < now;
}

function HandleForm({ task, onSaved }: { task: FollowupTask; onSaved: () => void }) {
  const form = useForm({ status: task.status === "open" ? "contacted" : task.status, note: task.note });
  const id = (name: string) => `followup-${task.id}-${name}`;
  return (
    <form
      class="stack"
      aria-label={`Handle the follow-up with ${task.email}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit(async (v) => {
          await patch(`/api/v1/followup-tasks/${task.id}`, { status: v.status, note: v.note });
        });
        if (ok) onSaved();
      }}
    >
      <FormMessage form={form} />
      <Field form={form} name="status" id={id("status")} label="Status" options={named(statuses)}
        hint="Closed is final: a new answer from this person opens a new follow-up." />
      <Field form={form} name="note" id={id("note")} label="What was done" multiline />
      <Submit form={form}>Save</Submit>
    </form>
  );
}

export function FollowupsPage() {
  const { query: params, route } = useLocation();
  const { canMove } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id ?? "";
  const status = params.status ?? "open";
  const [round, setRound] = useState(0);
  const [handling, setHandling] = useState("");
  const path = `/api/v1/followup-tasks${query({ program_id: programId || undefined, status: status === "any" ? undefined : status, limit: 100 })}`;
  const tasks = usePaged(
    (cursor) => get<Page<FollowupTask>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path),
    `${path} ${round}`,
  );
  const go = (next: { program_id?: string; status?: string }) =>
    route(`/console/followups${query({ program_id: programId || undefined, status, ...next })}`);
  const programName = (id: string) => programs.data?.data.find((p) => p.id === id)?.name ?? id;
  const now = Date.now();
  const count = tasks.items.length;
  return (
    <ConsoleShell title="Follow-ups">
      <p class="muted">
        A detractor (an answer of 0 to 6) asks for a call within 48 hours: find out what went wrong, and record what was done. A
        detractor is not asked to refer until they answer again as a passive or a promoter.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose follow-ups">
        <ProgramFilter id="followup-program" title="Program" programs={programs.data?.data ?? []} value={programId}
          anyLabel="Every program" onChange={(v) => go({ program_id: v || undefined })} />
        <ChoiceFilter id="followup-status" title="Status" value={status === "any" ? "" : status} choices={named(statuses)}
          anyLabel="Any status" onChange={(v) => go({ status: v || "any" })} />
      </form>
      {tasks.error ? <Notice kind="error">{tasks.error.message}</Notice> : null}
      <p class="muted" aria-live="polite">
        {tasks.loading && count === 0 ? "Loading…" : `${count} ${count === 1 ? "follow-up" : "follow-ups"}, newest first${tasks.more ? "; more below" : ""}.`}
      </p>
      {count > 0 ? (
        <table class="table">
          <caption class="visually-hidden">Follow-ups, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Respondent</th>
              <th scope="col">Score and reason</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
              <th scope="col">What was done</th>
              {canMove ? <th scope="col">Action</th> : null}
            </tr>
          </thead>
          <tbody>
            {tasks.items.map((t) => (
              <tr key={t.id}>
                <td>
                  {t.advocate_id ? <a href={`/console/advocates/${t.advocate_id}`}>{t.email}</a> : t.email}
                  {programId ? null : <div class="muted">{programName(t.program_id)}</div>}
                </td>
                <td>
                  <strong>{t.score}</strong> / 10{t.comment ? <div>“{t.comment}”</div> : null}
                  <div class="muted">answered {dateTime(t.answered_at)}</div>
                </td>
                <td>{t.owner_name ?? (t.owner_id ? t.owner_id : "Nobody in particular")}</td>
                <td>
                  {dateTime(t.due_at)}
                  {overdue(t, now) ? (
                    <div>
                      <Badge value="overdue" />
                    </div>
                  ) : null}
                  {t.contacted_at ? <div class="muted">contacted {dateTime(t.contacted_at)}</div> : null}
                </td>
                <td>
                  <Badge value={t.status} />
                </td>
                <td>
                  {t.note}
                  {t.note && t.updated_by_name ? <div class="muted">{t.updated_by_name}</div> : null}
                </td>
                {canMove ? (
                  <td>
                    {t.status === "closed" ? null : handling === t.id ? (
                      <HandleForm task={t} onSaved={() => { setHandling(""); setRound((n) => n + 1); }} />
                    ) : (
                      <button type="button" onClick={() => setHandling(t.id)} aria-label={`Handle the follow-up with ${t.email}`}>
                        Handle
                      </button>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : tasks.loading ? null : (
        <p class="muted">No follow-up matches these filters.</p>
      )}
      {tasks.more ? (
        <p>
          <button type="button" onClick={tasks.more}>
            Load more
          </button>
        </p>
      ) : null}
    </ConsoleShell>
  );
}
