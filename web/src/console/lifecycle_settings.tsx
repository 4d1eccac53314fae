// A program's lifecycle stages (admins and managers edit; viewers read): the stages as rows of key,
// name and weight, and which stage each of Bluebird's events moves people to. The rows' fields are
// named as the server names them ("stages[1].weight"), so its 422 lands on the field it means; its
// 409 (a stage somebody reached cannot be removed) is shown above the button.
import { useState } from "preact/hooks";
import { patch } from "../api";
import { dateTime } from "../format";
import type { LifecycleSettings } from "../models";
import { checkNumber, Field, FormMessage, Submit, useForm, withoutRow, type Values } from "../ui/form";

const stageFields = ["key", "name", "weight"];

const events = [
  { name: "on_referral_submitted", label: "A referral is submitted: the person referred moves to" },
  { name: "on_referral_won", label: "A referral is won: the person referred moves to" },
  { name: "on_enrolled", label: "An advocate is enrolled: they move to" },
] as const;

function valuesOf(s: LifecycleSettings): Values {
  const values: Values = {
    on_referral_submitted: s.on_referral_submitted,
    on_referral_won: s.on_referral_won,
    on_enrolled: s.on_enrolled,
    lose_on_referral_closed: s.lose_on_referral_closed ? "true" : "false",
  };
  s.stages.forEach((stage, i) => {
    values[`stages[${i}].key`] = stage.key;
    values[`stages[${i}].name`] = stage.name;
    values[`stages[${i}].weight`] = String(stage.weight);
  });
  return values;
}

interface Props {
  settings: LifecycleSettings;
  canEdit: boolean;
  onSaved: (saved: LifecycleSettings) => void;
}

export function LifecycleSettingsForm({ settings, canEdit, onSaved }: Props) {
  const [count, setCount] = useState(settings.stages.length);
  const form = useForm(valuesOf(settings), (v) => {
    const errors: Record<string, string> = {};
    for (let i = 0; i < count; i++) {
      const at = `stages[${i}].weight`;
      if (!(v[at] ?? "").trim()) errors[at] = "is required: a whole number ordering the stages";
      checkNumber(v, at, { min: 0, max: 1_000_000, decimals: 0, what: "a whole number" }, errors);
    }
    return errors;
  });
  const v = form.values;
  const keys = Array.from({ length: count }, (_, i) => (v[`stages[${i}].key`] ?? "").trim()).filter(Boolean);
  const targets = [{ value: "", label: "No move" }, ...keys.map((key) => ({ value: key, label: key }))];
  return (
    <form
      class="form lifecycle-settings"
      noValidate
      aria-labelledby="lifecycle-settings-title"
      onSubmit={async (e) => {
        e.preventDefault();
        let answer: LifecycleSettings | undefined;
        const ok = await form.submit(async (values) => {
          answer = await patch<LifecycleSettings>(`/api/v1/programs/${settings.program_id}/lifecycle-settings`, {
            stages: Array.from({ length: count }, (_, i) => ({
              key: (values[`stages[${i}].key`] ?? "").trim(),
              name: (values[`stages[${i}].name`] ?? "").trim(),
              weight: Number((values[`stages[${i}].weight`] ?? "").replace(/[\s,]/g, "")),
            })),
            on_referral_submitted: values.on_referral_submitted,
            on_referral_won: values.on_referral_won,
            on_enrolled: values.on_enrolled,
            lose_on_referral_closed: values.lose_on_referral_closed === "true",
          });
        });
        if (ok && answer) onSaved(answer);
      }}
    >
      <fieldset class={form.errors.stages ? "choices field-error" : "choices"} disabled={!canEdit}
        aria-describedby="lifecycle-stages-hint">
        <legend>Stages</legend>
        <p class="hint" id="lifecycle-stages-hint">
          In order of weight, lowest first (equal weights allowed). Keys are lower-case letters, digits and “_”. People move
          forward only; “Lost” comes after every stage. A stage somebody reached cannot be removed: rename it instead.
        </p>
        {form.errors.stages ? <p class="error">{form.errors.stages}</p> : null}
        <ol class="points-rows">
          {Array.from({ length: count }, (_, i) => (
            <li class="points-row points-row-badge" key={i}>
              <Field form={form} name={`stages[${i}].key`} id={`lifecycle-stage-${i}-key`} label={`Stage ${i + 1} key`} />
              <Field form={form} name={`stages[${i}].name`} id={`lifecycle-stage-${i}-name`} label={`Stage ${i + 1} name`} />
              <Field form={form} name={`stages[${i}].weight`} id={`lifecycle-stage-${i}-weight`}
                label={`Stage ${i + 1} weight`} inputMode="numeric" />
              <button type="button" class="link-button" disabled={count <= 1}
                onClick={() => {
                  form.reset(withoutRow(v, "stages", stageFields, count, i));
                  setCount(count - 1);
                }}>
                Remove <span class="visually-hidden">stage {i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
        <button type="button" disabled={count >= 20} onClick={() => {
          form.set(`stages[${count}].key`, "");
          form.set(`stages[${count}].name`, "");
          form.set(`stages[${count}].weight`, "");
          setCount(count + 1);
        }}>
          Add a stage
        </button>
      </fieldset>
      <fieldset class="choices" disabled={!canEdit}>
        <legend>Moves Bluebird makes</legend>
        {events.map((event) => (
          <Field key={event.name} form={form} name={event.name} id={`lifecycle-${event.name}`} label={event.label}
            options={targets.some((t) => t.value === v[event.name]) ? targets : [...targets, { value: v[event.name], label: v[event.name] }]} />
        ))}
        <div class="setting">
          <label class="choice" for="lifecycle-lose">
            <input id="lifecycle-lose" type="checkbox" checked={v.lose_on_referral_closed === "true"}
              aria-describedby="lifecycle-lose-hint"
              onChange={(e) => form.set("lose_on_referral_closed", e.currentTarget.checked ? "true" : "false")} />
            A rejected or lost referral moves the person referred to Lost
          </label>
          <p class="hint" id="lifecycle-lose-hint">
            Only when none of their referrals is still open and they were never a customer.
          </p>
        </div>
      </fieldset>
      <FormMessage form={form} />
      {canEdit ? <Submit form={form}>Update the stages</Submit> : <p class="hint">Admins and managers change the stages.</p>}
      {settings.updated_at ? (
        <p class="hint">Last changed {dateTime(settings.updated_at)}.</p>
      ) : (
        <p class="hint">The defaults: nobody has changed them yet.</p>
      )}
    </form>
  );
}
