// Adds an address to the suppression list (POST /api/v1/suppressions) with a reason and an
// optional note; the server names each bad field. Adding an address already there replaces its
// entry.
import { post } from "../api";
import type { Suppression } from "../models";
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { reasonsHint, suppressionReasons } from "./suppression_words";

const empty = { email: "", reason: "staff", note: "" };

export function SuppressionForm({ onAdded }: { onAdded: (entry: Suppression) => void }) {
  const form = useForm(empty, (v) => checkEmail(v, "email", requireFields(v, { email: "the address not to email" })));
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="suppress-title"
      onSubmit={async (e) => {
        e.preventDefault();
        let added: Suppression | undefined;
        const ok = await form.submit(async (v) => {
          added = await post<Suppression>("/api/v1/suppressions", {
            email: v.email.trim(),
            reason: v.reason,
            ...(v.note.trim() ? { note: v.note.trim() } : {}),
          });
        });
        if (ok && added) {
          form.reset(empty);
          onAdded(added);
        }
      }}
    >
      <div class="row">
        <Field form={form} name="email" label="Email" type="email" required autoComplete="off" inputMode="email" />
        <Field form={form} name="reason" label="Reason" options={suppressionReasons} hint={reasonsHint} />
      </div>
      <Field form={form} name="note" label="Note" autoComplete="off" hint="One line, up to 500 characters: why, for the next admin." />
      <FormMessage form={form} />
      <Submit form={form}>Suppress the address</Submit>
    </form>
  );
}
