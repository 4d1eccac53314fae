// A program's emails in the console, and the unsubscribe page their links lead to, in a real
// browser against a real `bluebird serve`:
// - with no SMTP server: a manager opens the program's emails from the program page (every kind,
//   each on its default, the transactional one said so); edits the invitation: a placeholder
//   inserted from its button where the cursor is, in the subject and in the body, the preview
//   (subject, HTML, plain text) showing the sample values; saves, and after a reload it is the
//   program's own ("customized"); a body without {{link}} and a placeholder the kind does not offer
//   are refused by their fields; reset to the default, asked first; a test of the unsaved draft is
//   sent to the manager and waits in the outbox as "test.invitation"; a viewer is offered none of it;
// - with the project's SMTP test server on 127.0.0.1 (aiosmtpd, no TLS): someone who joined gets the welcome email;
//   its List-Unsubscribe URL, opened in a browser (phone size, no session), only leads to the
//   unsubscribe page, which unsubscribes nobody until its button is pressed; then the address is
//   suppressed ("unsubscribe"); a forged token, a malformed one and none are told the link is not
//   valid.
// Every page is checked with axe-core; screenshots go to build/e2e-screenshots.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, eventually, launchBrowser, newPerson, screenshot, signInToConsole, staff, startBluebird } from "./harness.mjs";
import { startSmtpSink, unquote } from "./smtp_sink.mjs";

const defaultInvitationSubject = "{{advocate.first_name}}, you are invited to {{program.name}}";

describe("a program's emails in the console (no SMTP server)", () => {
  let bluebird;
  let browser;
  let page;
  let templatePath;

  before(async () => {
    bluebird = await startBluebird(["--set", "outbox.poll_ms=50"]);
    templatePath = `/api/v1/programs/${bluebird.programId}/email-templates`;
    browser = await launchBrowser();
    page = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(page, staff.manager);
  });

  after(async () => {
    await browser?.close();
    bluebird?.stop();
  });

  const kindItem = (kind) => page.locator(`ul.email-kinds > li[data-kind="${kind}"]`);
  const subject = () => page.getByRole("textbox", { name: "Subject" });
  const body = () => page.getByRole("textbox", { name: "Body" });
  const previewSubject = () => page.getByTestId("preview-subject");
  const chip = (name) => page.getByRole("button", { name: `Insert {{${name}}}`, exact: true });
  const state = () => page.locator(".template-state");

  test("the program page leads to its emails: every kind, each on its default, the transactional one said so", async () => {
    await page.goto(`/console/programs/${bluebird.programId}`);
    await page.getByRole("heading", { name: "Acme customers", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Emails", exact: true }).click();
    await page.getByRole("heading", { name: "Emails: Acme customers", level: 1 }).waitFor();
    await page.waitForURL(new RegExp(`/console/programs/${bluebird.programId}/emails$`));
    await kindItem("invitation").waitFor();
    const kinds = await page.locator("ul.email-kinds > li").evaluateAll((items) => items.map((i) => i.dataset.kind));
    assert.deepEqual(kinds, (await bluebird.api("GET", templatePath)).data.map((t) => t.kind));
    assert.equal(kinds.length, 13);
    assert.equal(await page.locator("ul.email-kinds .badge-default").count(), 13, "every kind starts on its default");
    assert.equal(await page.locator("ul.email-kinds .badge-customized").count(), 0);
    await kindItem("invitation").getByText("To someone invited to join the program, with their personal join link.").waitFor();
    await kindItem("invitation").getByText(`Subject: ${defaultInvitationSubject}`).waitFor();
    await kindItem("sign_in_link").getByText(/^Transactional: asked for by its recipient, so it has no unsubscribe link/).waitFor();
    assert.equal(await kindItem("invitation").getByText(/^Transactional/).count(), 0, "an invitation is not transactional");
    await checkAccessibility(page, "the list of a program's emails");
  });

  test("editing the invitation: placeholders inserted at the cursor, the preview with sample values, saved; customized after a reload", async () => {
    await kindItem("invitation").getByRole("link", { name: "Invitation", exact: true }).click();
    await page.getByRole("heading", { name: "Invitation email: Acme customers", level: 1 }).waitFor();
    await state().getByText("Bluebird's default words.").waitFor();
    // The template in effect, previewed at once with the sample advocate, Ada Lovelace.
    assert.equal(await subject().inputValue(), defaultInvitationSubject);
    await page.getByTestId("preview-subject").getByText("Ada, you are invited to Acme customers", { exact: true }).waitFor();

    // Into the subject: the chip goes where the cursor was, and the cursor comes back after it.
    await subject().fill("Hello ");
    await page.getByText("(insert into the subject, at the cursor)").waitFor();
    await chip("advocate.first_name").click();
    assert.equal(await subject().inputValue(), "Hello {{advocate.first_name}}");
    await page.keyboard.type(", join {{program.name}}");
    assert.equal(await subject().inputValue(), "Hello {{advocate.first_name}}, join {{program.name}}");
    await previewSubject().getByText("Hello Ada, join Acme customers", { exact: true }).waitFor();

    // Into the body: at its very start, before the default's greeting.
    await body().click();
    await page.getByText("(insert into the body, at the cursor)").waitFor();
    await body().press("Control+Home");
    await page.keyboard.type("Dear ");
    await chip("advocate.last_name").click();
    await page.keyboard.type(" family,\n\n");
    const typed = await body().inputValue();
    assert.ok(typed.startsWith("Dear {{advocate.last_name}} family,\n\nHello {{advocate.first_name}},"), typed);
    await state().getByText("Unsaved changes.").waitFor();

    // The HTML part in a sandboxed frame (no scripts); the plain text in its tab.
    const frame = page.locator("iframe.email-frame");
    assert.equal(await frame.getAttribute("sandbox"), "", "the preview's frame runs nothing");
    await eventually(async () => (await frame.getAttribute("srcdoc"))?.includes("Dear Lovelace family,"), "the HTML preview shows the draft");
    await page.frameLocator("iframe.email-frame").getByText("Dear Lovelace family,").waitFor();
    await page.frameLocator("iframe.email-frame").getByRole("link", { name: "Join now" }).waitFor();
    const textTab = page.getByRole("tab", { name: "Plain text" });
    assert.equal(await textTab.getAttribute("aria-selected"), "false");
    await textTab.click();
    assert.equal(await textTab.getAttribute("aria-selected"), "true");
    const text = page.getByRole("tabpanel", { name: "Plain text" });
    await text.getByText(/^Dear Lovelace family,\s+Hello Ada,/).waitFor();
    assert.ok(await frame.isHidden(), "the HTML tab's panel is hidden");
    await text.getByText(/Unsubscribe: http:\/\/127\.0\.0\.1:\d+\/portal\/unsubscribe\?token=/).waitFor();
    await page.getByRole("tab", { name: "HTML" }).click();
    await frame.waitFor();

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved: Acme customers sends these words from the next email on.").waitFor();
    await state().locator(".badge-customized").waitFor();
    await state().getByText(/The program's own words, changed /).waitFor();
    assert.equal(await state().getByText("Unsaved changes.").count(), 0);
    const saved = await bluebird.api("GET", `${templatePath}/invitation`);
    assert.deepEqual([saved.customized, saved.subject, saved.body], [true, "Hello {{advocate.first_name}}, join {{program.name}}", typed]);
    await checkAccessibility(page, "the email editor with a saved template");
    await screenshot(page, "console-email-templates");

    await page.reload();
    await page.getByRole("heading", { name: "Invitation email: Acme customers", level: 1 }).waitFor();
    await state().locator(".badge-customized").waitFor();
    assert.equal(await subject().inputValue(), "Hello {{advocate.first_name}}, join {{program.name}}");
    assert.equal(await body().inputValue(), typed);
    await previewSubject().getByText("Hello Ada, join Acme customers", { exact: true }).waitFor();

    await page.getByRole("link", { name: "All of the program's emails" }).click();
    await kindItem("invitation").locator(".badge-customized").waitFor();
    await kindItem("invitation").getByText("Subject: Hello {{advocate.first_name}}, join {{program.name}}").waitFor();
    assert.equal(await page.locator("ul.email-kinds .badge-default").count(), 12);
  });

  test("a body without {{link}} and a placeholder the kind does not offer are refused by their fields", async () => {
    await kindItem("invitation").getByRole("link", { name: "Invitation", exact: true }).click();
    await state().locator(".badge-customized").waitFor();
    await subject().fill("Your reward of {{reward.amount}}");
    await body().fill("Hello {{advocate.first_name}},\n\nJoin us: no link here.");
    // The preview says at once why it cannot show the draft.
    await page.locator(".email-preview").getByText(/^Not previewed: .*the body must use \{\{link\}\}: this email is of no use without it/i).waitFor();

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.locator("#field-body-error").getByText("must use {{link}}: this email is of no use without it").waitFor();
    assert.equal(await body().getAttribute("aria-invalid"), "true");
    await page.locator("#field-subject-error").getByText(/^uses the placeholder \{\{reward\.amount\}\}, which this kind of email does not offer/).waitFor();
    assert.equal(await subject().getAttribute("aria-invalid"), "true");
    await page.getByRole("alert").getByText("The request has invalid fields.").waitFor();
    await checkAccessibility(page, "the email editor with the server's refusal");
    const stored = await bluebird.api("GET", `${templatePath}/invitation`);
    assert.equal(stored.subject, "Hello {{advocate.first_name}}, join {{program.name}}", "nothing was saved");
    assert.equal(await body().inputValue(), "Hello {{advocate.first_name}},\n\nJoin us: no link here.", "what was typed is kept");

    // Typing again clears the field's error.
    await body().fill("Hello {{advocate.first_name}},\n\n{{link}}");
    assert.equal(await page.locator("#field-body-error").count(), 0);
  });

  test("reset to the default asks first", async () => {
    await page.getByRole("button", { name: "Reset to default…" }).click();
    const dialog = page.getByRole("dialog", { name: "Reset this email to the default?" });
    await dialog.getByText("the unsaved changes on this page are lost too").waitFor();
    await checkAccessibility(page, "the confirmation before resetting an email");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.equal((await bluebird.api("GET", `${templatePath}/invitation`)).customized, true, "cancelling changes nothing");

    await page.getByRole("button", { name: "Reset to default…" }).click();
    await dialog.getByRole("button", { name: "Yes, reset it" }).click();
    await page.getByText("Back to the default: Acme customers sends Bluebird's words from the next email on.").waitFor();
    await state().locator(".badge-default").waitFor();
    assert.equal(await subject().inputValue(), defaultInvitationSubject);
    assert.match(await body().inputValue(), /^Hello \{\{advocate\.first_name\}\},\n\nWe would like you to join/);
    assert.equal(await page.getByRole("button", { name: "Reset to default…" }).count(), 0, "nothing to reset any more");
    await previewSubject().getByText("Ada, you are invited to Acme customers", { exact: true }).waitFor();
    const reset = await bluebird.api("GET", `${templatePath}/invitation`);
    assert.deepEqual([reset.customized, reset.subject, reset.updated_at], [false, defaultInvitationSubject, null]);
  });

  test("send me a test: the unsaved draft goes to the signed-in manager and waits in the outbox", async () => {
    await subject().fill("Draft for {{program.name}}");
    await previewSubject().getByText("Draft for Acme customers", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Send me a test" }).click();
    await page.getByRole("status").getByText(`Test sent to ${staff.manager.email}, its subject marked [Test].`, { exact: false }).waitFor();

    const emails = (await bluebird.api("GET", "/api/v1/outbox?kind=email")).data;
    const test = emails.find((e) => e.event_type === "test.invitation");
    assert.ok(test, `a test email in the outbox: ${JSON.stringify(emails.map((e) => e.event_type))}`);
    assert.equal(test.target, staff.manager.email);
    assert.ok(JSON.stringify(test.payload).includes("[Test] Draft for Acme customers"), JSON.stringify(test.payload));
    assert.equal((await bluebird.api("GET", `${templatePath}/invitation`)).customized, false, "a test saves nothing");

    // Without an SMTP server it waits, and says why.
    await eventually(async () => (await bluebird.api("GET", `/api/v1/outbox/${test.id}`)).attempts.length > 0, "the worker tried to send it");
    assert.match((await bluebird.api("GET", `/api/v1/outbox/${test.id}`)).last_error, /email is not configured/);

    // A draft the server refuses is not sent, in words.
    await body().fill("No link at all.");
    await page.getByRole("button", { name: "Send me a test" }).click();
    await page.getByRole("alert").getByText("Not sent: The body must use {{link}}: this email is of no use without it.").waitFor();
    assert.equal((await bluebird.api("GET", "/api/v1/outbox?kind=email")).data.filter((e) => e.event_type.startsWith("test.")).length, 1);

    // Back to what is saved, so that leaving the page asks nothing.
    const saved = await bluebird.api("GET", `${templatePath}/invitation`);
    await subject().fill(saved.subject);
    await body().fill(saved.body);
    assert.equal(await state().getByText("Unsaved changes.").count(), 0);
  });

  test("at phone size the editor fits the screen", async () => {
    const phone = await (await newPerson(browser, bluebird.base, "phone")).newPage();
    await signInToConsole(phone, staff.manager);
    await phone.goto(`/console/programs/${bluebird.programId}/emails/welcome`);
    await phone.getByRole("heading", { name: "Welcome email: Acme customers", level: 1 }).waitFor();
    await phone.getByTestId("preview-subject").getByText("Welcome to Acme customers", { exact: true }).waitFor();
    await assertNoSidewaysScroll(phone, "the email editor");
    await checkAccessibility(phone, "the email editor at phone size");
    await phone.goto(`/console/programs/${bluebird.programId}/emails`);
    await phone.locator("ul.email-kinds > li").first().waitFor();
    await assertNoSidewaysScroll(phone, "the list of emails");
    await phone.context().close();
  });

  test("a viewer is offered none of it", async () => {
    const viewer = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(viewer, staff.viewer);
    await viewer.goto(`/console/programs/${bluebird.programId}/emails`);
    await viewer.getByText("Only admins and managers change a program's emails.").waitFor();
    await viewer.goto(`/console/programs/${bluebird.programId}/emails/invitation`);
    await viewer.getByText("Only admins and managers change a program's emails.").waitFor();
    assert.equal(await viewer.getByRole("textbox", { name: "Subject" }).count(), 0);
    await checkAccessibility(viewer, "the email editor refused to a viewer");
    await viewer.context().close();
  });
});

describe("the unsubscribe page (an SMTP sink on 127.0.0.1)", () => {
  let bluebird;
  let sink;
  let browser;
  const address = "una.subscriber@globex.example";

  before(async () => {
    sink = await startSmtpSink();
    bluebird = await startBluebird([
      "--set", "outbox.poll_ms=50", "--set", "email.smtp_host=127.0.0.1", "--set", `email.smtp_port=${sink.port}`,
      "--set", "email.smtp_tls=none",
    ]);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    bluebird?.stop();
    sink?.stop();
  });

  test("the link in an email asks first, then unsubscribes the address (phone size, no session)", async () => {
    const joined = await fetch(`${bluebird.base}/api/v1/public/programs/${bluebird.slug}/join`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ first_name: "Una", last_name: "Subscriber", email: address, company: "Globex" }),
    });
    assert.ok(joined.ok, `joining: ${joined.status}`);
    const [welcome] = await eventually(() => sink.to(address).length > 0 && sink.to(address), "the welcome email reaches the SMTP sink");
    const oneClick = welcome.data.match(/^List-Unsubscribe: <([^>]+)>\r?$/m)?.[1];
    assert.ok(oneClick, welcome.data);
    const url = new URL(oneClick);
    assert.equal(url.origin + url.pathname, `${bluebird.base}/api/v1/unsubscribe`);
    const token = url.searchParams.get("token");
    assert.equal(Buffer.from(token.split(".")[0], "base64url").toString(), address);
    // The footer of the text part leads to the page itself.
    assert.ok(unquote(welcome.data).includes(`Unsubscribe: ${bluebird.base}/portal/unsubscribe?token=${token}`), unquote(welcome.data));

    const person = await (await newPerson(browser, bluebird.base, "phone")).newPage();
    // The one-click URL, opened in a browser, only leads to the page.
    await person.goto(oneClick);
    await person.waitForURL(`${bluebird.base}/portal/unsubscribe?token=${token}`);
    await person.getByRole("heading", { name: `Unsubscribe ${address}?`, level: 1 }).waitFor();
    await person.getByText("Emails you ask for yourself, such as sign-in links, still come.", { exact: false }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual((await bluebird.api("GET", "/api/v1/suppressions")).data, [], "opening the page unsubscribes nobody");
    await checkAccessibility(person, "the unsubscribe page");
    await assertNoSidewaysScroll(person, "the unsubscribe page");
    await screenshot(person, "portal-unsubscribe");

    await person.getByRole("button", { name: "Unsubscribe", exact: true }).click();
    await person.getByRole("heading", { name: "You are unsubscribed", level: 1 }).waitFor();
    await person.getByRole("status").getByText(
      `${address} will get no more emails from us, except the ones you ask for yourself, such as sign-in links.`).waitFor();
    const listed = (await bluebird.api("GET", "/api/v1/suppressions")).data;
    assert.deepEqual(listed.map((s) => [s.email, s.reason]), [[address, "unsubscribe"]]);
    await checkAccessibility(person, "the unsubscribe page after unsubscribing");
    await person.context().close();
  });

  test("a forged token, a malformed one and none are told the link is not valid", async () => {
    const person = await (await newPerson(browser, bluebird.base, "phone")).newPage();
    const forged = `${Buffer.from("eve@example.com").toString("base64url")}.${"0".repeat(32)}`;
    await person.goto(`/portal/unsubscribe?token=${forged}`);
    // The address is read from the token for the question; only the server can tell it is forged.
    await person.getByRole("heading", { name: "Unsubscribe eve@example.com?", level: 1 }).waitFor();
    await person.getByRole("button", { name: "Unsubscribe", exact: true }).click();
    await person.getByRole("alert").getByText("This unsubscribe link is not valid. Use the link at the end of a recent email from us.").waitFor();
    assert.equal(await person.getByRole("button", { name: "Unsubscribe", exact: true }).count(), 0);
    await checkAccessibility(person, "the unsubscribe page with a forged link");
    assert.ok(!(await bluebird.api("GET", "/api/v1/suppressions")).data.some((s) => s.email === "eve@example.com"));

    for (const target of ["/portal/unsubscribe?token=not-a-token", "/portal/unsubscribe?token=", "/portal/unsubscribe"]) {
      await person.goto(target);
      await person.getByRole("alert").getByText("This unsubscribe link is not valid.", { exact: false }).waitFor();
      assert.equal(await person.getByRole("button", { name: "Unsubscribe", exact: true }).count(), 0, target);
    }
    await person.context().close();
  });
});
