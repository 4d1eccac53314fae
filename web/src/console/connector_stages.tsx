// "Test the connection" and the stage map: the test signs in and checks what the sync needs (each
// problem in the CRM's words), and lists the CRM's stages by their API value; each stage gets a
// Bluebird stage (or none) and the map is saved with the connector. Without a test, the map saved
// is shown as it is.
import { useState } from "preact/hooks";
import { ApiError, patch, post } from "../api";
import type { ConnectionCheck, Connector, CrmStageTarget } from "../models";
import { Notice } from "../ui/layout";
import { stageTargets } from "./connector_words";

const failureText = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

export function ConnectorStages({ connector, onChanged }: { connector: Connector; onChanged: () => void }) {
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [map, setMap] = useState<Record<string, CrmStageTarget>>(connector.stage_map);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const test = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      setCheck(await post<ConnectionCheck>(`/api/v1/connectors/${connector.id}/test`));
    } catch (failure) {
      setOutcome({ kind: "error", text: failureText(failure) });
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      await patch<Connector>(`/api/v1/connectors/${connector.id}`, { stage_map: map });
      setOutcome({ kind: "success", text: "Stage map saved: the CRM's stages move referrals from the next read." });
      onChanged();
    } catch (failure) {
      setOutcome({ kind: "error", text: failureText(failure) });
    } finally {
      setBusy(false);
    }
  };
  const rows = check ? check.stages.map((s) => ({ id: s.id, label: s.label, where: s.object, closed: s.closed, won: s.won }))
    : Object.keys(map).map((id) => ({ id, label: "", where: "", closed: false, won: false }));
  return (
    <>
      <p>
        <button type="button" class="primary" disabled={busy} onClick={test}>
          {busy && !check ? "Testing…" : "Test the connection"}
        </button>
      </p>
      {check ? (
        check.ok ? (
          <Notice kind="success">
            Connected: every field and value Bluebird needs is there.{check.api_usage ? ` API usage: ${check.api_usage}.` : ""}
          </Notice>
        ) : (
          <div class="notice notice-error" role="alert">
            <p>The connection test found {check.problems.length === 1 ? "a problem" : `${check.problems.length} problems`}:</p>
            <ul class="problems">
              {check.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        )
      ) : null}
      {rows.length > 0 ? (
        <div class="table-scroll" role="region" aria-label="Stage map" tabIndex={0}>
          <table class="table stage-map">
            <caption>{check ? "The CRM's stages: choose what each means in Bluebird" : "The stage map saved"}</caption>
            <thead>
              <tr>
                <th scope="col">CRM stage (API value)</th>
                <th scope="col">Where</th>
                <th scope="col">In Bluebird</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.where} ${row.id}`}>
                  <td>
                    <code>{row.id}</code>
                    {row.label && row.label !== row.id ? <div class="muted">{row.label}</div> : null}
                  </td>
                  <td>
                    {row.where || "—"}
                    {row.won ? <div class="muted">closed, won</div> : row.closed ? <div class="muted">closed</div> : null}
                  </td>
                  <td>
                    <select aria-label={`Bluebird stage for ${row.id}`} value={map[row.id] ?? ""}
                      onChange={(e) => {
                        const value = e.currentTarget.value as CrmStageTarget | "";
                        setMap((old) => {
                          const next = { ...old };
                          if (value) next[row.id] = value;
                          else delete next[row.id];
                          return next;
                        });
                      }}>
                      <option value="">— (won or lost when closed)</option>
                      {stageTargets.map(([value, words]) => (
                        <option key={value} value={value}>
                          {words}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">No stage map yet: test the connection to list the CRM's stages.</p>
      )}
      {rows.length > 0 ? (
        <p>
          <button type="button" disabled={busy} onClick={save}>
            Save the stage map
          </button>
        </p>
      ) : null}
      {outcome ? <Notice kind={outcome.kind}>{outcome.text}</Notice> : null}
    </>
  );
}
