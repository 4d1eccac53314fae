// The audit trail's events as a table: when, who, what, on which object (linked to its console
// page when it has one), each changed field "from → to", and the note.
import { dateTime } from "../format";
import type { AuditEvent } from "../models";
import { auditValue, kindName, objectHref } from "./audit_words";

// The server names API keys "name (API key)" and the command line "Bluebird" (actor "system").
function who(event: AuditEvent): string {
  if (event.actor === "system") return `${event.actor_name || "Bluebird"} (command line)`;
  return event.actor_name || event.actor;
}

function ObjectLink({ id }: { id: string }) {
  const href = objectHref(id);
  return href ? <a href={href}>{id}</a> : <>{id}</>;
}

// Many fields (an object's creation lists them all) fold into a summary that opens.
const foldAbove = 6;

function Changes({ changes }: { changes: AuditEvent["changes"] }) {
  const fields = Object.entries(changes);
  if (fields.length === 0) return <span class="muted">—</span>;
  const list = (
    <ul class="changes">
      {fields.map(([field, change]) => (
        <li key={field}>
          <span class="change-field">{field.replace(/[._]/g, " ")}</span>: {auditValue(change.from)} → {auditValue(change.to)}
        </li>
      ))}
    </ul>
  );
  if (fields.length <= foldAbove) return list;
  return (
    <details>
      <summary>
        {fields.length} fields {fields.every(([, change]) => change.from === null) ? "set" : "changed"}
      </summary>
      {list}
    </details>
  );
}

export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <table class="table audit">
      <caption class="visually-hidden">Audit events, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Object</th>
          <th scope="col">Changes</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id}>
            <td class="nowrap">{dateTime(e.at)}</td>
            <td>{who(e)}</td>
            <td>{kindName(e.kind)}</td>
            <td class="id">
              <ObjectLink id={e.object_id} />
            </td>
            <td>
              <Changes changes={e.changes} />
            </td>
            <td>{e.note || ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
