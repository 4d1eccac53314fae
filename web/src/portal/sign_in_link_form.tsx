// "Email me a sign-in link" (POST /api/v1/portal/sign-in-link): the program and the advocate's
// email. The answer is the same whether or not the address belongs to an advocate, so the page
// always says the same; only a bad field (422) and too many requests (429) are told apart. The form
// opens from a button, so that the page's password form stays the only one asking for an email.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, post } from "../api";
import { checkEmail, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";

const linkOnItsWay =
  "If this address belongs to an advocate of the program, a link is on its way. It works once, within an hour; " +
  "check your spam folder if it has not arrived in a few minutes.";

function LinkForm({ program }: { program: string }) {
  const form = useForm({ email: "" }, (v) => checkEmail(v, "email", requireFields(v, { email: "your email" })));
  const [sent, setSent] = useState("");
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="link-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setSent("");
        const ok = await form.submit(async (v) => {
          try {
            await post("/api/v1/portal/sign-in-link", { program, email: v.email.trim() });
          } catch (failure) {
            if (failure instanceof ApiError && failure.status === 429) {
              throw new ApiError({
                ...failure.problem,
                detail: "Too many sign-in links asked for just now: wait a minute, then ask again.",
              });
            }
            throw failure;
          }
        });
        if (ok) setSent(linkOnItsWay);
      }}
    >
      <Field form={form} name="email" id="link-email" label="Your email" type="email" required autoComplete="email" inputMode="email"
        hint="The address you joined the program with." />
      <FormMessage form={form} />
      <div role="status" aria-live="polite">
        {sent ? <p class="notice notice-success">{sent}</p> : null}
      </div>
      <Submit form={form}>Send me the link</Submit>
    </form>
  );
}

export function SignInLinkForm({ program }: { program: string }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) box.current?.querySelector("input")?.focus();
  }, [open]);
  return (
    <>
      <button type="button" aria-expanded={open} aria-controls={open ? "sign-in-link" : undefined} onClick={() => setOpen(!open)}>
        Email me a sign-in link
      </button>
      {open ? (
        <div id="sign-in-link" ref={box} class="sign-in-link">
          <LinkForm program={program} />
        </div>
      ) : null}
    </>
  );
}
