// /console/webhooks (admins): the webhook endpoints, each opening to its settings and delivery log,
// and a form that adds one and shows its signing secret once.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get } from "../api";
import type { Page, WebhookEndpoint } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { useSession } from "./session";
import { WebhookEndpointForm } from "./webhook_endpoint_form";
import { WebhookSecret } from "./webhook_secret";
import { WebhookStatus } from "./webhook_status";

function EndpointTable({ endpoints }: { endpoints: WebhookEndpoint[] }) {
  return (
    <table class="table endpoints">
      <caption class="visually-hidden">Webhook endpoints, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Endpoint</th>
          <th scope="col">Events</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((e) => (
          <tr key={e.id}>
            <td class="id">
              <a href={`/console/webhooks/${e.id}`}>{e.url}</a>
              {e.description ? <div class="muted">{e.description}</div> : null}
            </td>
            <td>
              <ul class="event-list">
                {e.events.map((type) => (
                  <li key={type}>
                    <code>{type}</code>
                  </li>
                ))}
              </ul>
            </td>
            <td>
              <WebhookStatus endpoint={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Webhooks() {
  const { query: params } = useLocation();
  const endpoints = useLoad(() => get<Page<WebhookEndpoint>>("/api/v1/webhook-endpoints"), []);
  const [created, setCreated] = useState<WebhookEndpoint | null>(null);
  const createdTitle = useRef<HTMLHeadingElement>(null);
  useEffect(() => createdTitle.current?.focus(), [created]);
  const list = endpoints.data?.data ?? [];
  return (
    <>
      <p class="lead">
        Bluebird POSTs each event to the endpoints subscribed to it, signed as Standard Webhooks says, and retries for
        about three days until the receiver answers 2xx.
      </p>
      {params.deleted ? (
        <Notice kind="success">
          The endpoint {params.deleted} is deleted. Its pending deliveries were given up; they stay in the{" "}
          <a href={`/console/outbox?target=${encodeURIComponent(params.deleted)}`}>outbox</a>.
        </Notice>
      ) : null}
      {created ? (
        <section class="card card-warning" aria-labelledby="created-title">
          <h2 id="created-title" tabIndex={-1} ref={createdTitle}>
            Endpoint added: {created.url}
          </h2>
          <WebhookSecret id="new-endpoint-secret" secret={created.secret} />
          <p>
            <a href={`/console/webhooks/${created.id}`}>Open its delivery log</a>
          </p>
        </section>
      ) : null}
      {endpoints.error ? <Notice kind="error">{endpoints.error.message}</Notice> : null}
      {!endpoints.data && !endpoints.error ? <Loading /> : null}
      {list.length > 0 ? <EndpointTable endpoints={list} /> : null}
      {endpoints.data && list.length === 0 ? <p class="muted">No webhook endpoints yet.</p> : null}
      <section class="card invite" aria-labelledby="new-endpoint-title">
        <h2 id="new-endpoint-title">Add an endpoint</h2>
        <WebhookEndpointForm
          onCreated={(endpoint) => {
            setCreated(endpoint);
            endpoints.reload();
          }}
        />
      </section>
    </>
  );
}

export function WebhooksPage() {
  const { canManageIntegrations } = useSession();
  return (
    <ConsoleShell title="Webhooks">
      {canManageIntegrations ? <Webhooks /> : <Notice kind="error">Only admins manage webhook endpoints.</Notice>}
    </ConsoleShell>
  );
}
