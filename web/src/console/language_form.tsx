// A program's language and wording to change (admins and managers): the language tag, and each
// sentence Bluebird writes to advocates — grouped by where they read it — with its default, the
// placeholders it may use and the program's own wording (empty: the default). Saving sends only what
// changed; "Restore the default" sends the sentence's null at once. The server names a bad field
// ("language", "messages.stage.won") and its message shows under that field.
import { put } from "../api";
import type { ProgramLanguage } from "../models";
import { Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { aboutHeading, languageChange, languageValues, messageField, messageGroups, placeholdersInWords } from "./language_words";

interface Props {
  settings: ProgramLanguage;
  onSubmitting: () => void;
  onSaved: (saved: ProgramLanguage, notice: string) => void;
}

export function LanguageForm({ settings, onSubmitting, onSaved }: Props) {
  const form = useForm(languageValues(settings), (v) => requireFields(v, { language: "a BCP 47 tag such as en or de-CH" }));
  const path = `/api/v1/programs/${settings.program_id}/language`;

  const restore = async (key: string, wording: string) => {
    onSubmitting();
    let saved: ProgramLanguage | undefined;
    const ok = await form.submit(async () => {
      saved = await put<ProgramLanguage>(path, { messages: { [key]: null } });
    });
    if (ok && saved) {
      form.set(messageField(key), "");
      onSaved(saved, `Restored the default of ${key}: “${wording}”.`);
    }
  };

  return (
    <form
      class="form language-form"
      noValidate
      aria-label="Language and wording"
      onSubmit={async (e) => {
        e.preventDefault();
        onSubmitting();
        const change = languageChange(languageValues(settings), form.values);
        if (!change) {
          onSaved(settings, "Nothing to save: nothing was changed.");
          return;
        }
        let saved: ProgramLanguage | undefined;
        const ok = await form.submit(async () => {
          saved = await put<ProgramLanguage>(path, change);
        });
        if (ok && saved) {
          form.reset(languageValues(saved));
          onSaved(saved, "Saved: advocates read these words from now on.");
        }
      }}
    >
      <div class="card">
        <Field form={form} name="language" id="language-tag" label="Language" autoComplete="off"
          hint="A BCP 47 tag such as en, de, de-CH or pt-BR: the language the advocates' portal is in. Sentences not reworded below stay in English." />
      </div>
      {messageGroups(settings.messages).map((group) => (
        <fieldset class="card choices language-group" key={group.about}>
          <legend>{aboutHeading(group.about)}</legend>
          {group.messages.map((m) => (
            <div class="language-message" key={m.key} data-key={m.key}>
              <Field form={form} name={messageField(m.key)} id={`message-${m.key}`} label={m.key} placeholder={m.default}
                hint={`Default: “${m.default}”. ${placeholdersInWords(m.placeholders)} Empty: the default.`} />
              {m.custom ? (
                <button type="button" class="link-button" disabled={form.busy} onClick={() => restore(m.key, m.default)}>
                  Restore the default<span class="visually-hidden"> of {m.key}</span>
                </button>
              ) : null}
            </div>
          ))}
        </fieldset>
      ))}
      <FormMessage form={form} />
      <Submit form={form}>Save the wording</Submit>
    </form>
  );
}
