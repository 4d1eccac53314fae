// /console/advocates: a program's advocates — search (name, email, company, code) and filters by
// tag, attribute, source and status, newest first, and the filtered list as a CSV file.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { dateTime, label, personName } from "../format";
import type { Advocate, Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, named, ProgramFilter } from "./filters";
import { useSession } from "./session";

export function AdvocatesPage() {
  const { query: params, route } = useLocation();
  const { canMove, canManage } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id ?? programs.data?.data[0]?.id ?? "";
  // Any other parameter is passed on as a filter: q, tag, source, status, attr.<key>.
  const filters: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (key !== "program_id" && value) filters[key] = value;
  const [search, setSearch] = useState(filters.q ?? "");
  const [attribute, setAttribute] = useState("");
  const advocates = useLoad(
    () =>
      programId
        ? get<Page<Advocate>>(`/api/v1/programs/${programId}/advocates${query({ ...filters, limit: 100 })}`)
        : Promise.resolve(undefined),
    [programId, JSON.stringify(filters)],
  );
  const go = (next: Record<string, string>) => route(`/console/advocates${query({ program_id: programId, ...next })}`);
  const setFilter = (name: string, value: string) => go({ ...filters, [name]: value });
  return (
    <ConsoleShell title="Advocates">
      {canMove ? (
        <p>
          <a class="button" href={`/console/advocates/new${query({ program_id: programId })}`}>
            Register an advocate and a lead
          </a>{" "}
          <a class="button" href={`/console/invite${query({ program: programId })}`}>
            Invite someone
          </a>
          {canManage ? (
            <>
              {" "}
              <a class="button" href={`/console/imports${query({ program_id: programId })}`}>
                Import a CSV file
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      <form
        class="filters"
        aria-label="Find advocates"
        onSubmit={(e) => {
          e.preventDefault();
          const next: Record<string, string> = { ...filters, q: search.trim() };
          const [key, ...rest] = attribute.split("=");
          if (key.trim() && rest.length > 0) next[`attr.${key.trim()}`] = rest.join("=").trim();
          setAttribute("");
          go(next);
        }}
      >
        <ProgramFilter id="advocates-program" title="Program" programs={programs.data?.data ?? []} value={programId}
          onChange={(v) => route(`/console/advocates${query({ program_id: v })}`)} />
        <div class="field">
          <label for="advocates-search">Search</label>
          <input id="advocates-search" type="search" value={search} placeholder="Name, email, company or code"
            onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="advocates-attribute">Attribute</label>
          <input id="advocates-attribute" value={attribute} placeholder="tier=gold"
            onInput={(e) => setAttribute(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="advocates-tag">Tag</label>
          <input id="advocates-tag" value={filters.tag ?? ""} onChange={(e) => setFilter("tag", e.currentTarget.value.trim())} />
        </div>
        <ChoiceFilter id="advocates-source" title="Source" anyLabel="Any source" value={filters.source ?? ""}
          choices={named(["self_signup", "staff", "sales_rep", "api", "import"])} onChange={(v) => setFilter("source", v)} />
        <ChoiceFilter id="advocates-status" title="Status" anyLabel="Any status" value={filters.status ?? ""}
          choices={named(["active", "inactive"])} onChange={(v) => setFilter("status", v)} />
        <div class="field field-action">
          <button type="submit">Search</button>
        </div>
      </form>
      {Object.keys(filters).length > 0 ? (
        <p class="muted">
          Filtered by {Object.entries(filters).map(([k, v]) => `${k.replace(/^attr\./, "")} = ${v}`).join(", ")} ·{" "}
          <a href={`/console/advocates${query({ program_id: programId })}`}>clear</a>
        </p>
      ) : null}
      {programId ? (
        <p>
          <a class="button" href={`/api/v1/exports/advocates.csv${query({ program_id: programId, ...filters })}`} download>
            Export CSV
          </a>{" "}
          <span class="muted">every advocate the filters match</span>
        </p>
      ) : null}
      {advocates.error ? <Notice kind="error">{advocates.error.message}</Notice> : null}
      <table class="table">
        <caption class="visually-hidden">Advocates</caption>
        <thead>
          <tr>
            <th scope="col">Advocate</th>
            <th scope="col">Company</th>
            <th scope="col">Code</th>
            <th scope="col">Tags</th>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
          </tr>
        </thead>
        <tbody>
          {(advocates.data?.data ?? []).map((a) => (
            <tr key={a.id}>
              <td>
                <a href={`/console/advocates/${a.id}`}>{personName(a)}</a>
                <div class="muted">{a.email}</div>
              </td>
              <td>{a.company}</td>
              <td>{a.code}</td>
              <td>{(a.tags ?? []).join(", ")}</td>
              <td>{label(a.source ?? "")}</td>
              <td>
                <Badge value={a.status} />
              </td>
              <td>{a.created_at ? dateTime(a.created_at) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {advocates.data && advocates.data.data.length === 0 ? <p class="muted">No advocates match.</p> : null}
    </ConsoleShell>
  );
}
