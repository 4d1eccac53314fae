// A segment's form (admins and managers): adding one to a program, or changing one — its name and
// description, who it holds (attributes as rows of a key and the values any of which matches, tags
// the advocate carries all of, NPS classes, the lowest level), where a new one goes in the order,
// and its own words (the share message, the portal headline, the landing page's headline and
// introduction), each with a live preview for a sample advocate, Ada, that shows the program's
// words when the field is empty. The fields are named as the server names them, so its 422 lands
// under the field it means ("attributes.tier[1]" under the tier row's values, "tags[0]" under the
// tags).
import { useRef, useState } from "preact/hooks";
import { patch, post } from "../api";
import type { NpsClass, Program, Segment } from "../models";
import { listPlaceholders, renderShareMessage, renderWords } from "../share_message";
import { changedFields, Field, FormMessage, requireFields, Submit, useForm, withoutRow, type FormState, type Values } from "../ui/form";
import { npsClasses, wordFields, type WordName } from "./segment_words";

const maxAttributes = 20;
const attributeFields = ["key", "values"];
const at = (i: number, field: string) => `attributes[${i}].${field}`;
const npsField = (c: NpsClass) => `nps.${c}`;
const keyPattern = /^[a-z][a-z0-9_]{0,63}$/;

const empty: Values = {
  name: "",
  description: "",
  position: "",
  [at(0, "key")]: "",
  [at(0, "values")]: "",
  tags: "",
  min_level: "",
  share_message: "",
  portal_headline: "",
  landing_headline: "",
  landing_intro: "",
};

const splitList = (text: string) =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

function valuesOf(s: Segment): Values {
  const values: Values = {
    name: s.name,
    description: s.description,
    position: "",
    tags: s.tags.join(", "),
    min_level: s.min_level,
    share_message: s.share_message,
    portal_headline: s.portal_headline,
    landing_headline: s.landing_headline,
    landing_intro: s.landing_intro,
  };
  Object.entries(s.attributes).forEach(([key, list], i) => {
    values[at(i, "key")] = key;
    values[at(i, "values")] = list.join(", ");
  });
  for (const c of s.nps_classes) values[npsField(c)] = "true";
  return values;
}

const rowsOf = (s?: Segment) => Math.max(1, s ? Object.keys(s.attributes).length : 1);

function check(v: Values, rows: number): Record<string, string> {
  const errors = requireFields(v, { name: "the segment's name, for staff" });
  const seen = new Set<string>();
  for (let i = 0; i < rows; i++) {
    const key = (v[at(i, "key")] ?? "").trim();
    const list = splitList(v[at(i, "values")] ?? "");
    if (!key && list.length === 0) continue;
    if (!key) errors[at(i, "key")] = "is required: the attribute's key, e.g. tier";
    else if (!keyPattern.test(key)) errors[at(i, "key")] = "must be 1-64 of a-z, 0-9 and '_', starting with a letter";
    else if (seen.has(key)) errors[at(i, "key")] = "is named twice: put its values in one row";
    if (key && list.length === 0) errors[at(i, "values")] = "is required: the values any of which matches";
    seen.add(key);
  }
  return errors;
}

// The request's body: every field of the form as the server reads it (rows without a key left out).
function bodyOf(v: Values, rows: number): Record<string, unknown> {
  const attributes: Record<string, string[]> = {};
  for (let i = 0; i < rows; i++) {
    const key = (v[at(i, "key")] ?? "").trim();
    if (key) attributes[key] = splitList(v[at(i, "values")] ?? "");
  }
  return {
    name: v.name,
    description: v.description,
    attributes,
    tags: splitList(v.tags),
    nps_classes: npsClasses.filter((c) => v[npsField(c.value)] === "true").map((c) => c.value),
    min_level: v.min_level,
    share_message: v.share_message,
    portal_headline: v.portal_headline,
    landing_headline: v.landing_headline,
    landing_intro: v.landing_intro,
  };
}

// The server's field names onto the form's: an attribute's errors ("attributes.tier",
// "attributes.tier[1]") under the values of the row with that key; a tag's or a class's under
// their field or group.
function fieldOfFor(values: () => Values, rows: () => number) {
  return (field: string): string => {
    if (/^tags\[\d+\]$/.test(field)) return "tags";
    if (/^nps_classes\[\d+\]$/.test(field)) return "nps_classes";
    const attribute = /^attributes\.([^[]+)(\[\d+\])?$/.exec(field);
    if (attribute) {
      const v = values();
      for (let i = rows() - 1; i >= 0; i--) {
        if ((v[at(i, "key")] ?? "").trim() === attribute[1]) return at(i, "values");
      }
      return "attributes";
    }
    return field;
  };
}

// The sample advocate of the previews.
const ada = { first_name: "Ada", last_name: "Lovelace", company: "Analytical Engines", code: "K7M3QXP" };

// What Ada is shown for word `name`: the segment's own when written, else the program's.
function WordPreview({ id, name, value, program }: { id: string; name: WordName; value: string; program: Program }) {
  const own = value.trim() !== "";
  const text = own ? value : program.branding[name];
  let shown: string;
  if (name === "share_message") {
    shown = renderShareMessage(text, {
      "advocate.first_name": ada.first_name,
      "advocate.last_name": ada.last_name,
      "advocate.company": ada.company,
      "advocate.code": ada.code,
      "advocate.link": `${window.location.origin}/r/${ada.code}`,
      "program.name": program.name,
    });
  } else {
    shown = renderWords(text, program.name, ada.first_name);
  }
  const who =
    name === "share_message"
      ? "Ada starts from"
      : name === "portal_headline"
        ? "Ada's portal shows"
        : "A visitor Ada referred reads";
  return (
    <div class="word-preview" id={id}>
      <p class="hint">
        {who}
        {own ? ":" : " (the program's words):"}
      </p>
      <p class={shown ? "preview" : "preview muted"} data-testid={id}>
        {shown || "(nothing: the program has no portal headline)"}
      </p>
    </div>
  );
}

function AttributeRow({ form, prefix, i, count, onRemove }: { form: FormState; prefix: string; i: number; count: number; onRemove: () => void }) {
  const id = (field: string) => `${prefix}-attribute-${i}-${field}`;
  return (
    <li>
      <fieldset class="choices">
        <legend>Attribute {i + 1}</legend>
        <div class="row">
          <Field form={form} name={at(i, "key")} id={id("key")} label="Key" hint="As on the advocates, e.g. tier, industry, region." />
          <Field form={form} name={at(i, "values")} id={id("values")} label="Is one of"
            hint="Comma-separated values, compared as text; any one matches." />
        </div>
        <button type="button" class="link-button" disabled={count <= 1 && !form.values[at(i, "key")] && !form.values[at(i, "values")]}
          onClick={onRemove}>
          Remove <span class="visually-hidden">attribute {i + 1}</span>
        </button>
      </fieldset>
    </li>
  );
}

interface Props {
  program: Program;
  levels: string[]; // the program's level names, lowest first
  active: Segment[]; // the program's active segments, in order (where a new one may go)
  segment?: Segment; // absent: a new segment
  onSaved: (saved: Segment) => void;
  onClose?: () => void;
}

export function SegmentForm({ program, levels, active, segment, onSaved, onClose }: Props) {
  const prefix = segment ? "segment-edit" : "segment-add";
  const title = `${prefix}-title`;
  const [rows, setRows] = useState(rowsOf(segment));
  const current = useRef<{ values: Values; rows: number }>({ values: {}, rows: 1 });
  const form = useForm(
    segment ? valuesOf(segment) : empty,
    (v) => check(v, rows),
    fieldOfFor(() => current.current.values, () => current.current.rows),
  );
  current.current = { values: form.values, rows };
  const [unchanged, setUnchanged] = useState(false);
  const id = (name: string) => `${prefix}-${name}`;
  const v = form.values;
  const levelChoices = [
    { value: "", label: "Any level" },
    ...levels.map((l) => ({ value: l, label: `${l} or above` })),
    ...(v.min_level && !levels.includes(v.min_level) ? [{ value: v.min_level, label: `${v.min_level} (no longer a level)` }] : []),
  ];
  const places = [
    { value: "", label: `Last (${active.length + 1})` },
    ...active.map((s, i) => ({ value: String(i + 1), label: `${i + 1}, before ${s.name}` })),
  ];
  const groupError = (name: string) =>
    form.errors[name] ? (
      <p class="error" id={`${id(name)}-error`}>
        {form.errors[name]}
      </p>
    ) : null;
  return (
    <form
      class="form"
      noValidate
      aria-labelledby={title}
      onSubmit={async (e) => {
        e.preventDefault();
        setUnchanged(false);
        let saved: Segment | undefined;
        const ok = await form.submit(async (values) => {
          const body = bodyOf(values, rows);
          if (!segment) {
            const position = values.position ? { position: Number(values.position) } : {};
            saved = await post<Segment>(`/api/v1/programs/${program.id}/segments`, { ...body, ...position });
            return;
          }
          // A change: only the fields changed.
          const before = bodyOf(valuesOf(segment), rowsOf(segment));
          const changes = changedFields(before, body);
          if (Object.keys(changes).length === 0) return;
          saved = await patch<Segment>(`/api/v1/segments/${segment.id}`, changes);
        });
        if (ok && saved) {
          if (!segment) {
            form.reset(empty);
            setRows(1);
          }
          onSaved(saved);
        } else if (ok) {
          setUnchanged(true);
        }
      }}
    >
      {segment ? <h3 id={title}>Edit {segment.name}</h3> : <h2 id={title}>Add a segment</h2>}
      <Field form={form} name="name" id={id("name")} label="Name" required hint="For staff, up to 80 characters." />
      <Field form={form} name="description" id={id("description")} label="Description" multiline
        hint="Who it is for and why, for staff; up to 500 characters." />
      {segment ? null : (
        <Field form={form} name="position" id={id("position")} label="Place in the order" options={places}
          hint="The first segment that holds an advocate is theirs: put the narrow ones before the broad ones." />
      )}
      <fieldset class="choices" aria-describedby={`${id("filter")}-hint`}>
        <legend>Who it holds</legend>
        <p class="hint" id={`${id("filter")}-hint`}>
          Every part given must hold. Leave them all empty for a catch-all that holds everyone (put it last).
        </p>
        <fieldset class={form.errors.attributes ? "choices field-error" : "choices"}
          aria-describedby={form.errors.attributes ? `${id("attributes")}-error` : undefined}>
          <legend>Attributes</legend>
          {groupError("attributes")}
          <ol class="segment-attribute-rows">
            {Array.from({ length: rows }, (_, i) => (
              <AttributeRow key={i} form={form} prefix={prefix} i={i} count={rows}
                onRemove={() => {
                  if (rows <= 1) {
                    form.reset({ ...v, [at(0, "key")]: "", [at(0, "values")]: "" });
                    return;
                  }
                  form.reset(withoutRow(v, "attributes", attributeFields, rows, i));
                  setRows(rows - 1);
                }} />
            ))}
          </ol>
          <button type="button" disabled={rows >= maxAttributes}
            onClick={() => {
              form.set(at(rows, "key"), "");
              form.set(at(rows, "values"), "");
              setRows(rows + 1);
            }}>
            Add an attribute
          </button>
        </fieldset>
        <Field form={form} name="tags" id={id("tags")} label="Tags"
          hint="Comma-separated; the advocate carries every one of them. Empty: any tags." />
        <fieldset class={form.errors.nps_classes ? "choices field-error" : "choices"}
          aria-describedby={form.errors.nps_classes ? `${id("nps_classes")}-error` : `${id("nps_classes")}-hint`}>
          <legend>NPS class</legend>
          <p class="hint" id={`${id("nps_classes")}-hint`}>
            Of their latest answer to the NPS survey; any one ticked matches. None ticked: any answer, or none.
          </p>
          {groupError("nps_classes")}
          {npsClasses.map((c) => (
            <label class="choice" key={c.value} for={id(`nps-${c.value}`)}>
              <input id={id(`nps-${c.value}`)} type="checkbox" checked={v[npsField(c.value)] === "true"}
                onChange={(e) => form.set(npsField(c.value), e.currentTarget.checked ? "true" : "")} />
              {c.label}
            </label>
          ))}
        </fieldset>
        <Field form={form} name="min_level" id={id("min_level")} label="Level" options={levelChoices}
          hint={
            levels.length > 0
              ? "The lowest of the program's levels (by lifetime points) the advocate has reached."
              : "The program has no levels (its points settings): any level."
          } />
      </fieldset>
      <fieldset class="choices">
        <legend>Their own words</legend>
        <p class="hint">Empty: the program's words, shown in the preview. The previews show a sample advocate, Ada Lovelace.</p>
        {wordFields.map((w) => (
          <div class="segment-word" key={w.name}>
            <Field form={form} name={w.name} id={id(w.name)} label={w.label} multiline={w.multiline}
              hint={`${w.where} Placeholders: ${listPlaceholders(w.placeholders)}.`} />
            <WordPreview id={`${prefix}-preview-${w.name}`} name={w.name} value={v[w.name] ?? ""} program={program} />
          </div>
        ))}
      </fieldset>
      <FormMessage form={form} />
      {unchanged ? <p class="muted">Nothing to save: no field was changed.</p> : null}
      <div class="toolbar">
        <Submit form={form}>{segment ? "Save the changes" : "Add the segment"}</Submit>
        {onClose ? (
          <button type="button" onClick={onClose}>
            Close
          </button>
        ) : null}
      </div>
    </form>
  );
}
