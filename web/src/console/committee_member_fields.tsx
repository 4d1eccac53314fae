// One member's fields in the buying committee's form: email (not the referee's: theirs is the one
// they were referred with), names and title, the roles they hold on this deal (checkboxes), whether they are the
// primary contact (one radio group across the members: a second primary cannot be chosen), their
// DISC primary and secondary factor and their seniority. The fields are named as the server names
// them ("members[1].attributes.disc_secondary"); the chosen roles are kept as one space-separated
// value, named "members[i].roles" (the server's "members[i].roles[j]" lands there).
import { Field, type FormState, type Values } from "../ui/form";
import { buyingRoles, discFactors, seniorities } from "./committee_words";

export const at = (i: number, field: string) => `members[${i}].${field}`;
// The reserved attributes the form edits; a member's others are sent back as they were read.
export const editedAttributes = ["disc_primary", "disc_secondary", "seniority"];
export const memberFields = ["email", "first_name", "last_name", "title", "roles", ...editedAttributes.map((k) => `attributes.${k}`)];

export const rolesOf = (v: Values, i: number) => (v[at(i, "roles")] ?? "").split(" ").filter(Boolean);

const notKnown = { value: "", label: "Not known" };

function RoleChoice({ form, i, id }: { form: FormState; i: number; id: string }) {
  const name = at(i, "roles");
  const error = form.errors[name];
  const picked = rolesOf(form.values, i);
  const toggle = (role: string, on: boolean) =>
    form.set(name, (on ? [...picked, role] : picked.filter((r) => r !== role)).join(" "));
  return (
    <fieldset class={error ? "choices field-error" : "choices"} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>Roles on this deal</legend>
      <div class="committee-roles">
        {buyingRoles.map((r) => (
          <label key={r.value} class="choice">
            <input type="checkbox" checked={picked.includes(r.value)} onChange={(e) => toggle(r.value, e.currentTarget.checked)} />
            {r.name}
          </label>
        ))}
      </div>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

interface Props {
  form: FormState;
  i: number;
  referee: boolean;
  onRemove: () => void;
}

export function MemberFields({ form, i, referee, onRemove }: Props) {
  const id = (field: string) => `committee-member-${i}-${field}`;
  const v = form.values;
  return (
    <li>
      <fieldset class="choices committee-member">
        <legend>
          Member {i + 1}
          {referee ? " (the referee)" : ""}
        </legend>
        {referee ? (
          <p class="hint">The person referred: always a member of the committee, with the email they were referred with.</p>
        ) : (
          <Field form={form} name={at(i, "email")} id={id("email")} label="Email" type="email" required autoComplete="off" />
        )}
        <div class="row">
          <Field form={form} name={at(i, "first_name")} id={id("first_name")} label="First name" required autoComplete="off" />
          <Field form={form} name={at(i, "last_name")} id={id("last_name")} label="Last name" autoComplete="off" />
        </div>
        <Field form={form} name={at(i, "title")} id={id("title")} label="Title" autoComplete="off" />
        <RoleChoice form={form} i={i} id={id("roles")} />
        <label class="choice" for={id("primary")}>
          <input id={id("primary")} type="radio" name="committee-primary" checked={v.primary === String(i)}
            onChange={() => form.set("primary", String(i))} />
          Primary contact
        </label>
        <div class="row">
          <Field form={form} name={at(i, "attributes.disc_primary")} id={id("disc_primary")} label="DISC primary factor"
            options={[notKnown, ...discFactors]} />
          <Field form={form} name={at(i, "attributes.disc_secondary")} id={id("disc_secondary")} label="DISC secondary factor"
            options={[notKnown, ...discFactors]} hint="Needs a primary factor, and differs from it." />
        </div>
        <Field form={form} name={at(i, "attributes.seniority")} id={id("seniority")} label="Seniority"
          options={[notKnown, ...seniorities]} />
        {referee ? null : (
          <button type="button" class="link-button" onClick={onRemove}>
            Remove <span class="visually-hidden">member {i + 1}</span>
          </button>
        )}
      </fieldset>
    </li>
  );
}
