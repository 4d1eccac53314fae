// /console/settings: the signed-in user's own settings — the emails Bluebird sends them about the
// programs (a referral held for review, a morning digest, a monthly report, a detractor to call). Each choice is saved when it changes.
// Admins and managers may turn them on; anyone may turn them off (the server's 403 is said in words).
import { useState } from "preact/hooks";
import { ApiError, get, put } from "../api";
import type { NotificationChoices } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { roleName } from "./roles";
import { useSession } from "./session";

type Topic = keyof NotificationChoices;

const topics: { key: Topic; label: string; explanation: string }[] = [
  {
    key: "referral_held",
    label: "A referral is held for review",
    explanation:
      "An email as soon as a new referral is held for review (a possible duplicate, a self-referral or another reason to look first), so that someone clears or rejects it soon.",
  },
  {
    key: "daily_digest",
    label: "Daily digest",
    explanation:
      "An email each day from 07:00 UTC: yesterday's referrals submitted and won in each program, and what waits now: held referrals and rewards to approve.",
  },
  {
    key: "monthly_report",
    label: "Monthly report",
    explanation:
      "An email on the first of each month from 07:00 UTC: each program's month before — referrals, wins, revenue and ROI — with links to its report as a web page and as a PDF.",
  },
  {
    key: "followup_opened",
    label: "A detractor needs a follow-up",
    explanation:
      "An email each time an NPS answer of 0 to 6 opens a follow-up task, in any program, so that someone calls the person within 48 hours. Whoever enrolled the advocate gets it anyway: the follow-up is theirs.",
  },
];

type Outcome = { kind: "success" | "error"; text: string } | null;

function Choices({ initial }: { initial: NotificationChoices }) {
  const { me, canManage } = useSession();
  const [choices, setChoices] = useState(initial);
  const [busy, setBusy] = useState<Topic | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const change = async (topic: Topic, on: boolean, label: string) => {
    setBusy(topic);
    setOutcome(null);
    setChoices((old) => ({ ...old, [topic]: on }));
    try {
      const saved = await put<NotificationChoices>("/api/v1/me/notifications", { [topic]: on });
      setChoices(saved);
      setOutcome({ kind: "success", text: `Saved: ${on ? "you will get" : "you will no longer get"} the email “${label}”.` });
    } catch (failure) {
      setChoices((old) => ({ ...old, [topic]: !on }));
      const words =
        failure instanceof ApiError && failure.status === 403
          ? `only admins and managers may turn on emails about the programs; as a ${roleName(me.role).toLowerCase()} you can only turn them off.`
          : failure instanceof ApiError
            ? failure.message
            : String(failure);
      setOutcome({ kind: "error", text: `Not saved: ${words}` });
    } finally {
      setBusy(null);
    }
  };
  return (
    <form class="card form settings-form" aria-labelledby="notifications-title" onSubmit={(e) => e.preventDefault()}>
      <fieldset class="choices">
        <legend id="notifications-title">Emails to me ({me.user?.email})</legend>
        {!canManage ? (
          <p class="hint" id="notifications-role">
            As a {roleName(me.role).toLowerCase()} you may turn these off, not on: they are for admins and managers.
          </p>
        ) : null}
        {topics.map((t) => (
          <div class="setting" key={t.key}>
            <label class="choice" for={`notify-${t.key}`}>
              <input
                id={`notify-${t.key}`}
                type="checkbox"
                checked={choices[t.key]}
                disabled={busy !== null}
                aria-describedby={`notify-${t.key}-hint`}
                onChange={(e) => change(t.key, e.currentTarget.checked, t.label)}
              />
              {t.label}
            </label>
            <p class="hint" id={`notify-${t.key}-hint`}>
              {t.explanation}
            </p>
          </div>
        ))}
      </fieldset>
      <div role="status" aria-live="polite">
        {outcome?.kind === "success" ? <p class="notice notice-success">{outcome.text}</p> : null}
      </div>
      {outcome?.kind === "error" ? <Notice kind="error">{outcome.text}</Notice> : null}
    </form>
  );
}

export function SettingsPage() {
  const choices = useLoad(() => get<NotificationChoices>("/api/v1/me/notifications"), []);
  return (
    <ConsoleShell title="Your settings">
      {choices.error ? (
        <Notice kind="error">
          {choices.error.status === 409 ? "These settings belong to a user; an API key has none." : choices.error.message}
        </Notice>
      ) : null}
      {!choices.error && !choices.data ? <Loading /> : null}
      {choices.data ? <Choices initial={choices.data} /> : null}
    </ConsoleShell>
  );
}
