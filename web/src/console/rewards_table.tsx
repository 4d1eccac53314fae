// A table of rewards with, for managers, approval (one or a selection) and payment with a
// payout reference (for a negative adjustment: the money recovered, with its reference). Each row
// says which entry it is (a grant, a correction's reissue or adjustment, or a catalogue
// redemption's, which is decided through its redemption and offers neither). Used by the rewards,
// advocate and referral pages; a referral's entries may pay several advocates (split credit), and
// its page then adds the column `payee` fills with the advocate each entry pays.
import type { ComponentChild } from "preact";
import { useState } from "preact/hooks";
import { post } from "../api";
import { dateTime, label } from "../format";
import type { Reward } from "../models";
import { Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Badge, Notice } from "../ui/layout";
import { entryName, RewardAmount } from "../ui/reward_amount";
import { DecidedByRedemption, decidedHere, RewardReason } from "./reward_source";
import { useSession } from "./session";

function PayForm({ reward, onDone }: { reward: Reward; onDone: () => void }) {
  const owed = reward.amount_minor < 0; // fulfilling a negative adjustment records the money recovered
  const form = useForm({ reference: "" }, (v) =>
    requireFields(v, { reference: owed ? "the recovery's reference" : "the payout's reference" }),
  );
  return (
    <form
      class="inline-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await form.submit((v) => post(`/api/v1/rewards/${reward.id}/fulfill`, { reference: v.reference }))) onDone();
      }}
    >
      <Field form={form} name="reference" id={`reference-${reward.id}`} label={owed ? "Recovery reference" : "Payout reference"} />
      <FormMessage form={form} />
      <Submit form={form}>{owed ? "Mark recovered" : "Mark paid"}</Submit>
    </form>
  );
}

interface Props {
  rewards: Reward[];
  onChange: () => void;
  payee?: (reward: Reward) => ComponentChild; // an "Advocate" column when given
}

export function RewardsTable({ rewards, onChange, payee }: Props) {
  const { canManage } = useSession();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const pending = rewards.filter((r) => r.status === "pending" && decidedHere(r));
  const toggle = (id: string) =>
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div>
      {canManage && pending.length > 0 ? (
        <div class="toolbar">
          <button
            type="button"
            class="primary"
            disabled={selected.size === 0}
            onClick={async () => {
              try {
                const result = await post<{ approved: Reward[]; skipped: { id: string; reason: string }[] }>(
                  "/api/v1/rewards/approve",
                  { ids: [...selected] },
                );
                setOutcome({
                  kind: "success",
                  text: `${result.approved.length} approved${result.skipped.length ? `, ${result.skipped.length} skipped` : ""}.`,
                });
                setSelected(new Set());
                onChange();
              } catch (error) {
                setOutcome({ kind: "error", text: String((error as Error).message) });
              }
            }}
          >
            Approve selected ({selected.size})
          </button>
        </div>
      ) : null}
      {outcome ? <Notice kind={outcome.kind}>{outcome.text}</Notice> : null}
      <table class="table">
        <caption class="visually-hidden">Rewards</caption>
        <thead>
          <tr>
            {canManage ? <th scope="col">Select</th> : null}
            <th scope="col">Reason</th>
            <th scope="col">Entry</th>
            <th scope="col">Beneficiary</th>
            {payee ? <th scope="col">Advocate</th> : null}
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            {canManage ? <th scope="col">Payout</th> : null}
          </tr>
        </thead>
        <tbody>
          {rewards.map((r) => (
            <tr key={r.id}>
              {canManage ? (
                <td>
                  {r.status === "pending" && decidedHere(r) ? (
                    <input
                      type="checkbox"
                      aria-label={`Select reward: ${r.reason}`}
                      checked={selected.has(r.id)}
                      onChange={() => toggle(r.id)}
                    />
                  ) : null}
                </td>
              ) : null}
              <td>
                <RewardReason reward={r} />
              </td>
              <td>{entryName(r)}</td>
              <td>{label(r.beneficiary)}</td>
              {payee ? <td data-figure="advocate">{payee(r)}</td> : null}
              <td class="number">
                <RewardAmount reward={r} />
              </td>
              <td>
                <Badge value={r.status} />
              </td>
              <td>{dateTime(r.created_at)}</td>
              {canManage ? (
                <td>
                  {!decidedHere(r) ? (
                    <DecidedByRedemption reward={r} />
                  ) : r.status === "approved" ? (
                    <PayForm reward={r} onDone={onChange} />
                  ) : (
                    <span class="muted">{r.payout_reference ?? ""}</span>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {rewards.length === 0 ? <p class="muted">No rewards.</p> : null}
    </div>
  );
}
