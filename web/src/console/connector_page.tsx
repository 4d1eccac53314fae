// /console/connectors/{id} (admins): one CRM connector — whether it works and why not, its
// referrals waiting, sent and refused — testing the connection and mapping the CRM's stages, its
// settings, "sync now", deleting it (asked first), and its sync log.
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { ApiError, get, post, remove } from "../api";
import { dateTime } from "../format";
import type { Connector, Program } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConnectorLog } from "./connector_log";
import { ConnectorSettings } from "./connector_settings";
import { ConnectorStages } from "./connector_stages";
import { crmNames, healthBadge, healthWords } from "./connector_words";
import { ConsoleShell } from "./console_shell";
import { useSession } from "./session";

const failureText = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

function signInWords(c: Connector): string {
  if (c.auth.flow === "token") return "Token (sealed)";
  if (c.auth.flow === "jwt_bearer") return `JWT bearer: consumer key ${c.auth.client_id}, user ${c.auth.username} (key sealed)`;
  return `Client credentials: consumer key ${c.auth.client_id} (secret sealed)`;
}

function Actions({ connector, onChanged }: { connector: Connector; onChanged: () => void }) {
  const { route } = useLocation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const act = async (what: () => Promise<void>) => {
    setBusy(true);
    setOutcome(null);
    try {
      await what();
    } catch (failure) {
      setOutcome({ kind: "error", text: failureText(failure) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <div class="toolbar">
        <button type="button" disabled={busy}
          onClick={() => act(async () => {
            await post<Connector>(`/api/v1/connectors/${connector.id}/sync`);
            setOutcome({ kind: "success", text: "Syncing now: queued referrals are sent and the CRM is read within seconds. Read the log again to see what happened." });
            onChanged();
          })}>
          Sync now
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => setAsking(true)}>
          Delete the connector…
        </button>
      </div>
      {outcome ? <Notice kind={outcome.kind}>{outcome.text}</Notice> : null}
      <ConfirmDialog id="delete-connector" title="Delete this connector?" confirm="Yes, delete it" open={asking}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void act(async () => {
            await remove(`/api/v1/connectors/${connector.id}`);
            route(`/console/connectors?deleted=${encodeURIComponent(connector.id)}`);
          });
        }}>
        <p>
          Nothing more is sent to or read from {crmNames[connector.kind]}; its queue and sync log are deleted. What it wrote
          in the CRM stays there, and referrals keep their stages.
        </p>
      </ConfirmDialog>
    </>
  );
}

function ConnectorView({ id }: { id: string }) {
  const { query: params } = useLocation();
  const connector = useLoad(() => get<Connector>(`/api/v1/connectors/${id}`), [id]);
  const programs = useLoad(() => get<{ data: Program[] }>("/api/v1/programs?limit=200"), []);
  const [saved, setSaved] = useState(false);
  if (connector.error) return <Notice kind="error">{connector.error.message}</Notice>;
  const c = connector.data;
  if (!c) return <Loading />;
  const program = c.program_id ? programs.data?.data.find((p) => p.id === c.program_id)?.name ?? c.program_id : "Every program";
  return (
    <>
      <p>
        <a href="/console/connectors">All CRM connectors</a>
      </p>
      {params.created ? (
        <Notice kind="success">
          Connected. Test the connection below, then choose what each of the CRM's stages means in Bluebird. Referrals
          already open are sent as a backlog within seconds.
        </Notice>
      ) : null}
      <section class="card" aria-labelledby="connector-title">
        <h2 id="connector-title">{crmNames[c.kind]}</h2>
        <dl class="details">
          <dt>Status</dt>
          <dd>
            <Badge value={c.enabled ? healthBadge[c.health] : "disabled"} /> {healthWords(c)}
          </dd>
          <dt>Program</dt>
          <dd>{program}</dd>
          <dt>Where</dt>
          <dd>{c.base_url}</dd>
          <dt>Sign-in</dt>
          <dd>{signInWords(c)}</dd>
          <dt>Referrals</dt>
          <dd>
            {c.referrals.pending} waiting, {c.referrals.synced} sent, {c.referrals.failed} refused by the CRM
          </dd>
          <dt>Last read</dt>
          <dd>{c.last_poll_at ? dateTime(c.last_poll_at) : "not yet"}</dd>
          <dt>Next read</dt>
          <dd>{c.next_poll_at ? dateTime(c.next_poll_at) : "—"}</dd>
          <dt>Id</dt>
          <dd>{c.id}</dd>
        </dl>
        <Actions connector={c} onChanged={connector.reload} />
      </section>
      <section class="card" aria-labelledby="stages-title">
        <h2 id="stages-title">Connection and stages</h2>
        <ConnectorStages key={c.id} connector={c} onChanged={connector.reload} />
      </section>
      <section class="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        {saved ? <Notice kind="success">Saved. A stopped or waiting connector starts again at the next turn.</Notice> : null}
        <ConnectorSettings key={c.updated_at} connector={c}
          onSaved={() => {
            setSaved(true);
            connector.reload();
          }} />
      </section>
      <section class="card" aria-labelledby="log-title">
        <h2 id="log-title">Sync log</h2>
        <ConnectorLog key={c.updated_at} connectorId={c.id} />
      </section>
    </>
  );
}

export function ConnectorPage() {
  const { params } = useRoute();
  const { canManageIntegrations } = useSession();
  return (
    <ConsoleShell title="CRM connector">
      {canManageIntegrations ? <ConnectorView id={params.id} /> : <Notice kind="error">Only admins connect CRMs.</Notice>}
    </ConsoleShell>
  );
}
