// /console/suppressions (admins): the addresses Bluebird must not email, newest first, a page at
// a time — those an SMTP server refused for good (added by Bluebird, actor "system") and those
// admins added — with a form that adds one and a removal that is asked first.
import { useState } from "preact/hooks";
import { ApiError, get, remove } from "../api";
import { dateTime } from "../format";
import type { Page, Suppression } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { usePaged } from "../ui/data";
import { Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { useSession } from "./session";
import { SuppressionForm } from "./suppression_form";
import { reasonName } from "./suppression_words";

type Outcome = { kind: "success" | "error"; text: string } | null;

function SuppressionTable({ entries, onRemove }: { entries: Suppression[]; onRemove: (entry: Suppression) => void }) {
  return (
    <table class="table suppressions">
      <caption class="visually-hidden">Suppressed addresses, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Address</th>
          <th scope="col">Reason</th>
          <th scope="col">Note</th>
          <th scope="col">Added</th>
          <th scope="col">
            <span class="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((s) => (
          <tr key={s.id}>
            <td class="id">
              <strong>{s.email}</strong>
            </td>
            <td>{reasonName(s.reason)}</td>
            <td>{s.note || "—"}</td>
            <td class="nowrap">
              {dateTime(s.created_at)}
              {s.actor === "system" ? <div class="muted">by Bluebird</div> : null}
            </td>
            <td>
              <button type="button" onClick={() => onRemove(s)}>
                Remove <span class="visually-hidden">{s.email}</span>
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Suppressions() {
  const [round, setRound] = useState(0);
  const path = "/api/v1/suppressions?limit=50";
  const entries = usePaged((cursor) => get<Page<Suppression>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path), `${path} ${round}`);
  const [asking, setAsking] = useState<Suppression | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const reload = () => setRound((n) => n + 1);
  const unsuppress = async (entry: Suppression) => {
    setAsking(null);
    setOutcome(null);
    try {
      await remove(`/api/v1/suppressions/${encodeURIComponent(entry.email)}`);
      setOutcome({ kind: "success", text: `${entry.email} is off the list: Bluebird may email it again from the next email on.` });
      reload();
    } catch (failure) {
      setOutcome({ kind: "error", text: failure instanceof ApiError ? failure.message : String(failure) });
    }
  };
  const count = entries.items.length;
  return (
    <>
      <p class="lead">
        Bluebird sends nothing to these addresses (unsubscribed ones still get the sign-in links they ask for). An SMTP
        server's permanent refusal adds the address by itself; remove a bounce only once the address works again.
      </p>
      <div role="status" aria-live="polite">
        {outcome?.kind === "success" ? <p class="notice notice-success">{outcome.text}</p> : null}
      </div>
      {outcome?.kind === "error" ? <Notice kind="error">{outcome.text}</Notice> : null}
      {entries.error ? <Notice kind="error">{entries.error.message}</Notice> : null}
      <p class="muted">
        {entries.loading
          ? "Loading…"
          : count === 0
            ? "No address is suppressed."
            : `${count} ${count === 1 ? "address" : "addresses"}${entries.more ? ", newest first; more below" : ", newest first"}.`}
      </p>
      {count > 0 ? <SuppressionTable entries={entries.items} onRemove={setAsking} /> : null}
      {entries.more ? (
        <p>
          <button type="button" onClick={entries.more}>
            Load more
          </button>
        </p>
      ) : null}
      <ConfirmDialog
        id="unsuppress"
        title={`Remove ${asking?.email ?? ""} from the list?`}
        confirm="Yes, remove it"
        open={asking !== null}
        onConfirm={() => asking && unsuppress(asking)}
        onCancel={() => setAsking(null)}
      >
        <p>
          Bluebird may email {asking?.email} again from the next email on
          {asking?.reason === "bounce" ? "; if the address still does not take mail, the next refusal puts it back" : ""}.
        </p>
      </ConfirmDialog>
      <section class="card invite" aria-labelledby="suppress-title">
        <h2 id="suppress-title">Suppress an address</h2>
        <SuppressionForm
          onAdded={(entry) => {
            setOutcome({ kind: "success", text: `${entry.email} is suppressed (${reasonName(entry.reason).toLowerCase()}).` });
            reload();
          }}
        />
      </section>
    </>
  );
}

export function SuppressionsPage() {
  const { canManageIntegrations } = useSession();
  return (
    <ConsoleShell title="Suppressions">
      {canManageIntegrations ? <Suppressions /> : <Notice kind="error">Only admins manage the suppression list.</Notice>}
    </ConsoleShell>
  );
}
