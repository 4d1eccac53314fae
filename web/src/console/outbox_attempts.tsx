// One outbox item's attempts, oldest first (GET of the item): when, how long it took, the answer
// (an HTTP status or an SMTP reply code) and why it failed.
import { get } from "../api";
import { dateTime, duration } from "../format";
import type { OutboxItemDetail } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";

export function OutboxAttempts({ path, caption }: { path: string; caption: string }) {
  const detail = useLoad(() => get<OutboxItemDetail>(path), [path]);
  if (detail.error) return <Notice kind="error">{detail.error.message}</Notice>;
  if (!detail.data) return <Loading />;
  const attempts = detail.data.attempts;
  if (attempts.length === 0) return <p class="muted">No attempt yet.</p>;
  return (
    <table class="table attempts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">At</th>
          <th scope="col">Latency</th>
          <th scope="col">Answer</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr key={a.number}>
            <td class="number">{a.number}</td>
            <td class="nowrap">{dateTime(a.at)}</td>
            <td class="number">{duration(a.duration_ms)}</td>
            <td>{a.status ?? "—"}</td>
            <td>{a.error ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
