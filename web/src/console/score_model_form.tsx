// A program's score model: the version in use, its rules in words, and (admins and managers) the
// rules as JSON to publish as the next version — the API's own shape (docs/api.md, "Lead scoring"),
// so a model can be copied between programs or kept in version control. The server's 422 names each
// bad field ("groups[0].fit_rules[1].attribute"); they are listed above the button.
import { useState } from "preact/hooks";
import { ApiError, put } from "../api";
import { dateTime } from "../format";
import type { FitRule, EventRule, ScoreModel } from "../models";

function fitWords(rule: FitRule): string {
  const values = rule.values.length > 0 ? ` ${rule.values.join(", ")}` : "";
  return `${rule.attribute} ${rule.op}${values}`;
}

function eventWords(rule: EventRule): string {
  const filters = [rule.product && `product ${rule.product}`, rule.channel && `channel ${rule.channel}`].filter(Boolean);
  const caps = [
    !rule.repeatable && "once",
    rule.max_per_day !== null && `at most ${rule.max_per_day} a day`,
    rule.max_points !== null && `at most ${rule.max_points} in all`,
  ].filter(Boolean);
  return [rule.event_type, ...filters].join(", ") + (caps.length > 0 ? ` (${caps.join(", ")})` : "");
}

function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

function decayWords(model: ScoreModel): string {
  const d = model.decay;
  switch (d.mode) {
    case "none":
      return "Engagement points never fade.";
    case "window":
      return `Engagement points count for ${d.window_days} days.`;
    case "step":
      return `Engagement points lose ${d.step_bp / 100}% every ${d.period_days} days.`;
    case "half_life":
      return `Engagement points halve every ${d.half_life_days} days.`;
  }
}

export function ScoreModelRulesList({ model }: { model: ScoreModel }) {
  return (
    <>
      <p>
        <strong>{model.name}</strong>,{" "}
        {model.version === 0
          ? "the default model (nobody has published one)"
          : `version ${model.version}, published ${model.published_at ? dateTime(model.published_at) : ""}`}
        . Scores from −{model.score_limit} to {model.score_limit}. {decayWords(model)} An MQL from fit {model.mql.fit} and
        engagement {model.mql.engagement}; grade A from fit {model.bands.fit_a}, B from {model.bands.fit_b}; 1 from
        engagement {model.bands.engagement_1}, 2 from {model.bands.engagement_2}.
      </p>
      {model.groups.map((group, g) => (
        <div key={g} class="score-group">
          <h3>
            {group.name} <span class="hint">({group.dimension}, at most {group.limit})</span>
          </h3>
          <ul>
            {group.dimension === "fit"
              ? group.fit_rules.map((rule, r) => (
                  <li key={r}>
                    {signed(rule.points)} {fitWords(rule)}
                  </li>
                ))
              : group.event_rules.map((rule, r) => (
                  <li key={r}>
                    {signed(rule.points)} each {eventWords(rule)}
                  </li>
                ))}
          </ul>
        </div>
      ))}
    </>
  );
}

// The model without its program and publication fields: what PUT takes.
function rulesOf(model: ScoreModel): string {
  const { program_id: _p, version: _v, published_at: _a, published_by: _b, ...rules } = model;
  return JSON.stringify(rules, null, 2);
}

export function ScoreModelForm({ model, onPublished }: { model: ScoreModel; onPublished: (m: ScoreModel, changed: boolean) => void }) {
  const [text, setText] = useState(rulesOf(model));
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="form score-model-form"
      noValidate
      aria-label="Publish a new version"
      onSubmit={async (e) => {
        e.preventDefault();
        setErrors([]);
        setMessage("");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch (error) {
          setMessage(`The rules are not JSON: ${(error as Error).message}`);
          return;
        }
        setBusy(true);
        try {
          const answer = await put<ScoreModel & { published: boolean }>(`/api/v1/programs/${model.program_id}/score-model`, body);
          onPublished(answer, answer.published);
        } catch (error) {
          if (error instanceof ApiError) {
            setErrors(error.problem.errors ?? []);
            setMessage(error.problem.detail || error.problem.title);
          } else {
            setMessage(String(error));
          }
        } finally {
          setBusy(false);
        }
      }}
    >
      <div class={message ? "field field-error" : "field"}>
        <label for="score-model-rules">Rules (JSON)</label>
        <textarea id="score-model-rules" rows={18} spellcheck={false} value={text} aria-describedby="score-model-rules-hint"
          aria-invalid={message ? true : undefined} onInput={(e) => setText(e.currentTarget.value)} />
        <p class="hint" id="score-model-rules-hint">
          The API's shape (docs/api.md, “Lead scoring”). Publishing makes a new version; earlier versions stay, and every
          figure on this page can be read under any of them.
        </p>
      </div>
      {message ? (
        <div class="notice notice-error" role="alert">
          <p>{message}</p>
          {errors.length > 0 ? (
            <ul>
              {errors.map((error) => (
                <li key={error.field}>
                  <code>{error.field}</code> {error.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? "Working…" : "Publish as a new version"}
      </button>
    </form>
  );
}
