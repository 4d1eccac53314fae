// /console/value?program_id=&as_of=&view=&unit=&order=&quadrant=&advocate=&account=: what each
// advocate of a program is worth (research/intelligence.md §3) as a customer (CLV), through the
// customers they referred (CRV), their influence (CIV) and knowledge (CKV), and in all (CEV), as of
// a day (today by default: now), realized or projected — or, with unit=account, each company (its
// advocates by email domain) as one customer — the quadrants that say where to invest, the
// advocates or accounts ranked, one advocate's or account's valuation, and the program's settings,
// which admins and managers publish as new versions. Admins, managers and viewers (sales reps are
// told it is not for them).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import { addDays, isoDay } from "../format";
import type { AccountValueList, CustomerValueList, Page, Program, ValueSettings } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, ProgramFilter } from "./filters";
import { useSession } from "./session";
import { ValueAccount } from "./value_account";
import { ValueAccountTable } from "./value_account_table";
import { ValueAdvocate } from "./value_advocate";
import { ValueQuadrants } from "./value_quadrants";
import { ValueSettingsForm } from "./value_settings_form";
import { ValueTable } from "./value_table";
import { quadrantName, quadrants } from "./value_words";

const views = [
  { value: "realized", label: "Realized: what happened by then" },
  { value: "projected", label: "Projected: with the referrals to come" },
];

const units = [
  { value: "advocate", label: "Advocates: each person" },
  { value: "account", label: "Accounts: each company as one customer" },
];

const orders = [
  { value: "-cev", label: "CEV, highest first" },
  { value: "-clv", label: "CLV, highest first" },
  { value: "-crv", label: "CRV, highest first" },
];

// How many accounts the list holds, what one is, and how many advocates belong to none.
function AccountCount({ list }: { list: AccountValueList }) {
  const n = list.count;
  const unassigned = list.unassigned_advocates;
  return (
    <>
      {n.toLocaleString()} {n === 1 ? "account" : "accounts"}, each a company: the advocates whose email is of its
      domain.{" "}
      {unassigned > 0 ? `${unassigned.toLocaleString()} on free email belong to none. ` : ""}
    </>
  );
}

function Value() {
  const { query: params, route } = useLocation();
  const { canManage } = useSession();
  const today = isoDay(new Date());
  const asOf = params.as_of && params.as_of < today ? params.as_of : today;
  // The end of the day chosen, or now for today (the API refuses a future instant).
  const asOfInstant = asOf >= today ? undefined : `${addDays(asOf, 1)}T00:00:00Z`;
  const view = params.view === "projected" ? "projected" : "realized";
  const byAccount = params.unit === "account";
  const order = orders.some((o) => o.value === params.order) ? params.order : "-cev";
  const quadrant = quadrants.some((q) => q.value === params.quadrant) ? params.quadrant : "";
  const advocateId = params.advocate ?? "";
  const accountDomain = byAccount ? params.account ?? "" : "";
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const [round, setRound] = useState(0);
  const [notice, setNotice] = useState("");
  const listPath = (cursor: string) =>
    `/api/v1/customer-value${byAccount ? "/accounts" : ""}${query({ program_id: programId, as_of: asOfInstant, view, order, quadrant, limit: 10, cursor })}`;
  const list = useLoad(
    () => (programId ? get<CustomerValueList | AccountValueList>(listPath("")) : Promise.resolve(undefined)),
    [programId, asOfInstant, view, byAccount, order, quadrant, round],
  );
  const settings = useLoad(
    () => (programId ? get<ValueSettings>(`/api/v1/programs/${programId}/value-settings`) : Promise.resolve(undefined)),
    [programId],
  );
  const go = (next: Record<string, string>) =>
    route(`/console/value${query({
      program_id: programId, as_of: asOf === today ? "" : asOf, view: view === "realized" ? "" : view,
      unit: byAccount ? "account" : "", order: order === "-cev" ? "" : order, quadrant, advocate: advocateId,
      account: accountDomain, ...next,
    })}`);
  if (programs.error) return <Notice kind="error">{programs.error.message}</Notice>;
  if (!programs.data) return <Loading />;
  if (!programId) return <p class="muted">No programs yet.</p>;
  // The list of the other unit stays until this one arrives: it is not shown as this one.
  const basis = list.data && (list.data.unit === "account") === byAccount ? list.data : undefined;
  return (
    <>
      <p class="lead">
        What each advocate is worth: as a customer (CLV), through the customers they referred (CRV), through their
        influence (CIV) and their knowledge (CKV), and in all (CEV). The quadrants say where to invest. Every figure is
        computed from what happened by the day chosen, under the latest settings.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what the figures show">
        <ProgramFilter id="value-program" title="Program" programs={programs.data.data} value={programId}
          onChange={(v) => go({ program_id: v, quadrant: "", advocate: "", account: "" })} />
        <div class="field">
          <label for="value-as-of">As of (the end of the day, UTC)</label>
          <input id="value-as-of" type="date" value={asOf} max={today} onChange={(e) => go({ as_of: e.currentTarget.value })} />
        </div>
        <ChoiceFilter id="value-view" title="View" choices={views} value={view} onChange={(v) => go({ view: v })} />
        <ChoiceFilter id="value-unit" title="Value" choices={units} value={byAccount ? "account" : "advocate"}
          onChange={(v) => go({ unit: v === "account" ? "account" : "", quadrant: "", account: "" })} />
      </form>
      {list.error ? <Notice kind="error">{list.error.message}</Notice> : null}
      {basis ? (
        <>
          <section class="card" aria-labelledby="value-quadrants-title">
            <h2 id="value-quadrants-title">Quadrants</h2>
            <ValueQuadrants basis={basis} selected={quadrant} onSelect={(q) => go({ quadrant: q })} />
          </section>
          <section class="card" aria-labelledby="value-list-title">
            <h2 id="value-list-title">{byAccount ? "Accounts by value" : "Advocates by value"}</h2>
            <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={`Order the ${byAccount ? "accounts" : "advocates"}`}>
              <ChoiceFilter id="value-order" title="Order by" choices={orders} value={order} onChange={(v) => go({ order: v })} />
            </form>
            <p class="hint" data-figure="count">
              {quadrant ? `${quadrantName(quadrant)} only: ` : ""}
              {byAccount ? (
                <AccountCount list={basis as AccountValueList} />
              ) : (
                `${basis.count.toLocaleString()} ${basis.count === 1 ? "advocate" : "advocates"}. `
              )}
              {quadrant ? (
                <button type="button" class="link-button" onClick={() => go({ quadrant: "" })}>
                  Show every quadrant
                </button>
              ) : null}
            </p>
            {byAccount ? (
              <ValueAccountTable first={basis as AccountValueList} selected={accountDomain}
                more={(cursor) => get<AccountValueList>(listPath(cursor))}
                onSelect={(domain) => go({ account: domain })} />
            ) : (
              <ValueTable first={basis as CustomerValueList} selected={advocateId}
                more={(cursor) => get<CustomerValueList>(listPath(cursor))}
                onSelect={(id) => go({ advocate: id })} />
            )}
          </section>
        </>
      ) : list.error ? null : (
        <Loading />
      )}
      {accountDomain ? (
        <ValueAccount key={accountDomain} programId={programId} domain={accountDomain} asOf={asOfInstant} view={view}
          round={round} onSelectAdvocate={(id) => go({ unit: "", account: "", quadrant: "", advocate: id })} />
      ) : null}
      {advocateId && !byAccount ? (
        <ValueAdvocate key={advocateId} advocateId={advocateId} asOf={asOfInstant} view={view} round={round}
          canManage={canManage} onChanged={() => setRound((n) => n + 1)} />
      ) : null}
      <section class="card" aria-labelledby="value-settings-title">
        <h2 id="value-settings-title">Valuation settings</h2>
        {settings.error ? <Notice kind="error">{settings.error.message}</Notice> : null}
        {settings.data ? (
          <ValueSettingsForm key={`${programId}:${settings.data.version}`} settings={settings.data} canEdit={canManage}
            onPublished={(answer) => {
              setNotice(answer.published
                ? `Published version ${answer.version}.`
                : "Nothing changed: these are the latest version's settings.");
              settings.replace(answer);
              setRound((n) => n + 1);
            }} />
        ) : settings.error ? null : (
          <Loading />
        )}
        <div role="status" aria-live="polite">
          {notice ? <p class="notice notice-success">{notice}</p> : null}
        </div>
      </section>
    </>
  );
}

export function ValuePage() {
  const { canReadAnalytics } = useSession();
  return (
    <ConsoleShell title="Customer value">
      {canReadAnalytics ? <Value /> : <Notice kind="info">Customer value is for admins, managers and viewers.</Notice>}
    </ConsoleShell>
  );
}
