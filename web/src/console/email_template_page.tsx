// /console/programs/{id}/emails/{kind} (admins and managers): one email of a program — its subject
// and body with the kind's placeholders (buttons that insert one where the cursor is), a live
// preview with sample values, Save (the server's refusals shown by the field), "Reset to default"
// (asked first) and "Send me a test" (the draft as it is, to the signed-in user). Leaving the page
// with unsaved changes is asked first by the browser.
import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ApiError, get, post, put, remove } from "../api";
import { dateTime } from "../format";
import type { EmailTemplate, Program } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { useLoad } from "../ui/data";
import { Field, FormMessage, Submit, useForm } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { EmailPreviewPanel, problemText, useEmailPreview } from "./email_preview";
import { emailKindName, transactionalNote } from "./email_words";
import { useSession } from "./session";

type Outcome = { kind: "success" | "error"; text: string } | null;
type Target = "subject" | "body";

const targetName: Record<Target, string> = { subject: "the subject", body: "the body" };

// Placeholder buttons: each inserts {{name}} into the subject or the body (whichever had the cursor
// last), where the cursor was, and puts the cursor after it.
function Placeholders({ names, target, onInsert }: { names: string[]; target: Target; onInsert: (text: string) => void }) {
  return (
    <div class="placeholders" role="group" aria-labelledby="placeholders-title">
      <p id="placeholders-title" class="placeholders-title">
        Placeholders <span class="muted">(insert into {targetName[target]}, at the cursor)</span>
      </p>
      <ul>
        {names.map((name) => (
          <li key={name}>
            <button type="button" class="chip" onClick={() => onInsert(`{{${name}}}`)}>
              <span class="visually-hidden">Insert </span>
              {`{{${name}}}`}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Editor({ program, initial }: { program: Program; initial: EmailTemplate }) {
  const path = `/api/v1/programs/${program.id}/email-templates/${initial.kind}`;
  const [saved, setSaved] = useState(initial);
  const form = useForm({ subject: initial.subject, body: initial.body });
  const v = form.values;
  // "Send this email", for the kinds Bluebird sends on its own (the others always go when asked).
  const [enabled, setEnabled] = useState(initial.enabled);
  const dirty = v.subject !== saved.subject || v.body !== saved.body || enabled !== saved.enabled;
  const preview = useEmailPreview(path, v.subject, v.body);
  const [target, setTarget] = useState<Target>("body");
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [testOutcome, setTestOutcome] = useState<Outcome>(null);
  const [testing, setTesting] = useState(false);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const insert = (text: string) => {
    const field = document.getElementById(`field-${target}`) as HTMLInputElement | HTMLTextAreaElement | null;
    const value = v[target];
    const start = field?.selectionStart ?? value.length;
    const end = field?.selectionEnd ?? start;
    const next = value.slice(0, start) + text + value.slice(end);
    // The field is changed and the cursor put back at once, not after the next render: a key
    // pressed right after the click goes to the field, not to the button.
    if (field) {
      field.value = next;
      field.focus();
      field.setSelectionRange(start + text.length, start + text.length);
    }
    form.set(target, next);
  };

  const sendTest = async () => {
    setTesting(true);
    setTestOutcome(null);
    try {
      const sent = await post<{ status: string; to: string }>(`${path}/test`, { subject: v.subject, body: v.body });
      setTestOutcome({ kind: "success", text: `Test sent to ${sent.to}, its subject marked [Test]. It may take a minute to arrive.` });
    } catch (failure) {
      const words =
        failure instanceof ApiError && failure.status === 409
          ? "there is no staff user to send it to; sign in as a user (not with an API key) to send yourself a test."
          : problemText(failure);
      setTestOutcome({ kind: "error", text: `Not sent: ${words}` });
    } finally {
      setTesting(false);
    }
  };

  const reset = async () => {
    setAsking(false);
    setOutcome(null);
    try {
      const fresh = await remove<EmailTemplate>(path);
      setSaved(fresh);
      form.reset({ subject: fresh.subject, body: fresh.body });
      setEnabled(fresh.enabled);
      setOutcome({ kind: "success", text: `Back to the default: ${program.name} sends Bluebird's words from the next email on.` });
    } catch (failure) {
      setOutcome({ kind: "error", text: `Not reset: ${problemText(failure)}` });
    }
  };

  return (
    <>
      <p class="template-state">
        <Badge value={saved.customized ? "customized" : "default"} />{" "}
        {saved.customized
          ? `The program's own words${saved.updated_at ? `, changed ${dateTime(saved.updated_at)}` : ""}.`
          : "Bluebird's default words."}
        {saved.automatic && !saved.enabled ? (
          <>
            {" "}
            <Badge value="off" /> Turned off: {program.name} does not send this email.
          </>
        ) : null}
        {dirty ? <strong class="unsaved"> Unsaved changes.</strong> : null}
      </p>
      <p>{saved.description}</p>
      {saved.transactional ? <p class="hint">{transactionalNote}</p> : null}
      <div role="status" aria-live="polite">
        {outcome?.kind === "success" ? <p class="notice notice-success">{outcome.text}</p> : null}
      </div>
      {outcome?.kind === "error" ? <Notice kind="error">{outcome.text}</Notice> : null}
      <div class="template-editor">
        <form
          class="card form"
          noValidate
          aria-label={`${emailKindName(saved.kind)} email`}
          onFocusIn={(e) => {
            const id = (e.target as HTMLElement).id;
            if (id === "field-subject") setTarget("subject");
            if (id === "field-body") setTarget("body");
          }}
          onSubmit={async (e) => {
            e.preventDefault();
            setOutcome(null);
            let fresh: EmailTemplate | undefined;
            const sent = { subject: v.subject, body: v.body };
            const ok = await form.submit(async () => {
              fresh = await put<EmailTemplate>(path, saved.automatic ? { ...sent, enabled } : sent);
            });
            if (ok && fresh) {
              setSaved(fresh);
              setEnabled(fresh.enabled);
              // What the server stored, when it differs from what was sent (e.g. its line endings).
              if (fresh.subject !== sent.subject || fresh.body !== sent.body) form.reset({ subject: fresh.subject, body: fresh.body });
              setOutcome({
                kind: "success",
                text: fresh.enabled
                  ? `Saved: ${program.name} sends these words from the next email on.`
                  : `Saved: ${program.name} does not send this email until it is turned on again.`,
              });
            }
          }}
        >
          <Field form={form} name="subject" label="Subject" required />
          <Field
            form={form}
            name="body"
            label="Body"
            multiline
            required
            hint={`Plain text; a blank line starts a paragraph${saved.placeholders.includes("link") ? ", and a paragraph of only {{link}} becomes a button in the HTML part" : ""}.${saved.requires_link ? " It must use {{link}}." : ""}`}
          />
          <Placeholders names={saved.placeholders} target={target} onInsert={insert} />
          {saved.automatic ? (
            <div class={form.errors.enabled ? "field field-error" : "field"}>
              <label class="choice" for="field-enabled">
                <input
                  id="field-enabled"
                  type="checkbox"
                  checked={enabled}
                  aria-describedby={`field-enabled-hint${form.errors.enabled ? " field-enabled-error" : ""}`}
                  onChange={(e) => setEnabled(e.currentTarget.checked)}
                />
                Send this email
              </label>
              <p class="hint" id="field-enabled-hint">
                Bluebird sends this email on its own whenever it is due. Turned off, {program.name} does not send it (its
                words are kept); the choice is saved with the template.
              </p>
              {form.errors.enabled ? (
                <p class="error" id="field-enabled-error">
                  {form.errors.enabled}
                </p>
              ) : null}
            </div>
          ) : null}
          <FormMessage form={form} />
          <div class="toolbar">
            <Submit form={form}>Save</Submit>
            <button type="button" disabled={testing} onClick={sendTest}>
              {testing ? "Sending…" : "Send me a test"}
            </button>
            {saved.customized ? (
              <button type="button" class="danger" onClick={() => setAsking(true)}>
                Reset to default…
              </button>
            ) : null}
          </div>
          <div role="status" aria-live="polite">
            {testOutcome?.kind === "success" ? <p class="notice notice-success">{testOutcome.text}</p> : null}
          </div>
          {testOutcome?.kind === "error" ? <Notice kind="error">{testOutcome.text}</Notice> : null}
        </form>
        <EmailPreviewPanel state={preview} />
      </div>
      <ConfirmDialog
        id="reset-template"
        title="Reset this email to the default?"
        confirm="Yes, reset it"
        open={asking}
        onConfirm={reset}
        onCancel={() => setAsking(false)}
      >
        <p>
          The program's own subject and body for this email are deleted, and Bluebird's default words are sent from the
          next email on{saved.automatic && !saved.enabled ? " (the email is turned on again)" : ""}
          {dirty ? "; the unsaved changes on this page are lost too" : ""}. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

export function EmailTemplatePage() {
  const { params } = useRoute();
  const { canManage } = useSession();
  const program = useLoad(() => get<Program>(`/api/v1/programs/${params.id}`), [params.id]);
  const template = useLoad(
    () =>
      canManage
        ? get<EmailTemplate>(`/api/v1/programs/${params.id}/email-templates/${encodeURIComponent(params.kind)}`)
        : Promise.resolve(undefined),
    [params.id, params.kind, canManage],
  );
  const title = `${emailKindName(params.kind)} email${program.data ? `: ${program.data.name}` : ""}`;
  if (!canManage) {
    return (
      <ConsoleShell title={title}>
        <Notice kind="error">Only admins and managers change a program's emails.</Notice>
      </ConsoleShell>
    );
  }
  const error = program.error ?? template.error;
  return (
    <ConsoleShell title={title}>
      <p>
        <a href={`/console/programs/${params.id}/emails`}>All of the program's emails</a>
      </p>
      {error ? <Notice kind="error">{error.message}</Notice> : null}
      {!error && (!program.data || !template.data) ? <Loading /> : null}
      {program.data && template.data ? <Editor key={`${params.id} ${params.kind}`} program={program.data} initial={template.data} /> : null}
    </ConsoleShell>
  );
}
