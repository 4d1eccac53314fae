// /console/connectors (admins): the CRM connectors — which CRM, for which program, whether they
// work, how many referrals are waiting, sent and refused — and a form that connects another. A new
// connector opens on its own page, where it is tested and its stages mapped.
import { useLocation } from "preact-iso";
import { get } from "../api";
import { dateTime } from "../format";
import type { Connector, Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConnectorForm } from "./connector_form";
import { crmNames, healthBadge } from "./connector_words";
import { ConsoleShell } from "./console_shell";
import { useSession } from "./session";

function ConnectorTable({ connectors, programs }: { connectors: Connector[]; programs: Program[] }) {
  const programName = (id: string | null) => (id ? programs.find((p) => p.id === id)?.name ?? id : "Every program");
  return (
    <table class="table connectors">
      <caption class="visually-hidden">CRM connectors, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">CRM</th>
          <th scope="col">Program</th>
          <th scope="col">Status</th>
          <th scope="col" class="number">Waiting</th>
          <th scope="col" class="number">Sent</th>
          <th scope="col" class="number">Refused</th>
          <th scope="col">Last read</th>
        </tr>
      </thead>
      <tbody>
        {connectors.map((c) => (
          <tr key={c.id}>
            <td>
              <a href={`/console/connectors/${c.id}`}>{crmNames[c.kind]}</a>
              <div class="muted">{c.base_url}</div>
            </td>
            <td>{programName(c.program_id)}</td>
            <td>
              <Badge value={c.enabled ? healthBadge[c.health] : "disabled"} />
            </td>
            <td class="number">{c.referrals.pending}</td>
            <td class="number">{c.referrals.synced}</td>
            <td class="number">{c.referrals.failed}</td>
            <td>{c.last_poll_at ? dateTime(c.last_poll_at) : "not yet"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Connectors() {
  const { query: params, route } = useLocation();
  const connectors = useLoad(() => get<Page<Connector>>("/api/v1/connectors"), []);
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const list = connectors.data?.data ?? [];
  const programList = programs.data?.data ?? [];
  return (
    <>
      <p class="lead">
        Referrals Bluebird accepts become leads (Salesforce) or contacts and deals (HubSpot) in the sales team's CRM, and
        deals won there move the referral and reward the advocate. See docs/integrations.md for what to set up in the CRM
        first.
      </p>
      {params.deleted ? <Notice kind="success">The connector {params.deleted} is deleted. What it wrote in the CRM stays there.</Notice> : null}
      {connectors.error ? <Notice kind="error">{connectors.error.message}</Notice> : null}
      {!connectors.data && !connectors.error ? <Loading /> : null}
      {list.length > 0 ? <ConnectorTable connectors={list} programs={programList} /> : null}
      {connectors.data && list.length === 0 ? <p class="muted">No CRM is connected yet.</p> : null}
      <section class="card invite" aria-labelledby="new-connector-title">
        <h2 id="new-connector-title">Connect a CRM</h2>
        <ConnectorForm programs={programList} onCreated={(c) => route(`/console/connectors/${c.id}?created=1`)} />
      </section>
    </>
  );
}

export function ConnectorsPage() {
  const { canManageIntegrations } = useSession();
  return (
    <ConsoleShell title="CRM connectors">
      {canManageIntegrations ? <Connectors /> : <Notice kind="error">Only admins connect CRMs.</Notice>}
    </ConsoleShell>
  );
}
