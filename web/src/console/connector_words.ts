// Words for CRM connectors: the CRMs' names, health, the stage targets and the log's vocabulary.
import type { Connector, ConnectorLogEntry, CrmStageTarget } from "../models";
import { dateTime } from "../format";

export const crmNames: Record<Connector["kind"], string> = { salesforce: "Salesforce", hubspot: "HubSpot" };

export const stageTargets: [CrmStageTarget, string][] = [
  ["qualified", "qualified"],
  ["opportunity", "opportunity"],
  ["won", "won (rewards)"],
  ["lost", "lost"],
];

// The connector's health in words, with when it resumes.
export function healthWords(c: Connector): string {
  if (!c.enabled) return "Disabled: nothing is sent or read; referrals wait in its queue.";
  switch (c.health) {
    case "ok":
      return "Working.";
    case "backing_off":
      return `Waiting${c.resume_at ? ` until ${dateTime(c.resume_at)}` : ""}: ${c.health_message ?? "the CRM asked to wait"}`;
    case "broken":
      return `Stopped until someone fixes it: ${c.health_message ?? "the CRM refused it"}. Save the connector once it is fixed.`;
  }
}

export const healthBadge: Record<Connector["health"], string> = { ok: "working", backing_off: "waiting", broken: "stopped" };

export const directionWords: Record<ConnectorLogEntry["direction"], string> = {
  outbound: "sent",
  inbound: "read",
  auth: "sign-in",
  test: "test",
};

export const outcomeWords: Record<ConnectorLogEntry["outcome"], string> = {
  ok: "ok",
  changed: "changed a referral",
  skipped: "skipped",
  failed: "failed",
  retry: "will retry",
};
