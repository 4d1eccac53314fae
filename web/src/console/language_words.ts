// A program's language and wording in the console's terms: its sentences grouped by where advocates
// read them, the form's values (fields named as the server names them: "language",
// "messages.stage.won", so that its 422 lands on the field it means) and the PUT body of what the
// form changed.
import type { AdvocateMessage, ProgramLanguage } from "../models";
import { listPlaceholders } from "../share_message";
import { changedFields, type Values } from "../ui/form";

export interface MessageGroup {
  about: string; // the heading: where advocates read them
  messages: AdvocateMessage[];
}

// The sentences in the server's order, a group for each place advocates read them.
export function messageGroups(messages: AdvocateMessage[]): MessageGroup[] {
  const groups: MessageGroup[] = [];
  for (const message of messages) {
    const last = groups[groups.length - 1];
    if (last && last.about === message.about) last.messages.push(message);
    else groups.push({ about: message.about, messages: [message] });
  }
  return groups;
}

export function aboutHeading(about: string): string {
  return about.charAt(0).toUpperCase() + about.slice(1);
}

export const messageField = (key: string) => `messages.${key}`;

export function placeholdersInWords(names: string[]): string {
  return names.length ? `Placeholders: ${listPlaceholders(names)}.` : "No placeholders.";
}

// The form's values: the language, and each sentence's own wording ("" when it says the default).
export function languageValues(settings: ProgramLanguage): Values {
  const values: Values = { language: settings.language };
  for (const m of settings.messages) values[messageField(m.key)] = m.custom ? m.text : "";
  return values;
}

export interface LanguageChange {
  language?: string;
  messages?: Record<string, string | null>;
}

// What the form changed, as the PUT body: the language when it changed, and each changed sentence's
// wording (null when emptied: back to the default). Null when nothing changed.
export function languageChange(before: Values, after: Values): LanguageChange | null {
  const changed = changedFields(before, after) as Values;
  const body: LanguageChange = {};
  const messages: Record<string, string | null> = {};
  for (const [field, value] of Object.entries(changed)) {
    if (field === "language") body.language = value.trim();
    else if (field.startsWith("messages.")) messages[field.slice("messages.".length)] = value.trim() ? value : null;
  }
  if (Object.keys(messages).length) body.messages = messages;
  return Object.keys(body).length ? body : null;
}
