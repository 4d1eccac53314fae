// /console: the programs, with their join and landing pages.
import { get } from "../api";
import { label } from "../format";
import type { Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { useSession } from "./session";

export function ProgramsPage() {
  const { canManage } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  return (
    <ConsoleShell title="Programs">
      {canManage ? (
        <p>
          <a class="button" href="/console/programs/new">
            New program
          </a>
        </p>
      ) : null}
      {programs.error ? <Notice kind="error">{programs.error.message}</Notice> : null}
      {!programs.data && !programs.error ? <Loading /> : null}
      <table class="table">
        <caption class="visually-hidden">Programs</caption>
        <thead>
          <tr>
            <th scope="col">Program</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Pages</th>
          </tr>
        </thead>
        <tbody>
          {(programs.data?.data ?? []).map((p) => (
            <tr key={p.id}>
              <td>
                <a href={`/console/programs/${p.id}`}>{p.name}</a>
              </td>
              <td>{label(p.kind)}</td>
              <td>
                <Badge value={p.status} />
              </td>
              <td>
                <a href={`/join/${p.slug}`}>Join page</a> · <a href={`/landing/${p.slug}`}>Landing page</a> ·{" "}
                <a href={`/console/referrals?program_id=${p.id}`}>Referrals</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsoleShell>
  );
}
