// /console/catalogue?program_id=&status=: a program's rewards catalogue, the items its advocates
// buy with redeemable points (what each pays into the reward ledger, stock on hand, limit per
// advocate, how many redeemed, retired ones too), and their redemptions. Admins and managers add
// items, change, restock and retire them, and approve, fulfil or reject redemptions; viewers read.
// Not for sales reps (who see only their own advocates' redemptions, on the API).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import type { CatalogItem, Page, Program } from "../models";
import { paysInWords } from "../ui/catalog_reward";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { points } from "../ui/points";
import { CatalogItemForm } from "./catalog_item_form";
import { ConsoleShell } from "./console_shell";
import { ProgramFilter } from "./filters";
import { RedemptionsTable, redemptionStatuses } from "./redemptions_table";
import { useSession } from "./session";

function stockInWords(item: CatalogItem): string {
  if (item.stock === null) return "Unlimited";
  if (item.stock === 0) return "0 (out of stock)";
  return points(item.stock);
}

function ItemsTable({ items, canManage, onEdit }: { items: CatalogItem[]; canManage: boolean; onEdit: (id: string) => void }) {
  if (items.length === 0) return <p class="muted">No items yet.</p>;
  return (
    <table class="table catalog-table">
      <caption class="visually-hidden">Catalogue items</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" class="number">
            Cost (points)
          </th>
          <th scope="col">Stock</th>
          <th scope="col">Per advocate</th>
          <th scope="col">Approval</th>
          <th scope="col">When out of stock</th>
          <th scope="col" class="number">
            Redeemed
          </th>
          <th scope="col">State</th>
          {canManage ? <th scope="col">Change</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <td>
              <span class="catalog-item-name">{item.name}</span>
              {item.description ? <div class="muted">{item.description}</div> : null}
              {item.reward ? <div class="catalog-item-reward">{paysInWords(item.reward)}</div> : null}
            </td>
            <td class="number">{points(item.cost_points)}</td>
            <td>{stockInWords(item)}</td>
            <td>{item.per_member_limit === null ? "No limit" : `${points(item.per_member_limit)} each`}</td>
            <td>{item.approval === "auto" ? "At once (trusted advocates)" : "By staff"}</td>
            <td>{item.when_out === "backorder" ? "Backorder" : "Refuse"}</td>
            <td class="number">{points(item.redeemed)}</td>
            <td>{item.active ? <Badge value="active" text="Offered" /> : <Badge value="retired" text="Retired" />}</td>
            {canManage ? (
              <td>
                <button type="button" onClick={() => onEdit(item.id)}>
                  Edit<span class="visually-hidden"> {item.name}</span>
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CatalogPage() {
  const { query: params, route } = useLocation();
  const { canReadAnalytics, canManage } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const status = redemptionStatuses.some((s) => s.value === params.status) ? params.status : "";
  const [round, setRound] = useState(0);
  const items = useLoad(
    () =>
      canReadAnalytics && programId
        ? get<{ data: CatalogItem[] }>(`/api/v1/programs/${programId}/catalog-items?include_retired=true`)
        : Promise.resolve(undefined),
    [canReadAnalytics, programId, round],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [itemNotice, setItemNotice] = useState("");
  const [addNotice, setAddNotice] = useState("");
  const [redemptionNotice, setRedemptionNotice] = useState("");
  const go = (next: Record<string, string>) => {
    setEditing(null);
    setItemNotice("");
    setAddNotice("");
    setRedemptionNotice("");
    route(`/console/catalogue${query({ program_id: programId, status, ...next })}`);
  };
  if (!canReadAnalytics) {
    return (
      <ConsoleShell title="Catalogue">
        <Notice kind="info">The catalogue is for admins, managers and viewers.</Notice>
      </ConsoleShell>
    );
  }
  const list = items.data?.data ?? [];
  const edited = list.find((i) => i.id === editing && i.program_id === programId);
  const program = programs.data?.data.find((p) => p.id === programId);
  return (
    <ConsoleShell title="Catalogue">
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose the program">
        <ProgramFilter id="catalog-program" title="Program" programs={programs.data?.data ?? []} value={programId}
          onChange={(v) => go({ program_id: v, status: "" })} />
      </form>
      {programs.data && programs.data.data.length === 0 ? <Notice kind="info">There is no program yet.</Notice> : null}
      {programId ? (
        <>
          <section class="card" aria-labelledby="catalog-items-title">
            <h2 id="catalog-items-title">{program ? `${program.name}: items` : "Items"}</h2>
            <p class="muted">
              Rewards the program's advocates choose with their redeemable points, in their portal. Points are a unit of
              their own, not money: they are taken when an advocate redeems, and given back when a request is rejected or
              cancelled. An item may also pay a reward (cash, credit, a gift card) into the reward ledger, which is approved,
              paid and reversed with its redemption.
            </p>
            {items.error ? <Notice kind="error">{items.error.message}</Notice> : null}
            {!items.data && !items.error ? <Loading /> : null}
            {items.data ? (
              <ItemsTable items={list} canManage={canManage} onEdit={(id) => {
                setItemNotice("");
                setEditing(id);
              }} />
            ) : null}
            <div role="status" aria-live="polite">
              {itemNotice ? <p class="notice notice-success">{itemNotice}</p> : null}
            </div>
            {canManage && program && edited ? (
              <CatalogItemForm
                key={`${edited.id}#${edited.updated_at}`}
                programId={programId}
                currency={program.currency}
                item={edited}
                onClose={() => setEditing(null)}
                onSaved={(saved) => {
                  setEditing(null);
                  setItemNotice(`Saved: ${saved.name}${saved.active ? "" : " (retired)"}.`);
                  setRound((n) => n + 1);
                }}
              />
            ) : null}
          </section>
          {canManage && program ? (
            <section class="card" aria-labelledby="catalog-add-title">
              <CatalogItemForm
                key={programId}
                programId={programId}
                currency={program.currency}
                onSaved={(saved) => {
                  setAddNotice(`Added: ${saved.name}.`);
                  setRound((n) => n + 1);
                }}
              />
              <div role="status" aria-live="polite">
                {addNotice ? <p class="notice notice-success">{addNotice}</p> : null}
              </div>
            </section>
          ) : null}
          <section class="card" aria-labelledby="redemptions-title">
            <h2 id="redemptions-title">Redemptions</h2>
            <div role="status" aria-live="polite">
              {redemptionNotice ? <p class="notice notice-success">{redemptionNotice}</p> : null}
            </div>
            <RedemptionsTable
              programId={programId}
              status={status}
              round={round}
              onStatus={(v) => go({ status: v })}
              onChange={(text) => {
                setRedemptionNotice(text);
                setRound((n) => n + 1); // the items' stock and counts change too
              }}
            />
          </section>
        </>
      ) : null}
    </ConsoleShell>
  );
}
