// A program's language and wording to read (viewers, sales reps, an archived program): each place
// advocates read Bluebird's sentences, with the wording in effect, the default and the placeholders.
import type { ProgramLanguage } from "../models";
import { listPlaceholders } from "../share_message";
import { Badge } from "../ui/layout";
import { aboutHeading, messageGroups } from "./language_words";

export function LanguageList({ settings }: { settings: ProgramLanguage }) {
  return (
    <>
      <section class="card" aria-labelledby="language-title">
        <h2 id="language-title">Language</h2>
        <p>
          <span class="language-tag" data-testid="language-tag">
            {settings.language}
          </span>{" "}
          <span class="muted">(a BCP 47 tag: the language of the advocates' portal)</span>
        </p>
      </section>
      {messageGroups(settings.messages).map((group, i) => (
        <section class="card" key={group.about} aria-labelledby={`language-group-${i}`}>
          <h2 id={`language-group-${i}`}>{aboutHeading(group.about)}</h2>
          <div class="table-scroll">
            <table class="table language-table">
              <caption class="visually-hidden">{aboutHeading(group.about)}</caption>
              <thead>
                <tr>
                  <th scope="col">Sentence</th>
                  <th scope="col">Wording</th>
                  <th scope="col">Default</th>
                  <th scope="col">Placeholders</th>
                </tr>
              </thead>
              <tbody>
                {group.messages.map((m) => (
                  <tr key={m.key} data-key={m.key}>
                    <th scope="row">
                      <code>{m.key}</code>
                    </th>
                    <td>
                      {m.text} {m.custom ? <Badge value="customized" text="own" /> : null}
                    </td>
                    <td class="muted">{m.default}</td>
                    <td>{m.placeholders.length ? listPlaceholders(m.placeholders) : <span class="muted">none</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
