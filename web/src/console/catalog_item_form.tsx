// A catalogue item's form (admins and managers): adding one to a program, or changing one: its
// name, description and cost, the stock on hand (restocking is setting it again; empty: unlimited),
// the limit per advocate, whether trusted advocates are approved at once, what happens when it is
// out of stock, the reward it pays (catalog_reward_fields.tsx), and whether it is still offered
// (unticked: retired). The fields are named as the server names them, so its 422 lands under the
// field it means; only the form of the numbers is checked here, their bounds are the server's to
// judge.
import { useState } from "preact/hooks";
import { patch, post } from "../api";
import type { CatalogItem } from "../models";
import { changedFields, Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";
import { checkReward, rewardBody, RewardFields, rewardValues } from "./catalog_reward_fields";

export const approvals = [
  { value: "manual", label: "Staff approve each one" },
  { value: "auto", label: "Approved at once (advocates who signed up themselves still wait for staff)" },
];

export const whenOut = [
  { value: "backorder", label: "Take requests: sent when it is restocked" },
  { value: "refuse", label: "Refuse requests until it is restocked" },
];

const empty: Values = {
  name: "",
  description: "",
  cost_points: "",
  stock: "",
  per_member_limit: "",
  approval: "manual",
  when_out: "backorder",
  ...rewardValues(null),
  active: "true",
};

function valuesOf(item: CatalogItem): Values {
  return {
    name: item.name,
    description: item.description,
    cost_points: String(item.cost_points),
    stock: item.stock === null ? "" : String(item.stock),
    per_member_limit: item.per_member_limit === null ? "" : String(item.per_member_limit),
    approval: item.approval,
    when_out: item.when_out,
    ...rewardValues(item.reward),
    active: item.active ? "true" : "false",
  };
}

const numbers = ["cost_points", "stock", "per_member_limit"];
const whole = (text: string) => Number(text.trim().replace(/[\s,]/g, ""));
// An empty stock or limit is none: unlimited, no limit.
const optional = (text: string) => (text.trim() ? whole(text) : null);

function check(v: Values, currency: string): Record<string, string> {
  const errors = requireFields(v, { name: "the item's name, as advocates read it", cost_points: "what it costs in points" });
  for (const name of numbers) {
    const text = (v[name] ?? "").trim();
    if (text && !errors[name] && !/^\d[\d,\s]*$/.test(text)) errors[name] = "must be a whole number, e.g. 500";
  }
  return { ...errors, ...checkReward(v, currency) };
}

// The request's body: every field of the form, as the server reads it; amounts in `currency`.
function bodyOf(v: Values, currency: string): Record<string, unknown> {
  return {
    name: v.name,
    description: v.description,
    cost_points: whole(v.cost_points),
    stock: optional(v.stock),
    per_member_limit: optional(v.per_member_limit),
    approval: v.approval,
    when_out: v.when_out,
    reward: rewardBody(v, currency),
    active: v.active === "true",
  };
}

interface Props {
  programId: string;
  currency: string; // the program's: what the item's reward is paid in
  item?: CatalogItem; // absent: a new item
  onSaved: (saved: CatalogItem) => void;
  onClose?: () => void;
}

export function CatalogItemForm({ programId, currency, item, onSaved, onClose }: Props) {
  const prefix = item ? "catalog-edit" : "catalog-add";
  const title = `${prefix}-title`;
  const form = useForm(item ? valuesOf(item) : empty, (v) => check(v, currency));
  const [unchanged, setUnchanged] = useState(false);
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <form
      class="form"
      noValidate
      aria-labelledby={title}
      onSubmit={async (e) => {
        e.preventDefault();
        setUnchanged(false);
        let saved: CatalogItem | undefined;
        const ok = await form.submit(async (v) => {
          const body = bodyOf(v, currency);
          if (!item) {
            // A new item: no stock, limit or reward is left out (unlimited, no limit, none), and it is offered.
            const { active: _active, ...fields } = body;
            if (fields.stock === null) delete fields.stock;
            if (fields.per_member_limit === null) delete fields.per_member_limit;
            if (fields.reward === null) delete fields.reward;
            saved = await post<CatalogItem>(`/api/v1/programs/${programId}/catalog-items`, fields);
            return;
          }
          // A change: only the fields changed (a restock is the stock alone; a reward removed is `reward: null`).
          const before = bodyOf(valuesOf(item), currency);
          const changes = changedFields(before, body);
          if (Object.keys(changes).length === 0) return;
          saved = await patch<CatalogItem>(`/api/v1/catalog-items/${item.id}`, changes);
        });
        if (ok && saved) {
          if (!item) form.reset(empty);
          onSaved(saved);
        } else if (ok) {
          setUnchanged(true);
        }
      }}
    >
      {item ? <h3 id={title}>Edit {item.name}</h3> : <h2 id={title}>Add an item</h2>}
      <div class="row">
        <Field form={form} name="name" id={id("name")} label="Name" required hint="As advocates read it, up to 80 characters." />
        <Field form={form} name="cost_points" id={id("cost_points")} label="Cost (points)" required inputMode="numeric"
          hint="The redeemable points it takes." />
      </div>
      <Field form={form} name="description" id={id("description")} label="Description" multiline
        hint="What the advocate gets and how it is sent, up to 500 characters." />
      <div class="row">
        <Field form={form} name="stock" id={id("stock")} label="Left to redeem" inputMode="numeric"
          hint={item ? "Units not yet promised to anyone (requests already made have taken theirs). Restock by setting how many are left now. Empty: unlimited." : "Empty: unlimited."} />
        <Field form={form} name="per_member_limit" id={id("per_member_limit")} label="Limit per advocate" inputMode="numeric"
          hint="How many times one advocate may redeem it (requests rejected or cancelled do not count). Empty: no limit." />
      </div>
      <div class="row">
        <Field form={form} name="approval" id={id("approval")} label="Approval" options={approvals}
          hint="Advocates enrolled by the team, a sales rep, the API or an import are trusted." />
        <Field form={form} name="when_out" id={id("when_out")} label="When it is out of stock" options={whenOut}
          hint="Requests taken while out of stock take the points at once; the advocate may cancel them until approved." />
      </div>
      <RewardFields form={form} id={id} currency={currency} />
      {item ? (
        <div class="setting catalog-setting">
          <label class="choice" for={id("active")}>
            <input id={id("active")} type="checkbox" checked={form.values.active === "true"}
              aria-describedby={`${id("active")}-hint`}
              onChange={(e) => form.set("active", e.currentTarget.checked ? "true" : "false")} />
            Offered to advocates
          </label>
          <p class="hint" id={`${id("active")}-hint`}>
            Untick to retire it: advocates no longer see it; the requests already made stay as they are.
          </p>
          {form.errors.active ? (
            <p class="error" id={`${id("active")}-error`}>
              {form.errors.active}
            </p>
          ) : null}
        </div>
      ) : null}
      <FormMessage form={form} />
      {unchanged ? <p class="muted">Nothing to save: no field was changed.</p> : null}
      <div class="toolbar">
        <Submit form={form}>{item ? "Save the changes" : "Add the item"}</Submit>
        {onClose ? (
          <button type="button" onClick={onClose}>
            Close
          </button>
        ) : null}
      </div>
    </form>
  );
}
