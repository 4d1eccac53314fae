// /console/imports (admins and managers): advocates, or historical referrals (?kind=referrals),
// imported from a CSV file into a program. The file is read here: its header row gives the columns, matched to the fields by name as the server
// matches them and changeable one by one (sent as map.<field>=<header>); its bytes are POSTed as
// they are (text/csv). "Check file (dry run)" reports what an import would do without writing;
// "Import" writes. A large file is imported in the background: its progress is read every second,
// and the program's recent imports stay listed, each opening to its report (/console/imports/{id}).
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, get, query, upload } from "../api";
import { dateTime } from "../format";
import type { Import, Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ProgramFilter } from "./filters";
import {
  type AttributeColumn,
  attributePrefix,
  type Delimiter,
  fieldOfHeader,
  type ImportKind,
  importFields,
  mappingParameters,
  matchColumns,
  readHeaderRow,
  templateCsv,
} from "./import_columns";
import { ImportProgress, ImportReport, importName, useImport } from "./import_report";
import { useSession } from "./session";

// How much of the file is read to find its header row.
const headerBytes = 1024 * 1024;

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function Help({ kind }: { kind: ImportKind }) {
  const template = (
    <p>
      <a class="button" href={`data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv(kind))}`} download={`bluebird-${kind}-template.csv`}>
        Download a template (CSV)
      </a>
    </p>
  );
  if (kind === "referrals") {
    return (
      <section class="card import-help" aria-labelledby="import-help-title">
        <h2 id="import-help-title">The file</h2>
        <p>
          A CSV file (UTF-8, separated by commas or semicolons) of referrals made before Bluebird, one per row: who referred
          (<code>advocate_email</code> or their <code>code</code>: an advocate of the program, so import the advocates
          first), the referee's <code>email</code> and <code>first_name</code> (both required), <code>last_name</code>,{" "}
          <code>company</code>, <code>title</code>, <code>phone</code>, <code>product</code>, <code>channel</code>,{" "}
          <code>note</code>, the <code>stage</code> it reached, the <code>deal_value</code> of a won one (such as
          12500.50), the dates <code>submitted_at</code> and <code>closed_at</code> (such as 2025-03-15) and its CRM id (
          <code>external_id</code>).
        </p>
        <p>
          <strong>History earns no reward:</strong> the stages a file gives were reached before Bluebird, so no reward rule
          pays for them, no webhook or CRM update is sent and nobody is emailed. What happens to a referral afterwards in
          Bluebird or the CRM earns as usual. An import only adds referrals: importing the same file again changes nothing,
          and a row for a referral that has moved since is refused (move it in the console instead).
        </p>
        {template}
      </section>
    );
  }
  return (
    <section class="card import-help" aria-labelledby="import-help-title">
      <h2 id="import-help-title">The file</h2>
      <p>
        A CSV file (UTF-8, separated by commas or semicolons) whose first row names the columns: <code>email</code>{" "}
        (required), <code>first_name</code> (required for a new advocate), <code>last_name</code>, <code>company</code>,{" "}
        <code>tags</code> (separated by , ; or |), <code>source</code>, <code>sales_rep</code> (a sales rep's email) and{" "}
        <code>attributes.&lt;key&gt;</code> for each attribute, such as <code>attributes.plan</code>. Headers match in any
        case, and common names do too (E-mail, Surname, Company name…); another column can be matched below.
      </p>
      <p>
        An advocate already in the program is found by email and updated: empty cells change nothing and tags are only
        added, so importing the same file again changes nothing. Check the file with a dry run first: it reports what an
        import would do, row by row, without writing anything.
      </p>
      {template}
    </section>
  );
}

// The server's refusal of a request (not of the file's rows): its words and the fields it names.
function Refusal({ error }: { error: ApiError }) {
  const fields = error.problem.errors ?? [];
  return (
    <div class="notice notice-error" role="alert">
      <p class="refusal-title">Not imported: {error.problem.detail || error.problem.title}</p>
      {fields.length > 0 ? (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface ChosenFile {
  file: File;
  start: string; // the first bytes, as text, for the header row
}

function ColumnChoices(props: {
  kind: ImportKind;
  headers: string[];
  fields: Record<string, string>;
  setField: (field: string, header: string) => void;
  attributes: AttributeColumn[];
  setAttributes: (next: AttributeColumn[]) => void;
  missing: { field: string; message: string } | null;
}) {
  const { kind, headers, fields, attributes } = props;
  const chosen = new Set([...Object.values(fields), ...attributes.map((a) => a.header)].filter(Boolean));
  const mapped = new Set([...Object.keys(fields).filter((f) => fields[f]), ...attributes.filter((a) => a.key.trim()).map((a) => attributePrefix + a.key.trim())]);
  // A column named after a field that is given no column is still imported into it by the server.
  const byName = (field: string) => headers.find((h) => !chosen.has(h) && fieldOfHeader(h, kind) === field);
  const ignored = headers.filter((h) => !chosen.has(h) && (!fieldOfHeader(h, kind) || mapped.has(fieldOfHeader(h, kind))));
  const options = () => (
    <>
      <option value="">— not imported —</option>
      {headers.map((h, i) => (
        <option key={`${i}-${h}`} value={h}>
          {h || `(column ${i + 1}, no header)`}
        </option>
      ))}
    </>
  );
  const setAttribute = (index: number, change: Partial<AttributeColumn>) =>
    props.setAttributes(attributes.map((a, i) => (i === index ? { ...a, ...change } : a)));
  return (
    <fieldset class="choices import-columns">
      <legend>Columns</legend>
      <p class="hint">
        Which column of the file holds each field, matched by name; change any of them. A column named after a field is
        imported into it unless another column is chosen for that field.
      </p>
      <div class="import-column-grid">
        {importFields(kind).map((f) => {
          const id = `import-map-${f.field}`;
          const error = props.missing?.field === f.field ? props.missing.message : "";
          const still = !fields[f.field] ? byName(f.field) : undefined;
          const hint = still ? `“${still}” is still imported as ${f.label.toLowerCase()} by its name.` : f.hint;
          return (
            <div class={error ? "field field-error" : "field"} key={f.field}>
              <label for={id}>
                {f.label}
                {f.required ? <span aria-hidden="true"> *</span> : null}
              </label>
              <select
                id={id}
                value={fields[f.field] ?? ""}
                required={f.required}
                aria-invalid={error ? true : undefined}
                aria-describedby={[hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined}
                onChange={(e) => props.setField(f.field, e.currentTarget.value)}
              >
                {options()}
              </select>
              {hint ? (
                <p class="hint" id={`${id}-hint`}>
                  {hint}
                </p>
              ) : null}
              {error ? (
                <p class="error" id={`${id}-error`}>
                  {error}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      {kind === "advocates" ? (
        <>
      <h3 class="import-attributes-title">Attributes</h3>
        {attributes.length === 0 ? <p class="hint">No column is imported as an attribute.</p> : null}
        <ul class="import-attributes">
          {attributes.map((a, i) => (
            <li key={i} class="inline-form">
              <div class="field">
                <label for={`import-attribute-key-${i}`}>Attribute</label>
                <input
                  id={`import-attribute-key-${i}`}
                  value={a.key}
                  placeholder="plan"
                  onInput={(e) => setAttribute(i, { key: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for={`import-attribute-column-${i}`}>Column</label>
                <select id={`import-attribute-column-${i}`} value={a.header} onChange={(e) => setAttribute(i, { header: e.currentTarget.value })}>
                  {options()}
                </select>
              </div>
              <button
                type="button"
                aria-label={`Remove the attribute ${a.key || i + 1}`}
                onClick={() => props.setAttributes(attributes.filter((_, j) => j !== i))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <p>
          <button type="button" onClick={() => props.setAttributes([...attributes, { key: "", header: "" }])}>
            Add an attribute
          </button>
        </p>
        </>
      ) : null}
      <p class="hint" id="import-ignored">
        {ignored.length === 0
          ? "Every column is imported."
          : `Not imported: ${ignored.map((h) => `“${h}”`).join(", ")} (the report lists them).`}
      </p>
    </fieldset>
  );
}

// The import just started: its report, read again while it runs; `onSettled` when it is no longer running.
function CurrentImport({ first, onSettled }: { first: Import; onSettled: () => void }) {
  const report = useImport(first.id, first);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [first.id]);
  // The list shows it from the start; once a background import ends, the list is read again.
  const status = report.data?.status;
  useEffect(() => {
    if (first.status === "running" && status && status !== "running") onSettled();
  }, [status]);
  return (
    <>
      {report.error ? <Notice kind="error">Could not read the import's progress: {report.error.message}</Notice> : null}
      {report.data ? <ImportReport report={report.data} headingId="import-report-title" focusRef={heading} /> : null}
      <p>
        <a href={`/console/imports/${first.id}`}>Open this report on its own page</a>
      </p>
    </>
  );
}

function RecentImports({ programId, round }: { programId: string; round: number }) {
  const list = useLoad(() => get<Page<Import>>(`/api/v1/imports${query({ program_id: programId, limit: 20 })}`), [programId, round]);
  const items = list.data?.data ?? [];
  const running = items.some((i) => i.status === "running");
  // While one runs, the list is read again every second for its progress.
  useEffect(() => {
    if (!running) return;
    const timer = window.setTimeout(list.reload, 1000);
    return () => window.clearTimeout(timer);
  }, [list.data]);
  return (
    <section aria-labelledby="recent-imports-title">
      <h2 id="recent-imports-title">Recent imports</h2>
      {list.error ? <Notice kind="error">{list.error.message}</Notice> : null}
      {!list.data && !list.error ? <Loading /> : null}
      {list.data && items.length === 0 ? <p class="muted">No imports into this program yet.</p> : null}
      {items.length > 0 ? (
        <>
          <p class="muted">
            {list.data?.next_cursor ? `The ${items.length} newest` : `${items.length} ${items.length === 1 ? "import" : "imports"}`}, newest
            first; each opens to its report.
          </p>
          <div class="table-scroll" role="region" aria-label="Recent imports" tabIndex={0}>
            <table class="table imports">
              <caption class="visually-hidden">Recent imports, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="number">Rows</th>
                  <th scope="col" class="number">Created</th>
                  <th scope="col" class="number">Updated</th>
                  <th scope="col" class="number">Unchanged</th>
                  <th scope="col" class="number">Refused</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id} data-import={i.id}>
                    <td class="nowrap">
                      <a href={`/console/imports/${i.id}`}>{dateTime(i.created_at)}</a>
                    </td>
                    <td>{importName(i)}</td>
                    <td>
                      <Badge value={i.status} />
                      {i.status === "running" ? <ImportProgress report={i} id={`import-progress-${i.id}`} /> : null}
                    </td>
                    <td class="number">{i.rows_total.toLocaleString()}</td>
                    <td class="number">{i.created.toLocaleString()}</td>
                    <td class="number">{i.updated.toLocaleString()}</td>
                    <td class="number">{i.unchanged.toLocaleString()}</td>
                    <td class="number">{i.refused.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

function Imports() {
  const { query: params, route } = useLocation();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id ?? programs.data?.data[0]?.id ?? "";
  const kind: ImportKind = params.kind === "referrals" ? "referrals" : "advocates";
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [readError, setReadError] = useState("");
  const [delimiter, setDelimiter] = useState<Delimiter>("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [attributes, setAttributes] = useState<AttributeColumn[]>([]);
  const [missing, setMissing] = useState<{ field: string; message: string } | null>(null);
  const [busy, setBusy] = useState<"" | "dry_run" | "import">("");
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [current, setCurrent] = useState<Import | null>(null);
  const [round, setRound] = useState(0);

  const header = chosen ? readHeaderRow(chosen.start, delimiter) : null;
  const headers = header?.headers ?? [];

  // A new file, or another separator: the columns are matched again, and the last report (of
  // another file) is put away; the list of imports keeps it.
  const readColumns = (next: ChosenFile | null, nextDelimiter: Delimiter, nextKind: ImportKind = kind) => {
    const matched = matchColumns(next ? readHeaderRow(next.start, nextDelimiter).headers : [], nextKind);
    setChosen(next);
    setDelimiter(nextDelimiter);
    setFields(matched.fields);
    setAttributes(matched.attributes);
    setMissing(null);
    setRefusal(null);
    setCurrent(null);
  };

  // Another program: the report shown was of the one before. Another kind: the columns mean other fields.
  useEffect(() => {
    setCurrent(null);
    setRefusal(null);
  }, [programId]);
  useEffect(() => readColumns(chosen, delimiter, kind), [kind]);

  const choose = async (file: File | undefined) => {
    setReadError("");
    if (!file) return readColumns(null, delimiter);
    try {
      readColumns({ file, start: await file.slice(0, headerBytes).text() }, delimiter);
    } catch {
      readColumns(null, delimiter);
      setReadError("The file could not be read; choose it again.");
    }
  };

  const run = async (dryRun: boolean) => {
    if (!chosen || !programId) return;
    const need = (field: string, message: string) => {
      setMissing({ field, message });
      document.getElementById(`import-map-${field}`)?.focus();
    };
    if (!fields.email) {
      return need("email", kind === "referrals" ? "Choose the column that holds the referee's email address." : "Choose the column that holds the email address.");
    }
    if (kind === "referrals" && !fields.advocate_email && !fields.code) {
      return need("advocate_email", "Choose the column that says who referred: the advocate's email (or their code, below).");
    }
    setBusy(dryRun ? "dry_run" : "import");
    setRefusal(null);
    try {
      let bytes: ArrayBuffer;
      try {
        bytes = await chosen.file.arrayBuffer();
      } catch {
        throw new ApiError({ title: "Not read", status: 0, detail: "the file could not be read (was it changed or moved?); choose it again." });
      }
      const target = `/api/v1/imports${query({
        kind,
        program_id: programId,
        dry_run: String(dryRun),
        delimiter,
        ...mappingParameters(kind, fields, kind === "advocates" ? attributes : []),
      })}`;
      setCurrent(await upload<Import>(target, bytes, "text/csv"));
      setRound((n) => n + 1);
    } catch (failure) {
      setRefusal(failure instanceof ApiError ? failure : new ApiError({ title: String(failure), status: 0 }));
    } finally {
      setBusy("");
    }
  };

  const list = programs.data?.data ?? [];
  if (programs.error) return <Notice kind="error">{programs.error.message}</Notice>;
  if (!programs.data) return <Loading />;
  if (list.length === 0) {
    return (
      <Notice kind="info">
        There is no program yet: <a href="/console">make one</a> first.
      </Notice>
    );
  }
  const program = list.find((p) => p.id === programId);
  return (
    <>
      <p class="lead">Bring a program's advocates, and the referrals they made before Bluebird, in from a spreadsheet or another system's export.</p>
      <Help kind={kind} />
      <form
        class="form card import-form"
        aria-labelledby="import-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          void run(true);
        }}
      >
        <h2 id="import-form-title">Import a file</h2>
        <div class="filters">
          <ProgramFilter
            id="import-program"
            title="Program"
            programs={list}
            value={programId}
            onChange={(v) => route(`/console/imports${query({ program_id: v, kind: kind === "referrals" ? kind : undefined })}`)}
          />
          <div class="field">
            <label for="import-kind">The file holds</label>
            <select
              id="import-kind"
              value={kind}
              onChange={(e) => route(`/console/imports${query({ program_id: programId, kind: e.currentTarget.value === "referrals" ? "referrals" : undefined })}`)}
            >
              <option value="advocates">Advocates</option>
              <option value="referrals">Referrals made before Bluebird</option>
            </select>
          </div>
          <div class="field">
            <label for="import-separator">Separator</label>
            <select id="import-separator" value={delimiter} onChange={(e) => readColumns(chosen, e.currentTarget.value as Delimiter)}>
              <option value="">Found from the header row</option>
              <option value=",">Comma ( , )</option>
              <option value=";">Semicolon ( ; )</option>
            </select>
          </div>
        </div>
        {program?.status === "archived" ? (
          <p class="notice notice-warning">
            {program.name} is archived: it takes no new {kind}, but a dry run still checks a file.
          </p>
        ) : null}
        <div class={readError ? "field field-error" : "field"}>
          <label for="import-file">CSV file</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={readError ? "import-file-hint import-file-error" : "import-file-hint"}
            onChange={(e) => void choose(e.currentTarget.files?.[0])}
          />
          <p class="hint" id="import-file-hint">
            {chosen
              ? `${chosen.file.name}, ${fileSize(chosen.file.size)}: ${headers.length} ${headers.length === 1 ? "column" : "columns"}, separated by ${
                  header?.delimiter === ";" ? "semicolons" : "commas"
                }.`
              : "The first row names the columns. Files of more than 10,000 rows are imported in the background."}
          </p>
          {readError ? (
            <p class="error" id="import-file-error">
              {readError}
            </p>
          ) : null}
        </div>
        {chosen && headers.length === 0 ? <Notice kind="error">The file has no header row: its first row must name the columns.</Notice> : null}
        {chosen && headers.length > 0 ? (
          <ColumnChoices
            kind={kind}
            headers={headers}
            fields={fields}
            setField={(field, value) => {
              setFields((old) => ({ ...old, [field]: value }));
              if (field === missing?.field || (field === "code" && missing?.field === "advocate_email")) setMissing(null);
            }}
            attributes={attributes}
            setAttributes={setAttributes}
            missing={missing}
          />
        ) : null}
        {refusal ? <Refusal error={refusal} /> : null}
        <div class="toolbar">
          <button type="submit" disabled={!chosen || headers.length === 0 || busy !== ""}>
            {busy === "dry_run" ? "Checking…" : "Check file (dry run)"}
          </button>
          <button
            type="button"
            class="primary"
            disabled={!chosen || headers.length === 0 || busy !== "" || program?.status === "archived"}
            onClick={() => void run(false)}
          >
            {busy === "import" ? "Importing…" : "Import"}
          </button>
        </div>
      </form>
      {current ? <CurrentImport first={current} onSettled={() => setRound((n) => n + 1)} /> : null}
      <RecentImports programId={programId} round={round} />
    </>
  );
}

export function ImportsPage() {
  const { canManage } = useSession();
  const { query: params } = useLocation();
  return (
    <ConsoleShell title={params.kind === "referrals" ? "Import referrals" : "Import advocates"}>
      {canManage ? <Imports /> : <Notice kind="error">Only admins and managers import advocates and referrals.</Notice>}
    </ConsoleShell>
  );
}
