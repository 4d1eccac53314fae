// What an admin changes about one staff member: the role, disabled or not (asked first), and a
// password reset link. Changing the role or disabling ends all the user's sessions at once; the
// server refuses (409) to leave no active admin, and says so here.
import { useState } from "preact/hooks";
import { ApiError, patch } from "../api";
import type { User } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { Field, FormMessage, Submit, useForm } from "../ui/form";
import { Notice } from "../ui/layout";
import { PasswordResetIssuer } from "./password_reset_issuer";
import { roleName, roles, rolesHint } from "./roles";

interface AccessProps {
  user: User;
  self: boolean; // the signed-in admin's own record: a change to it ends this session too
  onChanged: () => void;
}

// After a change to one's own role or access the session has ended: sign in again.
function signInAgain() {
  window.location.href = "/console/sign-in";
}

function RoleForm({ user, self, onChanged }: AccessProps) {
  const form = useForm({ role: user.role }, (v): Record<string, string> =>
    v.role === user.role ? { role: `is already ${roleName(user.role).toLowerCase()}: choose another role` } : {},
  );
  const [done, setDone] = useState("");
  const who = user.name || user.email;
  return (
    <form
      class="form"
      noValidate
      aria-labelledby={`role-title-${user.id}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setDone("");
        let changed: User | undefined;
        const ok = await form.submit(async (v) => {
          changed = await patch<User>(`/api/v1/users/${user.id}`, { role: v.role });
        });
        if (!ok || !changed) return;
        if (self) return signInAgain();
        setDone(`${who} is now ${roleName(changed.role).toLowerCase()}. Their sessions have ended: they sign in again to work with the new role.`);
        onChanged();
      }}
    >
      <h3 id={`role-title-${user.id}`}>Role</h3>
      <div class="inline-form">
        <Field form={form} name="role" id={`role-${user.id}`} label={`Role of ${who}`} options={roles} />
        <Submit form={form}>Change the role</Submit>
      </div>
      <p class="hint">
        {rolesHint} Changing the role ends {self ? "your" : "their"} sessions at once{self ? ": you sign in again" : ""}.
      </p>
      <FormMessage form={form} />
      <div role="status" aria-live="polite">
        {done ? <p class="notice notice-success">{done}</p> : null}
      </div>
    </form>
  );
}

function AccessSwitch({ user, self, onChanged }: AccessProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const who = user.name || user.email;
  const change = async (disabled: boolean) => {
    setAsking(false);
    setBusy(true);
    setOutcome(null);
    try {
      await patch<User>(`/api/v1/users/${user.id}`, { disabled });
      if (self) return signInAgain();
      setOutcome({
        kind: "success",
        text: disabled
          ? `${who} is disabled: their sessions have ended and they cannot sign in until enabled again.`
          : `${who} is enabled: they can sign in again.`,
      });
      onChanged();
    } catch (failure) {
      setOutcome({ kind: "error", text: failure instanceof ApiError ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div aria-labelledby={`access-title-${user.id}`} role="group">
      <h3 id={`access-title-${user.id}`}>Access</h3>
      <p>
        {user.disabled
          ? `${who} is disabled and cannot sign in.`
          : `${who} can sign in. Disabling ends ${self ? "your" : "their"} sessions at once, and keeps ${self ? "you" : "them"} out until enabled again.`}
      </p>
      {user.disabled ? (
        <button type="button" disabled={busy} onClick={() => change(false)}>
          Enable {who}
        </button>
      ) : (
        <button type="button" class="danger" disabled={busy} onClick={() => setAsking(true)}>
          Disable {who}…
        </button>
      )}
      {outcome ? <Notice kind={outcome.kind}>{outcome.text}</Notice> : null}
      <ConfirmDialog
        id={`disable-${user.id}`}
        title={`Disable ${who}?`}
        confirm={`Yes, disable ${who}`}
        open={asking}
        onConfirm={() => change(true)}
        onCancel={() => setAsking(false)}
      >
        <p>
          {self
            ? "You will be signed out at once and cannot sign in again until another admin enables you."
            : `${who} is signed out everywhere at once and cannot sign in until an admin enables them again.`}
        </p>
      </ConfirmDialog>
    </div>
  );
}

export function UserAccess(props: AccessProps) {
  return (
    <div class="user-access">
      <RoleForm {...props} />
      <AccessSwitch {...props} />
      <PasswordResetIssuer user={props.user} />
    </div>
  );
}
