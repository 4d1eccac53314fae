// A connector's sync log (GET /api/v1/connectors/{id}/log), newest first, a page at a time: what was
// sent, what was read and what it changed, what was skipped and why, every failure in the CRM's own
// words. "Read again" starts over, to see what a sync did since.
import { useState } from "preact/hooks";
import { get } from "../api";
import { dateTime } from "../format";
import type { ConnectorLogEntry, Page } from "../models";
import { usePaged } from "../ui/data";
import { Notice } from "../ui/layout";
import { directionWords, outcomeWords } from "./connector_words";

export function ConnectorLog({ connectorId }: { connectorId: string }) {
  const [round, setRound] = useState(0);
  const base = `/api/v1/connectors/${connectorId}/log?limit=50`;
  const log = usePaged(
    (cursor) => get<Page<ConnectorLogEntry>>(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base),
    `${base} ${round}`,
  );
  const count = log.items.length;
  return (
    <>
      <p>
        <button type="button" onClick={() => setRound((n) => n + 1)}>
          Read again
        </button>
      </p>
      {log.error ? <Notice kind="error">{log.error.message}</Notice> : null}
      <p class="muted" role="status" aria-live="polite">
        {log.loading
          ? "Loading…"
          : count === 0
            ? "Nothing yet: the first sync runs within seconds of the connector being saved."
            : `${count} ${count === 1 ? "entry" : "entries"}${log.more ? ", newest first; more below" : ", newest first"}.`}
      </p>
      {count > 0 ? (
        <div class="table-scroll" role="region" aria-label="Sync log" tabIndex={0}>
          <table class="table connector-log">
            <caption class="visually-hidden">Sync log, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Outcome</th>
                <th scope="col">Referral</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{dateTime(entry.at)}</td>
                  <td>{directionWords[entry.direction]}</td>
                  <td>{outcomeWords[entry.outcome]}</td>
                  <td>
                    {entry.referral_id ? <a href={`/console/referrals/${entry.referral_id}`}>{entry.referral_id}</a> : "—"}
                    {entry.crm_id ? <div class="muted">CRM: {entry.crm_id}</div> : null}
                  </td>
                  <td>{entry.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {log.more ? (
        <p>
          <button type="button" onClick={log.more}>
            Load more
          </button>
        </p>
      ) : null}
    </>
  );
}
