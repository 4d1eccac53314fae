// A program's challenge steps done and claimed, newest first, with a status filter (claims waiting
// for approval first); admins and managers approve a claim (its points are given) or reject it
// with a note the advocate reads. Sales reps see only their own advocates' (the server's rule).
import { useState } from "preact/hooks";
import { ApiError, get, post, query } from "../api";
import { dateTime } from "../format";
import type { ChallengeCompletion, Page } from "../models";
import { usePaged } from "../ui/data";
import { Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { points, pointsWords } from "../ui/points";
import { completionStatuses, completionStatusInWords } from "./challenge_words";
import { ChoiceFilter } from "./filters";
import { useSession } from "./session";

// The filter's choices: each status, or any ("all"; the list's default is those waiting).
export const completionFilters = [...completionStatuses, { value: "all", label: "Any status" }];

const advocateName = (c: ChallengeCompletion) => c.advocate_name ?? c.advocate_id;

interface Decision {
  c: ChallengeCompletion;
  step: string; // the step in the advocate's words
  onDone: (text: string) => void;
}

// "Ada Lovelace's “Write a review”", for the buttons' names and the outcomes.
const whose = ({ c, step }: Decision) => `${advocateName(c)}'s “${step}”`;

function RejectForm(d: Decision) {
  const form = useForm({ note: "" }, (v) => requireFields(v, { note: "why it is rejected, for the advocate" }));
  return (
    <form
      class="inline-form"
      noValidate
      aria-label={`Reject ${whose(d)}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit((v) => post(`/api/v1/challenge-completions/${d.c.id}/reject`, { note: v.note }));
        if (ok) d.onDone(`Rejected: ${whose(d)}. They read your note in their portal.`);
      }}
    >
      <Field form={form} name="note" id={`completion-${d.c.id}-note`} label="Why" required
        hint="The advocate reads it in their portal." />
      <FormMessage form={form} />
      <Submit form={form}>Reject</Submit>
    </form>
  );
}

function Actions(d: Decision) {
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  if (d.c.status !== "pending") return <span class="muted">—</span>;
  return (
    <div class="redemption-actions">
      <div class="toolbar">
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError("");
            try {
              await post(`/api/v1/challenge-completions/${d.c.id}/approve`);
              d.onDone(`Approved: ${whose(d)}; ${pointsWords(d.c.points)} given.`);
            } catch (failure) {
              setError(`Not approved: ${failure instanceof ApiError ? failure.message : String(failure)}`);
            } finally {
              setBusy(false);
            }
          }}
        >
          Approve<span class="visually-hidden"> {whose(d)}</span>
        </button>
        <button type="button" aria-expanded={rejecting} onClick={() => setRejecting(!rejecting)}>
          Reject<span class="visually-hidden"> {whose(d)}</span>
          <span aria-hidden="true">…</span>
        </button>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {rejecting ? <RejectForm {...d} /> : null}
    </div>
  );
}

// Who decided: the step counted by itself, the reader, or another staff member.
function decider(c: ChallengeCompletion, myId: string | undefined): string {
  if (!c.decided_by) return "";
  if (c.decided_by === "system") return "by itself";
  if (myId && c.decided_by === myId) return "by You";
  return `by ${c.decided_by_name ?? c.decided_by}`;
}

// What the advocate (or staff) sent with a claim: the review's link and their words.
function Sent({ c }: { c: ChallengeCompletion }) {
  if (c.ref) return <span class="muted">Counted by itself</span>;
  if (!c.url && !c.text) return <span>—</span>;
  return (
    <>
      {/^https?:\/\//i.test(c.url) ? (
        <div class="challenge-sent-url">
          <a href={c.url} target="_blank" rel="noopener noreferrer nofollow">
            {c.url}
          </a>
        </div>
      ) : null}
      {c.text ? <div class="challenge-sent-text">{c.text}</div> : null}
    </>
  );
}

interface Props {
  programId: string;
  status: string; // a status, or "all"
  round: number; // changes when the list is to be read again
  onStatus: (status: string) => void;
  onChange: (text: string) => void; // after an approval or a rejection
}

export function ChallengeCompletions({ programId, status, round, onStatus, onChange }: Props) {
  const { canManage, me } = useSession();
  const list = usePaged(
    (cursor) =>
      get<Page<ChallengeCompletion>>(
        `/api/v1/challenge-completions${query({ program_id: programId, status: status === "all" ? "" : status, limit: 50, cursor })}`,
      ),
    `${programId}#${status}#${round}`,
  );
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter the steps">
        <ChoiceFilter id="completions-status" title="Status" choices={completionFilters} value={status} onChange={onStatus} />
      </form>
      {list.error ? <Notice kind="error">{list.error.message}</Notice> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p class="muted">{status === "pending" ? "Nothing waiting for approval." : status === "all" ? "No steps done yet." : "None with this status."}</p>
      ) : null}
      {list.items.length > 0 ? (
        <table class="table">
          <caption class="visually-hidden">Steps done and claimed</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Advocate</th>
              <th scope="col">Challenge and step</th>
              <th scope="col">What they sent</th>
              <th scope="col" class="number">
                Points
              </th>
              <th scope="col">Status</th>
              {canManage ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => {
              const step = c.words ?? `Step ${c.step + 1}`;
              return (
                <tr key={c.id}>
                  <td class="nowrap">{dateTime(c.created_at)}</td>
                  <td>
                    <a href={`/console/advocates/${c.advocate_id}`}>{advocateName(c)}</a>
                  </td>
                  <td>
                    {c.challenge_name ?? c.challenge_id}
                    <div class="muted">{step}</div>
                  </td>
                  <td>
                    <Sent c={c} />
                  </td>
                  <td class="number">{points(c.points)}</td>
                  <td>
                    <Badge value={c.status} text={completionStatusInWords(c.status)} />
                    {c.decided_by ? <div class="muted">{decider(c, me.user?.id)}</div> : null}
                    {c.note ? <div class="muted">“{c.note}”</div> : null}
                  </td>
                  {canManage ? (
                    <td>
                      <Actions key={`${c.id}#${c.status}`} c={c} step={step} onDone={onChange} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {list.loading ? <Loading /> : null}
      {list.more ? (
        <p>
          <button type="button" onClick={list.more}>
            Load more
          </button>
        </p>
      ) : null}
    </>
  );
}
