// Whether a webhook endpoint gets events: enabled, or disabled and why (by staff, or by Bluebird
// when its receiver answered 410 Gone or failed for 5 days); failing since when, while it fails.
import { dateTime } from "../format";
import type { WebhookEndpoint } from "../models";
import { Badge } from "../ui/layout";

export function WebhookStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  return (
    <>
      <Badge value={endpoint.enabled ? "enabled" : "disabled"} />
      {!endpoint.enabled && endpoint.disabled_reason ? <div class="muted">{endpoint.disabled_reason}</div> : null}
      {endpoint.failing_since ? <div class="muted">failing since {dateTime(endpoint.failing_since)}</div> : null}
    </>
  );
}
