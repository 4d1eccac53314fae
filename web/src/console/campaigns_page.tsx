// /console/programs/{id}/campaigns: a program's campaigns, newest first, a page at a time — name,
// kind, state, send time — each opening to its figures and people; admins and managers start a new
// one here, sales reps invite one person at a time (/console/invite) and see their own.
import { useLocation, useRoute } from "preact-iso";
import { get, query } from "../api";
import { dateTime } from "../format";
import type { Campaign, Page, Program } from "../models";
import { useLoad, usePaged } from "../ui/data";
import { Badge, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { NewCampaignForm } from "./campaign_form";
import { campaignKindName } from "./campaign_words";
import { useSession } from "./session";

function CampaignTable({ campaigns }: { campaigns: Campaign[] }) {
  return (
    <table class="table campaigns">
      <caption class="visually-hidden">Campaigns, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Campaign</th>
          <th scope="col">Kind</th>
          <th scope="col">State</th>
          <th scope="col">Send time</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((c) => (
          <tr key={c.id} data-campaign={c.id}>
            <td>
              <a href={`/console/campaigns/${c.id}`}>{c.name}</a>
            </td>
            <td>{campaignKindName(c)}</td>
            <td>
              <Badge value={c.state} />
            </td>
            <td class="nowrap">{dateTime(c.send_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CampaignsPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const { me, canManage } = useSession();
  const program = useLoad(() => get<Program>(`/api/v1/programs/${params.id}`), [params.id]);
  const path = `/api/v1/programs/${params.id}/campaigns${query({ limit: 50 })}`;
  const campaigns = usePaged((cursor) => get<Page<Campaign>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path), path);
  const title = program.data ? `Campaigns: ${program.data.name}` : "Campaigns";
  const count = campaigns.items.length;
  const error = program.error ?? campaigns.error;
  return (
    <ConsoleShell title={title}>
      <p>
        {canManage ? <a href={`/console/programs/${params.id}`}>Back to the program</a> : null}
        {canManage ? " · " : null}
        {me.role !== "viewer" ? <a href={`/console/invite${query({ program: params.id })}`}>Invite someone</a> : null}
      </p>
      <p class="lead">
        Invitations ask people to join the program, each with a personal link that fills in their details; nudges ask
        advocates who joined but never shared or referred to start. Reminders follow on the campaign's schedule and stop for
        anyone who does what was asked, unsubscribes or bounces.
      </p>
      {error ? <Notice kind="error">{error.message}</Notice> : null}
      <section aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">{me.role === "sales_rep" ? "Your campaigns" : "Campaigns"}</h2>
        <p class="muted" role="status" aria-live="polite">
          {campaigns.loading ? "Loading…" : count === 0 ? "No campaigns yet." : `${count} ${count === 1 ? "campaign" : "campaigns"}, newest first${campaigns.more ? "; more below" : ""}.`}
        </p>
        {count > 0 ? <CampaignTable campaigns={campaigns.items} /> : null}
        {campaigns.more ? (
          <p>
            <button type="button" onClick={campaigns.more}>
              Load more
            </button>
          </p>
        ) : null}
      </section>
      {canManage && program.data ? (
        <NewCampaignForm program={program.data} onCreated={(c) => route(`/console/campaigns/${c.id}?created=1`)} />
      ) : me.role === "sales_rep" ? (
        <p class="hint">
          Sales reps invite one person at a time: <a href={`/console/invite${query({ program: params.id })}`}>invite someone</a>.
        </p>
      ) : null}
    </ConsoleShell>
  );
}
