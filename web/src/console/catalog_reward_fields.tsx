// The part of a catalogue item's form that says what redeeming it pays into the reward ledger:
// a kind (none, cash, credit, a gift card or a custom reward) and an amount typed in major units of
// the program's currency. The fields are named as the server names them ("reward.kind",
// "reward.amount_minor"), so its 422 lands under the field it means. The body's `reward` is
// `{kind, amount_minor}`, or null for none (which removes a reward the item paid).
import { amountInput, parseMoney } from "../format";
import type { CatalogReward } from "../models";
import { catalogRewardKinds } from "../ui/catalog_reward";
import { checkAmount, Field, requireFields, type FormState, type Values } from "../ui/form";

const kind = "reward.kind";
const amount = "reward.amount_minor";

const kindChoices = [{ value: "", label: "None: only the item itself" }, ...catalogRewardKinds];

// The fields' values for an item's reward (empty for none).
export function rewardValues(reward: CatalogReward | null): Values {
  return reward ? { [kind]: reward.kind, [amount]: amountInput(reward.amount_minor, reward.currency) } : { [kind]: "", [amount]: "" };
}

// With a kind chosen, the amount is required and must be one in `currency`; its bounds are the server's.
export function checkReward(v: Values, currency: string): Record<string, string> {
  if (!v[kind]) return {};
  return checkAmount(v, amount, currency, requireFields(v, { [amount]: `what it pays, in ${currency}` }));
}

// The body's `reward`: null when none is chosen (the amount typed is then ignored).
export function rewardBody(v: Values, currency: string): { kind: string; amount_minor: number | null } | null {
  return v[kind] ? { kind: v[kind], amount_minor: parseMoney(v[amount] ?? "", currency) } : null;
}

// `id` makes the fields' ids unique on the page (the add and the edit form both show them).
export function RewardFields({ form, id, currency }: { form: FormState; id: (name: string) => string; currency: string }) {
  return (
    <div class="row">
      <Field form={form} name={kind} id={id("reward_kind")} label="Pays a reward" options={kindChoices}
        hint="Paid into the reward ledger with each redemption: approved, paid (with a payout reference) or reversed as the redemption is." />
      {form.values[kind] ? (
        <Field form={form} name={amount} id={id("reward_amount")} label={`Reward amount (${currency})`} required
          inputMode="decimal" hint={`In the program's currency, e.g. ${amountInput(2500, currency)}. Redemptions already made keep what they paid.`} />
      ) : null}
    </div>
  );
}
