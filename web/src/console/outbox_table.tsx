// Outbox items as a table (an endpoint's delivery log, the whole outbox): the event, its state,
// the attempts made, the last attempt's answer and error, when the next attempt is due. Each opens to its
// attempts; a webhook delivery that is dead or delivered can be replayed (an email cannot: its
// message is not kept). `path` is where an item is read; its replay is `${path}/replay`.
import { useState } from "preact/hooks";
import { ApiError, post } from "../api";
import { dateTime } from "../format";
import type { OutboxItem } from "../models";
import { Badge, Notice } from "../ui/layout";
import { OutboxAttempts } from "./outbox_attempts";
import { emailKind } from "./webhook_words";

interface TableProps {
  items: OutboxItem[];
  caption: string;
  path: (item: OutboxItem) => string;
  showTarget?: boolean; // the outbox's: which endpoint or address each item goes to
}

function Target({ item }: { item: OutboxItem }) {
  if (item.kind === "email") return <>{item.target}</>;
  return <a href={`/console/webhooks/${item.target}`}>{item.target}</a>;
}

// A webhook's event type as the API names it, or an email's kind in words with its subject; the
// item's id and when it was written.
function EventCell({ item }: { item: OutboxItem }) {
  const subject = item.kind === "email" ? (item.payload as { subject?: string } | null)?.subject : undefined;
  return (
    <>
      {item.kind === "email" ? <strong>{emailKind(item.event_type)} email</strong> : <code>{item.event_type}</code>}
      {subject ? <div>{subject}</div> : null}
      <div class="muted id">{item.id}</div>
      <div class="muted">written {dateTime(item.created_at)}</div>
    </>
  );
}

// The last attempt's answer (an HTTP status or an SMTP reply code, "no answer" without one) and
// why it failed; "—" before the first attempt.
function LastAttempt({ item }: { item: OutboxItem }) {
  if (!item.last_attempt_at) return <>—</>;
  return (
    <>
      <strong>{item.last_status ?? "no answer"}</strong>
      {item.last_error ? <div class="last-error">{item.last_error}</div> : null}
    </>
  );
}

function Replay({ item, path, onReplayed }: { item: OutboxItem; path: string; onReplayed: (item: OutboxItem) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  if (item.kind !== "webhook" || item.state === "pending") return null;
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError("");
          try {
            onReplayed(await post<OutboxItem>(`${path}/replay`));
          } catch (failure) {
            setError(`Not replayed: ${failure instanceof ApiError ? failure.message : String(failure)}`);
          } finally {
            setBusy(false);
          }
        }}
      >
        Replay <span class="visually-hidden">{item.event_type} {item.id}</span>
      </button>
      {error ? <Notice kind="error">{error}</Notice> : null}
    </>
  );
}

export function OutboxTable({ items, caption, path, showTarget = false }: TableProps) {
  const [open, setOpen] = useState<string | null>(null);
  // Items replayed here, as the server answered (pending again), until the list is read again.
  const [replayed, setReplayed] = useState<Record<string, OutboxItem>>({});
  const columns = showTarget ? 7 : 6;
  return (
    <table class="table outbox">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          {showTarget ? <th scope="col">To</th> : null}
          <th scope="col">State</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last attempt</th>
          <th scope="col">Next attempt</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((listed) => {
          const item = replayed[listed.id] ?? listed;
          const expanded = open === item.id;
          return [
            <tr key={item.id} data-id={item.id}>
              <td>
                <EventCell item={item} />
              </td>
              {showTarget ? (
                <td class="id">
                  <Target item={item} />
                </td>
              ) : null}
              <td>
                <Badge value={item.state} />
                {replayed[listed.id] ? <div class="muted">replayed</div> : null}
              </td>
              <td class="number">{item.attempts}</td>
              <td>
                <LastAttempt item={item} />
              </td>
              <td>{item.next_attempt_at ? dateTime(item.next_attempt_at) : "—"}</td>
              <td class="actions">
                <button
                  type="button"
                  aria-expanded={expanded}
                  aria-controls={expanded ? `attempts-${item.id}` : undefined}
                  onClick={() => setOpen(expanded ? null : item.id)}
                >
                  Attempts <span class="visually-hidden">of {item.id}</span>
                </button>
                <Replay item={item} path={path(item)} onReplayed={(answer) => setReplayed((old) => ({ ...old, [answer.id]: answer }))} />
              </td>
            </tr>,
            expanded ? (
              <tr key={`${item.id}-attempts`} class="manage-row">
                <td colSpan={columns} id={`attempts-${item.id}`}>
                  <OutboxAttempts key={`${item.id}-${item.attempts}-${item.state}`} path={path(item)}
                    caption={`Attempts of ${item.id}, oldest first`} />
                </td>
              </tr>
            ) : null,
          ];
        })}
      </tbody>
    </table>
  );
}
