// What an admin does to one webhook endpoint: disable it (asked first: its pending deliveries are
// given up) or enable it again, rotate its signing secret (asked first; the new one is shown once,
// the old one signs beside it for 24 hours) and delete it (asked first). The server's refusals,
// such as a second rotation within the 24 hours (409), are shown in its words.
import { useState } from "preact/hooks";
import { ApiError, patch, post, remove } from "../api";
import { dateTime } from "../format";
import type { WebhookEndpoint } from "../models";
import { ConfirmDialog } from "../ui/confirm_dialog";
import { Notice } from "../ui/layout";
import { WebhookSecret } from "./webhook_secret";

interface ActionsProps {
  endpoint: WebhookEndpoint;
  onChanged: () => void;
  onDeleted: () => void;
}

type Outcome = { kind: "success" | "error"; text: string } | null;

const failureText = (failure: unknown) => (failure instanceof ApiError ? failure.message : String(failure));

function AccessSwitch({ endpoint, onChanged }: ActionsProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const change = async (enabled: boolean) => {
    setAsking(false);
    setBusy(true);
    setOutcome(null);
    try {
      await patch<WebhookEndpoint>(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled });
      setOutcome({
        kind: "success",
        text: enabled
          ? "Enabled: events from now on are sent to it. Replay the dead deliveries it missed from the log below."
          : "Disabled: nothing more is sent to it, and its pending deliveries were given up.",
      });
      onChanged();
    } catch (failure) {
      setOutcome({ kind: "error", text: failureText(failure) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div role="group" aria-labelledby="access-title">
      <h3 id="access-title">Sending</h3>
      <p>
        {endpoint.enabled
          ? "Events it subscribed to are sent to it."
          : `Disabled (${endpoint.disabled_reason ?? "disabled"}): nothing is sent to it, and no event is queued for it.`}
      </p>
      {endpoint.enabled ? (
        <button type="button" class="danger" disabled={busy} onClick={() => setAsking(true)}>
          Disable the endpoint…
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => change(true)}>
          Enable the endpoint
        </button>
      )}
      {outcome ? <Notice kind={outcome.kind}>{outcome.text}</Notice> : null}
      <ConfirmDialog
        id="disable-endpoint"
        title="Disable this endpoint?"
        confirm="Yes, disable it"
        open={asking}
        onConfirm={() => change(false)}
        onCancel={() => setAsking(false)}
      >
        <p>
          Nothing more is sent to {endpoint.url}. Its pending deliveries are given up at once; once it is enabled again,
          replay them from its delivery log.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function SecretRotation({ endpoint, onChanged }: ActionsProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [rotated, setRotated] = useState<WebhookEndpoint | null>(null);
  const [error, setError] = useState("");
  const rotate = async () => {
    setAsking(false);
    setBusy(true);
    setError(""); // a secret shown before stays until a new one replaces it: it is shown only here
    try {
      setRotated(await post<WebhookEndpoint>(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`));
      onChanged();
    } catch (failure) {
      const since = endpoint.previous_secret_valid_until;
      setError(
        failure instanceof ApiError && failure.status === 409 && since
          ? `Not rotated: the secret was rotated less than 24 hours ago, and the previous one still signs until ${dateTime(since)}. Rotate again after that.`
          : `Not rotated: ${failureText(failure)}`,
      );
    } finally {
      setBusy(false);
    }
  };
  const until = rotated?.previous_secret_valid_until ?? endpoint.previous_secret_valid_until;
  return (
    <div role="group" aria-labelledby="rotate-title" class={rotated ? "wide" : undefined}>
      <h3 id="rotate-title">Secret rotation</h3>
      <p class="hint">
        {until && !rotated
          ? `Rotated recently: the previous secret signs beside the current one until ${dateTime(until)}.`
          : "Rotate it when it may have leaked, or on a schedule."}
      </p>
      <button type="button" disabled={busy} onClick={() => setAsking(true)}>
        Rotate the secret…
      </button>
      {rotated ? (
        <WebhookSecret id="rotated-secret" secret={rotated.secret}>
          {until ? `The old secret stays valid until ${dateTime(until)} (24 hours): deliveries carry both signatures until then.` : ""}
        </WebhookSecret>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <ConfirmDialog
        id="rotate-secret"
        title="Rotate the signing secret?"
        confirm="Yes, rotate it"
        tone="primary"
        open={asking}
        onConfirm={rotate}
        onCancel={() => setAsking(false)}
      >
        <p>
          A new secret is made and shown once. The old one stays valid for 24 hours: until then every delivery carries both
          signatures, so put the new secret in the receiver within the day. Rotating again within those 24 hours is refused.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function Deletion({ endpoint, onDeleted }: ActionsProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const erase = async () => {
    setAsking(false);
    setBusy(true);
    setError("");
    try {
      await remove(`/api/v1/webhook-endpoints/${endpoint.id}`);
      onDeleted();
    } catch (failure) {
      setError(failureText(failure));
      setBusy(false);
    }
  };
  return (
    <div role="group" aria-labelledby="delete-title">
      <h3 id="delete-title">Delete</h3>
      <button type="button" class="danger" disabled={busy} onClick={() => setAsking(true)}>
        Delete the endpoint…
      </button>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <ConfirmDialog
        id="delete-endpoint"
        title="Delete this endpoint?"
        confirm="Yes, delete it"
        open={asking}
        onConfirm={erase}
        onCancel={() => setAsking(false)}
      >
        <p>
          Nothing more is sent to {endpoint.url}, and its pending deliveries are given up. They stay in the outbox but can't
          be replayed. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

export function WebhookEndpointActions(props: ActionsProps) {
  return (
    <div class="endpoint-actions">
      <AccessSwitch {...props} />
      <SecretRotation {...props} />
      <Deletion {...props} />
    </div>
  );
}
