// /console/referrals/{id}: one referral with its history, its rewards, the stage move form and,
// while it is under review, clearing or rejecting it with a note.
import { useRoute } from "preact-iso";
import { get, post, query } from "../api";
import { dateTime, label, money, parseMoney, personName } from "../format";
import type { Page, Program, Referral, Reward } from "../models";
import { useLoad } from "../ui/data";
import { Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { RewardsTable } from "./rewards_table";
import { useSession } from "./session";

// The stages a referral may move to from `stage`.
function nextStages(stage: string, usesOpportunity: boolean): string[] {
  const open = usesOpportunity ? ["submitted", "qualified", "opportunity"] : ["submitted", "qualified"];
  const at = open.indexOf(stage);
  if (at < 0) return [];
  return [...open.slice(at + 1), "won", "lost", "rejected"];
}

function StageForm({ referral, program, onDone }: { referral: Referral; program: Program; onDone: () => void }) {
  const choices = nextStages(referral.stage, program.referral_policy.uses_opportunity);
  const form = useForm(
    { stage: choices[0] ?? "", deal_value: "", external_id: "", note: "" },
    (v) => {
      const errors: Record<string, string> = {};
      if (v.stage === "won" && v.deal_value.trim() && parseMoney(v.deal_value, program.currency) === null) {
        errors.deal_value = `is not an amount in ${program.currency}`;
      }
      return errors;
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
        const ok = await form.submit(() =>
          post(`/api/v1/referrals/${referral.id}/stage`, {
            stage: v.stage,
            ...(v.stage === "won" && v.deal_value.trim() ? { deal_value_minor: parseMoney(v.deal_value, program.currency) } : {}),
            ...(v.stage === "won" && v.external_id.trim() ? { external_id: v.external_id.trim() } : {}),
            ...(v.note.trim() ? { note: v.note.trim() } : {}),
          }),
        );
        if (ok) onDone();
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

function ReviewForm({ referral, onDone }: { referral: Referral; onDone: () => void }) {
  const form = useForm({ note: "" }, (v) => requireFields(v, { note: "why (kept in the history)" }));
  const decide = (decision: "clear" | "reject") =>
    form.submit((v) => post(`/api/v1/referrals/${referral.id}/${decision}`, { note: v.note })).then((ok) => ok && onDone());
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
  const reload = () => {
    referral.reload();
    rewards.reload();
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
  return (
    <ConsoleShell title={name}>
      <p>
        <Badge value={r.stage} /> <Badge value={r.review_status} /> <span class="muted">{program.data.name}</span>
      </p>
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
          <dd>{r.deal_value_minor != null ? money(r.deal_value_minor, program.data.currency) : "—"}</dd>
          <dt>Note</dt>
          <dd>{r.note || "—"}</dd>
        </dl>
      </section>
      {r.review_status !== "clear" && canManage && r.stage !== "rejected" ? (
        <section class="card" aria-labelledby="review-title">
          <h2 id="review-title">Review</h2>
          <ReviewForm referral={r} onDone={reload} />
        </section>
      ) : null}
      {canMove ? (
        <section class="card" aria-labelledby="move-title">
          <h2 id="move-title">Pipeline</h2>
          <StageForm key={r.stage} referral={r} program={program.data} onDone={reload} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol class="history">
          {(r.history ?? []).map((event, i) => (
            <li key={i}>
              <strong>{event.to_stage ? `${label(event.from_stage ?? "new")} → ${label(event.to_stage)}` : label(event.kind)}</strong>
              <span class="muted">
                {" "}
                {dateTime(event.at)} · {event.actor_name ?? event.actor ?? "the public form"}
              </span>
              {event.note ? <p>{event.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <section class="card" aria-labelledby="rewards-title">
        <h2 id="rewards-title">Rewards</h2>
        <RewardsTable rewards={rewards.data?.data ?? []} onChange={rewards.reload} />
      </section>
    </ConsoleShell>
  );
}
