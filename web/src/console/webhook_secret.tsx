// A webhook endpoint's signing secret, shown once: after its creation or a rotation. The server
// keeps it only to sign deliveries and never shows it again, so the page says so beside it.
import { CopyField } from "../ui/copy_field";
import { Notice } from "../ui/layout";

export function WebhookSecret({ id, secret, children }: { id: string; secret: string | null | undefined; children?: string }) {
  if (!secret) {
    return (
      <Notice kind="error">
        The secret was shown in an earlier answer and is not shown again: rotate it to get a new one.
      </Notice>
    );
  }
  return (
    <div class="secret-once">
      <CopyField id={id} label="Signing secret (shown once)" what="signing secret" value={secret} />
      <p class="notice notice-warning">
        <strong>Copy it now: you will not see this again.</strong> Put it in the receiver's secret store; it checks every
        delivery's signature with it. If it is lost, rotate it. {children}
      </p>
    </div>
  );
}
