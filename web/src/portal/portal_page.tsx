// /portal: the signed-in advocate's headline (their segment's or the program's), "How did we do?" for what staff handled lately, link, code,
// points (level, badges, leaderboard, the challenges that earn them, the rewards to choose with
// them), share buttons, warm-introduction form, referrals with their history, and rewards with
// balances. The page is in the program's language (<html lang>), and says where things stand in
// the program's wording (`messages`, handed down through PortalMessagesContext).
import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { get, post, put } from "../api";
import { dateTime, label, money, personName } from "../format";
import type { Activity, Page, PortalMe, PortalReward, Referral } from "../models";
import { ActivityFigures } from "../ui/activity";
import { BalanceTotals } from "../ui/balances";
import { useLoad } from "../ui/data";
import { PortalMessagesContext, usePortalMessages } from "./portal_messages";
import { reviewInWords, rewardStatusInWords, stageInWords } from "./portal_words";
import { NpsQuestion } from "./nps_question";
import { RatingRequests } from "./rating_requests";
import { PointsCard } from "./points_card";
import { checkEmail, checkNewPassword, Field, FormMessage, requireFields, Submit, useForm } from "../ui/form";
import { Badge, Loading, Notice, usePageTitle } from "../ui/layout";
import { BrandHeader, brandStyle } from "../ui/brand";
import { CopyField } from "../ui/copy_field";
import { lastProgram, rememberProgram } from "./last_program";
import { shareTargets } from "./share";

function ReferForm({ onDone }: { onDone: () => void }) {
  const empty = { first_name: "", last_name: "", email: "", company: "", phone: "", product: "", note: "" };
  const form = useForm(
    empty,
    (v) => checkEmail(v, "email", requireFields(v, { email: "their email", first_name: "their first name" })),
    (field) => field.replace(/^referee\./, ""),
  );
  const [sent, setSent] = useState("");
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="refer-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const v = form.values;
        const ok = await form.submit(() =>
          post("/api/v1/portal/referrals", {
            referee: {
              email: v.email,
              first_name: v.first_name,
              last_name: v.last_name,
              company: v.company,
              ...(v.phone ? { phone: v.phone } : {}),
            },
            product: v.product,
            note: v.note,
          }),
        );
        if (ok) {
          setSent(`Thank you: ${v.first_name || v.email} is referred.`);
          form.reset(empty);
          onDone();
        }
      }}
    >
      <div class="row">
        <Field form={form} name="first_name" label="First name" required />
        <Field form={form} name="last_name" label="Last name" />
      </div>
      <div class="row">
        <Field form={form} name="email" label="Email" type="email" required inputMode="email" />
        <Field form={form} name="phone" label="Phone" type="tel" inputMode="tel" hint="With the country code, e.g. +1 415 555 0134" />
      </div>
      <div class="row">
        <Field form={form} name="company" label="Company" />
        <Field form={form} name="product" label="Product of interest" />
      </div>
      <Field form={form} name="note" label="Why they would be a good fit" multiline />
      <FormMessage form={form} />
      {sent ? <Notice kind="success">{sent}</Notice> : null}
      <Submit form={form}>Refer</Submit>
    </form>
  );
}

// Sets the password, or changes it (the current one is asked unless the session was opened by a
// sign-in link in the last 15 minutes: the server decides and names the field).
function PasswordForm({ passwordSet, onDone }: { passwordSet: boolean; onDone: () => void }) {
  const empty = { current_password: "", new_password: "", repeat: "" };
  const form = useForm(empty, (v) => {
    const errors = requireFields(v, { new_password: "the new password" });
    checkNewPassword(v, "new_password", errors);
    if (v.repeat !== v.new_password) errors.repeat = "does not match the new password";
    return errors;
  });
  const [done, setDone] = useState("");
  return (
    <form
      class="form"
      noValidate
      aria-labelledby="password-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const v = form.values;
        const ok = await form.submit(() =>
          put("/api/v1/portal/password", {
            new_password: v.new_password,
            ...(v.current_password ? { current_password: v.current_password } : {}),
          }),
        );
        if (ok) {
          setDone("Saved. Next time, sign in with your email and this password; other devices were signed out.");
          form.reset(empty);
          onDone();
        }
      }}
    >
      {passwordSet ? (
        <Field
          form={form}
          name="current_password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          hint="Not needed within 15 minutes of signing in with a link (that is how a forgotten password is replaced)."
        />
      ) : null}
      <div class="row">
        <Field form={form} name="new_password" label="New password" type="password" required autoComplete="new-password" hint="At least 12 characters." />
        <Field form={form} name="repeat" label="New password again" type="password" required autoComplete="new-password" />
      </div>
      <FormMessage form={form} />
      {done ? <Notice kind="success">{done}</Notice> : null}
      <Submit form={form}>{passwordSet ? "Change the password" : "Set the password"}</Submit>
    </form>
  );
}

function ReferralRow({ referral }: { referral: Referral }) {
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<Referral | null>(null);
  const messages = usePortalMessages();
  const name = personName(referral.referee);
  return (
    <li class="referral">
      <button
        type="button"
        class="referral-summary"
        aria-expanded={open}
        onClick={async () => {
          setOpen(!open);
          if (!detail) setDetail(await get<Referral>(`/api/v1/portal/referrals/${referral.id}`));
        }}
      >
        <span class="referral-name">
          {name}
          {referral.referee.company ? <span class="muted"> · {referral.referee.company}</span> : null}
        </span>
        <Badge value={referral.stage} text={stageInWords(referral.stage, messages)} />
        {referral.review_status !== "clear" ? (
          <Badge value={referral.review_status} text={reviewInWords(referral.review_status, messages)} />
        ) : null}
        <span class="muted">{dateTime(referral.created_at)}</span>
      </button>
      {open ? (
        detail ? (
          <ol class="history">
            {(detail.history ?? []).map((event, i) => (
              <li key={i}>
                <span>
                  {event.kind === "imported" && event.to_stage
                    ? `${stageInWords(event.to_stage, messages)} (recorded before Bluebird)`
                    : event.kind === "account_won" && event.to_stage
                      ? `${stageInWords(event.to_stage, messages)} (another deal of the same company)`
                      : event.to_stage
                        ? stageInWords(event.to_stage, messages)
                        : label(event.kind)}
                </span>
                <span class="muted"> {dateTime(event.at)}</span>
              </li>
            ))}
          </ol>
        ) : (
          <Loading />
        )
      ) : null}
    </li>
  );
}

export function PortalPage() {
  usePageTitle("Your referrals");
  const { route } = useLocation();
  const me = useLoad(() => get<PortalMe>("/api/v1/portal/me"), []);
  const referrals = useLoad(() => get<Page<Referral>>("/api/v1/portal/referrals?limit=100"), []);
  const rewards = useLoad(() => get<Page<PortalReward>>("/api/v1/portal/rewards?limit=100"), []);
  const activity = useLoad(() => get<Activity>("/api/v1/portal/activity"), []);
  const [message, setMessage] = useState<string | null>(null);
  const slug = me.data?.program.slug;
  useEffect(() => {
    if (slug) rememberProgram(slug);
  }, [slug]);
  // The program's language for the whole document while the portal shows (screen readers,
  // translation, hyphenation); the page's own again when it leaves.
  const language = me.data?.language;
  useEffect(() => {
    if (!language) return;
    const before = document.documentElement.lang;
    document.documentElement.lang = language;
    return () => {
      document.documentElement.lang = before;
    };
  }, [language]);

  if (me.error) {
    const signIn = lastProgram() ? `/portal/sign-in?program=${encodeURIComponent(lastProgram())}` : "/portal/sign-in";
    return (
      <main id="main" class="public-main">
        <h1>Your referral portal</h1>
        <Notice kind="info">
          {me.error.status === 401 ? (
            <>
              <a href={signIn}>Sign in</a> with your password or the link your program sent you, or join a program
              from its join page.
            </>
          ) : (
            me.error.message
          )}
        </Notice>
      </main>
    );
  }
  if (!me.data) return <Loading />;
  const { advocate, program, balances, messages } = me.data;
  const text = message ?? me.data.share_message;
  const page = (
    <div class="portal" style={brandStyle(program.branding)}>
      <BrandHeader name={program.name} branding={program.branding}>
        <span class="who">{[advocate.first_name, advocate.last_name].filter(Boolean).join(" ")}</span>
        <button
          type="button"
          class="link-button"
          onClick={async () => {
            await post("/api/v1/portal/sign-out");
            route(`/portal/sign-in?program=${encodeURIComponent(program.slug)}`, true);
          }}
        >
          Sign out
        </button>
      </BrandHeader>
      <main id="main" class="portal-main">
        <h1>Hello {advocate.first_name || advocate.email}</h1>
        {me.data.headline ? (
          <p class="lead portal-headline" data-testid="portal-headline">
            {me.data.headline}
          </p>
        ) : null}
        <NpsQuestion />
        <RatingRequests />
        <section class="card" aria-labelledby="link-title">
          <h2 id="link-title">Your link</h2>
          <CopyField id="advocate-link" label="Referral link" what="referral link" value={advocate.link} />
          <CopyField id="advocate-code" label="Referral code" what="referral code" value={advocate.code} />
        </section>
        <PointsCard />
        {activity.data ? (
          <section class="card" aria-labelledby="activity-title">
            <h2 id="activity-title">Your link, last 30 days</h2>
            <ActivityFigures activity={activity.data} caption="Your clicks and referrals by channel" />
          </section>
        ) : null}
        <section class="card" aria-labelledby="share-title">
          <h2 id="share-title">Share</h2>
          <div class="field">
            <label for="share-message">Message</label>
            <textarea id="share-message" rows={3} value={text} onInput={(e) => setMessage(e.currentTarget.value)} />
            <p class="hint">Edit it as you like; each button adds your link, marked with the channel.</p>
          </div>
          <ul class="share-buttons">
            {shareTargets(advocate.link, text, program.name).map((t) => (
              <li key={t.channel}>
                <a class="button" href={t.href} target="_blank" rel="noopener noreferrer" data-channel={t.channel}>
                  {t.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="card-title">
          <h2 id="card-title">Printable card</h2>
          <p>Your link as a QR code with your code beside it, for a desk, a booth or a business card.</p>
          <ul class="share-buttons">
            <li>
              <a class="button" href="/api/v1/portal/card?format=pdf" download>
                Download the card (PDF)
              </a>
            </li>
            <li>
              <a class="button" href="/api/v1/portal/card?format=png" download>
                Download the card (PNG)
              </a>
            </li>
          </ul>
        </section>
        <section class="card" aria-labelledby="refer-title">
          <h2 id="refer-title">Refer someone directly</h2>
          <ReferForm onDone={referrals.reload} />
        </section>
        <section class="card" aria-labelledby="password-title">
          <h2 id="password-title">{me.data.password_set ? "Your password" : "Set a password"}</h2>
          {me.data.password_set ? null : (
            <p>Choose a password to sign in from any device with your email, without asking for a link.</p>
          )}
          <PasswordForm passwordSet={me.data.password_set} onDone={me.reload} />
        </section>
        <section class="card" aria-labelledby="referrals-title">
          <h2 id="referrals-title">Your referrals</h2>
          {referrals.error ? <Notice kind="error">{referrals.error.message}</Notice> : null}
          {referrals.data && referrals.data.data.length === 0 ? <p class="muted">No referrals yet.</p> : null}
          <ul class="referrals">
            {(referrals.data?.data ?? []).map((r) => (
              <ReferralRow key={r.id} referral={r} />
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="rewards-title">
          <h2 id="rewards-title">Your rewards</h2>
          {balances.length === 0 ? <p class="muted">No rewards yet.</p> : <BalanceTotals balances={balances} />}
          <table class="table">
            <caption class="visually-hidden">Rewards</caption>
            <thead>
              <tr>
                <th scope="col">Reward</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {(rewards.data?.data ?? []).map((r) => (
                <tr key={r.id}>
                  <td>{r.description}</td>
                  <td class="number">{money(r.amount_minor, r.currency)}</td>
                  <td>
                    <Badge value={r.status} text={rewardStatusInWords(r.status, messages)} />
                  </td>
                  <td>{dateTime(r.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </div>
  );
  return <PortalMessagesContext.Provider value={messages ?? {}}>{page}</PortalMessagesContext.Provider>;
}
