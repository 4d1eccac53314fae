// Connects a CRM (POST /api/v1/connectors): which CRM, which program (or all), where it is, and how
// Bluebird signs in — Salesforce's client credentials or JWT bearer, HubSpot's token. The secrets
// are sent once and never shown again; the server names each field it refuses.
import { post } from "../api";
import type { Connector, Program } from "../models";
import { Field, FormMessage, requireFields, Submit, useForm, type Values } from "../ui/form";

const empty = {
  kind: "salesforce",
  program_id: "",
  base_url: "",
  flow: "client_credentials",
  client_id: "",
  client_secret: "",
  username: "",
  private_key_pem: "",
  token: "",
};

// The server's field names ("auth.client_secret") onto the form's ("client_secret").
const fieldOf = (field: string) => (field.startsWith("auth.") ? field.slice(5) : field);

function authOf(v: Values): Record<string, string> {
  if (v.kind === "hubspot") return { flow: "token", token: v.token };
  if (v.flow === "jwt_bearer") {
    return { flow: "jwt_bearer", client_id: v.client_id.trim(), username: v.username.trim(), private_key_pem: v.private_key_pem };
  }
  return { flow: "client_credentials", client_id: v.client_id.trim(), client_secret: v.client_secret };
}

function check(v: Values): Record<string, string> {
  if (v.kind === "hubspot") return requireFields(v, { token: "the service key or private app token" });
  if (v.flow === "jwt_bearer") {
    return requireFields(v, {
      client_id: "the app's consumer key",
      username: "the integration user's username",
      private_key_pem: "the private key (PEM)",
    });
  }
  return requireFields(v, {
    base_url: "the org's My Domain URL",
    client_id: "the app's consumer key",
    client_secret: "the app's consumer secret",
  });
}

export function ConnectorForm({ programs, onCreated }: { programs: Program[]; onCreated: (c: Connector) => void }) {
  const form = useForm(empty, check, fieldOf);
  const v = form.values;
  const salesforce = v.kind === "salesforce";
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="new-connector-title"
      onSubmit={async (e) => {
        e.preventDefault();
        let created: Connector | undefined;
        const ok = await form.submit(async (values) => {
          const body: Record<string, unknown> = { kind: values.kind, auth: authOf(values) };
          if (values.program_id) body.program_id = values.program_id;
          if (values.base_url.trim()) body.base_url = values.base_url.trim();
          created = await post<Connector>("/api/v1/connectors", body);
        });
        if (ok && created) {
          form.reset(empty);
          onCreated(created);
        }
      }}
    >
      <Field form={form} name="kind" label="CRM" required
        options={[{ value: "salesforce", label: "Salesforce" }, { value: "hubspot", label: "HubSpot" }]} />
      <Field form={form} name="program_id" label="Program"
        options={[{ value: "", label: "Every program" }, ...programs.map((p) => ({ value: p.id, label: p.name }))]}
        hint="The program whose referrals go to this CRM." />
      <Field form={form} name="base_url" label={salesforce ? "Salesforce URL" : "HubSpot API URL"} type="url"
        required={salesforce && v.flow === "client_credentials"} autoComplete="off"
        hint={salesforce
          ? "Your org's My Domain, such as https://acme.my.salesforce.com (for JWT bearer, empty means https://login.salesforce.com)."
          : "Leave empty for https://api.hubapi.com."} />
      {salesforce ? (
        <>
          <Field form={form} name="flow" label="Sign-in" required
            options={[
              { value: "client_credentials", label: "Client credentials (consumer key and secret)" },
              { value: "jwt_bearer", label: "JWT bearer (consumer key, user and private key)" },
            ]} />
          <Field form={form} name="client_id" label="Consumer key" required autoComplete="off" />
          {v.flow === "jwt_bearer" ? (
            <>
              <Field form={form} name="username" label="Integration user's username" required autoComplete="off" />
              <Field form={form} name="private_key_pem" label="Private key (PEM)" required multiline
                hint="The RSA key whose certificate you uploaded to the app. Kept sealed; never shown again." />
            </>
          ) : (
            <Field form={form} name="client_secret" label="Consumer secret" type="password" required autoComplete="off"
              hint="Kept sealed; never shown again." />
          )}
        </>
      ) : (
        <Field form={form} name="token" label="Service key or private app token" type="password" required
          autoComplete="off" hint="Kept sealed; never shown again." />
      )}
      <FormMessage form={form} />
      <Submit form={form}>Connect</Submit>
    </form>
  );
}
