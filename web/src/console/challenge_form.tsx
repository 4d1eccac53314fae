// A challenge's form (admins and managers): adding one to a program, or changing one: its name and
// description, its steps (a type, the points it earns, an optional title in the advocate's words,
// and for a share step the channel it must come through), when it opens and ends, the tags of the
// advocates it is offered to, its limits, and whether it is still open to advocates (unticked:
// retired). The fields are named as the server names them ("steps[1].points"), so its 422 lands
// under the field it means; its 409 (the steps of a challenge someone has done a step of do not
// change) is said above the button. Only the form of the numbers is checked here.
import { useState } from "preact/hooks";
import { patch, post } from "../api";
import type { Challenge } from "../models";
import { changedFields, Field, FormMessage, requireFields, Submit, useForm, withoutRow, type FormState, type Values } from "../ui/form";
import { isoOfLocal, localZone } from "./campaign_input";
import { localOf, shareChannels, stepTypes } from "./challenge_words";

const maxSteps = 10;
const stepFields = ["type", "points", "title", "channel"];
const at = (i: number, field: string) => `steps[${i}].${field}`;

const empty: Values = {
  name: "",
  description: "",
  [at(0, "type")]: "write_review",
  [at(0, "points")]: "",
  [at(0, "title")]: "",
  [at(0, "channel")]: "",
  starts_at: "",
  ends_at: "",
  tags: "",
  per_member_limit: "1",
  total_limit: "",
  active: "true",
};

function valuesOf(c: Challenge): Values {
  const values: Values = {
    name: c.name,
    description: c.description,
    starts_at: localOf(c.starts_at),
    ends_at: localOf(c.ends_at),
    tags: c.tags.join(", "),
    per_member_limit: String(c.per_member_limit),
    total_limit: c.total_limit === null ? "" : String(c.total_limit),
    active: c.active ? "true" : "false",
  };
  c.steps.forEach((step, i) => {
    values[at(i, "type")] = step.type;
    values[at(i, "points")] = String(step.points);
    values[at(i, "title")] = step.title;
    values[at(i, "channel")] = step.channel;
  });
  return values;
}

const whole = (text: string) => Number(text.trim().replace(/[\s,]/g, ""));
const wholePattern = /^\d[\d,\s]*$/;

function check(v: Values, steps: number, editing: boolean): Record<string, string> {
  const errors = requireFields(v, {
    name: "the challenge's name, as advocates read it",
    per_member_limit: "how many times each advocate may do each step",
    ...(editing ? { starts_at: "when it opens" } : {}),
  });
  const numbers = ["per_member_limit", "total_limit"];
  for (let i = 0; i < steps; i++) {
    if (!(v[at(i, "points")] ?? "").trim()) errors[at(i, "points")] = "is required: what the step earns (0 for nothing)";
    numbers.push(at(i, "points"));
  }
  for (const name of numbers) {
    const text = (v[name] ?? "").trim();
    if (text && !errors[name] && !wholePattern.test(text)) errors[name] = "must be a whole number, e.g. 100";
  }
  return errors;
}

// The request's body: every field of the form, as the server reads it (an empty end or overall
// limit is none).
function bodyOf(v: Values, steps: number): Record<string, unknown> {
  const total = v.total_limit.trim();
  return {
    name: v.name,
    description: v.description,
    steps: Array.from({ length: steps }, (_, i) => {
      const type = v[at(i, "type")];
      return {
        type,
        points: whole(v[at(i, "points")] ?? ""),
        title: (v[at(i, "title")] ?? "").trim(),
        channel: type === "share_link" ? v[at(i, "channel")] ?? "" : "",
      };
    }),
    starts_at: isoOfLocal(v.starts_at) ?? null,
    ends_at: isoOfLocal(v.ends_at) ?? null,
    tags: v.tags.split(",").map((t) => t.trim()).filter(Boolean),
    per_member_limit: whole(v.per_member_limit),
    total_limit: total ? whole(total) : null,
    active: v.active === "true",
  };
}

// The server names a bad tag by its place ("tags[2]"); the form has one field for them all.
const fieldOf = (field: string) => (/^tags\[\d+\]$/.test(field) ? "tags" : field);

function StepFields({ form, prefix, i, count, onRemove }: { form: FormState; prefix: string; i: number; count: number; onRemove: () => void }) {
  const id = (field: string) => `${prefix}-step-${i}-${field}`;
  return (
    <li>
      <fieldset class="choices">
        <legend>Step {i + 1}</legend>
        <div class="row">
          <Field form={form} name={at(i, "type")} id={id("type")} label="What to do" options={stepTypes} />
          <Field form={form} name={at(i, "points")} id={id("points")} label="Points" required inputMode="numeric" />
        </div>
        <div class="row">
          <Field form={form} name={at(i, "title")} id={id("title")} label="Title"
            required={form.values[at(i, "type")] === "custom"}
            hint="What advocates read; empty: the type's own words. Required for a task of your own." />
          {form.values[at(i, "type")] === "share_link" ? (
            <Field form={form} name={at(i, "channel")} id={id("channel")} label="Through" options={shareChannels}
              hint="Counted only when the link is followed from this channel's share button." />
          ) : null}
        </div>
        <button type="button" class="link-button" disabled={count <= 1} onClick={onRemove}>
          Remove <span class="visually-hidden">step {i + 1}</span>
        </button>
      </fieldset>
    </li>
  );
}

interface Props {
  programId: string;
  challenge?: Challenge; // absent: a new challenge
  onSaved: (saved: Challenge) => void;
  onClose?: () => void;
}

export function ChallengeForm({ programId, challenge, onSaved, onClose }: Props) {
  const prefix = challenge ? "challenge-edit" : "challenge-add";
  const title = `${prefix}-title`;
  const [steps, setSteps] = useState(challenge ? challenge.steps.length : 1);
  const form = useForm(challenge ? valuesOf(challenge) : empty, (v) => check(v, steps, !!challenge), fieldOf);
  const [unchanged, setUnchanged] = useState(false);
  const id = (name: string) => `${prefix}-${name}`;
  const v = form.values;
  return (
    <form
      class="form"
      noValidate
      aria-labelledby={title}
      onSubmit={async (e) => {
        e.preventDefault();
        setUnchanged(false);
        let saved: Challenge | undefined;
        const ok = await form.submit(async (values) => {
          const body = bodyOf(values, steps);
          if (!challenge) {
            // A new challenge opens now unless told, has no end or overall limit unless told, and is open.
            const { active: _active, ...fields } = body;
            for (const name of ["starts_at", "ends_at", "total_limit"]) if (fields[name] === null) delete fields[name];
            saved = await post<Challenge>(`/api/v1/programs/${programId}/challenges`, fields);
            return;
          }
          // A change: only the fields changed (the steps are sent only when one of them changed).
          const before = bodyOf(valuesOf(challenge), challenge.steps.length);
          const changes = changedFields(before, body);
          if (Object.keys(changes).length === 0) return;
          saved = await patch<Challenge>(`/api/v1/challenges/${challenge.id}`, changes);
        });
        if (ok && saved) {
          if (!challenge) {
            form.reset(empty);
            setSteps(1);
          }
          onSaved(saved);
        } else if (ok) {
          setUnchanged(true);
        }
      }}
    >
      {challenge ? <h3 id={title}>Edit {challenge.name}</h3> : <h2 id={title}>Add a challenge</h2>}
      <Field form={form} name="name" id={id("name")} label="Name" required hint="As advocates read it, up to 80 characters." />
      <Field form={form} name="description" id={id("description")} label="Description" multiline
        hint="What it is about and why it matters, up to 1,000 characters." />
      <fieldset class={form.errors.steps ? "choices field-error" : "choices"} aria-describedby={`${id("steps")}-hint`}>
        <legend>Steps</legend>
        <p class="hint" id={`${id("steps")}-hint`}>
          Up to 10, each earning its own points. Steps done by themselves count from when the challenge opens; the
          others wait for your approval.
          {challenge ? " Once someone has done a step, the steps stay as they are: retire the challenge and add a new one." : ""}
        </p>
        {form.errors.steps ? (
          <p class="error" id={`${id("steps")}-error`}>
            {form.errors.steps}
          </p>
        ) : null}
        <ol class="challenge-step-rows">
          {Array.from({ length: steps }, (_, i) => (
            <StepFields key={i} form={form} prefix={prefix} i={i} count={steps}
              onRemove={() => {
                form.reset(withoutRow(v, "steps", stepFields, steps, i));
                setSteps(steps - 1);
              }} />
          ))}
        </ol>
        <button type="button" disabled={steps >= maxSteps}
          onClick={() => {
            form.set(at(steps, "type"), "submit_referral");
            form.set(at(steps, "points"), "");
            form.set(at(steps, "title"), "");
            form.set(at(steps, "channel"), "");
            setSteps(steps + 1);
          }}>
          Add a step
        </button>
      </fieldset>
      <div class="row">
        <Field form={form} name="starts_at" id={id("starts_at")} label="Opens" type="datetime-local" required={!!challenge}
          hint={`${challenge ? "" : "Empty: now. "}In your time zone (${localZone()}).`} />
        <Field form={form} name="ends_at" id={id("ends_at")} label="Ends" type="datetime-local"
          hint="Empty: no end; it stays open until retired." />
      </div>
      <Field form={form} name="tags" id={id("tags")} label="Offered to advocates tagged"
        hint="Comma-separated; an advocate with any one of them sees it. Empty: everyone." />
      <div class="row">
        <Field form={form} name="per_member_limit" id={id("per_member_limit")} label="Times per advocate" required
          inputMode="numeric" hint="How many times each advocate may do each step (1 to 1,000)." />
        <Field form={form} name="total_limit" id={id("total_limit")} label="Times in all" inputMode="numeric"
          hint="How many times each step may be done by everyone together. Empty: no limit." />
      </div>
      {challenge ? (
        <div class="setting catalog-setting">
          <label class="choice" for={id("active")}>
            <input id={id("active")} type="checkbox" checked={v.active === "true"} aria-describedby={`${id("active")}-hint`}
              onChange={(e) => form.set("active", e.currentTarget.checked ? "true" : "false")} />
            Open to advocates
          </label>
          <p class="hint" id={`${id("active")}-hint`}>
            Untick to retire it: advocates no longer see it. Steps done keep their points; claims waiting can still be
            approved or rejected.
          </p>
        </div>
      ) : null}
      <FormMessage form={form} />
      {unchanged ? <p class="muted">Nothing to save: no field was changed.</p> : null}
      <div class="toolbar">
        <Submit form={form}>{challenge ? "Save the changes" : "Add the challenge"}</Submit>
        {onClose ? (
          <button type="button" onClick={onClose}>
            Close
          </button>
        ) : null}
      </div>
    </form>
  );
}
