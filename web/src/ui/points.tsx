// Advocacy points as the advocate's portal and the console's advocate page both show them: a
// number of points, the level with a bar to the next one ("800 points to Advocate"), the badges
// (earned ones in full colour, the others with their progress, "1 of 5") and the leaderboard's
// periods. Points are a unit of their own, never money.
import type { BadgeProgress, LeaderboardPeriod, PointsSummary } from "../models";

// A number of points as a person reads it: "1,300".
export function points(value: number): string {
  return value.toLocaleString();
}

// A number of points with its unit: "1 point", "500 points".
export function pointsWords(value: number): string {
  return `${points(value)} ${value === 1 ? "point" : "points"}`;
}

// A change of points with its sign: "+1,000", "-50".
export function signedPoints(value: number): string {
  return value.toLocaleString(undefined, { signDisplay: "exceptZero" });
}

// A day as a person reads it (badges, expiry): "3 Mar 2026".
export function day(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
}

export const periods: { value: LeaderboardPeriod; label: string }[] = [
  { value: "month", label: "This month" },
  { value: "rolling_30d", label: "Last 30 days" },
  { value: "all_time", label: "All time" },
];

export function periodInWords(period: string): string {
  return periods.find((p) => p.value === period)?.label ?? period;
}

// The level reached and the bar to the next one; `id` keeps the bar's name unique on the page.
export function LevelProgress({ summary, id }: { summary: PointsSummary; id: string }) {
  const next = summary.next_level;
  const level = summary.level ?? "No level yet";
  if (!next) {
    return (
      <p class="level-progress level-top" id={`${id}-words`}>
        {summary.level ? `${summary.level}: the top level.` : "No levels yet."}
      </p>
    );
  }
  const bp = Math.max(0, Math.min(10_000, summary.level_progress_bp));
  return (
    <div class="level-progress">
      <div class="level-ends" aria-hidden="true">
        <span>{level}</span>
        <span>{next.name}</span>
      </div>
      <progress id={id} max={10_000} value={bp} aria-labelledby={`${id}-words`} />
      <p class="level-to-go" id={`${id}-words`}>
        {points(next.points_to_go)} {next.points_to_go === 1 ? "point" : "points"} to {next.name}
      </p>
    </div>
  );
}

// What a badge counts, after its number: "referrals", "survey answers", "points".
const actionWords: Record<string, [string, string]> = {
  referral_submitted: ["referral", "referrals"],
  referral_qualified: ["qualified referral", "qualified referrals"],
  referral_won: ["referral who became a customer", "referrals who became customers"],
  nps_answered: ["survey answer", "survey answers"],
  challenge: ["challenge step", "challenge steps"],
  lifetime_points: ["point", "points"],
};

// "3 referrals", "10,000 points".
export function badgeGoal(action: string, count: number): string {
  const [one, many] = actionWords[action] ?? [action.replace(/_/g, " "), action.replace(/_/g, " ")];
  return `${points(count)} ${count === 1 ? one : many}`;
}

function Star() {
  return (
    <svg class="points-badge-icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path d="M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z" fill="currentColor" />
    </svg>
  );
}

function BadgeItem({ badge }: { badge: BadgeProgress }) {
  const progress =
    badge.action === "lifetime_points"
      ? `${points(badge.progress)} of ${points(badge.target)} points`
      : `${points(badge.progress)} of ${points(badge.target)}`;
  return (
    <li class={badge.earned ? "points-badge earned" : "points-badge"}>
      <Star />
      <span class="points-badge-name">{badge.name}</span>
      <span class="points-badge-state">
        {badge.earned ? (badge.earned_at ? `Earned ${day(badge.earned_at)}` : "Earned") : progress}
      </span>
      <span class="visually-hidden">
        {badge.earned ? "" : ` (not earned yet: ${badgeGoal(badge.action, badge.target)})`}
      </span>
    </li>
  );
}

export function BadgeList({ badges, label }: { badges: BadgeProgress[]; label: string }) {
  if (badges.length === 0) return <p class="muted">No badges in this program.</p>;
  return (
    <ul class="points-badges" aria-label={label}>
      {badges.map((b) => (
        <BadgeItem key={b.name} badge={b} />
      ))}
    </ul>
  );
}
