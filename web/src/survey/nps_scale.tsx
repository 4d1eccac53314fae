// The NPS question's parts, as the survey page and the portal's question show them: the 0–10
// scale (eleven buttons, the chosen one pressed, labelled at both ends), the form that sends the
// reason for a score, and the question as the API gives it.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Field, FormMessage, Submit, useForm } from "../ui/form";
import { Notice } from "../ui/layout";

export interface Survey {
  program_name: string;
  first_name: string;
  question: string;
  score: number | null;
  class: string | null;
  comment: string;
}

const scores = Array.from({ length: 11 }, (_, i) => i);

export function Scale({ chosen, busy, onChoose }: { chosen: number | null; busy: boolean; onChoose: (score: number) => void }) {
  return (
    <fieldset class="nps-scale">
      <legend class="visually-hidden">Your answer, from 0 (not at all likely) to 10 (extremely likely)</legend>
      <div class="nps-scores">
        {scores.map((s) => (
          <button key={s} type="button" disabled={busy} aria-pressed={chosen === s} onClick={() => onChoose(s)}>
            {s}
          </button>
        ))}
      </div>
      <p class="hint nps-ends" aria-hidden="true">
        <span>0: not at all likely</span>
        <span>10: extremely likely</span>
      </p>
    </fieldset>
  );
}

// "What is the main reason for your score?": the reason given so far (`comment`), sent with `send`
// (whose refusal shows on the field), then thanked.
export function ReasonForm({ comment, send, children }: {
  comment: string;
  send: (comment: string) => Promise<void>;
  children?: ComponentChildren;
}) {
  const form = useForm({ comment });
  const [thanked, setThanked] = useState(false);
  useEffect(() => form.reset({ comment }), [comment]);
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await form.submit((v) => send(v.comment))) setThanked(true);
      }}
    >
      {children}
      <FormMessage form={form} />
      <Field form={form} name="comment" label="What is the main reason for your score?" multiline
        hint="Optional. It goes to the team that runs the program." />
      <Submit form={form}>Send</Submit>
      {thanked ? <Notice kind="success">Thank you: your reason is with the team.</Notice> : null}
    </form>
  );
}
