// The "New campaign" form of a program's campaigns page (admins and managers): a name, the kind,
// the people pasted one per line, an optional send time and the reminder days. A refused line is
// named by its number under the list, until that line is changed; a nudge to share without people
// asks every advocate of the program who never shared or referred. An automatic campaign (the NPS
// loop's rule for promoters) takes no people and no send time: it adds people as they answer.
import { useEffect, useState } from "preact/hooks";
import { post } from "../api";
import type { Campaign, Program } from "../models";
import { Field, FormMessage, requireFields, Submit, useForm, type FormState } from "../ui/form";
import {
  campaignProblem,
  checkPeople,
  isoOfLocal,
  lineErrors,
  localZone,
  parseDays,
  parsePeople,
  recipientsOf,
  type PastedPerson,
} from "./campaign_input";
import { automaticChoices, kindChoices } from "./campaign_words";

// The pasted people: a textarea whose errors are the lines the client or the server refused (each
// shown while its line is as it was when sent) or one about the whole list.
function PeopleField({ form, sent }: { form: FormState; sent: PastedPerson[] }) {
  const text = form.values.recipients;
  const lines = text.split(/\r?\n/);
  const refused = lineErrors(form.errors, sent).filter((e) => lines[e.line - 1] === e.text);
  const whole = form.errors.recipients;
  const count = parsePeople(text).length;
  const activation = form.values.kind === "activation";
  const survey = form.values.kind === "nps_survey";
  const invalid = refused.length > 0 || Boolean(whole);
  return (
    <div class={invalid ? "field field-error" : "field"}>
      <label for="field-recipients">
        People, one per line{activation || survey ? null : <span aria-hidden="true"> *</span>}
      </label>
      <textarea
        id="field-recipients"
        name="recipients"
        rows={8}
        spellcheck={false}
        value={text}
        placeholder={"ada@example.com, Ada, Lovelace, Analytical Engines\ngrace@example.com, Grace, Hopper"}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={["field-recipients-hint", invalid ? "field-recipients-error" : ""].filter(Boolean).join(" ")}
        onInput={(e) => form.set("recipients", e.currentTarget.value)}
      />
      <p class="hint" id="field-recipients-hint">
        Each line: email, first name, last name, company (only the email is needed; columns pasted from a spreadsheet work
        too).{" "}
        {activation
          ? "Leave it empty to ask every advocate of the program who has not shared their link or referred anyone yet (idle advocates); people listed who are not idle advocates are left out."
          : survey
            ? "Leave it empty to ask the program's active advocates who were not sent a survey within the throttle window (up to 10,000); list customers who are not advocates to ask them too."
            : "People who are advocates of the program already are kept in the list but sent nothing."}{" "}
        <span class="people-count">
          {count === 0 ? "Nobody listed yet." : `${count} ${count === 1 ? "person" : "people"} listed.`}
        </span>
      </p>
      {invalid ? (
        <div class="error" id="field-recipients-error">
          {whole ? <p>{whole}</p> : null}
          {refused.length > 0 ? (
            <ul class="line-errors">
              {refused.map((e) => (
                <li key={`${e.line} ${e.message}`} data-line={e.line}>
                  <strong>Line {e.line}</strong> <span class="line-text">“{e.text.trim()}”</span>: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function NewCampaignForm({ program, onCreated }: { program: Program; onCreated: (campaign: Campaign) => void }) {
  // The people as they were sent, so that the server's "recipients[i]" finds its line.
  const [sent, setSent] = useState<PastedPerson[]>([]);
  const initial = { name: "", kind: "invitation", recipients: "", send_at: "", reminders: "3, 10", throttle_days: "90", quiet_days: "30" };
  const form = useForm(initial, (v) => {
    const errors = requireFields(v, { name: "a name for you and your colleagues" });
    if (automaticChoices[v.kind]) {
      if (v.kind === "promoter_nudge" && !/^\d{1,3}$/.test(v.quiet_days.trim())) {
        errors.quiet_days = "must be a whole number of days from 1 to 365";
      }
      if (v.kind === "nps_portal" && !/^\d{1,3}$/.test(v.throttle_days.trim())) {
        errors.throttle_days = "must be a whole number of days from 1 to 365";
      }
      if (parseDays(v.reminders) === null) errors.reminders = "must be whole numbers of days, separated by commas, such as 3, 10";
      return errors;
    }
    const people = parsePeople(v.recipients);
    if (people.length === 0 && v.kind === "invitation") errors.recipients = "is required: at least one person to invite";
    checkPeople(people, errors);
    if (v.kind === "nps_survey" && !/^\d{1,3}$/.test(v.throttle_days.trim())) {
      errors.throttle_days = "must be a whole number of days from 1 to 365";
    }
    if (parseDays(v.reminders) === null) errors.reminders = "must be whole numbers of days, separated by commas, such as 3, 10";
    const sendAt = isoOfLocal(v.send_at);
    if (v.send_at && !sendAt) errors.send_at = "is not a date and time";
    else if (sendAt && new Date(sendAt).getTime() < Date.now() - 60_000) errors.send_at = "is in the past: leave it empty to send now";
    return errors;
  });
  const v = form.values;
  const automatic = automaticChoices[v.kind];
  // Each kind starts from its own schedule: a nudge thanks once, a rule's invitation reminds once.
  useEffect(() => form.set("reminders", automatic ? automatic.reminders : "3, 10"), [v.kind]);
  return (
    <form
      class="card form campaign-form"
      noValidate
      aria-labelledby="new-campaign-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const people = parsePeople(v.recipients);
        setSent(people);
        const days = parseDays(v.reminders) ?? [];
        const sendAt = isoOfLocal(v.send_at);
        let created: Campaign | undefined;
        const body = automatic
          ? {
              name: v.name.trim(),
              kind: automatic.kind,
              trigger: automatic.trigger,
              ...(automatic.trigger === "portal" ? { throttle_days: Number(v.throttle_days.trim()) } : { reminders_after_days: days }),
              ...(v.kind === "promoter_nudge" ? { quiet_days: Number(v.quiet_days.trim()) } : {}),
            }
          : {
              name: v.name.trim(),
              kind: v.kind,
              ...(people.length > 0 || v.kind === "invitation" ? { recipients: recipientsOf(people) } : {}),
              ...(sendAt ? { send_at: sendAt } : {}),
              reminders_after_days: days,
              ...(v.kind === "nps_survey" ? { throttle_days: Number(v.throttle_days.trim()) } : {}),
            };
        await form.submit(async () => {
          try {
            created = await post<Campaign>(`/api/v1/programs/${program.id}/campaigns`, body);
          } catch (failure) {
            throw campaignProblem(failure, days);
          }
        });
        if (created) onCreated(created);
      }}
    >
      <h2 id="new-campaign-title">New campaign</h2>
      <div class="row">
        <Field form={form} name="name" label="Name" required hint="For you and your colleagues; people do not see it." />
        <Field form={form} name="kind" label="Kind" options={kindChoices} />
      </div>
      {automatic ? (
        <p class="hint automatic-rule">
          {automatic.rule} It starts now and runs until you cancel it; the program runs one of each at a time (cancel the
          running one first).
        </p>
      ) : (
        <PeopleField form={form} sent={sent} />
      )}
      {v.kind === "promoter_nudge" ? (
        <Field form={form} name="quiet_days" label="Quiet days" inputMode="numeric"
          hint="A promoter who shared or referred in this many days before answering is not nudged. 30 by default." />
      ) : null}
      {v.kind === "nps_survey" || v.kind === "nps_portal" ? (
        <Field form={form} name="throttle_days" label="Throttle (days)" inputMode="numeric"
          hint="Nobody who was sent a survey, by any program, in this many days before is sent this one. 90 by default." />
      ) : null}
      <div class="row">
        {automatic ? null : (
          <Field form={form} name="send_at" label="Send at" type="datetime-local"
            hint={`Your local time (${localZone()}). Leave it empty to send now: the first emails go within a minute.`} />
        )}
        {automatic?.trigger === "portal" ? null : (
        <Field form={form} name="reminders" label="Reminders (days after the first email)" inputMode="decimal"
          hint="Up to 5, such as 3, 10; leave it empty for none. Nobody who has joined (or shared), unsubscribed or bounced is reminded." />
        )}
      </div>
      <FormMessage form={form} />
      <Submit form={form}>Create the campaign</Submit>
    </form>
  );
}
