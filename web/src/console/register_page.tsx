// /console/advocates/new: in the middle of a call, a sales rep (or anyone who enrolls advocates)
// registers the customer as an advocate and enters the lead they mention, from one screen; with
// no lead, it just enrolls the advocate. The advocate is enrolled first, then the referral
// submitted on their behalf; when the lead is refused, the enrolled advocate is kept and sending
// again only submits the lead. Made to be opened from a CRM's button too: every field can come
// filled in from the address (?program_id=&advocate_email=&advocate_first_name=&lead_email=&...,
// the names of the fields below), nothing is sent until the person presses the button.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, post } from "../api";
import type { Advocate, Page, Program, Referral } from "../models";
import { useLoad } from "../ui/data";
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";

// Whether any of the lead's fields is filled in.
function hasLead(v: Record<string, string>): boolean {
  return ["lead_email", "lead_first_name", "lead_last_name", "lead_company", "lead_phone", "product", "note"].some(
    (name) => (v[name] ?? "").trim() !== "",
  );
}

const empty = {
  program_id: "",
  advocate_email: "",
  advocate_first_name: "",
  advocate_last_name: "",
  advocate_company: "",
  lead_email: "",
  lead_first_name: "",
  lead_last_name: "",
  lead_company: "",
  lead_phone: "",
  product: "",
  note: "",
};

// Server field names, per request, onto this form's fields.
function advocateField(field: string) {
  return ["email", "first_name", "last_name", "company"].includes(field) ? `advocate_${field}` : field;
}
function leadField(field: string) {
  const referee = field.match(/^referee\.(.*)$/);
  return referee ? `lead_${referee[1]}` : field;
}

export function RegisterPage() {
  const { query } = useLocation();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?status=active&limit=200"), []);
  const [advocate, setAdvocate] = useState<Advocate | null>(null);
  const [done, setDone] = useState<{ advocate: Advocate; referral: Referral | null } | null>(null);
  const form = useForm(
    Object.fromEntries(Object.keys(empty).map((name) => [name, query[name] ?? ""])) as typeof empty,
    (v) =>
      checkEmail(
        v,
        "lead_email",
        checkEmail(
          v,
          "advocate_email",
          requireFields(v, {
            program_id: "the program",
            advocate_email: "the advocate's email",
            ...(hasLead(v) ? { lead_email: "the lead's email" } : {}),
          }),
        ),
      ),
    (field) => (field.startsWith("referee.") ? leadField(field) : advocateField(field)),
  );
  const programList = programs.data?.data ?? [];
  useEffect(() => {
    if (!form.values.program_id && programList.length > 0) form.set("program_id", programList[0].id);
  }, [programList.length]);
  const v = form.values;
  return (
    <ConsoleShell title="Register an advocate and a lead">
      {done ? (
        <Notice kind="success">
          <a href={`/console/advocates/${done.advocate.id}`}>{done.advocate.first_name || done.advocate.email}</a> is an
          advocate (code {done.advocate.code})
          {done.referral ? (
            <>
              {" "}
              and their lead <a href={`/console/referrals/${done.referral.id}`}>{done.referral.referee.email}</a> is
              entered{done.referral.review_status !== "clear" ? ", held for review" : ""}
            </>
          ) : null}
          .
        </Notice>
      ) : null}
      <form
        class="form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          let enrolled = advocate;
          let referral: Referral | null = null;
          const ok = await form.submit(async () => {
            if (!enrolled) {
              enrolled = await post<Advocate>(`/api/v1/programs/${v.program_id}/advocates`, {
                email: v.advocate_email,
                first_name: v.advocate_first_name,
                last_name: v.advocate_last_name,
                company: v.advocate_company,
              });
              setAdvocate(enrolled);
            }
            if (!hasLead(v)) return;
            referral = await post<Referral>("/api/v1/referrals", {
              advocate_id: enrolled.id,
              channel: "sales",
              referee: {
                email: v.lead_email,
                first_name: v.lead_first_name,
                last_name: v.lead_last_name,
                company: v.lead_company,
                ...(v.lead_phone ? { phone: v.lead_phone } : {}),
              },
              product: v.product,
              note: v.note,
            });
          });
          if (ok && enrolled) {
            setDone({ advocate: enrolled, referral });
            setAdvocate(null);
            form.reset({ ...empty, program_id: v.program_id });
          }
        }}
      >
        <section class="card" aria-labelledby="register-advocate">
          <h2 id="register-advocate">The advocate</h2>
          {advocate ? (
            <Notice kind="info">
              {advocate.first_name || advocate.email} is enrolled (code {advocate.code}); sending again submits only the lead.
            </Notice>
          ) : (
            <>
              <Field form={form} name="program_id" label="Program" options={programList.map((p) => ({ value: p.id, label: p.name }))} />
              <div class="row">
                <Field form={form} name="advocate_email" label="Advocate's email" type="email" required inputMode="email" />
                <Field form={form} name="advocate_company" label="Advocate's company" />
              </div>
              <div class="row">
                <Field form={form} name="advocate_first_name" label="Advocate's first name" />
                <Field form={form} name="advocate_last_name" label="Advocate's last name" />
              </div>
            </>
          )}
        </section>
        <section class="card" aria-labelledby="register-lead">
          <h2 id="register-lead">The lead they refer (optional)</h2>
          <div class="row">
            <Field form={form} name="lead_email" label="Lead's email" type="email" required inputMode="email" />
            <Field form={form} name="lead_phone" label="Lead's phone" type="tel" inputMode="tel" />
          </div>
          <div class="row">
            <Field form={form} name="lead_first_name" label="Lead's first name" />
            <Field form={form} name="lead_last_name" label="Lead's last name" />
          </div>
          <div class="row">
            <Field form={form} name="lead_company" label="Lead's company" />
            <Field form={form} name="product" label="Product of interest" />
          </div>
          <Field form={form} name="note" label="Note" multiline />
        </section>
        <FormMessage form={form} />
        <Submit form={form}>{advocate ? "Submit the lead" : hasLead(v) ? "Register both" : "Enroll the advocate"}</Submit>
      </form>
    </ConsoleShell>
  );
}
