// /console/rewards?program_id=&status=&entry=: the ledger with filters; managers approve in bulk and
// mark rewards paid (not a catalogue redemption's entries, decided through their redemptions).
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import type { Page, Program, Reward } from "../models";
import { useLoad } from "../ui/data";
import { Notice } from "../ui/layout";
import { entryKinds } from "../ui/reward_amount";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, named, ProgramFilter } from "./filters";
import { RewardsTable } from "./rewards_table";

export function RewardsPage() {
  const { query: params, route } = useLocation();
  const filters = { program_id: params.program_id ?? "", status: params.status ?? "", entry: params.entry ?? "" };
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const rewards = useLoad(() => get<Page<Reward>>(`/api/v1/rewards${query({ ...filters, limit: 200 })}`), [
    filters.program_id,
    filters.status,
    filters.entry,
  ]);
  const setFilter = (name: string, value: string) => route(`/console/rewards${query({ ...filters, [name]: value })}`);
  return (
    <ConsoleShell title="Rewards">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter rewards">
        <ProgramFilter id="rewards-program" title="Program" anyLabel="All programs" programs={programs.data?.data ?? []}
          value={filters.program_id} onChange={(v) => setFilter("program_id", v)} />
        <ChoiceFilter id="rewards-status" title="Status" anyLabel="Any status"
          choices={named(["pending", "approved", "fulfilled", "reversed"])}
          value={filters.status} onChange={(v) => setFilter("status", v)} />
        <ChoiceFilter id="rewards-entry" title="Entry" anyLabel="Any entry" choices={entryKinds}
          value={filters.entry} onChange={(v) => setFilter("entry", v)} />
      </form>
      <p>
        <a class="button" href={`/api/v1/exports/rewards.csv${query(filters)}`} download>
          Export CSV
        </a>
      </p>
      {rewards.error ? <Notice kind="error">{rewards.error.message}</Notice> : null}
      <RewardsTable rewards={rewards.data?.data ?? []} onChange={rewards.reload} />
    </ConsoleShell>
  );
}
