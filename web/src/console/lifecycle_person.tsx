// One person's place in a program's lifecycle: found by email, their stage and every move of their
// log (oldest first, who made it and why), and for admins and managers a form that moves them. A
// move back asks for "Allow moving back" and a reason, as the API does; the server's 409 and 422 land
// on the form.
import { useState } from "preact/hooks";
import { ApiError, get, post, query } from "../api";
import { dateTime } from "../format";
import type { LifecycleHistory, LifecycleMoveResult, LifecycleSettings } from "../models";
import { checkEmail, Field, FormMessage, Submit, useForm } from "../ui/form";

interface Props {
  programId: string;
  settings: LifecycleSettings;
  canMove: boolean;
  onMoved: () => void; // the figures change with a move
}

function stageChoices(settings: LifecycleSettings) {
  return [...settings.stages.map((s) => ({ value: s.key, label: s.name })), { value: "lost", label: "Lost" }];
}

function History({ history, nameOf }: { history: LifecycleHistory; nameOf: (key: string | null) => string }) {
  return (
    <>
      <p>
        <strong>{history.email}</strong> is at <strong data-figure="stage">{nameOf(history.stage)}</strong> since{" "}
        {dateTime(history.entered_at)} (first seen {dateTime(history.first_seen_at)}).
      </p>
      <div class="table-scroll" role="region" aria-label="Moves of this person" tabIndex={0}>
        <table class="table lifecycle-moves">
          <caption class="visually-hidden">Moves, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Stages reached</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {history.moves.map((m) => (
              <tr key={m.id}>
                <td>{dateTime(m.at)}</td>
                <td>{m.from ? nameOf(m.from) : "—"}</td>
                <td>{nameOf(m.to)}</td>
                <td>{m.reached.map(nameOf).join(", ") || "—"}</td>
                <td>{m.source === "auto" ? "Bluebird (an event)" : "Staff"}</td>
                <td>{m.reason || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function MoveForm({ programId, settings, email, stage, onMoved }: {
  programId: string;
  settings: LifecycleSettings;
  email: string;
  stage: string;
  onMoved: (result: LifecycleMoveResult) => void;
}) {
  const form = useForm({ to: stage, allow_backward: "false", reason: "" });
  const v = form.values;
  return (
    <form
      class="form lifecycle-move"
      noValidate
      aria-label="Move this person"
      onSubmit={async (e) => {
        e.preventDefault();
        let answer: LifecycleMoveResult | undefined;
        const ok = await form.submit(async (values) => {
          answer = await post<LifecycleMoveResult>(`/api/v1/programs/${programId}/lifecycle-moves`, {
            email,
            to: values.to,
            allow_backward: values.allow_backward === "true",
            ...(values.reason.trim() ? { reason: values.reason.trim() } : {}),
          });
        });
        if (ok && answer) onMoved(answer);
      }}
    >
      <Field form={form} name="to" id="lifecycle-move-to" label="Move to" options={stageChoices(settings)} />
      <div class="setting">
        <label class="choice" for="lifecycle-move-backward">
          <input id="lifecycle-move-backward" type="checkbox" checked={v.allow_backward === "true"}
            onChange={(e) => form.set("allow_backward", e.currentTarget.checked ? "true" : "false")} />
          Allow moving back
        </label>
      </div>
      <Field form={form} name="reason" id="lifecycle-move-reason" label="Reason"
        hint="Required when the move takes the person back; kept in their history and the audit trail." />
      <FormMessage form={form} />
      <Submit form={form}>Move</Submit>
    </form>
  );
}

export function LifecyclePerson({ programId, settings, canMove, onMoved }: Props) {
  const [history, setHistory] = useState<LifecycleHistory | null>(null);
  const [notice, setNotice] = useState("");
  const nameOf = (key: string | null) =>
    key === "lost" ? "Lost" : (settings.stages.find((s) => s.key === key)?.name ?? key ?? "—");
  const lookup = useForm({ email: "" }, (v) => checkEmail(v, "email", v.email.trim() ? {} : { email: "is required" }));
  const load = async (email: string) =>
    get<LifecycleHistory>(`/api/v1/programs/${programId}/lifecycle-contact${query({ email })}`);
  return (
    <section class="card" aria-labelledby="lifecycle-person-title">
      <h2 id="lifecycle-person-title">A person's stages</h2>
      <form
        class="form filters"
        noValidate
        aria-label="Find a person"
        onSubmit={async (e) => {
          e.preventDefault();
          setNotice("");
          setHistory(null);
          await lookup.submit(async (values) => {
            try {
              setHistory(await load(values.email.trim()));
            } catch (error) {
              if (error instanceof ApiError && error.status === 404) {
                setNotice(`This program's lifecycle does not know ${values.email.trim()} yet.`);
              } else {
                throw error;
              }
            }
          });
        }}
      >
        <Field form={lookup} name="email" id="lifecycle-email" label="Email" type="email" autoComplete="off" />
        <FormMessage form={lookup} />
        <Submit form={lookup}>Show</Submit>
      </form>
      <div role="status" aria-live="polite">
        {notice ? <p class="notice notice-info">{notice}</p> : null}
      </div>
      {history ? <History history={history} nameOf={nameOf} /> : null}
      {canMove && (history || notice) ? (
        <MoveForm
          key={history ? `${history.email}:${history.stage}:${history.moves.length}` : notice}
          programId={programId}
          settings={settings}
          email={history?.email ?? lookup.values.email.trim()}
          stage={history?.stage ?? settings.stages[0]?.key ?? "lost"}
          onMoved={async (result) => {
            setNotice(result.changed ? `Moved to ${nameOf(result.contact.stage)}.` : "They are there already: nothing changed.");
            setHistory(await load(result.contact.email));
            onMoved();
          }}
        />
      ) : null}
    </section>
  );
}
