// /console/leaderboard?program_id=&period=&month=&tag=&limit=: a program's advocates ranked by the
// lifetime points they earned in a period (this month or another, the last 30 days, all time),
// optionally only those with a tag. Staff see every name; an advocate who chose not to be named is
// marked, since other advocates see "An advocate" in their place. Admins, managers and viewers.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { dateTime } from "../format";
import type { Leaderboard, Page, Program } from "../models";
import { periodInWords, periods, points } from "../ui/points";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, ProgramFilter } from "./filters";
import { useSession } from "./session";

const limits = ["10", "25", "50", "100"].map((value) => ({ value, label: `Top ${value}` }));

// A month, YYYY-MM, as a person reads it: "November 2025".
function monthInWords(month: string): string {
  const [year, number] = month.split("-").map(Number);
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
}

// What the board counts: "this month (December 2026)", "November 2025", "last 30 days", "all time".
function boardWords(board: Leaderboard, chosenMonth: string): string {
  if (board.period === "month" && board.month) {
    return chosenMonth ? monthInWords(board.month) : `this month (${monthInWords(board.month)})`;
  }
  return periodInWords(board.period).toLowerCase();
}

function TagFilter({ value, onChange }: { value: string; onChange: (tag: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <div class="field">
      <label for="leaderboard-tag">Tag</label>
      <input
        id="leaderboard-tag"
        value={text}
        aria-describedby="leaderboard-tag-hint"
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={(e) => onChange(e.currentTarget.value.trim())}
      />
      <p class="hint" id="leaderboard-tag-hint">
        Only advocates with this tag (Enter to apply).
      </p>
    </div>
  );
}

export function LeaderboardPage() {
  const { query: params, route } = useLocation();
  const { canReadAnalytics } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const period = periods.some((p) => p.value === params.period) ? params.period : "month";
  const month = period === "month" ? params.month ?? "" : "";
  const tag = params.tag ?? "";
  const limit = limits.some((l) => l.value === params.limit) ? params.limit : "10";
  const filters = { program_id: programId, period, month, tag, limit };
  const board = useLoad(
    () =>
      canReadAnalytics && programId
        ? get<Leaderboard>(`/api/v1/leaderboards${query(filters)}`)
        : Promise.resolve(undefined),
    [canReadAnalytics, programId, period, month, tag, limit],
  );
  const go = (next: Record<string, string>) => route(`/console/leaderboard${query({ ...filters, ...next })}`);
  if (!canReadAnalytics) {
    return (
      <ConsoleShell title="Leaderboard">
        <Notice kind="info">The leaderboard is for admins, managers and viewers.</Notice>
      </ConsoleShell>
    );
  }
  const b = board.data;
  const programName = programs.data?.data.find((p) => p.id === programId)?.name;
  return (
    <ConsoleShell title="Leaderboard">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose the leaderboard">
        <ProgramFilter id="leaderboard-program" title="Program" programs={programs.data?.data ?? []} value={programId}
          onChange={(v) => go({ program_id: v })} />
        <ChoiceFilter id="leaderboard-period" title="Period" choices={periods} value={period}
          onChange={(v) => go({ period: v, month: "" })} />
        {period === "month" ? (
          <div class="field">
            <label for="leaderboard-month">Month (UTC)</label>
            <input id="leaderboard-month" type="month" value={month} aria-describedby="leaderboard-month-hint"
              onChange={(e) => go({ month: e.currentTarget.value })} />
            <p class="hint" id="leaderboard-month-hint">
              Empty: this month.
            </p>
          </div>
        ) : null}
        <TagFilter value={tag} onChange={(v) => go({ tag: v })} />
        <ChoiceFilter id="leaderboard-limit" title="Show" choices={limits} value={limit} onChange={(v) => go({ limit: v })} />
      </form>
      {programs.data && programs.data.data.length === 0 ? <Notice kind="info">There is no program yet.</Notice> : null}
      {board.error ? <Notice kind="error">{board.error.message}</Notice> : null}
      {!b && !board.error && programId ? <Loading /> : null}
      {b ? (
        <section class="card" aria-labelledby="leaderboard-title">
          <h2 id="leaderboard-title">
            {programName ?? "Program"}: {boardWords(b, month)}
            {b.tag ? `, tag “${b.tag}”` : ""}
          </h2>
          <p class="hint">{b.basis}</p>
          {b.data.length === 0 ? (
            <p class="muted">Nobody earned points in this period{b.tag ? " with this tag" : ""}.</p>
          ) : (
            <table class="table">
              <caption class="visually-hidden">Advocates ranked by points</caption>
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Advocate</th>
                  <th scope="col" class="number">
                    Points
                  </th>
                  <th scope="col">Reached the total</th>
                </tr>
              </thead>
              <tbody>
                {b.data.map((row) => (
                  <tr key={row.advocate_id}>
                    <td>#{row.rank}</td>
                    <td>
                      <a href={`/console/advocates/${row.advocate_id}`}>{row.name}</a>
                      {row.hidden ? <span class="muted"> (not shown to advocates by name)</span> : null}
                    </td>
                    <td class="number">{points(row.points)}</td>
                    <td>{dateTime(row.reached_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="muted">As of {dateTime(b.as_of)}.</p>
        </section>
      ) : null}
    </ConsoleShell>
  );
}
