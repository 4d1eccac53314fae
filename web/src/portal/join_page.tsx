// /join/{slug}: an advocate joins the program (name, email, company) and lands in the portal.
import { useRoute, useLocation } from "preact-iso";
import { get, post } from "../api";
import type { PublicProgram } from "../models";
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Loading, Notice, PublicShell } from "../ui/layout";
import { useLoad } from "../ui/data";
import { rememberProgram } from "./last_program";

export function JoinPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const program = useLoad(() => get<PublicProgram>(`/api/v1/public/programs/${encodeURIComponent(params.slug)}`), [
    params.slug,
  ]);
  const form = useForm({ first_name: "", last_name: "", email: "", company: "" }, (values) =>
    checkEmail(values, "email", requireFields(values, { first_name: "your first name", email: "your work email" })),
  );
  if (program.error) {
    return (
      <PublicShell title="Join">
        <Notice kind="error">{program.error.message}</Notice>
      </PublicShell>
    );
  }
  if (!program.data) return <Loading />;
  const closed = program.data.status !== "active";
  return (
    <PublicShell title={`Join ${program.data.name}`} program={program.data}>
      <h1>Join {program.data.name}</h1>
      <p class="lead">Get your personal referral link in a few seconds, share it, and follow every referral and reward.</p>
      {closed ? <Notice kind="info">This program is not taking sign-ups right now.</Notice> : null}
      <form
        class="card form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await form.submit((v) => post(`/api/v1/public/programs/${encodeURIComponent(params.slug)}/join`, v));
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
        Already a member? <a href={`/portal/sign-in?program=${encodeURIComponent(params.slug)}`}>Sign in</a>.
      </p>
    </PublicShell>
  );
}
