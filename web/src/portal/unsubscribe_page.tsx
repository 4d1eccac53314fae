// /portal/unsubscribe?token=T (public, no session): where an email's unsubscribe link leads. It
// asks first — mail scanners open links, so nothing happens until the button is pressed — then
// POSTs /api/v1/unsubscribe?token=T. The address shown comes from the token itself (its part before
// the "." is the address in base64url), for display only: the server checks the signature, and
// says 404 for a link it did not make.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ApiError, post } from "../api";
import { Notice, PublicShell } from "../ui/layout";

const notValid = "This unsubscribe link is not valid. Use the link at the end of a recent email from us.";

// The address a token names, or null when the token is not one Bluebird makes.
export function addressOfToken(token: string): string | null {
  const dot = token.indexOf(".");
  if (dot <= 0 || token.length > 1000 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const base64 = token.slice(0, dot).replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const email = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
  } catch {
    return null;
  }
}

type Outcome = { kind: "done"; email: string } | { kind: "invalid" } | { kind: "error"; text: string } | null;

export function UnsubscribePage() {
  const { query } = useLocation();
  const token = query.token ?? "";
  const email = addressOfToken(token);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const unsubscribe = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const done = await post<{ status: string; email: string }>(`/api/v1/unsubscribe?token=${encodeURIComponent(token)}`);
      setOutcome({ kind: "done", email: done.email });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) setOutcome({ kind: "invalid" });
      else if (failure instanceof ApiError && failure.status === 429) {
        setOutcome({ kind: "error", text: "Too many requests from your network just now: wait a minute, then press the button again." });
      } else setOutcome({ kind: "error", text: failure instanceof ApiError ? failure.message : String(failure) });
    } finally {
      setBusy(false);
    }
  };
  if (!email || outcome?.kind === "invalid") {
    return (
      <PublicShell title="Unsubscribe">
        <h1>Unsubscribe</h1>
        <Notice kind="error">{notValid}</Notice>
      </PublicShell>
    );
  }
  if (outcome?.kind === "done") {
    return (
      <PublicShell title="Unsubscribed">
        <h1>You are unsubscribed</h1>
        <Notice kind="success">
          {outcome.email} will get no more emails from us, except the ones you ask for yourself, such as sign-in links.
        </Notice>
        <p class="hint">Changed your mind? Ask the program's team to take your address off their list.</p>
      </PublicShell>
    );
  }
  return (
    <PublicShell title="Unsubscribe">
      <h1 class="unsubscribe-title">
        Unsubscribe <span class="unsubscribe-email">{email}</span>?
      </h1>
      <p class="lead">
        No more invitations, reminders or news of referrals and rewards will be sent to this address. Emails you ask for
        yourself, such as sign-in links, still come.
      </p>
      {outcome?.kind === "error" ? <Notice kind="error">{outcome.text}</Notice> : null}
      <button type="button" class="primary unsubscribe-button" disabled={busy} onClick={unsubscribe}>
        {busy ? "Working…" : "Unsubscribe"}
      </button>
    </PublicShell>
  );
}
