// Adds a staff member (POST /api/v1/users): email, name, role and a first password, which the
// admin hands over in person — or replaces at once with a password reset link the user follows.
import { useState } from "preact/hooks";
import { post } from "../api";
import type { User } from "../models";
import { checkEmail, checkNewPassword, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { roleName, roles, rolesHint } from "./roles";

const empty = { email: "", name: "", role: "viewer", password: "" };

export function UserInviteForm({ onInvited }: { onInvited: (user: User) => void }) {
  const form = useForm(empty, (v) =>
    checkNewPassword(v, "password", checkEmail(v, "email", requireFields(v, { email: "their email", password: "a first password" }))),
  );
  const [added, setAdded] = useState("");
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="invite-title"
      onSubmit={async (e) => {
        e.preventDefault();
        let user: User | undefined;
        const ok = await form.submit(async (v) => {
          user = await post<User>("/api/v1/users", {
            email: v.email.trim(),
            role: v.role,
            password: v.password,
            ...(v.name.trim() ? { name: v.name.trim() } : {}),
          });
        });
        if (ok && user) {
          setAdded(
            `Added ${user.name || user.email} as ${roleName(user.role).toLowerCase()}. Tell them the password privately, ` +
              "or issue them a password reset link (below, opened for them) so they choose their own.",
          );
          form.reset(empty);
          onInvited(user);
        }
      }}
    >
      <div class="row">
        <Field form={form} name="email" label="Email" type="email" required autoComplete="off" inputMode="email" />
        <Field form={form} name="name" label="Name" autoComplete="off" />
      </div>
      <div class="row">
        <Field form={form} name="role" label="Role" options={roles} hint={rolesHint} />
        <Field form={form} name="password" label="First password" type="password" required
          autoComplete="new-password" hint="12 to 256 characters." />
      </div>
      <FormMessage form={form} />
      <div role="status" aria-live="polite">
        {added ? <p class="notice notice-success">{added}</p> : null}
      </div>
      <Submit form={form}>Add the user</Submit>
    </form>
  );
}
