// The editor of a referral's buying committee (admins, managers, and sales reps on their own
// advocates' referrals): the members as read — the referee always among them — with others added
// or removed (25 at most). Saving records the whole committee as the next version (PUT
// /api/v1/referrals/{id}/committee) from the version read; the server's 422 lands under the field
// it names, and its 409 naming `version` (someone recorded another version since) is said with a
// way to reload. What the form does not edit — a member's other attributes, their response mode —
// is sent back as it was read, so that saving never drops it.
import { useState } from "preact/hooks";
import { ApiError, put } from "../api";
import type { BuyingCommittee, CommitteeMember, ResponseMode } from "../models";
import { checkEmail, FormMessage, requireFields, Submit, useForm, withoutRow, type Values } from "../ui/form";
import { at, editedAttributes, MemberFields, memberFields, rolesOf } from "./committee_member_fields";

const maxMembers = 25;

// What a row keeps that the form does not show.
interface Kept {
  referee: boolean;
  response_mode: ResponseMode | null;
  attributes: Record<string, string | number | boolean>; // without the edited ones
  disc: string; // the DISC factors as read ("D/i"): a change by hand is no longer the predictor's
}

const discOf = (primary: unknown, secondary: unknown) => `${primary ?? ""}/${secondary ?? ""}`;

function keptOf(m: CommitteeMember): Kept {
  const attributes = { ...m.attributes };
  for (const key of editedAttributes) delete attributes[key];
  const disc = discOf(m.attributes.disc_primary, m.attributes.disc_secondary);
  return { referee: m.referee, response_mode: m.response_mode, attributes, disc };
}

function valuesOf(c: BuyingCommittee): Values {
  const values: Values = { primary: String(Math.max(0, c.members.findIndex((m) => m.primary))) };
  c.members.forEach((m, i) => {
    values[at(i, "email")] = m.email;
    values[at(i, "first_name")] = m.first_name;
    values[at(i, "last_name")] = m.last_name;
    values[at(i, "title")] = m.title;
    values[at(i, "roles")] = m.roles.join(" ");
    for (const key of editedAttributes) {
      const value = m.attributes[key];
      values[at(i, `attributes.${key}`)] = typeof value === "string" ? value : "";
    }
  });
  return values;
}

function check(v: Values, count: number): Record<string, string> {
  const errors: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    Object.assign(errors, requireFields(v, { [at(i, "email")]: "their email address", [at(i, "first_name")]: "their first name" }));
    checkEmail(v, at(i, "email"), errors);
  }
  return errors;
}

function bodyOf(v: Values, kept: Kept[], version: number) {
  return {
    version,
    members: kept.map((k, i) => {
      const attributes = { ...k.attributes };
      for (const key of editedAttributes) {
        const value = v[at(i, `attributes.${key}`)];
        if (value) attributes[key] = value;
      }
      if (discOf(attributes.disc_primary, attributes.disc_secondary) !== k.disc) {
        // Set by hand now: the source says so, and the predictor's confidence and date no longer apply.
        delete attributes.disc_confidence;
        delete attributes.disc_assessed_at;
        if (attributes.disc_primary) attributes.disc_source = "manual";
        else delete attributes.disc_source;
      }
      return {
        email: (v[at(i, "email")] ?? "").trim(),
        first_name: (v[at(i, "first_name")] ?? "").trim(),
        last_name: (v[at(i, "last_name")] ?? "").trim(),
        title: (v[at(i, "title")] ?? "").trim(),
        roles: rolesOf(v, i),
        primary: v.primary === String(i),
        ...(k.response_mode ? { response_mode: k.response_mode } : {}),
        attributes,
      };
    }),
  };
}

// The server names a bad role by its place ("members[0].roles[2]"); the form has one set of boxes.
const fieldOf = (field: string) => field.replace(/^(members\[\d+\]\.roles)\[\d+\]$/, "$1");

interface Props {
  referralId: string;
  committee: BuyingCommittee; // the version read: the change is made from it
  // The answer: `recorded` false when the members were those of the version read (200).
  onSaved: (answer: BuyingCommittee, recorded: boolean) => void;
  onReload: () => void;
}

export function CommitteeForm({ referralId, committee, onSaved, onReload }: Props) {
  const [kept, setKept] = useState(() => committee.members.map(keptOf));
  const form = useForm(valuesOf(committee), (v) => check(v, kept.length), fieldOf);
  const [conflict, setConflict] = useState(""); // the server's word on the latest version
  const v = form.values;
  const remove = (i: number) => {
    const primary = Number(v.primary);
    const rest = kept.filter((_, j) => j !== i);
    const next = withoutRow(v, "members", memberFields, kept.length, i);
    // The primary contact removed: the referee (never removed) is the primary contact again.
    next.primary = String(primary === i ? rest.findIndex((k) => k.referee) : primary > i ? primary - 1 : primary);
    form.reset(next);
    setKept(rest);
  };
  const add = () => {
    for (const field of memberFields) form.set(at(kept.length, field), "");
    setKept([...kept, { referee: false, response_mode: null, attributes: {}, disc: "/" }]);
  };
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="committee-form-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setConflict("");
        let answer: BuyingCommittee | undefined;
        const ok = await form.submit(async (values) => {
          try {
            answer = await put<BuyingCommittee>(`/api/v1/referrals/${referralId}/committee`, bodyOf(values, kept, committee.version));
          } catch (failure) {
            if (failure instanceof ApiError && failure.status === 409 && failure.fieldMessage("version")) {
              setConflict(failure.fieldMessage("version")!);
            }
            throw failure;
          }
        });
        // 201 answers the next version, 200 the version read (the PUT names it, so it is the latest).
        if (ok && answer) onSaved(answer, answer.version !== committee.version);
      }}
    >
      <h3 id="committee-form-title">Change the committee</h3>
      <p class="hint">
        Everyone who takes part in the purchase, with the roles they hold on this deal. One of them is the primary contact.
      </p>
      <ol class="committee-member-rows">
        {kept.map((k, i) => (
          <MemberFields key={i} form={form} i={i} referee={k.referee} onRemove={() => remove(i)} />
        ))}
      </ol>
      <button type="button" disabled={kept.length >= maxMembers} onClick={add}>
        Add a member
      </button>
      {conflict ? (
        <div class="notice notice-error" role="alert">
          <p>Someone changed the committee since you opened it ({conflict}). Reload it to see their change, then make yours again.</p>
          <button type="button" onClick={onReload}>
            Reload the committee
          </button>
        </div>
      ) : (
        <FormMessage form={form} />
      )}
      {form.errors.members ? <p class="notice notice-error">The committee {form.errors.members}.</p> : null}
      <div class="toolbar">
        <Submit form={form}>Record the committee</Submit>
      </div>
    </form>
  );
}
