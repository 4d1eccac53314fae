// A program's redemptions of catalogue items, newest first, with a status filter and what each pays
// into the reward ledger; admins and managers approve those requested or backordered (a backordered
// one needs stock: the server says when there is none), fulfil approved ones with a reference of
// what was sent (required for one that pays a reward: its payout reference), and reject any of them
// not yet fulfilled with a note (the advocate's points are given back). The reward ledger entry of
// one that pays a reward follows each of these decisions.
import { useState } from "preact/hooks";
import { ApiError, get, post, query } from "../api";
import { dateTime, label } from "../format";
import type { Page, Redemption, RedemptionStatus } from "../models";
import { paysInWords } from "../ui/catalog_reward";
import { usePaged } from "../ui/data";
import { Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { points } from "../ui/points";
import { ChoiceFilter } from "./filters";
import { useSession } from "./session";

export const redemptionStatuses: { value: RedemptionStatus; label: string }[] = [
  { value: "requested", label: "Requested" },
  { value: "backordered", label: "Backordered" },
  { value: "approved", label: "Approved" },
  { value: "fulfilled", label: "Fulfilled" },
  { value: "rejected", label: "Rejected" },
  { value: "cancelled", label: "Cancelled" },
];

// "Ada Lovelace's Team hoodie", for the buttons' names and the outcomes.
const advocateName = (r: Redemption) => r.advocate_name ?? r.advocate_id;
const whose = (r: Redemption) => `${advocateName(r)}'s ${r.item_name}`;

// One that pays a reward needs its payout reference (the reward ledger's); for others it is optional.
function FulfilForm({ r, onDone }: { r: Redemption; onDone: (text: string) => void }) {
  const form = useForm({ reference: "" }, (v) =>
    r.reward ? requireFields(v, { reference: "the payout's reference, kept on the reward" }) : {},
  );
  return (
    <form
      class="inline-form"
      noValidate
      aria-label={`Fulfil ${whose(r)}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const reference = form.values.reference.trim();
        const ok = await form.submit(() => post(`/api/v1/redemptions/${r.id}/fulfill`, reference ? { reference } : {}));
        if (ok) onDone(`Fulfilled: ${whose(r)}${r.reward ? `; its reward is paid under ${reference}` : ""}.`);
      }}
    >
      <Field form={form} name="reference" id={`redemption-${r.id}-reference`} required={r.reward !== null}
        label={r.reward ? "Payout reference" : "Reference"}
        hint={
          r.reward
            ? `${paysInWords(r.reward)}: your payout system's reference (a gift card's code, a transfer), kept on the reward.`
            : "What was sent: a voucher code, a tracking number (optional)."
        } />
      <FormMessage form={form} />
      <Submit form={form}>Mark fulfilled</Submit>
    </form>
  );
}

function RejectForm({ r, onDone }: { r: Redemption; onDone: (text: string) => void }) {
  const form = useForm({ note: "" }, (v) => requireFields(v, { note: "why it is rejected" }));
  return (
    <form
      class="inline-form"
      noValidate
      aria-label={`Reject ${whose(r)}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit((v) => post(`/api/v1/redemptions/${r.id}/reject`, { note: v.note }));
        if (ok) onDone(`Rejected: ${whose(r)}; ${points(r.cost_points)} points given back${r.reward ? " and its reward reversed" : ""}.`);
      }}
    >
      <Field form={form} name="note" id={`redemption-${r.id}-note`} label="Why" required
        hint={`Kept with the redemption; the advocate's points are given back${r.reward ? " and its reward reversed" : ""}.`} />
      <FormMessage form={form} />
      <Submit form={form}>Reject and give the points back</Submit>
    </form>
  );
}

function Actions({ r, onDone }: { r: Redemption; onDone: (text: string) => void }) {
  const [open, setOpen] = useState<"" | "fulfil" | "reject">("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const canApprove = r.status === "requested" || r.status === "backordered";
  const canFulfil = r.status === "approved";
  if (!canApprove && !canFulfil) return <span class="muted">—</span>;
  const toggle = (what: "fulfil" | "reject") => setOpen((old) => (old === what ? "" : what));
  return (
    <div class="redemption-actions">
      <div class="toolbar">
        {canApprove ? (
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError("");
              try {
                await post(`/api/v1/redemptions/${r.id}/approve`);
                onDone(`Approved: ${whose(r)}.`);
              } catch (failure) {
                setError(`Not approved: ${failure instanceof ApiError ? failure.message : String(failure)}`);
              } finally {
                setBusy(false);
              }
            }}
          >
            Approve<span class="visually-hidden"> {whose(r)}</span>
          </button>
        ) : null}
        {canFulfil ? (
          <button type="button" aria-expanded={open === "fulfil"} onClick={() => toggle("fulfil")}>
            Fulfil<span class="visually-hidden"> {whose(r)}</span>
            <span aria-hidden="true">…</span>
          </button>
        ) : null}
        <button type="button" aria-expanded={open === "reject"} onClick={() => toggle("reject")}>
          Reject<span class="visually-hidden"> {whose(r)}</span>
            <span aria-hidden="true">…</span>
        </button>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {open === "fulfil" ? <FulfilForm r={r} onDone={onDone} /> : null}
      {open === "reject" ? <RejectForm r={r} onDone={onDone} /> : null}
    </div>
  );
}

// Who last changed a redemption: a staff member, or the advocate (a cancel).
function decider(r: Redemption, myId: string | undefined): string {
  if (!r.decided_by) return "";
  if (r.decided_by === r.advocate_id) return "by the advocate";
  if (myId && r.decided_by === myId) return "by You";
  return `by ${r.decided_by_name ?? r.decided_by}`;
}

interface Props {
  programId: string;
  status: string;
  round: number; // changes when the list is to be read again
  onStatus: (status: string) => void;
  onChange: (text: string) => void; // after an approval, a fulfilment or a rejection
}

export function RedemptionsTable({ programId, status, round, onStatus, onChange }: Props) {
  const { canManage, me } = useSession();
  const list = usePaged(
    (cursor) => get<Page<Redemption>>(`/api/v1/redemptions${query({ program_id: programId, status, limit: 50, cursor })}`),
    `${programId}#${status}#${round}`,
  );
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter redemptions">
        <ChoiceFilter id="redemptions-status" title="Status" anyLabel="Any status" choices={redemptionStatuses}
          value={status} onChange={onStatus} />
      </form>
      {list.error ? <Notice kind="error">{list.error.message}</Notice> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <p class="muted">No redemptions{status ? " with this status" : " yet"}.</p>
      ) : null}
      {list.items.length > 0 ? (
        <table class="table redemptions">
          <caption class="visually-hidden">Redemptions</caption>
          <thead>
            <tr>
              <th scope="col">Requested</th>
              <th scope="col">Advocate</th>
              <th scope="col">Item</th>
              <th scope="col" class="number">
                Points
              </th>
              <th scope="col">Status</th>
              <th scope="col">Reference or note</th>
              {canManage ? <th scope="col">Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {list.items.map((r) => (
              <tr key={r.id}>
                <td class="nowrap">{dateTime(r.created_at)}</td>
                <td>
                  <a href={`/console/advocates/${r.advocate_id}`}>{advocateName(r)}</a>
                </td>
                <td>
                  {r.item_name}
                  {r.reward ? <div class="muted">{paysInWords(r.reward)}</div> : null}
                </td>
                <td class="number">{points(r.cost_points)}</td>
                <td>
                  <Badge value={r.status} text={label(r.status)} />
                  {r.decided_by ? <div class="muted">{decider(r, me.user?.id)}</div> : null}
                </td>
                <td>
                  {r.reference ? <div>{r.reward ? "Payout reference" : "Reference"}: {r.reference}</div> : null}
                  {r.note ? <div class="muted">{r.note}</div> : null}
                  {!r.reference && !r.note ? "—" : null}
                </td>
                {canManage ? (
                  <td>
                    <Actions key={`${r.id}#${r.status}`} r={r} onDone={onChange} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.loading ? <Loading /> : null}
      {list.more ? (
        <p>
          <button type="button" onClick={list.more}>
            Load more
          </button>
        </p>
      ) : null}
    </>
  );
}
