// Issues a one-time password reset link for a staff member (valid one hour; a new one retires the
// earlier), to copy or send from the admin's own mail client. The link is shown once: the server
// keeps only its hash.
import { useState } from "preact/hooks";
import { ApiError, post } from "../api";
import { dateTime } from "../format";
import type { PasswordResetLink, User } from "../models";
import { CopyField } from "../ui/copy_field";
import { Notice } from "../ui/layout";

export function PasswordResetIssuer({ user }: { user: User }) {
  const [issued, setIssued] = useState<{ url: string; expires: string } | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const who = user.name || user.email;
  const mail = issued
    ? `mailto:${encodeURIComponent(user.email)}?subject=${encodeURIComponent("Choose a new Bluebird password")}&body=${encodeURIComponent(
        `Hello ${who},\n\nThis link opens a page where you choose a new password for the Bluebird console. It works once, until ${issued.expires}.\n\n${issued.url}\n`,
      )}`
    : "";
  return (
    <div role="group" aria-labelledby={`reset-title-${user.id}`}>
      <h3 id={`reset-title-${user.id}`}>Password</h3>
      <p class="hint">
        A reset link lets {who} choose a new password. It works once, for one hour; issuing another retires the earlier
        one. The current password keeps working until the link is used.
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError("");
          try {
            const made = await post<PasswordResetLink>(`/api/v1/users/${user.id}/password-reset`);
            if (made.url) setIssued({ url: made.url, expires: dateTime(made.expires_at) });
            else setError("The link was issued before and is not shown again: issue a new one.");
          } catch (failure) {
            setError(failure instanceof ApiError ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        {issued ? "Issue a new reset link" : "Issue a password reset link"}
      </button>
      <p class="hint" role="status" aria-live="polite">
        {issued ? `Link issued: it works once, until ${issued.expires}.` : ""}
      </p>
      {issued ? (
        <div class="issued-link">
          <CopyField
            id={`reset-link-${user.id}`}
            label={`Password reset link for ${who} (works once, until ${issued.expires}; give it to ${who} only)`}
            what="password reset link"
            value={issued.url}
          />
          <a class="button" href={mail}>
            Email it to {user.email}
          </a>
        </div>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
    </div>
  );
}
