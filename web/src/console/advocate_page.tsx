// /console/advocates/{id}: one advocate — details, attributes and tags, balances, referrals and
// rewards; staff who manage the advocate issue a one-time portal sign-in link to hand over.
import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError, get, post, query } from "../api";
import { dateTime, label, personName } from "../format";
import type { Advocate, Balance, Page, Referral, Reward, SignInLink } from "../models";
import { useLoad } from "../ui/data";
import { BalanceTotals } from "../ui/balances";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { RewardsTable } from "./rewards_table";
import { useSession } from "./session";

function SignInLinkIssuer({ advocate }: { advocate: Advocate }) {
  const [link, setLink] = useState("");
  const [error, setError] = useState("");
  return (
    <div>
      <button
        type="button"
        onClick={async () => {
          try {
            const issued = await post<SignInLink>(`/api/v1/advocates/${advocate.id}/sign-in-links`);
            setLink(`${window.location.origin}/portal/sign-in?token=${encodeURIComponent(issued.token)}`);
            setError("");
          } catch (failure) {
            setError(failure instanceof ApiError ? failure.message : String(failure));
          }
        }}
      >
        Issue a portal sign-in link
      </button>
      {link ? (
        <div class="field">
          <label for="sign-in-link">One-time sign-in link (valid 24 hours; give it to {advocate.first_name || advocate.email} only)</label>
          <input id="sign-in-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </div>
  );
}

export function AdvocatePage() {
  const { params } = useRoute();
  const { canMove } = useSession();
  const advocate = useLoad(() => get<Advocate>(`/api/v1/advocates/${params.id}`), [params.id]);
  const balances = useLoad(() => get<{ balances: Balance[] }>(`/api/v1/advocates/${params.id}/balances`), [params.id]);
  const referrals = useLoad(() => get<Page<Referral>>(`/api/v1/referrals${query({ advocate_id: params.id, limit: 200 })}`), [params.id]);
  const rewards = useLoad(() => get<Page<Reward>>(`/api/v1/rewards${query({ advocate_id: params.id, limit: 200 })}`), [params.id]);
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
      {canMove && a.status === "active" ? (
        <section class="card" aria-labelledby="advocate-portal">
          <h2 id="advocate-portal">Portal access</h2>
          <SignInLinkIssuer advocate={a} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="advocate-balances">
        <h2 id="advocate-balances">Balances</h2>
        <BalanceTotals balances={balances.data?.balances ?? []} />
        {balances.data && balances.data.balances.length === 0 ? <p class="muted">No rewards yet.</p> : null}
      </section>
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
