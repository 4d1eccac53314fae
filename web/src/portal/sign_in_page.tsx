// /portal/sign-in: with ?token=, exchanges a one-time sign-in link (or invitation) for a portal
// session; otherwise signs in with the program (?program=slug, or the one used last), email and
// password, or emails the advocate a one-time sign-in link.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, get, post } from "../api";
import type { PublicProgram } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice, PublicShell } from "../ui/layout";
import { SignInForm } from "../ui/sign_in_form";
import { lastProgram, rememberProgram } from "./last_program";
import { SignInLinkForm } from "./sign_in_link_form";

function LinkSignIn({ token }: { token: string }) {
  const { route } = useLocation();
  const [error, setError] = useState("");
  useEffect(() => {
    post("/api/v1/portal/sign-in", { token }).then(
      () => route("/portal", true),
      (failure) => setError(failure instanceof ApiError ? failure.message : String(failure)),
    );
  }, [token]);
  return (
    <PublicShell title="Sign in">
      <h1>Signing you in</h1>
      {error ? (
        <Notice kind="error">{error} If you set a password, sign in with it from your program's join page.</Notice>
      ) : (
        <Loading />
      )}
    </PublicShell>
  );
}

function PasswordSignIn({ slug }: { slug: string }) {
  const program = useLoad(() => get<PublicProgram>(`/api/v1/public/programs/${encodeURIComponent(slug)}`), [slug]);
  if (program.error) {
    return (
      <PublicShell title="Sign in">
        <Notice kind="error">{program.error.message}</Notice>
      </PublicShell>
    );
  }
  if (!program.data) return <Loading />;
  return (
    <PublicShell title={`Sign in to ${program.data.name}`} program={program.data}>
      <h1>Sign in to your referral portal</h1>
      <div class="card">
        <SignInForm
          signIn={(v) => post("/api/v1/portal/sign-in", { program: slug, email: v.email, password: v.password })}
          onSignedIn={() => {
            rememberProgram(slug);
            window.location.href = "/portal";
          }}
        />
      </div>
      <section class="card" aria-labelledby="link-title">
        <h2 id="link-title">No password yet, or forgotten it?</h2>
        <p class="hint">
          Have a one-time sign-in link emailed to you; once in, you can choose a new password.
        </p>
        <SignInLinkForm program={slug} />
      </section>
      <p class="hint">
        Not a member? <a href={`/join/${encodeURIComponent(slug)}`}>Join the program</a>.
      </p>
    </PublicShell>
  );
}

export function PortalSignInPage() {
  const { query } = useLocation();
  if (query.token) return <LinkSignIn token={query.token} />;
  const slug = query.program || lastProgram();
  if (slug) return <PasswordSignIn slug={slug} />;
  return (
    <PublicShell title="Sign in">
      <h1>Sign in to your referral portal</h1>
      <Notice kind="info">
        Open the sign-in link your program sent you, or the “Sign in” link on your program's join page.
      </Notice>
    </PublicShell>
  );
}
