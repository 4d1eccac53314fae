// /console/imports/{id} (admins and managers): one import's report — read again every second
// while it runs, so it can be left and opened again from the program's list of imports.
import { useRoute } from "preact-iso";
import { get, query } from "../api";
import type { Program } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ImportReport, importName, useImport } from "./import_report";
import { useSession } from "./session";

function ImportDetail({ id }: { id: string }) {
  const report = useImport(id);
  const programId = report.data?.program_id;
  const program = useLoad(
    () => (programId ? get<Program>(`/api/v1/programs/${programId}`) : Promise.resolve(undefined)),
    [programId],
  );
  const title = report.data ? `${importName(report.data)}${program.data ? `: ${program.data.name}` : ""}` : "Import";
  return (
    <ConsoleShell title={title}>
      {!report.data ? (
        report.error ? <Notice kind="error">{report.error.message}</Notice> : <Loading />
      ) : (
        <>
          <p>
            <a href={`/console/imports${query({ program_id: report.data.program_id })}`}>
              All imports into {program.data?.name ?? "the program"}
            </a>
          </p>
          {report.error ? <Notice kind="error">Could not read the import's progress: {report.error.message}</Notice> : null}
          <ImportReport report={report.data} headingId="import-report-title" />
        </>
      )}
    </ConsoleShell>
  );
}

export function ImportPage() {
  const { params } = useRoute();
  const { canManage } = useSession();
  if (!canManage) {
    return (
      <ConsoleShell title="Import">
        <Notice kind="error">Only admins and managers import advocates and referrals.</Notice>
      </ConsoleShell>
    );
  }
  return <ImportDetail id={params.id} />;
}
