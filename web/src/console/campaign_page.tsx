// /console/campaigns/{id}: one campaign — its state and schedule, its figures (each with what it
// counts), the people in it a page at a time with where each stands in words, and Cancel (asked
// first) while emails are still due. "Read again" reloads the figures and the people.
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { ApiError, get, post, query } from "../api";
import { dateTime, personName } from "../format";
import type { Campaign, CampaignRecipient, Page, Program } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { useLoad, usePaged } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { campaignKindName, figures, recipientState, reminderWords, stateWords } from "./campaign_words";
import { useSession } from "./session";

function Figures({ campaign }: { campaign: Campaign }) {
  const shown = figures.filter((f) => !f.only || f.only.includes(campaign.kind));
  return (
    <dl class="kpis campaign-figures">
      {shown.map((f) => (
        <div class="kpi" key={f.key} data-figure={f.key}>
          <dt>{f.label}</dt>
          <dd class="figure">{(campaign[f.key] ?? 0).toLocaleString()}</dd>
          <dd class="definition">{f.definition}</dd>
        </div>
      ))}
    </dl>
  );
}

function Schedule({ campaign }: { campaign: Campaign }) {
  return (
    <dl class="details campaign-schedule">
      <dt>State</dt>
      <dd>
        <Badge value={campaign.state} />{" "}
        {campaign.trigger && campaign.state === "running"
          ? campaign.trigger === "portal"
            ? "Running: the portal asks the NPS question, until it is cancelled."
            : "Running: people are added as they answer the NPS question, until it is cancelled (which turns the rule off)."
          : stateWords[campaign.state]}
      </dd>
      <dt>Kind</dt>
      <dd>{campaignKindName(campaign)}</dd>
      {campaign.trigger ? (
        <>
          <dt>Who is added</dt>
          <dd>
            {campaign.trigger === "portal"
              ? `Each active advocate who opens the portal and was not sent or shown a survey in the last ${campaign.throttle_days ?? 90} days: they are asked there, and sent nothing.`
              : campaign.kind === "invitation"
              ? "Each promoter (an answer of 9 or 10, at most 30 days old) who is not an advocate of the program and has no invitation open."
              : `Each promoter advocate who neither shared their link nor referred anyone in the ${campaign.quiet_days ?? 30} days before answering; again after a later answer once their last nudge is ${campaign.quiet_days ?? 30} days old.`}
          </dd>
        </>
      ) : (
        <>
          <dt>Send time</dt>
          <dd>{dateTime(campaign.send_at)}</dd>
        </>
      )}
      <dt>Reminders</dt>
      <dd>{reminderWords(campaign.reminders_after_days, campaign.kind)}</dd>
      {campaign.throttle_days ? (
        <>
          <dt>Throttle</dt>
          <dd>Nobody sent a survey in the {campaign.throttle_days} days before their first email is sent this one.</dd>
        </>
      ) : null}
      <dt>Created</dt>
      <dd>{dateTime(campaign.created_at)}</dd>
      {campaign.completed_at ? (
        <>
          <dt>{campaign.state === "cancelled" ? "Cancelled" : "Completed"}</dt>
          <dd>{dateTime(campaign.completed_at)}</dd>
        </>
      ) : null}
    </dl>
  );
}

// Whether their referral link was clicked, and whether they referred someone, since the campaign began.
function acted(r: CampaignRecipient): string {
  if (r.shared && r.referred) return "Shared and referred";
  return r.shared ? "Shared" : r.referred ? "Referred" : "Not yet";
}

function PeopleTable({ campaign, people }: { campaign: Campaign; people: CampaignRecipient[] }) {
  const invitation = campaign.kind === "invitation";
  return (
    <div class="table-scroll" role="region" aria-label="People in the campaign" tabIndex={0}>
      <table class="table campaign-people">
        <caption class="visually-hidden">People in the campaign, by email address</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Where they stand</th>
            <th scope="col">First email</th>
            <th scope="col" class="number">Reminders</th>
            {invitation ? <th scope="col">Used their link</th> : null}
            <th scope="col">Shared or referred</th>
          </tr>
        </thead>
        <tbody>
          {people.map((r) => {
            const state = recipientState(r, campaign);
            return (
              <tr key={r.email} data-email={r.email}>
                <td>
                  {r.advocate_id ? <a href={`/console/advocates/${r.advocate_id}`}>{personName(r)}</a> : personName(r)}
                  {personName(r) !== r.email ? <div class="muted">{r.email}</div> : null}
                  {r.company ? <div class="muted">{r.company}</div> : null}
                </td>
                <td class="recipient-state" data-label="Where they stand">
                  <strong>{state.headline}</strong>
                  {state.detail ? <div class="muted">{state.detail}</div> : null}
                </td>
                <td data-label="First email">{r.sent_at ? dateTime(r.sent_at) : "Not yet"}</td>
                <td class="number" data-label="Reminders">{r.reminders_sent}</td>
                {invitation ? <td data-label="Used their link">{r.opened_at ? dateTime(r.opened_at) : "Not yet"}</td> : null}
                <td data-label="Shared or referred">{acted(r)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CancelCampaign({ campaign, onCancelled }: { campaign: Campaign; onCancelled: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState("");
  return (
    <>
      <div class="toolbar">
        <button type="button" class="danger" onClick={() => setAsking(true)}>
          Cancel the campaign…
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <ConfirmDialog
        id="cancel-campaign"
        title={`Cancel “${campaign.name}”?`}
        confirm="Yes, cancel the campaign"
        dismiss="Keep it going"
        open={asking}
        onCancel={() => setAsking(false)}
        onConfirm={async () => {
          setAsking(false);
          try {
            await post(`/api/v1/campaigns/${campaign.id}/cancel`);
            setError("");
            onCancelled();
          } catch (failure) {
            setError(`Not cancelled: ${failure instanceof ApiError ? failure.message : String(failure)}`);
          }
        }}
      >
        <p>
          Nobody in it gets another email from this campaign, {campaign.state === "scheduled" ? "not even the first one" : "no reminder either"}.
          Personal links already sent still work. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

export function CampaignPage() {
  const { params } = useRoute();
  const { query: search } = useLocation();
  const { me, canManage } = useSession();
  const [round, setRound] = useState(0);
  const [cancelled, setCancelled] = useState(false);
  const campaign = useLoad(() => get<Campaign>(`/api/v1/campaigns/${params.id}`), [params.id, round]);
  const programId = campaign.data?.program_id;
  const program = useLoad(() => (programId ? get<Program>(`/api/v1/programs/${programId}`) : Promise.resolve(undefined)), [programId]);
  const path = `/api/v1/campaigns/${params.id}/recipients${query({ limit: 50 })}`;
  const people = usePaged(
    (cursor) => get<Page<CampaignRecipient>>(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path),
    `${path} ${round}`,
  );
  const c = campaign.data;
  const title = c ? `Campaign: ${c.name}` : "Campaign";
  if (campaign.error) {
    return (
      <ConsoleShell title={title}>
        <Notice kind="error">{campaign.error.message}</Notice>
      </ConsoleShell>
    );
  }
  if (!c) {
    return (
      <ConsoleShell title={title}>
        <Loading />
      </ConsoleShell>
    );
  }
  const mayCancel = (c.state === "scheduled" || c.state === "running") && (canManage || c.created_by === me.user?.id);
  const count = people.items.length;
  return (
    <ConsoleShell title={title}>
      <p>
        <a href={`/console/programs/${c.program_id}/campaigns`}>All of the program's campaigns</a>
        {program.data ? <span class="muted"> ({program.data.name})</span> : null}
      </p>
      <div role="status" aria-live="polite">
        {search.created && !cancelled ? (
          <p class="notice notice-success">
            Campaign created: {new Date(c.send_at).getTime() > Date.now() ? `the first emails go ${dateTime(c.send_at)}` : "the first emails go within a minute"}.
          </p>
        ) : null}
        {cancelled ? <p class="notice notice-success">Cancelled: nobody gets another email from this campaign.</p> : null}
      </div>
      <Schedule campaign={c} />
      {mayCancel ? (
        <CancelCampaign
          campaign={c}
          onCancelled={() => {
            setCancelled(true);
            setRound((n) => n + 1);
          }}
        />
      ) : null}
      <section aria-labelledby="figures-title">
        <h2 id="figures-title">Figures</h2>
        <p class="hint">Each counts people of the campaign (reminders sent counts emails), up to now.</p>
        <Figures campaign={c} />
        <p>
          <button type="button" onClick={() => setRound((n) => n + 1)}>
            Read again
          </button>
        </p>
      </section>
      <section aria-labelledby="people-title">
        <h2 id="people-title">People</h2>
        {people.error ? <Notice kind="error">{people.error.message}</Notice> : null}
        <p class="muted" aria-live="polite">
          {people.loading && count === 0
            ? "Loading…"
            : count === 0
              ? "Nobody is in this campaign."
              : `${count} of ${c.recipients ?? count} ${(c.recipients ?? count) === 1 ? "person" : "people"}, by email address${people.more ? "; more below" : ""}.`}
        </p>
        {count > 0 ? <PeopleTable campaign={c} people={people.items} /> : null}
        {people.more ? (
          <p>
            <button type="button" onClick={people.more}>
              Load more
            </button>
          </p>
        ) : null}
      </section>
    </ConsoleShell>
  );
}
