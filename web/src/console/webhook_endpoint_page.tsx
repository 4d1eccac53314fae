// /console/webhooks/{id} (admins): one webhook endpoint — what it gets and whether it is sent to,
// enabling, disabling, rotating its secret and deleting it — and its delivery log.
import { useRoute, useLocation } from "preact-iso";
import { get } from "../api";
import { dateTime } from "../format";
import type { WebhookEndpoint } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { DeliveryLog } from "./delivery_log";
import { useSession } from "./session";
import { WebhookEndpointActions } from "./webhook_endpoint_actions";
import { WebhookStatus } from "./webhook_status";

function Endpoint({ id }: { id: string }) {
  const { route } = useLocation();
  const endpoint = useLoad(() => get<WebhookEndpoint>(`/api/v1/webhook-endpoints/${id}`), [id]);
  if (endpoint.error) return <Notice kind="error">{endpoint.error.message}</Notice>;
  const e = endpoint.data;
  if (!e) return <Loading />;
  return (
    <>
      <p>
        <a href="/console/webhooks">All webhook endpoints</a>
      </p>
      <section class="card" aria-labelledby="endpoint-title">
        <h2 id="endpoint-title">Endpoint</h2>
        <dl class="details">
          <dt>URL</dt>
          <dd>{e.url}</dd>
          <dt>Description</dt>
          <dd>{e.description || "—"}</dd>
          <dt>Events</dt>
          <dd>
            {e.events.map((type, i) => (
              <span key={type}>
                {i > 0 ? ", " : ""}
                <code>{type}</code>
              </span>
            ))}
          </dd>
          <dt>Status</dt>
          <dd>
            <WebhookStatus endpoint={e} />
          </dd>
          <dt>Id</dt>
          <dd>{e.id}</dd>
          <dt>Added</dt>
          <dd>{dateTime(e.created_at)}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Manage</h2>
        <WebhookEndpointActions endpoint={e} onChanged={endpoint.reload}
          onDeleted={() => route(`/console/webhooks?deleted=${encodeURIComponent(e.id)}`)} />
      </section>
      <section class="card" aria-labelledby="log-title">
        <h2 id="log-title">Delivery log</h2>
        <DeliveryLog key={e.updated_at} endpointId={e.id} />
      </section>
    </>
  );
}

export function WebhookEndpointPage() {
  const { params } = useRoute();
  const { canManageIntegrations } = useSession();
  return (
    <ConsoleShell title="Webhook endpoint">
      {canManageIntegrations ? <Endpoint id={params.id} /> : <Notice kind="error">Only admins manage webhook endpoints.</Notice>}
    </ConsoleShell>
  );
}
