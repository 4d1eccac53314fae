// An advocate's points on their console page: the balances (lifetime, redeemable, expired, the
// next expiry), the level with its bar, the badges, and the ledger a page at a time, newest first;
// admins and managers adjust the points (a correction or a gift, with a note the advocate reads).
import { useState } from "preact/hooks";
import { get, post, query } from "../api";
import { dateTime, label } from "../format";
import type { Page, PointsBalanceKind, PointsEntry, PointsSummary } from "../models";
import { BadgeList, day, LevelProgress, points, signedPoints } from "../ui/points";
import { useLoad, usePaged } from "../ui/data";
import { Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Loading, Notice } from "../ui/layout";
import { useSession } from "./session";

const balances: { value: PointsBalanceKind; label: string }[] = [
  { value: "both", label: "Both: lifetime and redeemable" },
  { value: "redeemable", label: "Redeemable only" },
  { value: "lifetime", label: "Lifetime only" },
];

const balanceWords: Record<string, string> = {
  both: "Both",
  redeemable: "Redeemable only",
  lifetime: "Lifetime only",
};

function AdjustForm({ advocateId, onDone }: { advocateId: string; onDone: () => void }) {
  const empty = { points: "", balance: "both", note: "" };
  const form = useForm(empty, (v) => {
    const errors = requireFields(v, { points: "how many points (negative to take off)", note: "why the points change" });
    if (!errors.points && !/^[-+]?\d[\d,]*$/.test(v.points.trim())) {
      errors.points = "must be a whole number of points, e.g. 50 or -50";
    }
    return errors;
  });
  const [done, setDone] = useState("");
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="points-adjust-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setDone("");
        let saved: PointsEntry | undefined;
        const ok = await form.submit(async (v) => {
          saved = await post<PointsEntry>(`/api/v1/advocates/${advocateId}/points/adjustments`, {
            points: Number(v.points.trim().replace(/,/g, "")),
            balance: v.balance,
            note: v.note,
          });
        });
        if (ok && saved) {
          setDone(`Recorded: ${signedPoints(saved.points)} points (${balanceWords[saved.balance]?.toLowerCase() ?? saved.balance}).`);
          form.reset(empty);
          onDone();
        }
      }}
    >
      <h3 id="points-adjust-title">Adjust the points</h3>
      <div class="row">
        <Field form={form} name="points" id="points-adjust-points" label="Points" required inputMode="text"
          hint="Positive to add, negative to take off (e.g. -50)." />
        <Field form={form} name="balance" id="points-adjust-balance" label="Balance" options={balances}
          hint="Lifetime points set the level and the leaderboards; redeemable points are the ones to spend." />
      </div>
      <Field form={form} name="note" id="points-adjust-note" label="Note" required multiline
        hint="The advocate reads it in their portal: “Added by the team: …” or “Taken off by the team: …”." />
      <FormMessage form={form} />
      <div role="status" aria-live="polite">
        {done ? <p class="notice notice-success">{done}</p> : null}
      </div>
      <Submit form={form}>Adjust the points</Submit>
    </form>
  );
}

// Who recorded an entry: Bluebird itself for points earned, else a staff member (by id: the
// entries carry no name).
function recorder(by: string, myId: string | undefined): string {
  if (by === "system") return "Bluebird";
  if (myId && by === myId) return "You";
  return by;
}

export function AdvocatePoints({ advocateId }: { advocateId: string }) {
  const { canManage, me } = useSession();
  const [round, setRound] = useState(0);
  const summary = useLoad(() => get<PointsSummary>(`/api/v1/advocates/${advocateId}/points`), [advocateId, round]);
  const ledger = usePaged(
    (cursor) => get<Page<PointsEntry>>(`/api/v1/advocates/${advocateId}/points/entries${query({ limit: 20, cursor })}`),
    `${advocateId}#${round}`,
  );
  const s = summary.data;
  return (
    <section class="card points-section" aria-labelledby="advocate-points">
      <h2 id="advocate-points">Points</h2>
      {summary.error ? <Notice kind="error">{summary.error.message}</Notice> : null}
      {!s && !summary.error ? <Loading /> : null}
      {s ? (
        <>
          {!s.enabled ? (
            <Notice kind="info">
              This program's points are off: nothing more is earned, and the advocate's portal shows no points.
            </Notice>
          ) : null}
          <dl class="kpis">
            <div class="kpi">
              <dt>Lifetime points</dt>
              <dd data-figure="lifetime">{points(s.lifetime)}</dd>
            </div>
            <div class="kpi">
              <dt>Redeemable points</dt>
              <dd data-figure="redeemable">{points(s.redeemable)}</dd>
            </div>
            <div class="kpi">
              <dt>Expired</dt>
              <dd data-figure="expired">{points(s.expired)}</dd>
            </div>
            <div class="kpi">
              <dt>Level</dt>
              <dd data-figure="level">{s.level ?? "—"}</dd>
            </div>
          </dl>
          <LevelProgress summary={s} id="advocate-level" />
          {s.next_expiry ? (
            <p>
              Next expiry: {points(s.next_expiry.points)} redeemable points on {day(s.next_expiry.at)}.
            </p>
          ) : null}
          <h3>Badges</h3>
          <BadgeList badges={s.badges} label="This advocate's badges" />
        </>
      ) : null}
      <h3 id="points-ledger-title">Ledger</h3>
      {ledger.error ? <Notice kind="error">{ledger.error.message}</Notice> : null}
      {!ledger.loading && !ledger.error && ledger.items.length === 0 ? <p class="muted">No points yet.</p> : null}
      {ledger.items.length > 0 ? (
        <div class="table-scroll" role="region" aria-label="Points ledger" tabIndex={0}>
          <table class="table points-ledger" aria-labelledby="points-ledger-title">
            <thead>
              <tr>
                <th scope="col">Earned</th>
                <th scope="col" class="number">
                  Points
                </th>
                <th scope="col">Balance</th>
                <th scope="col">Why</th>
                <th scope="col">Note</th>
                <th scope="col">Recorded</th>
              </tr>
            </thead>
            <tbody>
              {ledger.items.map((e) => (
                <tr key={e.id}>
                  <td class="nowrap">{dateTime(e.earned_at)}</td>
                  <td class={e.points < 0 ? "number amount-negative" : "number"}>{signedPoints(e.points)}</td>
                  <td>{balanceWords[e.balance] ?? e.balance}</td>
                  <td>
                    <span class="points-reason">{label(e.reason)}</span>
                    <div class="muted">{e.description}</div>
                    {e.ref ? (
                      e.ref.startsWith("ref_") ? (
                        <a href={`/console/referrals/${e.ref}`} aria-label={`The referral of this entry (${e.ref})`}>
                          The referral
                        </a>
                      ) : (
                        <span class="muted id">{e.ref}</span>
                      )
                    ) : null}
                  </td>
                  <td>{e.note || "—"}</td>
                  <td>
                    {dateTime(e.recorded_at)}
                    <div class="muted id">by {recorder(e.recorded_by, me.user?.id)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ledger.loading ? <Loading /> : null}
      {ledger.more ? (
        <p>
          <button type="button" onClick={ledger.more}>
            Load more
          </button>
        </p>
      ) : null}
      {canManage ? <AdjustForm advocateId={advocateId} onDone={() => setRound((n) => n + 1)} /> : null}
    </section>
  );
}
