// A program's points settings, on its page (admins and managers): whether the program keeps
// points, what each action earns, after how many days redeemable points expire, and the levels and
// badges as rows to edit, add and remove. The rows' fields are named as the server names them
// ("levels[1].min_points", "badges[0].action"), so its 422 lands on the field it means. Changes count
// from when they are saved: nothing earned before is recounted.
import { useState } from "preact/hooks";
import { get, patch } from "../api";
import { dateTime } from "../format";
import type { BadgeAction, PointsSettings } from "../models";
import { badgeGoal, day } from "../ui/points";
import { useLoad } from "../ui/data";
import { checkNumber, Field, FormMessage, Submit, useForm, withoutRow, type FormState, type Values } from "../ui/form";
import { Loading, Notice } from "../ui/layout";

const actions = [
  { name: "referral_submitted", label: "A referral submitted" },
  { name: "referral_qualified", label: "A referral qualified" },
  { name: "referral_won", label: "A referral won (a new customer)" },
  { name: "nps_answered", label: "An answer to Bluebird's NPS survey" },
] as const;

const badgeActions: { value: BadgeAction; label: string }[] = [
  { value: "referral_submitted", label: "Referrals submitted" },
  { value: "referral_qualified", label: "Referrals qualified" },
  { value: "referral_won", label: "Referrals won" },
  { value: "nps_answered", label: "Survey answers" },
  { value: "challenge", label: "Challenge steps done" },
  { value: "lifetime_points", label: "Lifetime points" },
];

const levelFields = ["name", "min_points"];
const badgeFields = ["name", "action", "count"];

function valuesOf(s: PointsSettings): Values {
  const values: Values = {
    enabled: s.enabled ? "true" : "false",
    referral_submitted: String(s.referral_submitted),
    referral_qualified: String(s.referral_qualified),
    referral_won: String(s.referral_won),
    nps_answered: String(s.nps_answered),
    expire_after_days: String(s.expire_after_days),
    board_groups: s.board_groups.join(", "),
  };
  s.levels.forEach((level, i) => {
    values[`levels[${i}].name`] = level.name;
    values[`levels[${i}].min_points`] = String(level.min_points);
  });
  s.badges.forEach((badge, i) => {
    values[`badges[${i}].name`] = badge.name;
    values[`badges[${i}].action`] = badge.action;
    values[`badges[${i}].count`] = String(badge.count);
  });
  return values;
}

// The server names a group by its place ("board_groups[1]"); the form has one field for the list.
const groupsField = (field: string) => (field.startsWith("board_groups") ? "board_groups" : field);

const groupsOf = (text: string) =>
  text
    .split(",")
    .map((group) => group.trim())
    .filter((group) => group !== "");

const whole = (text: string) => Number(text.trim().replace(/[\s,]/g, ""));

// A list's own problem (none left, too many), which the server names by the list.
function ListError({ form, name }: { form: FormState; name: string }) {
  const error = form.errors[name];
  return error ? (
    <p class="error" id={`points-${name}-error`}>
      {error}
    </p>
  ) : null;
}

interface FormProps {
  settings: PointsSettings;
  onSubmitting: () => void;
  onSaved: (saved: PointsSettings) => void;
}

function SettingsForm({ settings, onSubmitting, onSaved }: FormProps) {
  const [levels, setLevels] = useState(settings.levels.length);
  const [badges, setBadges] = useState(settings.badges.length);
  const form = useForm(valuesOf(settings), (v) => {
    const errors: Record<string, string> = {};
    for (const a of actions) {
      if (!v[a.name].trim()) errors[a.name] = "is required: a number of points (0 for none)";
      checkNumber(v, a.name, { min: 0, max: 1_000_000, decimals: 0, what: "a number of points" }, errors);
    }
    if (!v.expire_after_days.trim()) errors.expire_after_days = "is required: a number of days (0: never)";
    checkNumber(v, "expire_after_days", { min: 0, max: 3650, decimals: 0, what: "a number of days" }, errors);
    // Only the form of each number here: their order and the names are the server's to judge.
    for (let i = 0; i < levels; i++) {
      const at = `levels[${i}].min_points`;
      if (!(v[at] ?? "").trim()) errors[at] = "is required: the lifetime points from which the level is reached";
      checkNumber(v, at, { min: 0, max: 1_000_000_000, decimals: 0, what: "a number of points" }, errors);
    }
    for (let i = 0; i < badges; i++) {
      const at = `badges[${i}].count`;
      if (!(v[at] ?? "").trim()) errors[at] = "is required: how many";
      checkNumber(v, at, { min: 1, max: 1_000_000_000, decimals: 0, what: "a whole number" }, errors);
    }
    return errors;
  }, groupsField);
  const v = form.values;
  return (
    <form
      class="form points-settings"
      noValidate
      aria-labelledby="points-settings-title"
      onSubmit={async (e) => {
        e.preventDefault();
        onSubmitting();
        let answer: PointsSettings | undefined;
        const ok = await form.submit(async (values) => {
          answer = await patch<PointsSettings>(`/api/v1/programs/${settings.program_id}/points-settings`, {
            enabled: values.enabled === "true",
            referral_submitted: whole(values.referral_submitted),
            referral_qualified: whole(values.referral_qualified),
            referral_won: whole(values.referral_won),
            nps_answered: whole(values.nps_answered),
            expire_after_days: whole(values.expire_after_days),
            levels: Array.from({ length: levels }, (_, i) => ({
              name: values[`levels[${i}].name`] ?? "",
              min_points: whole(values[`levels[${i}].min_points`] ?? ""),
            })),
            badges: Array.from({ length: badges }, (_, i) => ({
              name: values[`badges[${i}].name`] ?? "",
              action: values[`badges[${i}].action`] ?? "",
              count: whole(values[`badges[${i}].count`] ?? ""),
            })),
            board_groups: groupsOf(values.board_groups),
          });
        });
        if (ok && answer) onSaved(answer);
      }}
    >
      <div class="setting">
        <label class="choice" for="points-enabled">
          <input
            id="points-enabled"
            type="checkbox"
            checked={v.enabled === "true"}
            aria-describedby="points-enabled-hint"
            onChange={(e) => form.set("enabled", e.currentTarget.checked ? "true" : "false")}
          />
          Keep points in this program
        </label>
        <p class="hint" id="points-enabled-hint">
          Off: nothing more is earned, and the advocates' portal shows no points, badges or leaderboard. Points already
          earned are kept.
        </p>
      </div>
      <fieldset class="choices">
        <legend>Points for each action</legend>
        <div class="field-grid">
          {actions.map((a) => (
            <Field key={a.name} form={form} name={a.name} id={`points-${a.name}`} label={a.label} inputMode="numeric" />
          ))}
        </div>
      </fieldset>
      <Field form={form} name="expire_after_days" id="points-expire_after_days" label="Redeemable points expire after (days)"
        inputMode="numeric"
        hint={`0: never. Points expire this many days after they were earned; lifetime points never expire.${
          settings.expiry_from ? ` Points earned before ${day(settings.expiry_from)} count their days from then.` : ""
        }`} />
      <fieldset class={form.errors.levels ? "choices field-error" : "choices"} aria-describedby="points-levels-hint">
        <legend>Levels</legend>
        <p class="hint" id="points-levels-hint">
          By lifetime points, lowest first: the first level starts at 0, and each one after it at more points than the one
          before.
        </p>
        <ListError form={form} name="levels" />
        <ol class="points-rows">
          {Array.from({ length: levels }, (_, i) => (
            <li class="points-row points-row-level" key={i}>
              <Field form={form} name={`levels[${i}].name`} id={`points-level-${i}-name`} label={`Level ${i + 1} name`} />
              <Field form={form} name={`levels[${i}].min_points`} id={`points-level-${i}-min`}
                label={`Level ${i + 1} from (points)`} inputMode="numeric" />
              <button type="button" class="link-button" disabled={levels <= 1}
                onClick={() => {
                  form.reset(withoutRow(v, "levels", levelFields, levels, i));
                  setLevels(levels - 1);
                }}>
                Remove <span class="visually-hidden">level {i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => {
          form.set(`levels[${levels}].name`, "");
          form.set(`levels[${levels}].min_points`, "");
          setLevels(levels + 1);
        }}>
          Add a level
        </button>
      </fieldset>
      <fieldset class={form.errors.badges ? "choices field-error" : "choices"} aria-describedby="points-badges-hint">
        <legend>Badges</legend>
        <p class="hint" id="points-badges-hint">
          A badge is earned with the chosen number of actions of its kind (a rejected referral's do not count), or when
          lifetime points reach the number.
        </p>
        <ListError form={form} name="badges" />
        {badges === 0 ? <p class="muted">No badges.</p> : null}
        <ol class="points-rows">
          {Array.from({ length: badges }, (_, i) => (
            <li class="points-row points-row-badge" key={i}>
              <Field form={form} name={`badges[${i}].name`} id={`points-badge-${i}-name`} label={`Badge ${i + 1} name`} />
              <Field form={form} name={`badges[${i}].action`} id={`points-badge-${i}-action`} label={`Badge ${i + 1} counts`}
                options={badgeActions} />
              <Field form={form} name={`badges[${i}].count`} id={`points-badge-${i}-count`} label={`Badge ${i + 1} at`}
                inputMode="numeric"
                hint={/^\d+$/.test(v[`badges[${i}].count`] ?? "") ? badgeGoal(v[`badges[${i}].action`] ?? "", Number(v[`badges[${i}].count`])) : undefined} />
              <button type="button" class="link-button"
                onClick={() => {
                  form.reset(withoutRow(v, "badges", badgeFields, badges, i));
                  setBadges(badges - 1);
                }}>
                Remove <span class="visually-hidden">badge {i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={() => {
          form.set(`badges[${badges}].name`, "");
          form.set(`badges[${badges}].action`, "referral_submitted");
          form.set(`badges[${badges}].count`, "1");
          setBadges(badges + 1);
        }}>
          Add a badge
        </button>
      </fieldset>
      <Field form={form} name="board_groups" id="points-board_groups" label="Group leaderboards (tags, separated by commas)"
        hint="Advocates with one of these tags also see a leaderboard of their group in the portal, ranked among its members only; nobody else sees it. Everyone stays on the program's leaderboard." />
      <FormMessage form={form} />
      <Submit form={form}>Update the points settings</Submit>
      {settings.updated_at ? (
        <p class="hint">Last changed {dateTime(settings.updated_at)}.</p>
      ) : (
        <p class="hint">The defaults: nobody has changed them yet.</p>
      )}
    </form>
  );
}

export function PointsSettingsSection({ programId }: { programId: string }) {
  const settings = useLoad(() => get<PointsSettings>(`/api/v1/programs/${programId}/points-settings`), [programId]);
  const [notice, setNotice] = useState("");
  return (
    <section class="card" aria-labelledby="points-settings-title">
      <h2 id="points-settings-title">Points</h2>
      <p class="hint">
        Advocacy points: a unit of their own, not money. Advocates earn them for referrals, survey answers and{" "}
        <a href={`/console/challenges?program_id=${encodeURIComponent(programId)}`}>challenges</a>, reach
        levels and badges, and appear on the program's <a href={`/console/leaderboard?program_id=${encodeURIComponent(programId)}`}>leaderboard</a>.
        Changes count from when they are saved; points already earned stay as they are.
      </p>
      {settings.error ? <Notice kind="error">{settings.error.message}</Notice> : null}
      {!settings.data && !settings.error ? <Loading /> : null}
      {settings.data ? (
        <SettingsForm
          key={settings.data.updated_at ?? "defaults"}
          settings={settings.data}
          onSubmitting={() => setNotice("")}
          onSaved={(saved) => {
            setNotice("Saved: the points settings count from now.");
            settings.replace(saved);
          }}
        />
      ) : null}
      <div role="status" aria-live="polite">
        {notice ? <p class="notice notice-success">{notice}</p> : null}
      </div>
    </section>
  );
}
