// The parts of "How did we do?" that the rating page and the portal share: the three answers as
// buttons with their words (the face beside each is decoration), the "Wow!" extra that goes with
// happy, a rating in words, and the form that sends an optional comment.
import { useEffect, useState } from "preact/hooks";
import type { RatingValue } from "../models";
import { Field, FormMessage, Submit, useForm } from "../ui/form";
import { Notice } from "../ui/layout";

export const ratingValues: { value: RatingValue; face: string; label: string }[] = [
  { value: "happy", face: "😊", label: "Happy" },
  { value: "ok", face: "😐", label: "OK" },
  { value: "unhappy", face: "😞", label: "Unhappy" },
];

// "Happy", "OK", "Unhappy".
export function ratingInWords(value: RatingValue): string {
  return ratingValues.find((v) => v.value === value)?.label ?? value;
}

// Text in a rating's address (?value=…) when it is one of the three answers; null otherwise.
export function ratingValueIn(text: string | undefined): RatingValue | null {
  return ratingValues.find((v) => v.value === text)?.value ?? null;
}

// The three answers, `chosen` pressed; `legend` says what is rated (hidden when `hideLegend`: a
// heading beside it says so already).
export function RatingFaces({ legend, hideLegend, chosen, busy, onChoose }: {
  legend: string;
  hideLegend?: boolean;
  chosen: RatingValue | null;
  busy: boolean;
  onChoose: (value: RatingValue) => void;
}) {
  return (
    <fieldset class="rating-faces">
      <legend class={hideLegend ? "visually-hidden" : undefined}>{legend}</legend>
      <div class="rating-buttons">
        {ratingValues.map((v) => (
          <button key={v.value} type="button" class={`rating-${v.value}`} disabled={busy} aria-pressed={chosen === v.value}
            onClick={() => onChoose(v.value)}>
            <span class="rating-face" aria-hidden="true">
              {v.face}
            </span>
            {v.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

// "Wow!": a happy rater saying it went beyond what they hoped; pressed again, taken back.
export function WowToggle({ wow, busy, onChange }: { wow: boolean; busy: boolean; onChange: (wow: boolean) => void }) {
  return (
    <p>
      <button type="button" class="rating-wow" disabled={busy} aria-pressed={wow} aria-describedby="rating-wow-hint"
        onClick={() => onChange(!wow)}>
        <span aria-hidden="true">★ </span>Wow!
      </button>{" "}
      <span class="hint" id="rating-wow-hint">
        Better than you hoped? Press it to tell us.
      </span>
    </p>
  );
}

// An optional comment on a rating, `comment` being the one sent so far; `send` sends it (its
// refusal shows on the field), then the form thanks the rater.
export function CommentForm({ comment, send }: { comment: string; send: (comment: string) => Promise<void> }) {
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
      <FormMessage form={form} />
      <Field form={form} name="comment" label="Anything you would like to add?" multiline
        hint="Optional, up to 1,000 characters. It goes to the team." />
      <Submit form={form}>Send the comment</Submit>
      {thanked ? <Notice kind="success">Thank you: your comment is with the team.</Notice> : null}
    </form>
  );
}
