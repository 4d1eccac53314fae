// /console/programs/new and /console/programs/{id}: a program's editor — name, description,
// landing page, attribution window, currency (locked by the server once the program has a reward or
// a won referral: its 409 is shown on the field), branding (colour, logo) and the message advocates
// start from when they share, the headline of their portal and the landing page's headline and
// introduction, with a live preview of how an advocate and a visitor will see them; the program's
// monthly figures, its points settings (what actions earn, expiry, levels, badges) and its split
// credit (read by the staff who do not change programs too). Its segments may speak in words of
// their own (/console/segments); its language and its wording of what Bluebird writes to advocates
// have a page of their own (/console/programs/{id}/language).
import { useLocation, useRoute } from "preact-iso";
import { get, patch, post } from "../api";
import type { Program } from "../models";
import {
  defaultLandingHeadline,
  defaultLandingIntro,
  headlinePlaceholders,
  listPlaceholders,
  placeholders,
  programLandingPlaceholders,
  renderShareMessage,
  renderWords,
} from "../share_message";
import { useLoad } from "../ui/data";
import { Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { CreditPolicyCard } from "./credit_policy_card";
import { ProgramMonths } from "./program_months";
import { PointsSettingsSection } from "./points_settings";
import { named } from "./filters";
import { useSession } from "./session";

function valuesOf(program?: Program): Values {
  return {
    name: program?.name ?? "",
    kind: program?.kind ?? "customer",
    currency: program?.currency ?? "USD",
    description: program?.description ?? "",
    landing_url: program?.landing_url ?? "",
    attribution_window_days: String(program?.attribution_window_days ?? 180),
    color: program?.branding.color ?? "#1d4ed8",
    logo_url: program?.branding.logo_url ?? "",
    share_message: program?.branding.share_message ?? "",
    portal_headline: program?.branding.portal_headline ?? "",
    landing_headline: program?.branding.landing_headline ?? defaultLandingHeadline,
    landing_intro: program?.branding.landing_intro ?? defaultLandingIntro,
  };
}

// The words sent only when changed (a new program: when not the defaults), so that a program keeps
// following the defaults until someone writes its own.
const wordFields = ["portal_headline", "landing_headline", "landing_intro"] as const;

function Preview({ values }: { values: Values }) {
  const code = "K7M3QXP";
  const text = renderShareMessage(values.share_message, {
    "advocate.first_name": "Ada",
    "advocate.last_name": "Lovelace",
    "advocate.company": "Analytical Engines",
    "advocate.code": code,
    "advocate.link": `${window.location.origin}/r/${code}`,
    "program.name": values.name || "Your program",
  });
  const name = values.name || "Your program";
  return (
    <section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <div class="brand-header" style={{ background: /^#[0-9a-fA-F]{6}$/.test(values.color) ? values.color : undefined }}>
        {values.logo_url.startsWith("https://") ? <img class="brand-logo" src={values.logo_url} alt="" /> : null}
        <span class="brand-name">{values.name || "Your program"}</span>
      </div>
      <p class="hint">What Ada Lovelace, an advocate, starts from when she shares:</p>
      <p class="preview" data-testid="message-preview">
        {text}
      </p>
      <p class="hint">Her portal, under the greeting:</p>
      <div class="preview words-preview">
        <p class="words-preview-heading">Hello Ada</p>
        {values.portal_headline.trim() ? (
          <p data-testid="portal-headline-preview">{renderWords(values.portal_headline, name, "Ada")}</p>
        ) : (
          <p class="muted" data-testid="portal-headline-preview">
            (no headline)
          </p>
        )}
      </div>
      <p class="hint">The landing page a visitor sees:</p>
      <div class="preview words-preview">
        <p class="words-preview-heading" data-testid="landing-headline-preview">
          {renderWords(values.landing_headline.trim() ? values.landing_headline : defaultLandingHeadline, name, "")}
        </p>
        <p data-testid="landing-intro-preview">
          {renderWords(values.landing_intro.trim() ? values.landing_intro : defaultLandingIntro, name, "")}
        </p>
      </div>
    </section>
  );
}

function Editor({ program, onSaved }: { program?: Program; onSaved: (saved: Program) => void }) {
  const creating = !program;
  const initial = valuesOf(program);
  const form = useForm(
    initial,
    (v) => {
      const errors = requireFields(v, { name: "the program's name", landing_url: "where the links lead" });
      if (!/^\d+$/.test(v.attribution_window_days)) errors.attribution_window_days = "must be a whole number of days";
      if (!/^[A-Za-z]{3}$/.test(v.currency.trim())) errors.currency = "must be a three-letter ISO 4217 code such as USD or EUR";
      return errors;
    },
    (field) => field.replace(/^branding\./, ""),
  );
  const v = form.values;
  return (
    <>
      <form
        class="card form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          let saved: Program | undefined;
          const body = {
            name: v.name,
            description: v.description,
            landing_url: v.landing_url,
            attribution_window_days: Number(v.attribution_window_days),
            branding: {
              color: v.color,
              logo_url: v.logo_url,
              share_message: v.share_message,
              ...Object.fromEntries(wordFields.filter((f) => v[f] !== initial[f]).map((f) => [f, v[f]])),
            },
            ...(creating ? { kind: v.kind } : {}),
            // Sent only when it changes: the server refuses a change once money is recorded.
            ...(creating || v.currency.trim().toUpperCase() !== program.currency ? { currency: v.currency.trim().toUpperCase() } : {}),
          };
          const ok = await form.submit(async () => {
            saved = creating
              ? await post<Program>("/api/v1/programs", body)
              : await patch<Program>(`/api/v1/programs/${program.id}`, body);
          });
          if (ok && saved) onSaved(saved);
        }}
      >
        <div class="row">
          <Field form={form} name="name" label="Name" required />
          {creating ? (
            <Field form={form} name="kind" label="Kind" options={named(["customer", "partner", "employee"])} />
          ) : null}
        </div>
        <Field form={form} name="description" label="Description" multiline />
        <div class="row">
          <Field form={form} name="landing_url" label="Landing page" type="url" required
            hint="Where referral links lead; Bluebird's own is /landing/{slug} on this server." />
          <Field form={form} name="attribution_window_days" label="Attribution window (days)" inputMode="decimal"
            hint="How long after a click a referral is still credited (1 to 730)." />
        </div>
        <Field form={form} name="currency" label="Currency"
          hint="ISO 4217, e.g. USD, EUR. It cannot change once the program has a reward or a won referral." />
        <div class="row">
          <Field form={form} name="color" label="Brand colour" type="color" hint="Dark enough for white text on it." />
          <Field form={form} name="logo_url" label="Logo (https URL)" type="url" />
        </div>
        <Field form={form} name="share_message" label="Message advocates start from" multiline
          hint={`Placeholders: ${listPlaceholders(placeholders)}. Leave empty for the default.`} />
        <Field form={form} name="portal_headline" label="Portal headline"
          hint={`One line under the greeting in advocates' portal. Placeholders: ${listPlaceholders(headlinePlaceholders)}. Empty: none.`} />
        <Field form={form} name="landing_headline" label="Landing page headline"
          hint={`One line, the landing page's title. Placeholder: ${listPlaceholders(programLandingPlaceholders)}. Empty: the program's name.`} />
        <Field form={form} name="landing_intro" label="Landing page introduction" multiline
          hint={`What the landing page says above its form. Placeholder: ${listPlaceholders(programLandingPlaceholders)}. Empty: the default.`} />
        {program ? (
          <p class="hint">
            Segments of advocates may have their own message, headlines and emails:{" "}
            <a href={`/console/segments?program_id=${encodeURIComponent(program.id)}`}>the program's segments</a>.
          </p>
        ) : null}
        <FormMessage form={form} />
        <Submit form={form}>{creating ? "Create the program" : "Save"}</Submit>
      </form>
      <Preview values={v} />
    </>
  );
}

function StatusActions({ program, onChange }: { program: Program; onChange: () => void }) {
  if (program.status === "archived") return null;
  const next = program.status === "active" ? "pause" : "resume";
  return (
    <div class="toolbar">
      <button type="button" onClick={async () => (await post(`/api/v1/programs/${program.id}/${next}`), onChange())}>
        {next === "pause" ? "Pause the program" : "Resume the program"}
      </button>
    </div>
  );
}

export function ProgramPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const { canManage, canMove } = useSession();
  const creating = params.id === "new";
  const program = useLoad(() => (creating ? Promise.resolve(undefined) : get<Program>(`/api/v1/programs/${params.id}`)), [params.id]);
  if (program.error) {
    return (
      <ConsoleShell title="Program">
        <Notice kind="error">{program.error.message}</Notice>
      </ConsoleShell>
    );
  }
  if (!creating && !program.data) {
    return (
      <ConsoleShell title="Program">
        <Loading />
      </ConsoleShell>
    );
  }
  if (!canManage) {
    return (
      <ConsoleShell title={program.data?.name ?? "Program"}>
        <Notice kind="info">Only admins and managers change programs.</Notice>
        {program.data ? (
          <p>
            <a href={`/console/programs/${program.data.id}/campaigns`}>Campaigns</a> ·{" "}
            <a href={`/console/segments?program_id=${encodeURIComponent(program.data.id)}`}>Segments</a> ·{" "}
            <a href={`/console/programs/${program.data.id}/language`}>Language and wording</a>
            {canMove ? (
              <>
                {" "}
                · <a href={`/console/invite?program=${encodeURIComponent(program.data.id)}`}>Invite someone</a>
              </>
            ) : null}
          </p>
        ) : null}
        {program.data ? <CreditPolicyCard programId={program.data.id} canEdit={false} /> : null}
      </ConsoleShell>
    );
  }
  return (
    <ConsoleShell title={creating ? "New program" : program.data!.name}>
      {program.data ? (
        <p>
          <Badge value={program.data.status} /> <a href={`/join/${program.data.slug}`}>Join page</a> ·{" "}
          <a href={`/landing/${program.data.slug}`}>Landing page</a> ·{" "}
          <a href={`/console/programs/${program.data.id}/rules`}>Reward rules</a> ·{" "}
          <a href={`/console/programs/${program.data.id}/emails`}>Emails</a> ·{" "}
          <a href={`/console/programs/${program.data.id}/language`}>Language and wording</a> ·{" "}
          <a href={`/console/segments?program_id=${encodeURIComponent(program.data.id)}`}>Segments</a> ·{" "}
          <a href={`/console/programs/${program.data.id}/campaigns`}>Campaigns</a> ·{" "}
          <a href={`/console/leaderboard?program_id=${encodeURIComponent(program.data.id)}`}>Leaderboard</a> ·{" "}
          <a href={`/console/invite?program=${encodeURIComponent(program.data.id)}`}>Invite someone</a>
        </p>
      ) : null}
      {program.data ? <StatusActions program={program.data} onChange={program.reload} /> : null}
      <Editor
        key={program.data?.updated_at ?? "new"}
        program={program.data}
        onSaved={(saved) => (creating ? route(`/console/programs/${saved.id}`) : program.replace(saved))}
      />
      {program.data ? <ProgramMonths program={program.data} /> : null}
      {program.data ? <PointsSettingsSection programId={program.data.id} /> : null}
      {program.data ? <CreditPolicyCard programId={program.data.id} canEdit /> : null}
    </ConsoleShell>
  );
}
