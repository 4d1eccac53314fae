// An import's report: where it stands in words, its progress while it runs (read again every
// second until it is no longer running), what it created, updated, left unchanged and refused,
// each refused row with its row number and column, and the columns that were not imported.
import type { Ref } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiError, get } from "../api";
import { dateTime } from "../format";
import type { Import, ImportIssue } from "../models";
import { Badge, Notice } from "../ui/layout";

// The import `id`, read again every second while it is running. `first` is what the caller has
// already (the answer to the POST): shown at once, and not read again unless it is running.
export function useImport(id: string, first?: Import): { data?: Import; error?: ApiError } {
  const given = first?.id === id ? first : undefined;
  const [state, setState] = useState<{ data?: Import; error?: ApiError }>({ data: given });
  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const read = () => {
      get<Import>(`/api/v1/imports/${id}`).then(
        (data) => {
          if (!live) return;
          setState({ data });
          if (data.status === "running") timer = window.setTimeout(read, 1000);
        },
        (failure) => {
          if (!live) return;
          const error = failure instanceof ApiError ? failure : new ApiError({ title: String(failure), status: 0 });
          setState((old) => ({ ...old, error }));
          // Asked again unless it is gone (the network or the session may come back).
          if (error.status !== 404 && error.status !== 403) timer = window.setTimeout(read, 2000);
        },
      );
    };
    setState({ data: given });
    if (!given) read();
    else if (given.status === "running") timer = window.setTimeout(read, 1000);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [id, given]);
  return state;
}

// "Import" or "Dry run", and "of referrals" for a referral file.
export function importName(i: Import): string {
  return (i.dry_run ? "Dry run" : "Import") + (i.kind === "referrals" ? " of referrals" : "");
}

// The import's state in one sentence.
export function importSummary(i: Import): string {
  const n = (count: number) => count.toLocaleString();
  const rows = (count: number) => `${n(count)} ${count === 1 ? "row" : "rows"}`;
  switch (i.status) {
    case "running":
      return i.dry_run
        ? "Checking the file in the background; you can leave this page and come back to it from the list of imports."
        : "Importing in the background; you can leave this page and come back to it from the list of imports.";
    case "failed":
      return "The file was refused as a whole: nothing was imported. The reason is below.";
    case "interrupted":
      return `The server stopped after ${rows(i.rows_done)} of ${n(i.rows_total)}; those are imported. Import the file again to finish: rows already imported are left unchanged.`;
    case "completed":
      if (i.dry_run) {
        return `Nothing was written. Importing this file would create ${n(i.created)}, update ${n(i.updated)} and leave ${n(i.unchanged)} unchanged; ${rows(i.refused)} would be refused.`;
      }
      return `Imported: ${n(i.created)} created, ${n(i.updated)} updated, ${n(i.unchanged)} unchanged; ${rows(i.refused)} refused.`;
  }
}

function Figures({ report }: { report: Import }) {
  const dry = report.dry_run;
  const things = report.kind === "referrals" ? "referrals" : "advocates";
  const shown = [
    { key: "rows_total", label: "Rows", value: report.rows_total, definition: "in the file, besides the header row." },
    { key: "created", label: "Created", value: report.created, definition: dry ? `new ${things} it would make.` : `new ${things}.` },
    { key: "updated", label: "Updated", value: report.updated, definition: dry ? `${things} it would change.` : `${things} changed.` },
    { key: "unchanged", label: "Unchanged", value: report.unchanged, definition: `${things} the file already matches.` },
    { key: "refused", label: "Refused", value: report.refused, definition: "rows not imported, each listed below." },
  ];
  return (
    <dl class="kpis campaign-figures import-figures">
      {shown.map((f) => (
        <div class="kpi" key={f.key} data-figure={f.key}>
          <dt>{f.label}</dt>
          <dd class="figure">{f.value.toLocaleString()}</dd>
          <dd class="definition">{f.definition}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ImportProgress({ report, id }: { report: Import; id: string }) {
  const total = Math.max(report.rows_total, 1);
  return (
    <div class="import-progress">
      <label for={id}>
        Rows read: {report.rows_done.toLocaleString()} of {report.rows_total.toLocaleString()} (
        {Math.floor((100 * report.rows_done) / total)}%)
      </label>
      <progress id={id} max={total} value={report.rows_done} />
    </div>
  );
}

function IssueTable({ issues, caption }: { issues: ImportIssue[]; caption: string }) {
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table class="table import-issues">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="number">
              Row
            </th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((e, index) => (
            <tr key={`${e.row}-${e.column}-${index}`} data-row={e.row} data-column={e.column}>
              <td class="number">{e.row}</td>
              <td>{e.column || <span class="muted">the whole row</span>}</td>
              <td class="issue-message">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The report, inside a card whose title is `headingId` (focusable, so a new report can be announced).
export function ImportReport({ report, headingId, focusRef }: { report: Import; headingId: string; focusRef?: Ref<HTMLHeadingElement> }) {
  const errors = report.errors ?? [];
  const warnings = report.warnings ?? [];
  return (
    <section class="card import-report" aria-labelledby={headingId} data-import={report.id}>
      <h2 id={headingId} tabIndex={-1} ref={focusRef}>
        {report.dry_run ? "Dry run: what an import would do" : "Import report"}
      </h2>
      <dl class="details import-details">
        <dt>Status</dt>
        <dd>
          <Badge value={report.status} />
        </dd>
        <dt>Started</dt>
        <dd>{dateTime(report.created_at)}</dd>
        {report.finished_at ? (
          <>
            <dt>Finished</dt>
            <dd>{dateTime(report.finished_at)}</dd>
          </>
        ) : null}
      </dl>
      {report.status === "failed" ? (
        <Notice kind="error">{importSummary(report)}</Notice>
      ) : (
        <p class={report.status === "interrupted" ? "notice notice-warning" : "import-summary"} role="status">
          {importSummary(report)}
        </p>
      )}
      {report.status === "running" ? <ImportProgress report={report} id={`${headingId}-progress`} /> : null}
      {report.status !== "failed" ? <Figures report={report} /> : null}
      {errors.length > 0 ? (
        <>
          <h3>{report.status === "failed" ? "Why the file was refused" : "Refused rows"}</h3>
          <p class="muted">
            Rows are numbered as a spreadsheet shows them: the header is row 1.
            {report.errors_truncated ? ` Only the first ${errors.length.toLocaleString()} problems are listed.` : ""}
          </p>
          <IssueTable issues={errors} caption={report.status === "failed" ? "Why the file was refused" : "Refused rows"} />
        </>
      ) : report.status === "completed" ? (
        <p class="muted">No row was refused.</p>
      ) : null}
      {warnings.length > 0 ? (
        <>
          <h3>Columns not imported</h3>
          <p class="muted">To import such a column, choose it for a field or an attribute under “Columns” when importing the file.</p>
          <ul class="import-warnings">
            {warnings.map((w) => (
              <li key={w.column} data-column={w.column}>
                <strong>{w.column}</strong> {w.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
