// /join/{slug}: an advocate joins the program (name, email, company) and lands in the portal.
// /join/{slug}?invite=TOKEN is a personal join link from an invitation email: the invitation is
// opened (the campaign counts it), its details fill the form in, and the join carries the token so
// that the campaign counts the person as joined. A link that is not valid only says so, gently,
// above the ordinary form; someone who joined already is offered the portal's sign-in.
import { useEffect } from "preact/hooks";
import { useRoute, useLocation } from "preact-iso";
import { ApiError, get, post } from "../api";
import type { InvitationOpened, PublicProgram } from "../models";
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Loading, Notice, PublicShell } from "../ui/layout";
import { useLoad } from "../ui/data";
import { rememberProgram } from "./last_program";

// The invitation behind ?invite=: its details; "invalid" when the server knows no such link;
// "unreadable" when it could not be asked (the link may still be good: the join carries it).
function useInvitation(token: string | undefined) {
  return useLoad<InvitationOpened | "invalid" | "unreadable" | undefined>(
    () =>
      token
        ? post<InvitationOpened>(`/api/v1/public/invitations/${encodeURIComponent(token)}/open`).catch((failure) =>
            failure instanceof ApiError && failure.status === 404 ? ("invalid" as const) : ("unreadable" as const),
          )
        : Promise.resolve(undefined),
    [token],
  );
}

export function JoinPage() {
  const { params } = useRoute();
  const { route, query } = useLocation();
  const token = query.invite || undefined;
  const program = useLoad(() => get<PublicProgram>(`/api/v1/public/programs/${encodeURIComponent(params.slug)}`), [
    params.slug,
  ]);
  const opened = useInvitation(token);
  const form = useForm({ first_name: "", last_name: "", email: "", company: "" }, (values) =>
    checkEmail(values, "email", requireFields(values, { first_name: "your first name", email: "your work email" })),
  );
  const found = typeof opened.data === "object" ? opened.data : undefined;
  const invitation = found && found.program === params.slug ? found : undefined;
  useEffect(() => {
    if (!invitation) return;
    form.reset({
      first_name: invitation.first_name,
      last_name: invitation.last_name,
      email: invitation.email,
      company: invitation.company,
    });
  }, [invitation?.email, invitation?.program]);
  if (program.error) {
    return (
      <PublicShell title="Join">
        <Notice kind="error">{program.error.message}</Notice>
      </PublicShell>
    );
  }
  if (!program.data || (token && opened.data === undefined)) return <Loading />;
  const closed = program.data.status !== "active";
  const signIn = `/portal/sign-in?program=${encodeURIComponent(params.slug)}`;
  const elsewhere = found && found.program !== params.slug ? found : undefined;
  // The token goes with the join unless it is known to be no invitation (or another program's).
  const carried = token && (invitation || opened.data === "unreadable") ? token : undefined;
  if (invitation?.joined) {
    return (
      <PublicShell title={`Join ${program.data.name}`} program={program.data}>
        <h1>You are a member of {program.data.name}</h1>
        <p class="lead">
          {invitation.first_name ? `${invitation.first_name}, you` : "You"} joined with this invitation already: your
          referral link, referrals and rewards are in your portal.
        </p>
        <p>
          <a class="button primary" href={signIn}>
            Sign in to your portal
          </a>
        </p>
      </PublicShell>
    );
  }
  return (
    <PublicShell title={`Join ${program.data.name}`} program={program.data}>
      <h1>Join {program.data.name}</h1>
      {invitation ? (
        <p class="lead">
          {invitation.first_name ? `${invitation.first_name}, you` : "You"} are invited: your details are filled in below.
          Check them and join to get your personal referral link.
        </p>
      ) : (
        <p class="lead">Get your personal referral link in a few seconds, share it, and follow every referral and reward.</p>
      )}
      {opened.data === "invalid" ? (
        <Notice kind="info">
          This invitation link is not one we recognise: it may have been cut short when it was copied. You can still join
          below with your details.
        </Notice>
      ) : null}
      {opened.data === "unreadable" ? (
        <Notice kind="info">We could not read your invitation just now; you can still join below with your details.</Notice>
      ) : null}
      {elsewhere ? (
        <Notice kind="info">
          Your invitation is to {elsewhere.program_name}:{" "}
          <a href={`/join/${encodeURIComponent(elsewhere.program)}?invite=${encodeURIComponent(token ?? "")}`}>join {elsewhere.program_name}</a>.
        </Notice>
      ) : null}
      {closed ? <Notice kind="info">This program is not taking sign-ups right now.</Notice> : null}
      <form
        class="card form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await form.submit((v) =>
            post(`/api/v1/public/programs/${encodeURIComponent(params.slug)}/join`, carried ? { ...v, invitation: carried } : v),
          );
          if (ok) {
            rememberProgram(params.slug);
            route("/portal");
          }
        }}
      >
        <div class="row">
          <Field form={form} name="first_name" label="First name" required autoComplete="given-name" />
          <Field form={form} name="last_name" label="Last name" autoComplete="family-name" />
        </div>
        <Field form={form} name="email" label="Work email" type="email" required autoComplete="email" inputMode="email" />
        <Field form={form} name="company" label="Company" autoComplete="organization" />
        <FormMessage form={form} />
        <Submit form={form}>Join the program</Submit>
      </form>
      <p class="hint">
        Already a member? <a href={signIn}>Sign in</a>.
      </p>
    </PublicShell>
  );
}
