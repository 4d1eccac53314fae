// /console/referrals/{id}: one referral with its buying committee, its history, its win's credit
// (split among advocates), its rewards, the stage move form and, while it is under review, clearing
// or rejecting it with a note. Managers correct a won deal's value, and decide on the paid rewards of
// a rejected referral (a clawback).
import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { get, post, query } from "../api";
import { label, money, parseMoney, personName } from "../format";
import type { Page, Program, Referral, ReferralCredit, Reward } from "../models";
import { useLoad } from "../ui/data";
import { checkAmount, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { AdvocateName, useAdvocateNames } from "./advocate_names";
import { ClawbackNotice } from "./clawback_notice";
import { CommitteeSection } from "./committee_section";
import { ConsoleShell } from "./console_shell";
import { CreditSection } from "./credit_section";
import { DealValueCorrection } from "./deal_value_correction";
import { ReferralHistory } from "./referral_history";
import { RewardsTable } from "./rewards_table";
import { useSession } from "./session";

// What a change reversed, in words ("2 unpaid rewards were reversed."); empty when nothing was.
function reversedSummary(reversed: Reward[] | undefined): string {
  const n = reversed?.length ?? 0;
  if (n === 0) return "";
  return `${n} unpaid ${n === 1 ? "reward was" : "rewards were"} reversed.`;
}

type Done = (message: string) => void;

// The stages a referral may move to from `stage`.
function nextStages(stage: string, usesOpportunity: boolean): string[] {
  const open = usesOpportunity ? ["submitted", "qualified", "opportunity"] : ["submitted", "qualified"];
  const at = open.indexOf(stage);
  if (at < 0) return [];
  return [...open.slice(at + 1), "won", "lost", "rejected"];
}

function StageForm({ referral, program, onDone }: { referral: Referral; program: Program; onDone: Done }) {
  const choices = nextStages(referral.stage, program.referral_policy.uses_opportunity);
  const form = useForm(
    { stage: choices[0] ?? "", deal_value: "", external_id: "", note: "" },
    (v) => {
      return v.stage === "won" ? checkAmount(v, "deal_value", program.currency, {}) : {};
    },
    (field) => (field === "deal_value_minor" ? "deal_value" : field),
  );
  if (choices.length === 0) return <p class="muted">The referral is closed: its stage cannot change.</p>;
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="move-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const v = form.values;
        let moved: { rewards_reversed?: Reward[] } | undefined;
        const ok = await form.submit(async () => {
          moved = await post(`/api/v1/referrals/${referral.id}/stage`, {
            stage: v.stage,
            ...(v.stage === "won" && v.deal_value.trim() ? { deal_value_minor: parseMoney(v.deal_value, program.currency) } : {}),
            ...(v.stage === "won" && v.external_id.trim() ? { external_id: v.external_id.trim() } : {}),
            ...(v.note.trim() ? { note: v.note.trim() } : {}),
          });
        });
        if (ok) onDone(`Moved to ${label(v.stage).toLowerCase()}. ${reversedSummary(moved?.rewards_reversed)}`.trim());
      }}
    >
      <Field form={form} name="stage" label="Move to" options={choices.map((s) => ({ value: s, label: label(s) }))} />
      {form.values.stage === "won" ? (
        <div class="row">
          <Field form={form} name="deal_value" label={`Deal value (${program.currency})`} inputMode="decimal" />
          <Field form={form} name="external_id" label="CRM opportunity id" />
        </div>
      ) : null}
      <Field form={form} name="note" label="Note" />
      <FormMessage form={form} />
      <Submit form={form}>Move</Submit>
    </form>
  );
}

function ReviewForm({ referral, onDone }: { referral: Referral; onDone: Done }) {
  const form = useForm({ note: "" }, (v) => requireFields(v, { note: "why (kept in the history)" }));
  const decide = async (decision: "clear" | "reject") => {
    let decided: Referral | undefined;
    const ok = await form.submit(async (v) => {
      decided = await post<Referral>(`/api/v1/referrals/${referral.id}/${decision}`, { note: v.note });
    });
    if (ok) onDone(`${decision === "clear" ? "Cleared" : "Rejected"}. ${reversedSummary(decided?.rewards_reversed)}`.trim());
  };
  return (
    <form class="form" noValidate onSubmit={(e) => e.preventDefault()}>
      <Field form={form} name="note" label="Review note" required />
      <FormMessage form={form} />
      <div class="toolbar">
        <button type="button" class="primary" disabled={form.busy} onClick={() => decide("clear")}>
          Clear
        </button>
        <button type="button" class="danger" disabled={form.busy} onClick={() => decide("reject")}>
          Reject
        </button>
      </div>
    </form>
  );
}

export function ReferralPage() {
  const { params } = useRoute();
  const { canMove, canManage } = useSession();
  const referral = useLoad(() => get<Referral>(`/api/v1/referrals/${params.id}`), [params.id]);
  const programId = referral.data?.program_id;
  const program = useLoad(() => (programId ? get<Program>(`/api/v1/programs/${programId}`) : Promise.resolve(undefined)), [programId]);
  const rewards = useLoad(() => get<Page<Reward>>(`/api/v1/rewards${query({ referral_id: params.id, limit: 200 })}`), [params.id]);
  const credit = useLoad(() => get<ReferralCredit>(`/api/v1/referrals/${params.id}/credit`), [params.id]);
  const rewardList = rewards.data?.data ?? [];
  const shares = credit.data?.credit?.shares ?? [];
  const names = useAdvocateNames([...shares.map((s) => s.advocate_id), ...rewardList.map((w) => w.advocate_id)]);
  const [message, setMessage] = useState(""); // what the last change did, until the next one
  useEffect(() => setMessage(""), [params.id]);
  const reload = () => {
    referral.reload();
    rewards.reload();
    credit.reload();
  };
  const done = (text: string) => {
    setMessage(text);
    reload();
  };
  if (referral.error) {
    return (
      <ConsoleShell title="Referral">
        <Notice kind="error">{referral.error.message}</Notice>
      </ConsoleShell>
    );
  }
  const r = referral.data;
  if (!r || !program.data) {
    return (
      <ConsoleShell title="Referral">
        <Loading />
      </ConsoleShell>
    );
  }
  const name = personName(r.referee);
  const currency = r.deal_currency ?? program.data.currency;
  const severalPayees = rewardList.some((w) => w.advocate_id !== r.advocate_id);
  return (
    <ConsoleShell title={name}>
      <p>
        <Badge value={r.stage} /> <Badge value={r.review_status} /> <span class="muted">{program.data.name}</span>
      </p>
      <div role="status">{message ? <p class="notice notice-success">{message}</p> : null}</div>
      {canManage ? (
        <ClawbackNotice
          rewards={r.clawback_needed ?? []}
          onReversed={(reward, reason) =>
            done(`Reversed ${money(reward.amount_minor, reward.currency)} paid under ${reward.payout_reference ?? "—"}: ${reason}`)
          }
        />
      ) : (r.clawback_needed ?? []).length > 0 ? (
        <Notice kind="info">{r.clawback_needed!.length} paid rewards of this rejected referral await a manager's clawback decision.</Notice>
      ) : null}
      <section class="card" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <dl class="details">
          <dt>Email</dt>
          <dd>{r.referee.email}</dd>
          <dt>Company</dt>
          <dd>{r.referee.company || "—"}</dd>
          <dt>Phone</dt>
          <dd>{r.referee.phone || "—"}</dd>
          <dt>Product</dt>
          <dd>{r.product || "—"}</dd>
          <dt>Source</dt>
          <dd>
            {label(r.source)}
            {r.channel ? ` · ${r.channel}` : ""}
          </dd>
          <dt>Deal value</dt>
          <dd>{r.deal_value_minor != null ? money(r.deal_value_minor, currency) : "—"}</dd>
          <dt>Note</dt>
          <dd>{r.note || "—"}</dd>
        </dl>
      </section>
      <CommitteeSection referralId={r.id} canRecord={canMove} />
      {r.review_status !== "clear" && canManage && r.stage !== "rejected" ? (
        <section class="card" aria-labelledby="review-title">
          <h2 id="review-title">Review</h2>
          <ReviewForm referral={r} onDone={done} />
        </section>
      ) : null}
      {canMove ? (
        <section class="card" aria-labelledby="move-title">
          <h2 id="move-title">Pipeline</h2>
          <StageForm key={r.stage} referral={r} program={program.data} onDone={done} />
        </section>
      ) : null}
      {canManage && r.stage === "won" ? (
        <section class="card" aria-labelledby="correction-title">
          <h2 id="correction-title">Correct the deal value</h2>
          <DealValueCorrection referral={r} currency={currency} onDone={() => done("")} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ReferralHistory history={r.history ?? []} currency={currency} />
      </section>
      {credit.data?.credit ? <CreditSection referralId={r.id} credit={credit.data.credit} names={names} /> : null}
      <section class="card" aria-labelledby="rewards-title">
        <h2 id="rewards-title">Rewards</h2>
        <RewardsTable rewards={rewardList} onChange={rewards.reload}
          payee={severalPayees ? (w) => <AdvocateName id={w.advocate_id} names={names} /> : undefined} />
      </section>
    </ConsoleShell>
  );
}
