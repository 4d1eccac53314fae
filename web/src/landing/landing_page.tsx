// /landing/{slug}: the program's own landing page for referred visitors, for programs without a
// site of their own (set the program's landing_url to it). The form credits the advocate whose
// link brought the visitor: the bb_ref query parameter, else the cookies the link set. Its headline
// and introduction are the referrer's segment's words, else the program's (the server fills them in
// for the code given, else the link's cookie).
import { useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { get, post, query as queryString } from "../api";
import type { PublicProgram } from "../models";
import { useLoad } from "../ui/data";
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Loading, Notice, PublicShell } from "../ui/layout";

export function LandingPage() {
  const { params } = useRoute();
  const { query } = useLocation();
  const slug = encodeURIComponent(params.slug);
  const code = (query.bb_ref ?? "").trim();
  const program = useLoad(() => get<PublicProgram>(`/api/v1/public/programs/${slug}${queryString({ code })}`), [slug, code]);
  const [received, setReceived] = useState(false);
  const form = useForm(
    { first_name: "", last_name: "", email: "", company: "", title: "", phone: "", note: "", code: query.bb_ref ?? "" },
    (v) => checkEmail(v, "email", requireFields(v, { email: "your work email", first_name: "your first name" })),
    (field) => field.replace(/^referee\./, ""),
  );
  if (program.error) {
    return (
      <PublicShell title="Welcome">
        <Notice kind="error">{program.error.message}</Notice>
      </PublicShell>
    );
  }
  if (!program.data) return <Loading />;
  return (
    <PublicShell title={program.data.name} program={program.data}>
      <h1>{program.data.landing?.headline || program.data.name}</h1>
      {received ? (
        <Notice kind="success">Thank you. We received your details and will be in touch soon.</Notice>
      ) : (
        <>
          {program.data.landing?.intro ? <p class="lead landing-intro">{program.data.landing.intro}</p> : null}
          <form
            class="card form"
            noValidate
            onSubmit={async (e) => {
              e.preventDefault();
              const v = form.values;
              const ok = await form.submit(() =>
                post(`/api/v1/public/programs/${slug}/referrals`, {
                  referee: {
                    email: v.email,
                    first_name: v.first_name,
                    last_name: v.last_name,
                    company: v.company,
                    title: v.title,
                    ...(v.phone ? { phone: v.phone } : {}),
                  },
                  note: v.note,
                  ...(v.code.trim() ? { code: v.code.trim() } : {}),
                }),
              );
              if (ok) setReceived(true);
            }}
          >
            <div class="row">
              <Field form={form} name="first_name" label="First name" required autoComplete="given-name" />
              <Field form={form} name="last_name" label="Last name" autoComplete="family-name" />
            </div>
            <div class="row">
              <Field form={form} name="email" label="Work email" type="email" required autoComplete="email" inputMode="email" />
              <Field form={form} name="phone" label="Phone" type="tel" autoComplete="tel" inputMode="tel" />
            </div>
            <div class="row">
              <Field form={form} name="company" label="Company" autoComplete="organization" />
              <Field form={form} name="title" label="Job title" autoComplete="organization-title" />
            </div>
            <Field form={form} name="note" label="What would you like to talk about?" multiline />
            <Field form={form} name="code" label="Referral code" hint="Filled in for you when you came through a link." />
            <FormMessage form={form} />
            <Submit form={form}>Send</Submit>
          </form>
        </>
      )}
    </PublicShell>
  );
}
