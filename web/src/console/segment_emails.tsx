// A segment's emails (admins and managers): each kind a segment may have in its own words (not the
// invitations nor the NPS survey, which go before anyone is in a segment), whether it has its own or
// sends the program's, and an editor for one: subject and body with the server's preview (the
// program's preview of that kind, with sample values), Save, and "Back to the program's words"
// (asked first).
import { useState } from "preact/hooks";
import { get, put, remove } from "../api";
import { dateTime } from "../format";
import type { Program, Segment, SegmentEmailTemplate } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { useLoad } from "../ui/data";
import { Field, FormMessage, Submit, useForm } from "../ui/form";
import { Badge, Loading, Notice } from "../ui/layout";
import { EmailPreviewPanel, problemText, useEmailPreview } from "./email_preview";
import { emailKindName } from "./email_words";

type Outcome = { kind: "success" | "error"; text: string } | null;

function EmailEditor({
  program,
  segment,
  initial,
  onSaved,
  onClose,
}: {
  program: Program;
  segment: Segment;
  initial: SegmentEmailTemplate;
  onSaved: (fresh: SegmentEmailTemplate, text: string) => void;
  onClose: () => void;
}) {
  const path = `/api/v1/segments/${segment.id}/email-templates/${initial.kind}`;
  const form = useForm({ subject: initial.subject, body: initial.body });
  const v = form.values;
  const preview = useEmailPreview(`/api/v1/programs/${program.id}/email-templates/${initial.kind}`, v.subject, v.body);
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const name = emailKindName(initial.kind);
  const reset = async () => {
    setAsking(false);
    setOutcome(null);
    try {
      const fresh = await remove<SegmentEmailTemplate>(path);
      onSaved(fresh, `${name}: back to the program's words for ${segment.name}.`);
    } catch (failure) {
      setOutcome({ kind: "error", text: `Not reset: ${problemText(failure)}` });
    }
  };
  return (
    <>
      <div class="template-editor">
        <form
          class="card form"
          noValidate
          aria-labelledby="segment-email-title"
          onSubmit={async (e) => {
            e.preventDefault();
            setOutcome(null);
            let fresh: SegmentEmailTemplate | undefined;
            const ok = await form.submit(async () => {
              fresh = await put<SegmentEmailTemplate>(path, { subject: v.subject, body: v.body });
            });
            if (ok && fresh) onSaved(fresh, `Saved: the advocates of ${segment.name} get these words for “${name}” from the next email on.`);
          }}
        >
          <h3 id="segment-email-title">
            {name} email for {segment.name}
          </h3>
          <p>{initial.description}</p>
          <p class="template-state">
            {initial.customized ? "The segment's own words." : "The program's words for now: save to give the segment its own."}
          </p>
          <Field form={form} name="subject" id="segment-email-subject" label="Subject" required />
          <Field form={form} name="body" id="segment-email-body" label="Body" multiline required
            hint={`Plain text; a blank line starts a paragraph.${initial.requires_link ? " It must use {{link}}." : ""} Placeholders: ${initial.placeholders
              .map((p) => `{{${p}}}`)
              .join(", ")}.`} />
          <FormMessage form={form} />
          {outcome?.kind === "error" ? <Notice kind="error">{outcome.text}</Notice> : null}
          <div class="toolbar">
            <Submit form={form}>Save the email</Submit>
            {initial.customized ? (
              <button type="button" class="danger" onClick={() => setAsking(true)}>
                Back to the program's words…
              </button>
            ) : null}
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </form>
        <EmailPreviewPanel state={preview} />
      </div>
      <ConfirmDialog
        id="reset-segment-email"
        title={`Send the program's “${name}” to ${segment.name}?`}
        confirm="Yes, use the program's words"
        open={asking}
        onConfirm={reset}
        onCancel={() => setAsking(false)}
      >
        <p>
          The segment's own subject and body for this email are deleted, and its advocates get the program's words from
          the next email on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

export function SegmentEmails({ program, segment, onChange }: { program: Program; segment: Segment; onChange: () => void }) {
  const [round, setRound] = useState(0);
  const templates = useLoad(
    () => get<{ data: SegmentEmailTemplate[] }>(`/api/v1/segments/${segment.id}/email-templates`),
    [segment.id, round],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const list = templates.data?.data ?? [];
  const edited = list.find((t) => t.kind === editing);
  return (
    <section class="card" aria-labelledby="segment-emails-title">
      <h2 id="segment-emails-title">{segment.name}: emails</h2>
      <p class="muted">
        The emails its advocates get, in the segment's own words or the program's (
        <a href={`/console/programs/${program.id}/emails`}>the program's emails</a>). Invitations and the NPS survey
        always go in the program's words.
      </p>
      {templates.error ? <Notice kind="error">{templates.error.message}</Notice> : null}
      {!templates.data && !templates.error ? <Loading /> : null}
      {templates.data ? (
        <table class="table">
          <caption class="visually-hidden">Emails of {segment.name}</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Words</th>
              <th scope="col">Subject</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.kind} data-kind={t.kind}>
                <th scope="row">{emailKindName(t.kind)}</th>
                <td>
                  <Badge value={t.customized ? "customized" : "default"} text={t.customized ? "own" : "program's"} />
                  {t.customized && t.updated_at ? <div class="hint">Changed {dateTime(t.updated_at)}</div> : null}
                </td>
                <td class="email-subject">{t.subject}</td>
                <td>
                  <button type="button" onClick={() => {
                    setNotice("");
                    setEditing(t.kind);
                  }}>
                    Edit<span class="visually-hidden"> the {emailKindName(t.kind)} email</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div role="status" aria-live="polite">
        {notice ? <p class="notice notice-success">{notice}</p> : null}
      </div>
      {edited ? (
        <EmailEditor
          key={`${segment.id} ${edited.kind}`}
          program={program}
          segment={segment}
          initial={edited}
          onClose={() => setEditing(null)}
          onSaved={(_fresh, text) => {
            setEditing(null);
            setNotice(text);
            setRound((n) => n + 1);
            onChange();
          }}
        />
      ) : null}
    </section>
  );
}
