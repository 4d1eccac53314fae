// /console/outbox (admins): everything Bluebird owes another system — webhook deliveries and
// emails — newest first, a page at a time, filtered by kind, state and target (kept in the
// address: ?kind=&state=&target=). Emails that wait show why (email not configured, the SMTP
// server's refusal); dead webhook deliveries are replayed from here.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import type { OutboxItem, Page } from "../models";
import { usePaged } from "../ui/data";
import { Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter } from "./filters";
import { OutboxTable } from "./outbox_table";
import { useSession } from "./session";
import { outboxStates } from "./webhook_words";

interface Filters {
  kind: string;
  state: string;
  target: string;
}

const kinds = [
  { value: "webhook", label: "Webhook deliveries" },
  { value: "email", label: "Emails" },
];

// An email's target is its recipient in lower case; an endpoint's id is as it is.
const targetOf = (text: string) => (text.includes("@") ? text.trim().toLowerCase() : text.trim());

function TargetForm({ filters, go }: { filters: Filters; go: (next: Filters) => void }) {
  const [target, setTarget] = useState(filters.target);
  return (
    <form class="inline-form" aria-label="Filter by target" onSubmit={(e) => {
      e.preventDefault();
      go({ ...filters, target: targetOf(target) });
    }}>
      <div class="field">
        <label for="outbox-target">Endpoint id or email address</label>
        <input id="outbox-target" value={target} placeholder="whe_… or name@example.com" spellcheck={false}
          onInput={(e) => setTarget(e.currentTarget.value)} />
      </div>
      <button type="submit">Filter</button>
    </form>
  );
}

function Outbox() {
  const { query: params, route } = useLocation();
  const [round, setRound] = useState(0);
  const filters: Filters = { kind: params.kind ?? "", state: params.state ?? "", target: params.target ?? "" };
  const filtered = Object.values(filters).some(Boolean);
  const path = `/api/v1/outbox${query({ ...filters, limit: 50 })}`;
  const items = usePaged((cursor) => get<Page<OutboxItem>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path), `${path} ${round}`);
  const go = (next: Filters) => route(`/console/outbox${query({ ...next })}`);
  const count = items.items.length;
  const unconfigured = items.items.some((i) => i.kind === "email" && i.state === "pending" && i.last_error?.includes("email is not configured"));
  return (
    <>
      <p class="lead">
        Webhook deliveries and emails, each tried until it is delivered or given up (dead). Replay a dead webhook delivery
        once its receiver works again; an email is not sent again (its message is not kept): the advocate asks for a new link.
      </p>
      <form class="filters" aria-label="Filter the outbox" onSubmit={(e) => e.preventDefault()}>
        <ChoiceFilter id="outbox-kind" title="Kind" anyLabel="Webhooks and emails" choices={kinds} value={filters.kind}
          onChange={(v) => go({ ...filters, kind: v })} />
        <ChoiceFilter id="outbox-state" title="State" anyLabel="Any state" choices={outboxStates} value={filters.state}
          onChange={(v) => go({ ...filters, state: v })} />
        <div class="field field-action">
          <button type="button" onClick={() => setRound((n) => n + 1)}>
            Read again
          </button>
        </div>
      </form>
      <TargetForm key={filters.target} filters={filters} go={go} />
      <p>
        {filters.state !== "dead" ? <a href={`/console/outbox${query({ ...filters, state: "dead" })}`}>Dead letters only</a> : null}
        {filtered ? (
          <>
            {filters.state !== "dead" ? " · " : ""}
            <a href="/console/outbox">Clear the filters</a>
          </>
        ) : null}
      </p>
      {unconfigured ? (
        <Notice kind="info">
          Email is not configured on this server: emails wait here, not sent, until the operator sets email.smtp_host (see
          operations, “Email”).
        </Notice>
      ) : null}
      {items.error ? <Notice kind="error">{items.error.message}</Notice> : null}
      <p class="muted" role="status" aria-live="polite">
        {items.loading
          ? "Loading…"
          : count === 0
            ? filtered
              ? "Nothing in the outbox matches these filters."
              : "The outbox is empty."
            : `${count} ${count === 1 ? "item" : "items"}${items.more ? ", newest first; more below" : ", newest first"}.`}
      </p>
      {count > 0 ? (
        <OutboxTable key={`${path} ${round}`} items={items.items} caption="Outbox items, newest first" showTarget
          path={(item) => `/api/v1/outbox/${item.id}`} />
      ) : null}
      {items.more ? (
        <p>
          <button type="button" onClick={items.more}>
            Load more
          </button>
        </p>
      ) : null}
    </>
  );
}

export function OutboxPage() {
  const { canManageIntegrations } = useSession();
  return (
    <ConsoleShell title="Outbox">
      {canManageIntegrations ? <Outbox /> : <Notice kind="error">Only admins read the outbox.</Notice>}
    </ConsoleShell>
  );
}
