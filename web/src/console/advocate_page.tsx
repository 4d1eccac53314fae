// /console/advocates/{id}: one advocate — details, attributes and tags, the segment they are in
// and the words they are shown (their share message and portal headline, and the landing page's
// words the people they refer read), balances, points,
// referrals and rewards, clicks by channel; staff who manage the advocate issue a one-time portal sign-in link
// (or a longer-lived invitation) to hand over or email.
import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError, get, post, query } from "../api";
import { dateTime, label, personName } from "../format";
import type { Activity, Advocate, AdvocateSegment, Balance, Page, Program, Referral, Reward, SignInLink } from "../models";
import { ActivityFigures } from "../ui/activity";
import { AdvocatePoints } from "./advocate_points";
import { useLoad } from "../ui/data";
import { BalanceTotals } from "../ui/balances";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { RewardsTable } from "./rewards_table";
import { useSession } from "./session";

const lifetimes = [
  { value: "24", label: "24 hours" },
  { value: "168", label: "7 days (an invitation)" },
  { value: "336", label: "14 days (an invitation)" },
  { value: "720", label: "30 days (an invitation)" },
];

// Issues a one-time portal sign-in link — an invitation when it lasts days — and offers it to copy
// or to send from the staff member's own mail client, addressed to the advocate.
function SignInLinkIssuer({ advocate, programName }: { advocate: Advocate; programName: string }) {
  const [hours, setHours] = useState("24");
  const [issued, setIssued] = useState<{ link: string; expires: string } | null>(null);
  const [error, setError] = useState("");
  const who = advocate.first_name || advocate.email;
  const mail = issued
    ? `mailto:${encodeURIComponent(advocate.email)}?subject=${encodeURIComponent(`Your referral portal: ${programName}`)}&body=${encodeURIComponent(
        `Hello ${who},\n\nThis link opens your referral portal for ${programName}, where you will find your referral link, your referrals and your rewards. It works once, until ${issued.expires}; once in, you can set a password.\n\n${issued.link}\n`,
      )}`
    : "";
  return (
    <form
      class="form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const made = await post<SignInLink>(`/api/v1/advocates/${advocate.id}/sign-in-links`, { expires_in_hours: Number(hours) });
          setIssued({
            link: `${window.location.origin}/portal/sign-in?token=${encodeURIComponent(made.token)}`,
            expires: dateTime(made.expires_at),
          });
          setError("");
        } catch (failure) {
          setError(failure instanceof ApiError ? failure.message : String(failure));
        }
      }}
    >
      <div class="inline-form">
        <div class="field">
          <label for="link-lifetime">Valid for</label>
          <select id="link-lifetime" value={hours} onChange={(e) => setHours(e.currentTarget.value)}>
            {lifetimes.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Issue a portal sign-in link</button>
      </div>
      {issued ? (
        <>
          <div class="field">
            <label for="sign-in-link">
              One-time sign-in link (valid until {issued.expires}; give it to {who} only)
            </label>
            <input id="sign-in-link" readOnly value={issued.link} onFocus={(e) => e.currentTarget.select()} />
          </div>
          <a class="button" href={mail}>
            Email it to {advocate.email}
          </a>
        </>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </form>
  );
}

// The segment the advocate is in, and their words with their details filled in (by the server).
function SegmentCard({ advocate, found }: { advocate: Advocate; found: AdvocateSegment }) {
  const r = found.rendered;
  return (
    <section class="card" aria-labelledby="advocate-segment">
      <h2 id="advocate-segment">Segment and words</h2>
      <p data-testid="advocate-segment-name">
        {found.segment ? (
          <>
            Segment:{" "}
            <a href={`/console/segments?program_id=${encodeURIComponent(advocate.program_id)}`}>{found.segment.name}</a>{" "}
            <span class="muted">({found.segment.position} in the program's order)</span>
          </>
        ) : (
          <>No segment: the program's words.</>
        )}
      </p>
      <dl class="details">
        <dt>Share message</dt>
        <dd class="words" data-testid="advocate-share-message">{r.share_message}</dd>
        <dt>Portal headline</dt>
        <dd class="words" data-testid="advocate-portal-headline">{r.portal_headline || <span class="muted">None</span>}</dd>
        <dt>Landing page headline</dt>
        <dd class="words" data-testid="advocate-landing-headline">{r.landing_headline}</dd>
        <dt>Landing page introduction</dt>
        <dd class="words" data-testid="advocate-landing-intro">{r.landing_intro}</dd>
      </dl>
      <p class="hint">The landing page's words are what the people this advocate refers read.</p>
    </section>
  );
}

export function AdvocatePage() {
  const { params } = useRoute();
  const { canMove } = useSession();
  const advocate = useLoad(() => get<Advocate>(`/api/v1/advocates/${params.id}`), [params.id]);
  const balances = useLoad(() => get<{ balances: Balance[] }>(`/api/v1/advocates/${params.id}/balances`), [params.id]);
  const referrals = useLoad(() => get<Page<Referral>>(`/api/v1/referrals${query({ advocate_id: params.id, limit: 200 })}`), [params.id]);
  const rewards = useLoad(() => get<Page<Reward>>(`/api/v1/rewards${query({ advocate_id: params.id, limit: 200 })}`), [params.id]);
  const activity = useLoad(() => get<Activity>(`/api/v1/advocates/${params.id}/activity`), [params.id]);
  const segment = useLoad(() => get<AdvocateSegment>(`/api/v1/advocates/${params.id}/segment`), [params.id]);
  const programId = advocate.data?.program_id;
  const program = useLoad(() => (programId ? get<Program>(`/api/v1/programs/${programId}`) : Promise.resolve(undefined)), [programId]);
  if (advocate.error) {
    return (
      <ConsoleShell title="Advocate">
        <Notice kind="error">{advocate.error.message}</Notice>
      </ConsoleShell>
    );
  }
  const a = advocate.data;
  if (!a) {
    return (
      <ConsoleShell title="Advocate">
        <Loading />
      </ConsoleShell>
    );
  }
  return (
    <ConsoleShell title={personName(a)}>
      <p>
        <Badge value={a.status} /> <span class="muted">{label(a.source ?? "")}</span>
      </p>
      <section class="card" aria-labelledby="advocate-details">
        <h2 id="advocate-details">Details</h2>
        <dl class="details">
          <dt>Email</dt>
          <dd>{a.email}</dd>
          <dt>Company</dt>
          <dd>{a.company || "—"}</dd>
          <dt>Code</dt>
          <dd>{a.code}</dd>
          <dt>Link</dt>
          <dd>{a.link}</dd>
          <dt>Tags</dt>
          <dd>{(a.tags ?? []).join(", ") || "—"}</dd>
          {Object.entries(a.attributes ?? {}).map(([key, value]) => [<dt key={`k-${key}`}>{label(key)}</dt>, <dd key={`v-${key}`}>{String(value)}</dd>])}
          <dt>Joined</dt>
          <dd>{a.created_at ? dateTime(a.created_at) : "—"}</dd>
        </dl>
      </section>
      {segment.error ? <Notice kind="error">{segment.error.message}</Notice> : null}
      {segment.data ? <SegmentCard advocate={a} found={segment.data} /> : null}
      {canMove && a.status === "active" ? (
        <section class="card" aria-labelledby="advocate-portal">
          <h2 id="advocate-portal">Portal access</h2>
          <SignInLinkIssuer advocate={a} programName={program.data?.name ?? "our referral program"} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="advocate-activity">
        <h2 id="advocate-activity">Clicks and referrals, last 30 days</h2>
        {activity.data ? <ActivityFigures activity={activity.data} caption="This advocate's clicks and referrals by channel" /> : <Loading />}
      </section>
      <section class="card" aria-labelledby="advocate-balances">
        <h2 id="advocate-balances">Balances</h2>
        <BalanceTotals balances={balances.data?.balances ?? []} />
        {balances.data && balances.data.balances.length === 0 ? <p class="muted">No rewards yet.</p> : null}
      </section>
      <AdvocatePoints advocateId={a.id} />
      <section class="card" aria-labelledby="advocate-referrals">
        <h2 id="advocate-referrals">Referrals</h2>
        <table class="table">
          <caption class="visually-hidden">Referrals by this advocate</caption>
          <thead>
            <tr>
              <th scope="col">Referred</th>
              <th scope="col">Stage</th>
              <th scope="col">Review</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {(referrals.data?.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`/console/referrals/${r.id}`}>{personName(r.referee)}</a>
                </td>
                <td>
                  <Badge value={r.stage} />
                </td>
                <td>
                  <Badge value={r.review_status} />
                </td>
                <td>{dateTime(r.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {referrals.data && referrals.data.data.length === 0 ? <p class="muted">No referrals yet.</p> : null}
      </section>
      <section class="card" aria-labelledby="advocate-rewards">
        <h2 id="advocate-rewards">Rewards</h2>
        <RewardsTable rewards={rewards.data?.data ?? []} onChange={rewards.reload} />
      </section>
    </ConsoleShell>
  );
}
