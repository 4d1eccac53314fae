// /console/audit (admins): every staff change, newest first, filtered by kind, object and dates,
// a page at a time. The filters live in the address (?kind=&object_id=&from=&to=, the dates as
// the reader's local days, both included); when they change, the list starts over.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import type { AuditEvent, Page } from "../models";
import { usePaged } from "../ui/data";
import { Notice } from "../ui/layout";
import { AuditTable } from "./audit_table";
import { auditKinds } from "./audit_words";
import { ConsoleShell } from "./console_shell";
import { useSession } from "./session";

interface Filters {
  kind: string;
  object_id: string;
  from: string; // yyyy-mm-dd, a local day
  to: string;
}

// The start of a local day (yyyy-mm-dd) `days` later, as the API's time.
function dayStart(day: string, days = 0): string | undefined {
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  date.setDate(date.getDate() + days);
  return date.toISOString();
}

function FilterForm({ filters, go }: { filters: Filters; go: (next: Filters) => void }) {
  const [objectId, setObjectId] = useState(filters.object_id);
  const [from, setFrom] = useState(filters.from);
  const [to, setTo] = useState(filters.to);
  return (
    <form
      class="filters audit-filters"
      aria-label="Filter the audit trail"
      onSubmit={(e) => {
        e.preventDefault();
        go({ ...filters, object_id: objectId.trim(), from, to });
      }}
    >
      <div class="field">
        <label for="audit-kind">Kind</label>
        <select id="audit-kind" value={filters.kind} onChange={(e) => go({ ...filters, kind: e.currentTarget.value })}>
          <option value="">Any kind</option>
          {auditKinds.map((g) => (
            <optgroup key={g.group} label={g.group}>
              {g.kinds.map(([kind, words]) => (
                <option key={kind} value={kind}>
                  {words}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="audit-object">Object id</label>
        <input id="audit-object" value={objectId} placeholder="prg_…, adv_…, usr_…" spellcheck={false}
          onInput={(e) => setObjectId(e.currentTarget.value)} />
      </div>
      <div class="field field-date">
        <label for="audit-from">From</label>
        <input id="audit-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </div>
      <div class="field field-date">
        <label for="audit-to">To (included)</label>
        <input id="audit-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </div>
      <div class="field field-action">
        <button type="submit">Filter</button>
      </div>
    </form>
  );
}

function AuditTrail() {
  const { query: params, route } = useLocation();
  const filters: Filters = { kind: params.kind ?? "", object_id: params.object_id ?? "", from: params.from ?? "", to: params.to ?? "" };
  const filtered = Object.values(filters).some(Boolean);
  const path = `/api/v1/audit-events${query({
    kind: filters.kind,
    object_id: filters.object_id,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? dayStart(filters.to, 1) : undefined,
    limit: 50,
  })}`;
  const events = usePaged((cursor) => get<Page<AuditEvent>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path), path);
  const go = (next: Filters) => route(`/console/audit${query({ ...next })}`);
  const count = events.items.length;
  return (
    <>
      <FilterForm key={JSON.stringify(filters)} filters={filters} go={go} />
      {filtered ? (
        <p>
          <a href="/console/audit">Clear the filters</a>
        </p>
      ) : null}
      {events.error ? <Notice kind="error">{events.error.message}</Notice> : null}
      <p class="muted" role="status" aria-live="polite">
        {events.loading
          ? "Loading…"
          : count === 0
            ? filtered
              ? "No events match these filters."
              : "No events yet."
            : `${count} ${count === 1 ? "event" : "events"}${events.more ? ", newest first; more below" : ", newest first"}.`}
      </p>
      {count > 0 ? <AuditTable events={events.items} /> : null}
      {events.more ? (
        <p>
          <button type="button" onClick={events.more}>
            Load more
          </button>
        </p>
      ) : null}
    </>
  );
}

export function AuditPage() {
  const { canManageAccess } = useSession();
  return (
    <ConsoleShell title="Audit trail">
      {canManageAccess ? <AuditTrail /> : <Notice kind="error">Only admins read the audit trail.</Notice>}
    </ConsoleShell>
  );
}
