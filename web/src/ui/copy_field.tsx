// A read-only value with a button that copies it (a referral link, a password reset link); the
// result is announced. `what` completes the button's name for screen readers ("Copy referral link").
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

export function CopyField({ id, label, what, value }: { id: string; label: ComponentChildren; what: string; value: string }) {
  const [copied, setCopied] = useState("");
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied("Copied.");
            } catch {
              setCopied("Could not copy here: select the text and copy it.");
            }
            setTimeout(() => setCopied(""), 2000);
          }}
        >
          Copy <span class="visually-hidden">{what}</span>
        </button>
      </div>
      <p class="hint" role="status" aria-live="polite">
        {copied}
      </p>
    </div>
  );
}
