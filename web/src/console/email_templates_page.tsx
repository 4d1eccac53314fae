// /console/programs/{id}/emails (admins and managers): the emails a program sends, one per kind —
// when each goes and to whom, whether the program has its own words for it or sends the default,
// and which are transactional — each opening its editor.
import { useRoute } from "preact-iso";
import { get } from "../api";
import { dateTime } from "../format";
import type { EmailTemplate, Program } from "../models";
import { useLoad } from "../ui/data";
import { Badge, Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { emailKindName, transactionalNote } from "./email_words";
import { useSession } from "./session";

function TemplateList({ programId, templates }: { programId: string; templates: EmailTemplate[] }) {
  return (
    <ul class="email-kinds">
      {templates.map((t) => (
        <li key={t.kind} data-kind={t.kind}>
          <div class="email-kind-title">
            <a href={`/console/programs/${programId}/emails/${t.kind}`}>{emailKindName(t.kind)}</a>{" "}
            <Badge value={t.customized ? "customized" : "default"} />
            {t.automatic && !t.enabled ? (
              <>
                {" "}
                <Badge value="off" />
              </>
            ) : null}
          </div>
          {t.automatic && !t.enabled ? <p class="email-off">Turned off: the program does not send this email.</p> : null}
          <p>{t.description}</p>
          <p class="muted">
            Subject: <span class="email-subject">{t.subject}</span>
          </p>
          {t.transactional ? <p class="hint">{transactionalNote}</p> : null}
          {t.customized && t.updated_at ? <p class="hint">Changed {dateTime(t.updated_at)}.</p> : null}
        </li>
      ))}
    </ul>
  );
}

export function EmailTemplatesPage() {
  const { params } = useRoute();
  const { canManage } = useSession();
  const program = useLoad(() => get<Program>(`/api/v1/programs/${params.id}`), [params.id]);
  const templates = useLoad(
    () => (canManage ? get<{ data: EmailTemplate[] }>(`/api/v1/programs/${params.id}/email-templates`) : Promise.resolve({ data: [] })),
    [params.id, canManage],
  );
  const title = program.data ? `Emails: ${program.data.name}` : "Emails";
  if (!canManage) {
    return (
      <ConsoleShell title={title}>
        <Notice kind="error">Only admins and managers change a program's emails.</Notice>
      </ConsoleShell>
    );
  }
  const error = program.error ?? templates.error;
  return (
    <ConsoleShell title={title}>
      <p>
        <a href={`/console/programs/${params.id}`}>Back to the program</a>
      </p>
      {error ? <Notice kind="error">{error.message}</Notice> : null}
      {!error && (!program.data || !templates.data) ? <Loading /> : null}
      {program.data && templates.data ? (
        <>
          <p class="lead">
            What {program.data.name} emails its advocates and the people they refer. Each email starts from Bluebird's
            default; write the program's own words, with placeholders for names and links, and it is sent from the next
            email on. Emails that are not transactional end with an unsubscribe link.
          </p>
          <TemplateList programId={program.data.id} templates={templates.data.data} />
        </>
      ) : null}
    </ConsoleShell>
  );
}
