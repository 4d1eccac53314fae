// The portal's "Rewards to choose", under the points card: the program's catalogue with each item's
// cost, what it pays when it pays a reward ("You get a $25.00 gift card"), and a "Redeem for N
// points" button (disabled, with the reason in words, when the advocate cannot redeem it), a
// confirmation before the points are taken, the outcome in words, and "Your requests" with where
// each stands, what each pays, and a Cancel for those still waiting (the points come back).
// Nothing is shown when the program keeps no points (GET /api/v1/portal/catalog answers 409), nor
// while the catalogue is empty and nothing was ever redeemed.
// `onChange` is called after a redemption or a cancel, so the points card reads the balance again.
import { useState } from "preact/hooks";
import { ApiError, get, post } from "../api";
import type { Page, PortalCatalog, PortalCatalogItem, PortalRedemption } from "../models";
import { youGetInWords } from "../ui/catalog_reward";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { day, pointsWords } from "../ui/points";
import { usePortalMessages } from "./portal_messages";
import { redemptionStatusInWords } from "./portal_words";

type Outcome = { kind: "success" | "error"; text: string };

// What happened to a redemption just made, from the status it was given.
function redeemedInWords(r: PortalRedemption): string {
  const taken = `${pointsWords(r.cost_points)} were taken`;
  switch (r.status) {
    case "approved":
      return `Redeemed: ${r.item_name} is approved and on its way. ${taken}.`;
    case "backordered":
      return `Requested: ${r.item_name} is out of stock and will be sent when it is back. ${taken}; cancel before then to get them back.`;
    default:
      return `Requested: ${r.item_name} waits for the team's approval. ${taken}; they come back if it is not approved.`;
  }
}

// Why the server refused: the message it gives for the item (not enough points, the limit
// reached) or its own words (out of stock, no longer offered).
function refusal(error: unknown): string {
  if (error instanceof ApiError) return error.fieldMessage("item_id") ?? error.message;
  return String(error);
}

// Whether the advocate may still cancel a redemption (it has not been approved yet).
const cancellable = (r: PortalRedemption) => r.status === "requested" || r.status === "backordered";

function ItemRow({ item, busy, onRedeem }: { item: PortalCatalogItem; busy: boolean; onRedeem: () => void }) {
  // An item out of stock that takes requests anyway (the server gives no reason: it can be
  // redeemed, and `in_stock` is false) says so too.
  const why = item.why_not ?? (item.in_stock ? null : "Out of stock: it will be sent when it is back");
  const whyId = `catalog-item-${item.id}-why`;
  return (
    <li class={item.available ? "catalog-item" : "catalog-item unavailable"}>
      <div class="catalog-item-head">
        <span class="catalog-item-name">{item.name}</span>
        <span class="catalog-item-cost">{pointsWords(item.cost_points)}</span>
      </div>
      {item.reward ? <p class="catalog-item-reward">{youGetInWords(item.reward)}</p> : null}
      {item.description ? <p class="catalog-item-description">{item.description}</p> : null}
      {why ? (
        <p class="catalog-item-why" id={whyId}>
          {why}
        </p>
      ) : null}
      <button type="button" class={item.available ? "primary" : undefined} disabled={!item.available || busy}
        aria-describedby={why ? whyId : undefined} onClick={onRedeem}>
        Redeem for {pointsWords(item.cost_points)}
        <span class="visually-hidden"> ({item.name})</span>
      </button>
    </li>
  );
}

function Requests({ requests, busy, onCancel }: { requests: PortalRedemption[]; busy: boolean; onCancel: (r: PortalRedemption) => void }) {
  const messages = usePortalMessages();
  if (requests.length === 0) return <p class="muted">Nothing redeemed yet.</p>;
  return (
    <ul class="catalog-requests" aria-label="Your requests">
      {requests.map((r) => (
        <li key={r.id}>
          <div class="catalog-item-head">
            <span class="catalog-item-name">{r.item_name}</span>
            <span class="catalog-item-cost">{pointsWords(r.cost_points)}</span>
          </div>
          {r.reward ? <p class="catalog-item-reward">{youGetInWords(r.reward)}</p> : null}
          <div class="catalog-request-state">
            <Badge value={r.status} text={redemptionStatusInWords(r.status, messages)} />
            <span class="muted">{day(r.created_at)}</span>
          </div>
          {r.reference ? <p class="catalog-request-reference">Reference: {r.reference}</p> : null}
          {cancellable(r) ? (
            <button type="button" disabled={busy} onClick={() => onCancel(r)}>
              Cancel<span class="visually-hidden"> the request for {r.item_name}</span>
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function RewardsCatalog({ onChange }: { onChange: () => void }) {
  const [round, setRound] = useState(0);
  const catalog = useLoad(() => get<PortalCatalog>("/api/v1/portal/catalog"), [round]);
  const requests = useLoad(() => get<Page<PortalRedemption>>("/api/v1/portal/redemptions?limit=100"), [round]);
  const [redeeming, setRedeeming] = useState<PortalCatalogItem | null>(null);
  const [cancelling, setCancelling] = useState<PortalRedemption | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // The program keeps no points: no catalogue. Nothing either until it is read, or when there is
  // nothing to choose and nothing redeemed before.
  const c = catalog.data;
  if (catalog.error?.status === 409) return null;
  if (!c && !catalog.error) return null;
  if (c && c.items.length === 0 && (requests.data?.data.length ?? 0) === 0) return null;

  const refresh = () => {
    setRound((n) => n + 1);
    onChange();
  };
  const redeem = async (item: PortalCatalogItem) => {
    setRedeeming(null);
    setBusy(true);
    setOutcome(null);
    try {
      const made = await post<PortalRedemption>("/api/v1/portal/redemptions", { item_id: item.id });
      setOutcome({ kind: "success", text: redeemedInWords(made) });
    } catch (error) {
      setOutcome({ kind: "error", text: `Not redeemed: ${refusal(error)}` });
    } finally {
      setBusy(false);
      refresh(); // whatever happened, the items and the balance are read again
    }
  };
  const cancel = async (r: PortalRedemption) => {
    setCancelling(null);
    setBusy(true);
    setOutcome(null);
    try {
      await post(`/api/v1/portal/redemptions/${r.id}/cancel`);
      setOutcome({ kind: "success", text: `Cancelled: ${r.item_name}. ${pointsWords(r.cost_points)} given back.` });
    } catch (error) {
      setOutcome({ kind: "error", text: `Not cancelled: ${error instanceof ApiError ? error.message : String(error)}` });
    } finally {
      setBusy(false);
      refresh();
    }
  };

  return (
    <section class="card catalog-card" aria-labelledby="catalog-title">
      <h2 id="catalog-title">Rewards to choose</h2>
      {catalog.error ? <Notice kind="error">{catalog.error.message}</Notice> : null}
      {c ? (
        <>
          <p class="catalog-balance">
            You have <strong data-figure="catalog-redeemable">{pointsWords(c.redeemable)}</strong> to redeem. Points
            are taken when you redeem, and given back if the request is cancelled or not approved.
          </p>
          {c.items.length === 0 ? (
            <p class="muted">No rewards to choose yet.</p>
          ) : (
            <ul class="catalog-items" aria-label="Rewards you can choose">
              {c.items.map((item) => (
                <ItemRow key={item.id} item={item} busy={busy} onRedeem={() => setRedeeming(item)} />
              ))}
            </ul>
          )}
        </>
      ) : null}
      <div role="status" aria-live="polite">
        {outcome?.kind === "success" ? <p class="notice notice-success">{outcome.text}</p> : null}
      </div>
      {outcome?.kind === "error" ? <Notice kind="error">{outcome.text}</Notice> : null}
      <div class="points-part" role="group" aria-labelledby="catalog-requests-title">
        <h3 id="catalog-requests-title">Your requests</h3>
        {requests.error ? <Notice kind="error">{requests.error.message}</Notice> : null}
        {!requests.data && !requests.error ? <Loading /> : null}
        {requests.data ? <Requests requests={requests.data.data} busy={busy} onCancel={setCancelling} /> : null}
      </div>
      <ConfirmDialog id="catalog-redeem" title={redeeming ? `Redeem ${redeeming.name}?` : "Redeem?"}
        confirm="Yes, redeem it" dismiss="Not now" tone="primary" open={redeeming !== null}
        onConfirm={() => redeeming && void redeem(redeeming)} onCancel={() => setRedeeming(null)}>
        {redeeming && c ? (
          <>
            <p>
              {pointsWords(redeeming.cost_points)} will be taken from your {pointsWords(c.redeemable)} to redeem, now.
            </p>
            {!redeeming.in_stock ? (
              <p>It is out of stock: it will be sent when it is back. Until then you can cancel and get the points back.</p>
            ) : null}
          </>
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog id="catalog-cancel" title={cancelling ? `Cancel your request for ${cancelling.item_name}?` : "Cancel?"}
        confirm="Cancel the request" dismiss="Keep it" open={cancelling !== null}
        onConfirm={() => cancelling && void cancel(cancelling)} onCancel={() => setCancelling(null)}>
        {cancelling ? <p>{pointsWords(cancelling.cost_points)} will be given back to you.</p> : null}
      </ConfirmDialog>
    </section>
  );
}
