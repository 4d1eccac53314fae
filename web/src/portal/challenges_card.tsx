// The portal's "Challenges", beside the points card: the open challenges offered to the advocate
// (GET /api/v1/portal/challenges), each step with its points and where the advocate stands
// ("Done", "Waiting for the team", "1 of 3 done"). A step the team approves (a review, an event, a
// task of the program's own) has a small form to send what they did, whose refusals land under the
// field the server names (what a step needs is the server's to judge); a step that cannot be done
// now says why. Under them, the advocate's latest steps and where each stands, a rejection with the
// team's note. Nothing is shown when the program keeps no points (the server answers 409), nor
// while there is no challenge and nothing was ever done.
import { useState } from "preact/hooks";
import { get, post } from "../api";
import type { PortalChallenge, PortalChallengeStep, PortalChallenges, PortalCompletion } from "../models";
import { useLoad } from "../ui/data";
import { Field, FormMessage, Submit, useForm } from "../ui/form";
import { Badge, Notice } from "../ui/layout";
import { day, points, pointsWords } from "../ui/points";
import { usePortalMessages } from "./portal_messages";
import { completionStatusInWords } from "./portal_words";

// Where the advocate stands on a step: done (once, or "1 of 3 done"), and claims waiting.
function Progress({ step }: { step: PortalChallengeStep }) {
  const messages = usePortalMessages();
  const waiting =
    step.pending > 0 ? (
      <Badge value="pending"
        text={step.pending === 1 ? completionStatusInWords("pending", messages) : `${points(step.pending)} waiting for the team`} />
    ) : null;
  if (step.limit === 1) return step.done > 0 ? <Badge value="approved" text="Done" /> : waiting;
  return (
    <>
      <span>
        {points(step.done)} of {points(step.limit)} done
      </span>
      {waiting}
    </>
  );
}

// Why the step cannot be done now, unless its progress says it already (done or waiting as often
// as it counts).
function whyNot(step: PortalChallengeStep): string | null {
  if (step.available || step.done + step.pending >= step.limit) return null;
  return step.why_not;
}

function ClaimForm({ challenge, step, onSent }: { challenge: PortalChallenge; step: PortalChallengeStep; onSent: (text: string) => void }) {
  const form = useForm({ url: "", text: "" });
  const id = (name: string) => `challenge-${challenge.id}-step-${step.step}-${name}`;
  return (
    <form
      class="form challenge-claim"
      noValidate
      aria-label={`Tell the team: ${step.words}`}
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit((v) =>
          post(`/api/v1/portal/challenges/${challenge.id}/completions`, {
            step: step.step,
            ...(v.url.trim() ? { url: v.url.trim() } : {}),
            ...(v.text.trim() ? { text: v.text.trim() } : {}),
          }),
        );
        if (ok) {
          form.reset({ url: "", text: "" });
          onSent(`Sent: “${step.words}” waits for the team. You get ${pointsWords(step.points)} once they approve it.`);
        }
      }}
    >
      {step.url_required ? (
        <Field form={form} name="url" id={id("url")} label="Link to your review" type="url" required
          hint="The address where anyone can read it, starting with https://" />
      ) : (
        <Field form={form} name="text" id={id("text")} multiline required={step.text_required}
          label={step.text_required ? "What you did" : "Anything the team should know"}
          hint={step.text_required ? "A few words, so the team can check it." : "Optional."} />
      )}
      <FormMessage form={form} />
      <Submit form={form}>
        Send to the team<span class="visually-hidden"> ({step.words})</span>
      </Submit>
    </form>
  );
}

function StepItem({ challenge, step, onSent }: { challenge: PortalChallenge; step: PortalChallengeStep; onSent: (text: string) => void }) {
  const why = whyNot(step);
  return (
    <li class="challenge-step">
      <div class="challenge-step-head">
        <span class="challenge-step-words">{step.words}</span>
        <span class="challenge-step-points">{pointsWords(step.points)}</span>
      </div>
      <div class="challenge-step-state">
        <Progress step={step} />
      </div>
      {why ? <p class="challenge-step-why">{why}</p> : null}
      {step.available && step.claimed ? <ClaimForm challenge={challenge} step={step} onSent={onSent} /> : null}
      {step.available && !step.claimed ? <p class="hint">Counted by itself when you do it: nothing to send.</p> : null}
    </li>
  );
}

function ChallengeItem({ challenge, onSent }: { challenge: PortalChallenge; onSent: (text: string) => void }) {
  const titleId = `challenge-${challenge.id}-name`;
  return (
    <li class="challenge">
      <h3 id={titleId}>{challenge.name}</h3>
      {challenge.description ? <p class="challenge-description">{challenge.description}</p> : null}
      {challenge.ends_at ? <p class="muted">Ends on {day(challenge.ends_at)}.</p> : null}
      <ol class="challenge-steps" aria-labelledby={titleId}>
        {challenge.steps.map((step) => (
          <StepItem key={step.step} challenge={challenge} step={step} onSent={onSent} />
        ))}
      </ol>
    </li>
  );
}

// The advocate's latest steps, each named by its challenge and the step.
function Recent({ recent }: { recent: PortalCompletion[] }) {
  const messages = usePortalMessages();
  if (recent.length === 0) return <p class="muted">Nothing done yet: take a step above.</p>;
  return (
    <ul class="challenge-recent" aria-label="Your latest steps">
      {recent.map((c) => {
        const words = c.words;
        return (
          <li key={c.id}>
            <div class="challenge-step-head">
              <span class="challenge-step-words">
                {c.challenge_name ?? "A challenge"}
                {words ? ` — ${words}` : ""}
              </span>
              <span class="challenge-step-points">{pointsWords(c.points)}</span>
            </div>
            <div class="challenge-step-state">
              <Badge value={c.status} text={completionStatusInWords(c.status, messages)} />
              <span class="muted">{day(c.created_at)}</span>
            </div>
            {c.status === "rejected" && c.note ? <p class="challenge-note">The team said: “{c.note}”</p> : null}
          </li>
        );
      })}
    </ul>
  );
}

export function ChallengesCard() {
  const mine = useLoad(() => get<PortalChallenges>("/api/v1/portal/challenges"), []);
  const [sent, setSent] = useState("");
  // The program keeps no points: no challenges. Nothing either until they are read, or when there
  // is no challenge and nothing done before.
  const m = mine.data;
  if (mine.error?.status === 409) return null;
  if (!m && !mine.error) return null;
  if (m && m.challenges.length === 0 && m.recent.length === 0) return null;
  const onSent = (text: string) => {
    setSent(text);
    mine.reload();
  };
  return (
    <section class="card challenges-card" aria-labelledby="challenges-title">
      <h2 id="challenges-title">Challenges</h2>
      {mine.error ? <Notice kind="error">{mine.error.message}</Notice> : null}
      {m ? (
        <>
          <p class="challenges-intro">
            Earn points for each step. Some count by themselves; for the others, tell the team what you did and they
            add the points once they have checked.
          </p>
          {m.challenges.length === 0 ? (
            <p class="muted">No challenges open right now.</p>
          ) : (
            <ul class="challenges" aria-label="Open challenges">
              {m.challenges.map((c) => (
                <ChallengeItem key={c.id} challenge={c} onSent={onSent} />
              ))}
            </ul>
          )}
          <div role="status" aria-live="polite">
            {sent ? <p class="notice notice-success">{sent}</p> : null}
          </div>
          <div class="points-part" role="group" aria-labelledby="challenge-recent-title">
            <h3 id="challenge-recent-title">Your latest steps</h3>
            <Recent recent={m.recent} />
          </div>
        </>
      ) : null}
    </section>
  );
}
