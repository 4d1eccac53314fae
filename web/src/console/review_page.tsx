// /console/review: referrals held for review in a program, with the reasons; each opens on the
// referral's page, where a manager clears or rejects it with a note.
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { dateTime, label } from "../format";
import type { Page, Program, Referral } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ProgramFilter } from "./filters";

function reasonsOf(r: Referral): string {
  return (r.review_reasons ?? []).map((x) => (typeof x === "string" ? label(x) : label(x.reason))).join(", ");
}

export function ReviewPage() {
  const { query: params, route } = useLocation();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id ?? programs.data?.data[0]?.id ?? "";
  const queue = useLoad(
    () => (programId ? get<Page<Referral>>(`/api/v1/programs/${programId}/review-queue?limit=200`) : Promise.resolve(undefined)),
    [programId],
  );
  return (
    <ConsoleShell title="Review queue">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose a program">
        <ProgramFilter id="review-program" title="Program" programs={programs.data?.data ?? []} value={programId}
          onChange={(v) => route(`/console/review${query({ program_id: v })}`)} />
      </form>
      {queue.error ? <Notice kind="error">{queue.error.message}</Notice> : null}
      <table class="table">
        <caption class="visually-hidden">Referrals under review</caption>
        <thead>
          <tr>
            <th scope="col">Referred</th>
            <th scope="col">Status</th>
            <th scope="col">Reasons</th>
            <th scope="col">Submitted</th>
          </tr>
        </thead>
        <tbody>
          {(queue.data?.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                <a href={`/console/referrals/${r.id}`}>{r.referee.email}</a>
              </td>
              <td>
                <Badge value={r.review_status} />
              </td>
              <td>{reasonsOf(r)}</td>
              <td>{dateTime(r.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {queue.data && queue.data.data.length === 0 ? <p class="muted">Nothing is waiting for review.</p> : null}
    </ConsoleShell>
  );
}
