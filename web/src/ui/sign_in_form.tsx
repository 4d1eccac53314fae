// An email-and-password sign-in form, for the console (staff) and the portal (advocates): checks
// on the client, then `signIn` (a request whose problem+json marks the fields), then `onSignedIn`.
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm, type Values } from "./form";

export function SignInForm({ signIn, onSignedIn }: { signIn: (values: Values) => Promise<unknown>; onSignedIn: () => void }) {
  const form = useForm({ email: "", password: "" }, (v) =>
    checkEmail(v, "email", requireFields(v, { email: "your email", password: "your password" })),
  );
  return (
    <form
      class="form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await form.submit(async (v) => void (await signIn(v)))) onSignedIn();
      }}
    >
      <Field form={form} name="email" label="Email" type="email" required autoComplete="username" inputMode="email" />
      <Field form={form} name="password" label="Password" type="password" required autoComplete="current-password" />
      <FormMessage form={form} />
      <Submit form={form}>Sign in</Submit>
    </form>
  );
}
