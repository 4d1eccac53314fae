// A connector's settings (PATCH /api/v1/connectors/{id}): how often the CRM is read, which referrals
// go, whether advocates' contacts are marked and lead scores written, the lead source and status Salesforce leads get, on
// or off, and a new secret when the CRM refused the old one. Saving clears a stopped or waiting
// connector: the admin says it is fixed.
import { patch } from "../api";
import type { Connector } from "../models";
import { checkNumber, Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";

function initial(c: Connector): Values {
  return {
    poll_seconds: String(c.poll_seconds),
    send: c.send,
    enabled: c.enabled ? "true" : "false",
    sync_advocates: c.sync_advocates ? "true" : "false",
    sync_scores: c.sync_scores ? "true" : "false",
    lead_source: c.lead_source,
    lead_status: c.lead_status ?? "",
    secret: "",
  };
}

// The server's field names onto the form's: a refused new secret is the "secret" field.
const fieldOf = (field: string) => (field.startsWith("auth.") ? "secret" : field);

export function ConnectorSettings({ connector, onSaved }: { connector: Connector; onSaved: () => void }) {
  const form = useForm(initial(connector), (v) =>
    checkNumber(v, "poll_seconds", { min: 30, max: 86400, decimals: 0, what: "a number of seconds" },
      requireFields(v, { poll_seconds: "how often, in seconds" })), fieldOf);
  const salesforce = connector.kind === "salesforce";
  const secretLabel = !salesforce ? "New token" : connector.auth.flow === "jwt_bearer" ? "New private key (PEM)" : "New consumer secret";
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="settings-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await form.submit(async (v) => {
          const body: Record<string, unknown> = {
            poll_seconds: Number(v.poll_seconds),
            send: v.send,
            enabled: v.enabled === "true",
            sync_advocates: v.sync_advocates === "true",
            sync_scores: v.sync_scores === "true",
          };
          if (salesforce) {
            body.lead_source = v.lead_source.trim();
            body.lead_status = v.lead_status.trim();
          }
          if (v.secret) {
            const { flow, client_id, username } = connector.auth;
            body.auth = !salesforce ? { flow, token: v.secret }
              : flow === "jwt_bearer" ? { flow, client_id, username, private_key_pem: v.secret }
                : { flow, client_id, client_secret: v.secret };
          }
          await patch<Connector>(`/api/v1/connectors/${connector.id}`, body);
        });
        if (ok) {
          form.set("secret", "");
          onSaved();
        }
      }}
    >
      <Field form={form} name="poll_seconds" label="Read the CRM every (seconds)" required inputMode="decimal"
        hint="From 30 to 86,400. Sync now reads it at once." />
      <Field form={form} name="send" label="Referrals sent"
        options={[
          { value: "clear", label: "Only clear ones (held ones once a manager clears them)" },
          { value: "all", label: "All of them, held ones too" },
        ]} />
      <Field form={form} name="enabled" label="Sync"
        options={[{ value: "true", label: "On" }, { value: "false", label: "Off (referrals wait in the queue)" }]} />
      <Field form={form} name="sync_advocates" label="Advocates in the CRM"
        options={[
          { value: "false", label: "Not marked" },
          { value: "true", label: "Mark their contacts: advocate, code, referral count" },
        ]}
        hint="Only contacts the CRM has already (found by email) are marked; nobody is created. Needs Bluebird's advocate fields (see the integration guide)." />
      <Field form={form} name="sync_scores" label="Lead scores in the CRM"
        options={[
          { value: "false", label: "Not written" },
          { value: "true", label: "Write each referral's score and grade on its record" },
        ]}
        hint={`Written with every send and again within the hour when a score changes (engagement fades, events arrive).${
          connector.scores_scanned_at ? ` Last checked ${new Date(connector.scores_scanned_at).toLocaleString()}.` : ""
        } Needs Bluebird's score fields (see the integration guide).`} />
      {salesforce ? (
        <>
          <Field form={form} name="lead_source" label="Lead source of new leads" autoComplete="off"
            hint="A value of the org's LeadSource picklist; set only on leads Bluebird creates." />
          <Field form={form} name="lead_status" label="Status of new leads" autoComplete="off"
            hint="Empty: the org's default." />
        </>
      ) : null}
      <Field form={form} name="secret" label={secretLabel} type={salesforce && connector.auth.flow === "jwt_bearer" ? undefined : "password"}
        multiline={salesforce && connector.auth.flow === "jwt_bearer"} autoComplete="off"
        hint="Only when the CRM refused the old one; empty keeps it." />
      <FormMessage form={form} />
      <Submit form={form}>Save</Submit>
    </form>
  );
}
