// /console/scores?program_id=&version=: a program's lead scores under a version of its model (the
// latest by default) — the calibration (each referral's score at submission against its outcome),
// the companies by rolled-up score, the open referrals by propensity — and the model's rules, which
// admins and managers publish as new versions. Admins, managers and viewers (sales reps are told it
// is not for them).
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, query } from "../api";
import type { Page, Program, ScoreCalibration, ScoreModel } from "../models";
import { useLoad } from "../ui/data";
import { Loading, Notice } from "../ui/layout";
import { ConsoleShell } from "./console_shell";
import { ChoiceFilter, ProgramFilter } from "./filters";
import { CalibrationSummary, DecileTable, GradeTable } from "./score_calibration";
import { AccountsTable, RankingTable } from "./score_lists";
import { ScoreModelForm, ScoreModelRulesList } from "./score_model_form";
import { useSession } from "./session";

function Calibration({ programId, version }: { programId: string; version: string }) {
  const calibration = useLoad(
    () => get<ScoreCalibration>(`/api/v1/scores/calibration${query({ program_id: programId, version })}`),
    [programId, version],
  );
  return (
    <section class="card" aria-labelledby="score-calibration-title">
      <h2 id="score-calibration-title">Does the score sort?</h2>
      <p class="hint">
        Every referral with its score when it was submitted (nothing after counts), against what became of it: won, or
        lost, rejected or still open after {calibration.data?.outcome_window_days ?? 180} days. Younger open ones are too
        young to tell and left out. An AUC of 0.5 is a coin toss; a top decile far above 1× means the score sorts.
      </p>
      {calibration.error ? <Notice kind="error">{calibration.error.message}</Notice> : null}
      {calibration.data ? (
        <>
          <CalibrationSummary calibration={calibration.data} />
          <DecileTable calibration={calibration.data} />
          <GradeTable calibration={calibration.data} />
        </>
      ) : calibration.error ? null : (
        <Loading />
      )}
    </section>
  );
}

function Scores() {
  const { query: params, route } = useLocation();
  const { canManage } = useSession();
  const programs = useLoad(() => get<Page<Program>>("/api/v1/programs?limit=200"), []);
  const programId = params.program_id || programs.data?.data[0]?.id || "";
  const [round, setRound] = useState(0);
  const [notice, setNotice] = useState("");
  const latest = useLoad(
    () => (programId ? get<ScoreModel>(`/api/v1/programs/${programId}/score-model`) : Promise.resolve(undefined)),
    [programId, round],
  );
  const versionParam = params.version ?? "";
  const version = versionParam || String(latest.data?.version ?? "");
  const shown = useLoad(
    () =>
      programId && version !== ""
        ? get<ScoreModel>(`/api/v1/programs/${programId}/score-model${query({ version })}`)
        : Promise.resolve(undefined),
    [programId, version, round],
  );
  const go = (next: Record<string, string>) => route(`/console/scores${query({ program_id: programId, version: versionParam, ...next })}`);
  if (programs.error) return <Notice kind="error">{programs.error.message}</Notice>;
  if (!programs.data) return <Loading />;
  if (!programId) return <p class="muted">No programs yet.</p>;
  const versions = Array.from({ length: (latest.data?.version ?? 0) + 1 }, (_, v) => ({
    value: String(v),
    label: v === 0 ? "0: the default model" : v === latest.data?.version ? `${v}: the latest` : String(v),
  })).reverse();
  return (
    <>
      <p class="lead">
        Each referral's lead score: fit (who the person is) and engagement (what they did, fading with time), graded A–C
        and 1–3. Companies add up their people. Every figure is computed from what happened, under the version chosen.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what the page shows">
        <ProgramFilter id="scores-program" title="Program" programs={programs.data.data} value={programId}
          onChange={(v) => go({ program_id: v, version: "" })} />
        {latest.data ? (
          <ChoiceFilter id="scores-version" title="Model version" choices={versions} value={version}
            onChange={(v) => go({ version: v })} />
        ) : null}
      </form>
      <div role="status" aria-live="polite">
        {notice ? <p class="notice notice-success">{notice}</p> : null}
      </div>
      {version !== "" ? (
        <>
          <Calibration key={`${programId}:${version}:${round}`} programId={programId} version={version} />
          <section class="card" aria-labelledby="score-accounts-title">
            <h2 id="score-accounts-title">Companies</h2>
            <p class="hint">
              People referred, grouped by their email's domain (free-mail addresses are no company), each counted once with
              their latest referral; the score adds them up as the model says.
            </p>
            <AccountsTable key={`${programId}:${version}:${round}`} programId={programId} version={version} />
          </section>
          <section class="card" aria-labelledby="score-ranking-title">
            <h2 id="score-ranking-title">Open referrals, most likely first</h2>
            <RankingTable key={`${programId}:${version}:${round}`} programId={programId} version={version} />
          </section>
        </>
      ) : null}
      <section class="card" aria-labelledby="score-model-title">
        <h2 id="score-model-title">The model</h2>
        {shown.error ? <Notice kind="error">{shown.error.message}</Notice> : null}
        {shown.data ? <ScoreModelRulesList model={shown.data} /> : shown.error ? null : <Loading />}
        {canManage && latest.data ? (
          <ScoreModelForm key={`${programId}:${latest.data.version}`} model={latest.data}
            onPublished={(model, changed) => {
              setNotice(changed ? `Published version ${model.version}.` : "Nothing changed: the rules are the latest version's.");
              setRound((n) => n + 1);
              go({ version: "" });
            }} />
        ) : null}
      </section>
    </>
  );
}

export function ScoresPage() {
  const { canReadAnalytics } = useSession();
  return (
    <ConsoleShell title="Lead scores">
      {canReadAnalytics ? <Scores /> : <Notice kind="info">Lead scores are for admins, managers and viewers.</Notice>}
    </ConsoleShell>
  );
}
