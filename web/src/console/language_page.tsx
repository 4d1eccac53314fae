// /console/programs/{id}/language: the program's language and its own wording of what Bluebird
// writes to its advocates (the portal's words for where things stand, what a reward or a points
// entry was for, why an item cannot be redeemed, what a rating asks about). Admins and managers
// change them; the other roles, and everyone once the program is archived, read them.
import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { get } from "../api";
import type { Program, ProgramLanguage } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { LanguageForm } from "./language_form";
import { LanguageList } from "./language_list";
import { useSession } from "./session";

export function LanguagePage() {
  const { params } = useRoute();
  const { canManage } = useSession();
  const program = useLoad(() => get<Program>(`/api/v1/programs/${params.id}`), [params.id]);
  const settings = useLoad(() => get<ProgramLanguage>(`/api/v1/programs/${params.id}/language`), [params.id]);
  const [notice, setNotice] = useState("");
  const title = program.data ? `Language and wording: ${program.data.name}` : "Language and wording";
  const error = program.error ?? settings.error;
  const archived = program.data?.status === "archived";
  return (
    <ConsoleShell title={title}>
      <p>
        <a href={`/console/programs/${params.id}`}>Back to the program</a>
      </p>
      {error ? <Notice kind="error">{error.message}</Notice> : null}
      {!error && (!program.data || !settings.data) ? <Loading /> : null}
      {program.data && settings.data ? (
        <>
          <p class="lead">
            What Bluebird itself writes to the advocates of {program.data.name}, in the program's language: the portal's
            words for where a referral, a reward, a redemption or a challenge step stands, what a reward or points were
            given for, why an item cannot be redeemed and what a rating asks about. Each sentence says its English default
            until the program words it its own way.
            {canManage ? (
              <>
                {" "}
                The emails have their own editor: <a href={`/console/programs/${program.data.id}/emails`}>the program's emails</a>.
              </>
            ) : null}
          </p>
          {archived ? <Notice kind="info">The program is archived: its words can no longer change.</Notice> : null}
          {!canManage ? <Notice kind="info">Only admins and managers change a program's words.</Notice> : null}
          {canManage && !archived ? (
            <LanguageForm
              settings={settings.data}
              onSubmitting={() => setNotice("")}
              onSaved={(saved, text) => {
                settings.replace(saved);
                setNotice(text);
              }}
            />
          ) : (
            <LanguageList settings={settings.data} />
          )}
        </>
      ) : null}
      <div role="status" aria-live="polite">
        {notice ? <p class="notice notice-success">{notice}</p> : null}
      </div>
    </ConsoleShell>
  );
}
