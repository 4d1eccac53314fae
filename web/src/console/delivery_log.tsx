// A webhook endpoint's delivery log (GET .../deliveries), newest first, a page at a time,
// optionally in one state; the state lives in the address (?state=). "Read again" starts over,
// to see what replays and retries did since.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import type { OutboxItem, Page } from "../models";
import { usePaged } from "../ui/data";
import { Notice } from "../ui/layout";
import { ChoiceFilter } from "./filters";
import { OutboxTable } from "./outbox_table";
import { outboxStates } from "./webhook_words";

export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const { path: here, query: params, route } = useLocation();
  const [round, setRound] = useState(0);
  const state = params.state ?? "";
  const base = `/api/v1/webhook-endpoints/${endpointId}/deliveries`;
  const list = `${base}${query({ state, limit: 50 })}`;
  const deliveries = usePaged(
    (cursor) => get<Page<OutboxItem>>(cursor ? `${list}&cursor=${encodeURIComponent(cursor)}` : list),
    `${list} ${round}`,
  );
  const count = deliveries.items.length;
  return (
    <>
      <form class="filters" aria-label="Filter the delivery log" onSubmit={(e) => e.preventDefault()}>
        <ChoiceFilter id="delivery-state" title="State" anyLabel="Any state" choices={outboxStates} value={state}
          onChange={(v) => route(`${here}${query({ state: v })}`)} />
        <div class="field field-action">
          <button type="button" onClick={() => setRound((n) => n + 1)}>
            Read again
          </button>
        </div>
      </form>
      {deliveries.error ? <Notice kind="error">{deliveries.error.message}</Notice> : null}
      <p class="muted" role="status" aria-live="polite">
        {deliveries.loading
          ? "Loading…"
          : count === 0
            ? state
              ? "No deliveries in this state."
              : "No deliveries yet: events the endpoint subscribed to appear here as they happen."
            : `${count} ${count === 1 ? "delivery" : "deliveries"}${deliveries.more ? ", newest first; more below" : ", newest first"}.`}
      </p>
      {count > 0 ? (
        <OutboxTable key={`${list} ${round}`} items={deliveries.items} caption="Deliveries, newest first"
          path={(item) => `${base}/${item.id}`} />
      ) : null}
      {deliveries.more ? (
        <p>
          <button type="button" onClick={deliveries.more}>
            Load more
          </button>
        </p>
      ) : null}
    </>
  );
}
