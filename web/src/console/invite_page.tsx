// /console/invite?program=&email=&name=: invites one person to join a program — an invitation
// campaign of one, with the personal join link and reminders (3 and 10 days unless changed). Made
// to be opened from a CRM's button: the program (its id or slug), the address and the name
// ("Ada Lovelace", or first_name= and last_name=) and company= come filled in from the address.
// Sales reps may use it; the program is chosen from a list when the address names none.
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, post, query } from "../api";
import { personName } from "../format";
import type { Campaign, CampaignRecipient, Page, Program } from "../models";
import { useLoad } from "../ui/data";
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";
import { Notice } from "../ui/layout";
import { campaignProblem, parseDays } from "./campaign_input";
import { reminderWords } from "./campaign_words";
import { ConsoleShell } from "./console_shell";
import { useSession } from "./session";

interface Invited {
  campaign: Campaign;
  who: string;
  alreadyAdvocate: boolean;
}

// The person named in the address: name= split into first name and the rest, unless first_name=
// or last_name= say it.
function valuesOf(params: Record<string, string>): Values {
  const [first = "", ...rest] = (params.name ?? "").trim().split(/\s+/);
  const named = params.first_name !== undefined || params.last_name !== undefined;
  return {
    program: params.program ?? "",
    email: (params.email ?? "").trim(),
    first_name: (named ? params.first_name ?? "" : first).trim(),
    last_name: (named ? params.last_name ?? "" : rest.join(" ")).trim(),
    company: (params.company ?? "").trim(),
    reminders: "3, 10",
  };
}

function InviteForm({ programs, params }: { programs: Program[]; params: Record<string, string> }) {
  const [invited, setInvited] = useState<Invited | null>(null);
  const form = useForm(
    valuesOf(params),
    (v) => {
      const errors = checkEmail(v, "email", requireFields(v, { program: "the program they are invited to", email: "their email address" }));
      if (parseDays(v.reminders) === null) errors.reminders = "must be whole numbers of days, separated by commas, such as 3, 10";
      return errors;
    },
    (field) => field.replace(/^recipients\[0\]\./, "").replace(/^recipients$/, "email"),
  );
  const v = form.values;
  const given = params.program ?? "";
  const match = programs.find((p) => p.id === given || p.slug === given);
  // The program named by its slug (or the only one there is) is selected by its id.
  useEffect(() => {
    if (match && v.program !== match.id) form.set("program", match.id);
    else if (!given && !v.program && programs.length === 1) form.set("program", programs[0].id);
  }, [programs.length, match?.id]);
  const program = programs.find((p) => p.id === v.program);

  if (invited) {
    return (
      <section class="card" aria-labelledby="invited-title">
        <h2 id="invited-title">{invited.alreadyAdvocate ? `${invited.who} is an advocate already` : `${invited.who} is invited`}</h2>
        {invited.alreadyAdvocate ? (
          <Notice kind="info">
            {invited.who} is in {program?.name ?? "the program"} already, so no invitation is sent.
          </Notice>
        ) : (
          <p role="status">
            The invitation to {program?.name ?? "the program"} goes within a minute, with their personal join link.{" "}
            {reminderWords(invited.campaign.reminders_after_days, "invitation")}
          </p>
        )}
        <p>
          <a href={`/console/campaigns/${invited.campaign.id}`}>Open the campaign “{invited.campaign.name}”</a>
        </p>
        <p>
          <button
            type="button"
            onClick={() => {
              form.reset({ ...valuesOf({}), program: v.program, reminders: v.reminders });
              setInvited(null);
            }}
          >
            Invite someone else
          </button>
        </p>
      </section>
    );
  }

  return (
    <form
      class="card form invite-form"
      noValidate
      aria-label="Invite someone"
      onSubmit={async (e) => {
        e.preventDefault();
        const days = parseDays(v.reminders) ?? [];
        const person = {
          email: v.email.trim(),
          ...(v.first_name.trim() ? { first_name: v.first_name.trim() } : {}),
          ...(v.last_name.trim() ? { last_name: v.last_name.trim() } : {}),
          ...(v.company.trim() ? { company: v.company.trim() } : {}),
        };
        const who = personName(person);
        let made: Invited | undefined;
        await form.submit(async () => {
          try {
            const campaign = await post<Campaign>(`/api/v1/programs/${v.program}/campaigns`, {
              name: `Invitation: ${who}`.slice(0, 200),
              kind: "invitation",
              recipients: [person],
              reminders_after_days: days,
            });
            // Someone in the program already is kept in the campaign but sent nothing: say so.
            const people = await get<Page<CampaignRecipient>>(`/api/v1/campaigns/${campaign.id}/recipients?limit=1`).catch(() => null);
            made = { campaign, who, alreadyAdvocate: people?.data[0]?.stopped === "already_advocate" };
          } catch (failure) {
            throw campaignProblem(failure, days);
          }
        });
        if (made) setInvited(made);
      }}
    >
      {given && !match ? (
        <Notice kind="info">The program named in the link ({given}) is not one you can invite people to; choose one.</Notice>
      ) : null}
      <Field form={form} name="program" label="Program" required
        options={[{ value: "", label: "Choose a program" }, ...programs.map((p) => ({ value: p.id, label: p.name }))]} />
      <Field form={form} name="email" label="Email" type="email" required autoComplete="off" inputMode="email" />
      <div class="row">
        <Field form={form} name="first_name" label="First name" autoComplete="off" />
        <Field form={form} name="last_name" label="Last name" autoComplete="off" />
      </div>
      <Field form={form} name="company" label="Company" autoComplete="off" />
      <Field form={form} name="reminders" label="Reminders (days after the invitation)" inputMode="decimal"
        hint="Sent only if they have not joined by then; leave it empty for none." />
      <p class="hint">
        They get an email with their personal link to the join page, their details filled in. The campaign is yours: you
        can follow it and cancel it.
      </p>
      <FormMessage form={form} />
      <Submit form={form}>Send the invitation</Submit>
    </form>
  );
}

export function InvitePage() {
  const { query: params } = useLocation();
  const { me } = useSession();
  const programs = useLoad(() => get<Page<Program>>(`/api/v1/programs${query({ limit: 200 })}`), []);
  if (me.role === "viewer") {
    return (
      <ConsoleShell title="Invite someone">
        <Notice kind="error">Viewers only read: ask a sales rep, a manager or an admin to invite someone.</Notice>
      </ConsoleShell>
    );
  }
  const open = (programs.data?.data ?? []).filter((p) => p.status !== "archived");
  return (
    <ConsoleShell title="Invite someone">
      <p class="lead">An email inviting one person to join a program, with reminders until they do.</p>
      {programs.error ? <Notice kind="error">{programs.error.message}</Notice> : null}
      {programs.data ? <InviteForm programs={open} params={params} /> : null}
    </ConsoleShell>
  );
}
