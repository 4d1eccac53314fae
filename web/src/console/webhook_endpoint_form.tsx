// Registers a webhook endpoint (POST /api/v1/webhook-endpoints): its URL, the events it gets and a
// description. The server judges the URL (https, a public host) and names what it refuses by the
// field; the answer holds the signing secret, which the page shows once.
import { post } from "../api";
import type { WebhookEndpoint } from "../models";
import { Field, FormMessage, requireFields, Submit, useForm, type FormState, type Values } from "../ui/form";
import { webhookEvents } from "./webhook_words";

const empty = { url: "", events: "", description: "" };

// The chosen events are kept in the form as one space-separated value.
const chosen = (v: Values) => (v.events ?? "").split(" ").filter(Boolean);

function EventChoice({ form }: { form: FormState }) {
  const error = form.errors.events;
  const picked = chosen(form.values);
  const toggle = (type: string, on: boolean) =>
    form.set("events", (on ? [...picked, type] : picked.filter((t) => t !== type)).join(" "));
  return (
    <fieldset
      class={error ? "field choices field-error" : "field choices"}
      aria-describedby={error ? "field-events-error" : undefined}
    >
      <legend>
        Events<span aria-hidden="true"> *</span>
      </legend>
      {webhookEvents.map(([type, words]) => (
        <label key={type} class="choice">
          <input type="checkbox" name="events" value={type} checked={picked.includes(type)}
            onChange={(e) => toggle(type, e.currentTarget.checked)} />
          <span>
            <code>{type}</code> <span class="muted">— {words}</span>
          </span>
        </label>
      ))}
      {error ? (
        <p class="error" id="field-events-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function WebhookEndpointForm({ onCreated }: { onCreated: (endpoint: WebhookEndpoint) => void }) {
  const form = useForm(
    empty,
    (v) => {
      const errors = requireFields(v, { url: "the receiver's https:// URL" });
      if (chosen(v).length === 0) errors.events = "choose at least one event";
      return errors;
    },
    (field) => (field.startsWith("events") ? "events" : field),
  );
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="new-endpoint-title"
      onSubmit={async (e) => {
        e.preventDefault();
        let created: WebhookEndpoint | undefined;
        const ok = await form.submit(async (v) => {
          created = await post<WebhookEndpoint>("/api/v1/webhook-endpoints", {
            url: v.url.trim(),
            events: chosen(v),
            description: v.description.trim(),
          });
        });
        if (ok && created) {
          form.reset(empty);
          onCreated(created);
        }
      }}
    >
      <Field form={form} name="url" label="URL" type="url" required autoComplete="off"
        hint="The receiver's https:// address, on a public host; Bluebird POSTs each event there, signed." />
      <EventChoice form={form} />
      <Field form={form} name="description" label="Description" autoComplete="off" hint="One line, for people: what receives these events." />
      <FormMessage form={form} />
      <Submit form={form}>Add the endpoint</Submit>
    </form>
  );
}
