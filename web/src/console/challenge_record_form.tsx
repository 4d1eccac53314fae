// "Record a step" (admins and managers): that an advocate did a step the team approves (attended
// an event, wrote a review, did a task of the program's own), approved at once and its points
// given. The advocate is named by email (looked up among the program's advocates) or by id; the
// server's refusals land under the field they name, and its 409 (their limit reached, the
// challenge closed or not offered to them) above the button.
import { useEffect } from "preact/hooks";
import { ApiError, get, post, query } from "../api";
import type { Advocate, Challenge, ChallengeCompletion, Page } from "../models";
import { Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";
import { pointsWords } from "../ui/points";

// The claimed steps of `c`, as choices: their index and words.
function claimedSteps(c: Challenge | undefined): { value: string; label: string }[] {
  return (c?.steps ?? []).flatMap((s, i) => (s.claimed ? [{ value: String(i), label: `${i + 1}. ${s.words}` }] : []));
}

// The advocate's id: as typed, or the one of the program's advocate with this email.
async function advocateId(programId: string, typed: string): Promise<string> {
  const text = typed.trim();
  if (!text.includes("@")) return text;
  const found = await get<Page<Advocate>>(`/api/v1/programs/${programId}/advocates${query({ q: text, limit: 10 })}`);
  const match = found.data.find((a) => a.email.toLowerCase() === text.toLowerCase());
  if (match) return match.id;
  throw new ApiError({
    title: "Unknown advocate",
    status: 422,
    detail: "Check the highlighted fields.",
    errors: [{ field: "advocate", message: "is not the email of one of this program's advocates" }],
  });
}

const fieldOf = (field: string) => (field === "advocate_id" ? "advocate" : field);

interface Props {
  programId: string;
  challenges: Challenge[]; // open ones with a step the team approves
  onRecorded: (text: string) => void;
}

export function ChallengeRecordForm({ programId, challenges, onRecorded }: Props) {
  const first = challenges[0];
  const initial: Values = { advocate: "", challenge: first?.id ?? "", step: claimedSteps(first)[0]?.value ?? "", url: "", text: "" };
  const form = useForm(initial, (v) => requireFields(v, { advocate: "their email or id", challenge: "the challenge", step: "the step" }), fieldOf);
  const v = form.values;
  const challenge = challenges.find((c) => c.id === v.challenge);
  const steps = claimedSteps(challenge);
  const step = challenge?.steps[Number(v.step)];
  // A step of the challenge chosen: its first one when the challenge changes.
  useEffect(() => {
    if (!steps.some((s) => s.value === v.step)) form.set("step", steps[0]?.value ?? "");
  }, [v.challenge]);
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="challenge-record-title"
      onSubmit={async (e) => {
        e.preventDefault();
        let done: ChallengeCompletion | undefined;
        const ok = await form.submit(async (values) => {
          const id = await advocateId(programId, values.advocate);
          done = await post<ChallengeCompletion>(`/api/v1/challenges/${values.challenge}/completions`, {
            advocate_id: id,
            step: Number(values.step),
            ...(values.url.trim() ? { url: values.url.trim() } : {}),
            ...(values.text.trim() ? { text: values.text.trim() } : {}),
          });
        });
        if (ok && done) {
          onRecorded(`Recorded: ${done.advocate_name ?? done.advocate_id} did “${step?.words ?? ""}”; ${pointsWords(done.points)} given.`);
          form.reset({ ...v, advocate: "", url: "", text: "" });
        }
      }}
    >
      <h2 id="challenge-record-title">Record a step</h2>
      <p class="hint">
        For a step the team approves that an advocate did without claiming it (they came to your event, say): it is
        approved at once and its points given.
      </p>
      <Field form={form} name="advocate" id="challenge-record-advocate" label="Advocate" required autoComplete="off"
        hint="Their email, or their id (adv_…)." />
      <div class="row">
        <Field form={form} name="challenge" id="challenge-record-challenge" label="Challenge" required
          options={challenges.map((c) => ({ value: c.id, label: c.name }))} />
        <Field form={form} name="step" id="challenge-record-step" label="Step" required options={steps} />
      </div>
      {step?.type === "write_review" ? (
        <Field form={form} name="url" id="challenge-record-url" label="Link to the review" type="url" required
          hint="The address where it can be read, starting with https://" />
      ) : (
        <Field form={form} name="text" id="challenge-record-text" label="What they did" multiline
          required={step?.type === "custom"} hint={step?.type === "custom" ? undefined : "Optional, e.g. the event's name."} />
      )}
      <FormMessage form={form} />
      <Submit form={form}>Record the step</Submit>
    </form>
  );
}
