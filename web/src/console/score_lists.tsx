// Two lists of a program's lead scores, a page at a time: the companies (accounts) by rolled-up
// score, and the open referrals by propensity, each row linking to what it names.
import { get, query } from "../api";
import { dateTime, label, personName } from "../format";
import type { AccountScore, RankedReferral, ScorePage } from "../models";
import { usePaged } from "../ui/data";
import { Loading, Notice } from "../ui/layout";

function MoreButton({ more, what }: { more?: () => void; what: string }) {
  return more ? (
    <p>
      <button type="button" onClick={more}>
        Load more <span class="visually-hidden">{what}</span>
      </button>
    </p>
  ) : null;
}

export function AccountsTable({ programId, version }: { programId: string; version: string }) {
  const accounts = usePaged(
    (cursor) =>
      get<ScorePage<AccountScore>>(`/api/v1/accounts${query({ program_id: programId, version, limit: 10, cursor })}`),
    `${programId}#${version}`,
  );
  return (
    <>
      {accounts.error ? <Notice kind="error">{accounts.error.message}</Notice> : null}
      {!accounts.loading && !accounts.error && accounts.items.length === 0 ? (
        <p class="muted">No companies yet: nobody referred has a business email.</p>
      ) : null}
      {accounts.items.length > 0 ? (
        <div class="table-scroll" role="region" aria-label="Companies by score" tabIndex={0}>
          <table class="table score-accounts">
            <caption class="visually-hidden">Companies by score, highest first</caption>
            <thead>
              <tr>
                <th scope="col">Company (email domain)</th>
                <th scope="col">Score</th>
                <th scope="col">Grade</th>
                <th scope="col">People</th>
                <th scope="col">Engaged</th>
                <th scope="col">MQLs</th>
                <th scope="col">Open</th>
                <th scope="col">Won</th>
                <th scope="col">Last engaged</th>
              </tr>
            </thead>
            <tbody>
              {accounts.items.map((a) => (
                <tr key={a.id} data-account={a.domain}>
                  <th scope="row">{a.domain}</th>
                  <td data-figure="score">{a.score.toLocaleString()}</td>
                  <td>{a.band}</td>
                  <td>{a.contacts.toLocaleString()}</td>
                  <td>{a.engaged_contacts.toLocaleString()}</td>
                  <td>{a.mql_contacts.toLocaleString()}</td>
                  <td>{a.open_referrals.toLocaleString()}</td>
                  <td>{a.won_referrals.toLocaleString()}</td>
                  <td>{a.last_engaged_at ? dateTime(a.last_engaged_at) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {accounts.loading ? <Loading /> : null}
      <MoreButton more={accounts.more} what="companies" />
    </>
  );
}

export function RankingTable({ programId, version }: { programId: string; version: string }) {
  const ranking = usePaged(
    (cursor) =>
      get<ScorePage<RankedReferral>>(
        `/api/v1/referral-scores${query({ program_id: programId, version, open: "true", limit: 10, cursor })}`,
      ),
    `${programId}#${version}`,
  );
  return (
    <>
      {ranking.error ? <Notice kind="error">{ranking.error.message}</Notice> : null}
      {!ranking.loading && !ranking.error && ranking.items.length === 0 ? (
        <p class="muted">No open referrals.</p>
      ) : null}
      {ranking.items.length > 0 ? (
        <div class="table-scroll" role="region" aria-label="Open referrals by propensity" tabIndex={0}>
          <table class="table score-ranking">
            <caption class="visually-hidden">Open referrals by propensity, the most likely first</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Person</th>
                <th scope="col">Company</th>
                <th scope="col">Total</th>
                <th scope="col">Fit</th>
                <th scope="col">Engagement</th>
                <th scope="col">Grade</th>
                <th scope="col">MQL since</th>
                <th scope="col">Stage</th>
              </tr>
            </thead>
            <tbody>
              {ranking.items.map((r) => (
                <tr key={r.referral_id} data-referral={r.referral_id}>
                  <td>{r.rank.toLocaleString()}</td>
                  <th scope="row">
                    <a href={`/console/referrals/${r.referral_id}`}>{personName(r)}</a>
                  </th>
                  <td>{r.company || "—"}</td>
                  <td data-figure="total">{r.total.toLocaleString()}</td>
                  <td>{r.fit.toLocaleString()}</td>
                  <td>{r.engagement.toLocaleString()}</td>
                  <td>{r.grade}</td>
                  <td>{r.mql_at ? dateTime(r.mql_at) : "—"}</td>
                  <td>{label(r.stage)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ranking.loading ? <Loading /> : null}
      <MoreButton more={ranking.more} what="referrals" />
    </>
  );
}
