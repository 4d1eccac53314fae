// The NPS question's 0–10 scale, as the survey page and the portal's question show it: eleven
// buttons, the chosen one pressed, labelled at both ends; and the question as the API gives it.
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
