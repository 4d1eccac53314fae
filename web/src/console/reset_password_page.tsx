// /console/reset-password#token=...: a staff member chooses a new password with the one-time link
// an admin issued. The token is read from the fragment only (never sent to a server in the address,
// so no log sees it), and posted with the new password; no session is needed.
import { useState } from "preact/hooks";
import { ApiError, post } from "../api";
import { checkNewPassword, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Notice, PublicShell } from "../ui/layout";

function tokenOf(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";
}

function SignInLink() {
  return (
    <a class="button" href="/console/sign-in">
      Sign in to the console
    </a>
  );
}

function ResetForm({ token }: { token: string }) {
  const form = useForm({ password: "", repeat: "" }, (v) => {
    const errors = checkNewPassword(v, "password", requireFields(v, { password: "a new password" }));
    if (!errors.password && v.repeat !== v.password) errors.repeat = "does not match the new password";
    return errors;
  });
  const [outcome, setOutcome] = useState<"done" | "spent" | null>(null);
  if (outcome === "done") {
    return (
      <>
        <Notice kind="success">
          Your new password is set. Sign in with your email and the new password; any sessions you had were ended.
        </Notice>
        <p>
          <SignInLink />
        </p>
      </>
    );
  }
  if (outcome === "spent") {
    return (
      <Notice kind="error">
        This link is not valid any more: it was used already, it expired (links last one hour), or a newer link replaced
        it. Ask an admin for a new one.
      </Notice>
    );
  }
  return (
    <form
      class="form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        let spent = false;
        const ok = await form.submit(async (v) => {
          try {
            await post("/api/v1/auth/password-reset", { token, password: v.password });
          } catch (failure) {
            if (!(failure instanceof ApiError) || failure.status !== 401) throw failure;
            spent = true;
          }
        });
        if (ok) setOutcome(spent ? "spent" : "done");
      }}
    >
      <Field form={form} name="password" label="New password" type="password" required autoComplete="new-password"
        hint="At least 12 characters." />
      <Field form={form} name="repeat" label="New password again" type="password" required autoComplete="new-password" />
      <FormMessage form={form} />
      <Submit form={form}>Set the new password</Submit>
    </form>
  );
}

export function ResetPasswordPage() {
  // Read once: the fragment is the only place the token may come from.
  const [token] = useState(() => tokenOf(window.location.hash));
  return (
    <PublicShell title="Choose a new password">
      <h1>Choose a new password</h1>
      <div class="card">
        {token ? (
          <ResetForm token={token} />
        ) : (
          <Notice kind="error">
            This page needs the whole password reset link an admin gave you, including the part after “#”. Open the link
            again, or ask an admin for a new one.
          </Notice>
        )}
      </div>
      <p class="hint">
        Remember your password? <a href="/console/sign-in">Sign in</a>.
      </p>
    </PublicShell>
  );
}
