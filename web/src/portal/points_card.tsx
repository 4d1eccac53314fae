// The portal's "Your points" card: the points earned and the level with a bar to the next one,
// the points to redeem (and the next ones to expire), the badges, the program's leaderboard (this
// month, the last 30 days or all time: the top 10, and "You are #N" below them) with the choice to
// be named on it, and the latest points in words; under it the challenges that earn points
// (challenges_card.tsx) and the rewards to choose with them (rewards_catalog.tsx), after whose
// redemptions and cancels the card is read again. Nothing is shown when the program keeps no
// points (GET /api/v1/portal/points says `enabled: false`; the board, the challenges and the
// catalogue answer 409).
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, put } from "../api";
import type { LeaderboardPeriod, Page, PointsEntry, PointsSummary, PortalLeaderboard } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { BadgeList, day, LevelProgress, periodInWords, periods, points, signedPoints } from "../ui/points";
import { ChallengesCard } from "./challenges_card";
import { RewardsCatalog } from "./rewards_catalog";

function Leaderboard() {
  const [period, setPeriod] = useState<LeaderboardPeriod>("month");
  const [group, setGroup] = useState<string | null>(null); // null: the program's board
  const [board, setBoard] = useState<PortalLeaderboard | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [choice, setChoice] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    const query = `period=${period}${group === null ? "" : `&group=${encodeURIComponent(group)}`}`;
    get<PortalLeaderboard>(`/api/v1/portal/leaderboard?${query}`).then(
      (found) => {
        if (!live) return;
        setBoard(found);
        setFailure(null);
      },
      (error) => {
        if (!live) return;
        setFailure(error instanceof ApiError ? error : new ApiError({ title: String(error), status: 0 }));
      },
    );
    return () => {
      live = false;
    };
  }, [period, group]);

  // The program keeps no points: no board.
  if (failure?.status === 409) return null;

  const setNamed = async (named: boolean) => {
    setSaving(true);
    setChoice(null);
    setBoard((old) => (old ? { ...old, named } : old)); // the box shows the choice at once
    try {
      // The answer is a board too, but for its own period: only the choice is taken from it.
      const saved = await put<PortalLeaderboard>("/api/v1/portal/leaderboard", { named });
      setBoard((old) => (old ? { ...old, named: saved.named } : saved));
      setChoice({
        kind: "success",
        text: saved.named ? "Saved: other advocates see your name." : "Saved: other advocates see “An advocate” in your place.",
      });
    } catch (error) {
      setBoard((old) => (old ? { ...old, named: !named } : old));
      setChoice({ kind: "error", text: `Not saved: ${error instanceof ApiError ? error.message : String(error)}` });
    } finally {
      setSaving(false);
    }
  };

  const shown = board !== null && board.period === period && board.group === group;
  const groups = board?.groups ?? [];
  const you = board?.you ?? null;
  const youInTop = you !== null && (board?.data ?? []).some((row) => row.rank === you.rank);
  return (
    <div class="points-part" aria-labelledby="leaderboard-title" role="group">
      <h3 id="leaderboard-title">Leaderboard</h3>
      <div class="segmented" role="group" aria-label="Points counted">
        {periods.map((p) => (
          <button key={p.value} type="button" aria-pressed={period === p.value} onClick={() => setPeriod(p.value)}>
            {p.label}
          </button>
        ))}
      </div>
      {groups.length > 0 ? (
        <div class="segmented" role="group" aria-label="Who is ranked">
          <button type="button" aria-pressed={group === null} onClick={() => setGroup(null)}>
            Everyone
          </button>
          {groups.map((g) => (
            <button key={g} type="button" aria-pressed={group === g} onClick={() => setGroup(g)}>
              {g}
            </button>
          ))}
        </div>
      ) : null}
      {failure ? <Notice kind="error">{failure.message}</Notice> : null}
      {!shown && !failure ? <Loading /> : null}
      {board && shown ? (
        <>
          {board.data.length === 0 ? (
            <p class="muted">Nobody has earned points {period === "all_time" ? "yet" : "in this period yet"}.</p>
          ) : (
            <table class="points-board">
              <caption class="visually-hidden">
                Leaderboard{group === null ? "" : ` of ${group}`}: {periodInWords(period).toLowerCase()}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Name</th>
                  <th scope="col" class="number">
                    Points
                  </th>
                </tr>
              </thead>
              <tbody>
                {board.data.map((row) => {
                  const mine = you !== null && row.rank === you.rank;
                  return (
                    <tr key={row.rank} class={mine ? "points-you" : undefined}>
                      <td>#{row.rank}</td>
                      <td>
                        {row.name}
                        {mine ? <span class="points-you-tag"> (you)</span> : null}
                      </td>
                      <td class="number">{points(row.points)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {you && !youInTop ? (
            <p class="points-your-rank">
              You are #{you.rank} with {points(you.points)} {you.points === 1 ? "point" : "points"}.
            </p>
          ) : null}
          {!you && board.data.length > 0 ? (
            <p class="muted">Earn points {period === "all_time" ? "" : "in this period "}to appear here.</p>
          ) : null}
          <div class="setting">
            <label class="choice" for="leaderboard-named">
              <input
                id="leaderboard-named"
                type="checkbox"
                checked={board.named}
                disabled={saving}
                aria-describedby="leaderboard-named-hint"
                onChange={(e) => void setNamed(e.currentTarget.checked)}
              />
              Show my name on the leaderboard
            </label>
            <p class="hint" id="leaderboard-named-hint">
              Other advocates see your first name and initial; when this is off they see “An advocate” in your place. You
              always see your own name.
            </p>
          </div>
          <div role="status" aria-live="polite">
            {choice?.kind === "success" ? <p class="notice notice-success">{choice.text}</p> : null}
          </div>
          {choice?.kind === "error" ? <Notice kind="error">{choice.text}</Notice> : null}
        </>
      ) : null}
    </div>
  );
}

// `round` changes when the points may have changed (a redemption or its cancel).
function RecentPoints({ round }: { round: number }) {
  const entries = useLoad(() => get<Page<PointsEntry>>("/api/v1/portal/points/entries?limit=5"), [round]);
  return (
    <div class="points-part" role="group" aria-labelledby="recent-points-title">
      <h3 id="recent-points-title">Recent points</h3>
      {entries.error ? <Notice kind="error">{entries.error.message}</Notice> : null}
      {entries.data && entries.data.data.length === 0 ? (
        <p class="muted">No points yet: refer someone to earn your first.</p>
      ) : null}
      <ul class="points-entries">
        {(entries.data?.data ?? []).map((e) => (
          <li key={e.id}>
            <span class={e.points < 0 ? "points-delta negative" : "points-delta"}>{signedPoints(e.points)}</span>
            <span class="points-entry-words">{e.description}</span>
            <span class="muted">{day(e.earned_at)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PointsCard() {
  const [round, setRound] = useState(0);
  const summary = useLoad(() => get<PointsSummary>("/api/v1/portal/points"), [round]);
  if (summary.data && !summary.data.enabled) return null;
  const s = summary.data;
  return (
    <>
      <section class="card points-card" aria-labelledby="points-title">
        <h2 id="points-title">Your points</h2>
        {summary.error ? <Notice kind="error">{summary.error.message}</Notice> : null}
        {!s && !summary.error ? <Loading /> : null}
        {s ? (
          <>
            <dl class="points-figures">
              <div>
                <dt>Points earned</dt>
                <dd data-figure="lifetime">{points(s.lifetime)}</dd>
              </div>
              <div>
                <dt>Your level</dt>
                <dd data-figure="level">{s.level ?? "—"}</dd>
              </div>
              <div>
                <dt>Points to redeem</dt>
                <dd data-figure="redeemable">{points(s.redeemable)}</dd>
              </div>
            </dl>
            <LevelProgress summary={s} id="portal-level" />
            {s.next_expiry ? (
              <p class="points-expiry">
                {points(s.next_expiry.points)} of your points to redeem expire on {day(s.next_expiry.at)}.
              </p>
            ) : null}
            {s.expired > 0 ? <p class="muted">{points(s.expired)} points have expired so far.</p> : null}
            <div class="points-part" role="group" aria-labelledby="badges-title">
              <h3 id="badges-title">Badges</h3>
              <BadgeList badges={s.badges} label="Your badges" />
            </div>
            <Leaderboard />
            <RecentPoints round={round} />
          </>
        ) : null}
      </section>
      {s ? <ChallengesCard /> : null}
      {s ? <RewardsCatalog onChange={() => setRound((n) => n + 1)} /> : null}
    </>
  );
}
