// /console/rewards: the ledger with filters; managers approve in bulk and mark rewards paid.
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { label } from "../format";
import type { Page, Program, Reward } from "../models";
import { useLoad } from "../ui/data";
import { Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { RewardsTable } from "./rewards_table";

export function RewardsPage() {
  const { query: params, route } = useLocation();
  const filters = { program_id: params.program_id ?? "", status: params.status ?? "" };
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const rewards = useLoad(() => get<Page<Reward>>(`/api/v1/rewards${query({ ...filters, limit: 200 })}`), [
    filters.program_id,
    filters.status,
  ]);
  const setFilter = (name: string, value: string) => route(`/console/rewards${query({ ...filters, [name]: value })}`);
  return (
    <ConsoleShell title="Rewards">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter rewards">
        <div class="field">
          <label for="rewards-program">Program</label>
          <select id="rewards-program" value={filters.program_id} onChange={(e) => setFilter("program_id", e.currentTarget.value)}>
            <option value="">All programs</option>
            {(programs.data?.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rewards-status">Status</label>
          <select id="rewards-status" value={filters.status} onChange={(e) => setFilter("status", e.currentTarget.value)}>
            <option value="">Any status</option>
            {["pending", "approved", "fulfilled", "reversed"].map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {rewards.error ? <Notice kind="error">{rewards.error.message}</Notice> : null}
      <RewardsTable rewards={rewards.data?.data ?? []} onChange={rewards.reload} />
    </ConsoleShell>
  );
}
