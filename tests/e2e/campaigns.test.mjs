// Campaigns in the console, the personal join link of an invitation, one's own notification
// settings and an email kind turned off, in a real browser against a real `bluebird serve` whose
// email goes to the project's SMTP test server (tests/helpers/smtp_sink.py, aiosmtpd, on 127.0.0.1):
// - a manager opens the program's campaigns from the program page and creates an invitation
//   campaign from a pasted list (a header line, a blank line, a tab-separated line): a bad address
//   and badly ordered reminder days are refused, the address by its line number (the server's
//   recipients[i] mapped back past the skipped lines), until that line is changed; fixed, the
//   campaign opens with its people;
// - the invitation email (sent by the campaign runner, every 5 s) reaches the sink; its personal
//   link, opened at phone size with no session, shows the join form filled in; joining carries the
//   invitation, and the campaign's figures show opened 1 and joined 1 (and the bounce of the
//   address the sink refuses); the link opened again says they joined and offers the sign-in; a
//   link that is not valid says so gently above the ordinary, empty form;
// - a nudge to share with nobody listed asks the program's only idle advocate (Ada);
// - a sales rep opens the invite page from a CRM-style link (program by slug, email, name): the form
//   comes filled in with reminders at 3 and 10 days, and sending makes an invitation campaign of one
//   that is the rep's own (the rep's campaign list shows only it);
// - cancelling a scheduled campaign asks first ("Keep it going" changes nothing), then stops it;
// - the settings page (from the user's name in the header): a manager turns "referral held" on
//   (still on after a reload) and off; a viewer turning it on is refused in words and stays off;
// - a program's welcome email's "Send this email" turned off and saved: off after a reload and in
//   the list of emails; a kind that is not automatic offers no such choice.
// Every page is checked with axe-core; screenshots go to build/e2e-screenshots (the campaign's is
// also docs/screenshots/console-campaign.png).
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, eventually, launchBrowser, newPerson, root, screenshot, screenshotDir, signInToConsole, staff, startBluebird } from "./harness.mjs";
import { startSmtpSink, unquote } from "./smtp_sink.mjs";

const figure = (page, key) => page.locator(`[data-figure="${key}"] .figure`);
const figureValue = async (page, key) => (await figure(page, key).textContent())?.trim();

const ada = "ada.lovelace@analytical.example";
const bob = "bob.builder@globex.example";
const bounced = "perm-fail.carol@initech.example"; // the sink refuses it: 550 5.1.1

describe("campaigns, the personal join link and one's own settings (an SMTP sink on 127.0.0.1)", () => {
  let bluebird;
  let sink;
  let browser;
  let page; // the manager's
  let campaignId;

  before(async () => {
    sink = await startSmtpSink();
    bluebird = await startBluebird(["--set", "outbox.poll_ms=50", ...sink.settings]);
    browser = await launchBrowser();
    page = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(page, staff.manager);
  });

  after(async () => {
    await browser?.close();
    bluebird?.stop();
    sink?.stop();
  });

  const people = () => page.getByRole("textbox", { name: "People, one per line" });

  test("a new invitation campaign: a refused line named by its number, fixed, and the campaign shown", async () => {
    await page.goto(`/console/programs/${bluebird.programId}`);
    await page.getByRole("heading", { name: "Acme customers", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Campaigns", exact: true }).click();
    await page.getByRole("heading", { name: "Campaigns: Acme customers", level: 1 }).waitFor();
    await page.waitForURL(new RegExp(`/console/programs/${bluebird.programId}/campaigns$`));
    // Only the program's automatic promoter rules, on from its creation.
    await page.getByRole("row").filter({ hasText: "Automatic: invite promoters" }).waitFor();
    await page.getByRole("row").filter({ hasText: "Automatic: nudge quiet promoters" }).waitFor();

    await page.getByRole("textbox", { name: "Name" }).fill("Spring customers");
    assert.equal(await page.getByRole("combobox", { name: "Kind" }).inputValue(), "invitation");
    // A spreadsheet's header, a blank line and a tab-separated line: the bad address is the
    // server's recipients[1], on line 4.
    await people().fill(
      [
        "email, first name, last name, company",
        `${ada}, Ada, Lovelace, Analytical Engines, Ltd.`,
        "",
        "bob@@globex.example, Bob, Builder",
        `${bounced}\tCarol\tDanvers\tInitech`,
      ].join("\n"),
    );
    await page.getByText("3 people listed.").waitFor();
    const reminders = page.getByRole("textbox", { name: "Reminders (days after the first email)" });
    assert.equal(await reminders.inputValue(), "3, 10", "reminders at 3 and 10 days unless changed");
    await reminders.fill("10, 3");
    await page.getByRole("button", { name: "Create the campaign" }).click();

    const lineError = page.locator('.line-errors li[data-line="4"]');
    await lineError.getByText("email must be an email address like name@example.com", { exact: false }).waitFor();
    assert.match(await lineError.innerText(), /^Line 4 “bob@@globex\.example, Bob, Builder”: email must be an email address/);
    assert.equal(await page.locator(".line-errors li").count(), 1, "only the bad line is named");
    assert.equal(await people().getAttribute("aria-invalid"), "true");
    assert.match(await people().getAttribute("aria-describedby"), /field-recipients-error/);
    await page.locator("#field-reminders-error").getByText("the second (3 days) must come after the reminder before it", { exact: false }).waitFor();
    await page.getByRole("alert").first().waitFor();
    await checkAccessibility(page, "the new campaign form with the server's refusal");
    await screenshot(page, "console-campaign-new");
    const before = (await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/campaigns`)).data;
    assert.deepEqual(before.filter((c) => c.trigger === null), [], "nothing was made (the program's automatic rules aside)");

    // Changing the line takes its error away; the other lines keep theirs (none here).
    const text = await people().inputValue();
    await people().fill(text.replace("bob@@globex.example", bob));
    assert.equal(await page.locator(".line-errors li").count(), 0);
    await reminders.fill("3, 10");
    await page.getByRole("button", { name: "Create the campaign" }).click();

    await page.waitForURL(/\/console\/campaigns\/cmp_[^/?]+\?created=1$/);
    campaignId = new URL(page.url()).pathname.split("/").pop();
    await page.getByRole("heading", { name: "Campaign: Spring customers", level: 1 }).waitFor();
    await page.getByRole("status").getByText("Campaign created: the first emails go within a minute.").waitFor();
    await page.getByText("2 reminders: 3 and 10 days after the first email, to anyone who has not joined by then.").waitFor();
    assert.equal(await figureValue(page, "recipients"), "3");
    await page.getByText("3 of 3 people, by email address.").waitFor();
    const adaRow = page.locator(`tr[data-email="${ada}"]`);
    await adaRow.getByText("Ada Lovelace").waitFor();
    await adaRow.getByText("Analytical Engines, Ltd.").waitFor();

    const made = await bluebird.api("GET", `/api/v1/campaigns/${campaignId}`);
    assert.deepEqual([made.name, made.kind, made.reminders_after_days, made.recipients], ["Spring customers", "invitation", [3, 10], 3]);
    const listed = (await bluebird.api("GET", `/api/v1/campaigns/${campaignId}/recipients`)).data;
    assert.deepEqual(
      listed.map((r) => [r.email, r.first_name, r.last_name, r.company]).sort(),
      [
        [ada, "Ada", "Lovelace", "Analytical Engines, Ltd."],
        [bob, "Bob", "Builder", ""],
        [bounced, "Carol", "Danvers", "Initech"],
      ],
    );

    // The program's list shows it: name, kind, state, send time.
    await page.getByRole("link", { name: "All of the program's campaigns" }).click();
    const row = page.locator(`tr[data-campaign="${campaignId}"]`);
    await row.getByRole("link", { name: "Spring customers" }).waitFor();
    await row.getByText("Invitation", { exact: true }).waitFor();
    await row.locator(".badge").waitFor();
    await checkAccessibility(page, "a program's campaigns");
  });

  test("the invitation's personal link fills the join form in (phone); joining counts as opened and joined", async () => {
    assert.ok(campaignId, "the campaign of the test before");
    const [invitation] = await eventually(() => sink.to(ada).length > 0 && sink.to(ada), "the invitation reaches the SMTP sink", 30000);
    const text = unquote(invitation.data);
    const link = text.match(new RegExp(`${bluebird.base}/join/${bluebird.slug}\\?invite=([A-Za-z0-9._~-]+)`));
    assert.ok(link, text);
    const token = link[1];

    const person = await (await newPerson(browser, bluebird.base, "phone")).newPage();
    await person.goto(link[0]);
    await person.getByRole("heading", { name: "Join Acme customers", level: 1 }).waitFor();
    await person.getByText("Ada, you are invited: your details are filled in below.", { exact: false }).waitFor();
    assert.equal(await person.getByRole("textbox", { name: "First name" }).inputValue(), "Ada");
    assert.equal(await person.getByRole("textbox", { name: "Last name" }).inputValue(), "Lovelace");
    assert.equal(await person.getByRole("textbox", { name: "Work email" }).inputValue(), ada);
    assert.equal(await person.getByRole("textbox", { name: "Company" }).inputValue(), "Analytical Engines, Ltd.");
    await checkAccessibility(person, "the join page from a personal link");
    await assertNoSidewaysScroll(person, "the join page from a personal link");
    await screenshot(person, "join-invited");
    await person.getByRole("button", { name: "Join the program" }).click();
    await person.waitForURL(/\/portal$/);
    await person.context().close();

    // The figures, read again until the runner and the delivery worker are through (bounded).
    await page.goto(`/console/campaigns/${campaignId}`);
    await page.getByRole("heading", { name: "Campaign: Spring customers", level: 1 }).waitFor();
    await eventually(
      async () => {
        await page.reload();
        await figure(page, "joined").waitFor();
        return (
          (await figureValue(page, "opened")) === "1" &&
          (await figureValue(page, "joined")) === "1" &&
          (await figureValue(page, "sent")) === "3" &&
          (await figureValue(page, "bounced")) === "1"
        );
      },
      "the campaign shows 3 sent, opened 1, joined 1 and 1 bounced",
      30000,
      500,
    );
    await page.locator(`tr[data-email="${ada}"] .recipient-state`).getByText("Joined", { exact: true }).waitFor();
    await page.locator(`tr[data-email="${bounced}"] .recipient-state`).getByText("Bounced", { exact: true }).waitFor();
    await page.locator(`tr[data-email="${bob}"] .recipient-state`).getByText(/^Next reminder /).waitFor();
    await page.locator('[data-figure="opened"]').getByText("used their personal link to the join page.").waitFor();
    await page.locator(".campaign-schedule").getByText("running", { exact: true }).waitFor();
    await checkAccessibility(page, "a campaign with its figures and people");
    await screenshot(page, "console-campaign");
    copyFileSync(path.join(screenshotDir, "console-campaign.png"), path.join(root, "docs/screenshots/console-campaign.png"));
    const figures = await bluebird.api("GET", `/api/v1/campaigns/${campaignId}`);
    assert.deepEqual([figures.opened, figures.joined], [1, 1]);

    // The link opened again: they joined already, and are offered the portal's sign-in.
    const again = await (await newPerson(browser, bluebird.base, "phone")).newPage();
    await again.goto(`/join/${bluebird.slug}?invite=${token}`);
    await again.getByRole("heading", { name: "You are a member of Acme customers", level: 1 }).waitFor();
    assert.equal(await again.getByRole("link", { name: "Sign in to your portal" }).getAttribute("href"), `/portal/sign-in?program=${bluebird.slug}`);
    assert.equal(await again.getByRole("button", { name: "Join the program" }).count(), 0);
    await checkAccessibility(again, "the join page from a used personal link");

    // A link that is not valid: a gentle note, and the ordinary form, empty.
    await again.goto(`/join/${bluebird.slug}?invite=${campaignId}.${"0".repeat(32)}`);
    await again.getByRole("heading", { name: "Join Acme customers", level: 1 }).waitFor();
    await again.getByRole("status").getByText("This invitation link is not one we recognise", { exact: false }).waitFor();
    assert.equal(await again.getByRole("textbox", { name: "Work email" }).inputValue(), "");
    await again.getByRole("button", { name: "Join the program" }).waitFor();
    await checkAccessibility(again, "the join page with a link that is not valid");
    await again.context().close();
  });

  test("a nudge to share without people asks every idle advocate of the program (Ada, who just joined)", async () => {
    await page.goto(`/console/programs/${bluebird.programId}/campaigns`);
    await page.getByRole("heading", { name: "New campaign", level: 2 }).waitFor();
    await page.getByRole("textbox", { name: "Name" }).fill("Get sharing");
    await page.getByRole("combobox", { name: "Kind" }).selectOption("activation");
    await page.getByText("Leave it empty to ask every advocate of the program who has not shared their link or referred anyone yet", { exact: false }).waitFor();
    await page.getByRole("textbox", { name: "Reminders (days after the first email)" }).fill("7");
    await page.getByRole("button", { name: "Create the campaign" }).click();
    await page.getByRole("heading", { name: "Campaign: Get sharing", level: 1 }).waitFor();
    await page.locator(".campaign-schedule").getByText("Nudge to share", { exact: true }).waitFor();
    await page.getByText("One reminder: 7 days after the first email, to anyone who has not shared their link or referred anyone by then.").waitFor();
    await page.locator(`tr[data-email="${ada}"]`).getByRole("link", { name: "Ada Lovelace" }).waitFor();
    assert.equal(await figureValue(page, "recipients"), "1", "only Ada is an advocate who never shared or referred");
    assert.equal(await figure(page, "opened").count(), 0, "a nudge has no personal join link to open");
    assert.equal(await figure(page, "joined").count(), 0);
    await checkAccessibility(page, "a nudge to share");
  });

  test("a sales rep's invite page, filled in from a CRM-style link, makes an invitation campaign of one", async () => {
    const rep = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(rep, staff.sales_rep);
    await rep.goto(`/console/invite?program=${bluebird.slug}&email=dan.brown%40hooli.example&name=Dan%20Brown%20Jr&company=Hooli`);
    await rep.getByRole("heading", { name: "Invite someone", level: 1 }).waitFor();
    await eventually(async () => (await rep.getByRole("combobox", { name: "Program" }).inputValue()) === bluebird.programId, "the program named by its slug is chosen");
    assert.equal(await rep.getByRole("textbox", { name: "Email" }).inputValue(), "dan.brown@hooli.example");
    assert.equal(await rep.getByRole("textbox", { name: "First name" }).inputValue(), "Dan");
    assert.equal(await rep.getByRole("textbox", { name: "Last name" }).inputValue(), "Brown Jr");
    assert.equal(await rep.getByRole("textbox", { name: "Company" }).inputValue(), "Hooli");
    assert.equal(await rep.getByRole("textbox", { name: "Reminders (days after the invitation)" }).inputValue(), "3, 10");
    await checkAccessibility(rep, "the invite page filled in from the address");
    await rep.getByRole("button", { name: "Send the invitation" }).click();
    await rep.getByRole("heading", { name: "Dan Brown Jr is invited", level: 2 }).waitFor();
    await rep.getByText("2 reminders: 3 and 10 days after the first email, to anyone who has not joined by then.").waitFor();
    await rep.getByRole("link", { name: "Open the campaign “Invitation: Dan Brown Jr”" }).click();
    await rep.getByRole("heading", { name: "Campaign: Invitation: Dan Brown Jr", level: 1 }).waitFor();
    await rep.locator('tr[data-email="dan.brown@hooli.example"]').getByText("Dan Brown Jr").waitFor();
    const mine = new URL(rep.url()).pathname.split("/").pop();
    const made = await bluebird.api("GET", `/api/v1/campaigns/${mine}`);
    assert.deepEqual([made.kind, made.recipients, made.reminders_after_days], ["invitation", 1, [3, 10]]);

    // The rep's list of the program's campaigns holds theirs only.
    await rep.getByRole("link", { name: "All of the program's campaigns" }).click();
    await rep.getByRole("heading", { name: "Your campaigns", level: 2 }).waitFor();
    await rep.locator(`tr[data-campaign="${mine}"]`).waitFor();
    assert.equal(await rep.locator("tr[data-campaign]").count(), 1, "a rep sees their own campaigns");
    assert.equal(await rep.getByRole("button", { name: "Create the campaign" }).count(), 0, "a rep makes no wave");
    await checkAccessibility(rep, "a program's campaigns for a sales rep");
    await rep.context().close();
  });

  test("cancelling a campaign asks first, then nothing more is sent", async () => {
    const later = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const made = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/campaigns`, {
      name: "Autumn wave", kind: "invitation", send_at: later, recipients: [{ email: "erin@umbrella.example", first_name: "Erin" }],
    });
    assert.equal(made.state, "scheduled");
    await page.goto(`/console/campaigns/${made.id}`);
    await page.getByRole("heading", { name: "Campaign: Autumn wave", level: 1 }).waitFor();
    await page.locator('tr[data-email="erin@umbrella.example"] .recipient-state').getByText("Waiting", { exact: true }).waitFor();

    await page.getByRole("button", { name: "Cancel the campaign…" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel “Autumn wave”?" });
    await dialog.getByText("not even the first one", { exact: false }).waitFor();
    await checkAccessibility(page, "the question before cancelling a campaign");
    await dialog.getByRole("button", { name: "Keep it going" }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.equal((await bluebird.api("GET", `/api/v1/campaigns/${made.id}`)).state, "scheduled", "keeping it changes nothing");

    await page.getByRole("button", { name: "Cancel the campaign…" }).click();
    await dialog.getByRole("button", { name: "Yes, cancel the campaign" }).click();
    await page.getByRole("status").getByText("Cancelled: nobody gets another email from this campaign.").waitFor();
    await page.locator(".campaign-schedule").getByText("cancelled", { exact: true }).waitFor();
    await page.locator('tr[data-email="erin@umbrella.example"] .recipient-state').getByText("Stopped", { exact: true }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Cancel the campaign…" }).count(), 0, "nothing left to cancel");
    const after = await bluebird.api("GET", `/api/v1/campaigns/${made.id}`);
    assert.equal(after.state, "cancelled");
    const [erin] = (await bluebird.api("GET", `/api/v1/campaigns/${made.id}/recipients`)).data;
    assert.deepEqual([erin.stopped, erin.next_send_at], ["cancelled", null]);
  });

  test("one's own settings: a manager turns “referral held” on and off; a viewer is refused in words", async () => {
    const mine = () => page.evaluate(async () => (await fetch("/api/v1/me/notifications")).json());
    await page.goto("/console");
    await page.getByRole("link", { name: "manager user: your settings" }).click();
    await page.getByRole("heading", { name: "Your settings", level: 1 }).waitFor();
    const held = page.getByRole("checkbox", { name: "A referral is held for review" });
    assert.equal(await held.isChecked(), false);
    await page.getByText("so that someone clears or rejects it soon", { exact: false }).waitFor();
    await held.check();
    await page.getByRole("status").getByText("Saved: you will get the email “A referral is held for review”.").waitFor();
    assert.deepEqual(await mine(), { referral_held: true, daily_digest: false, monthly_report: false, followup_opened: false });
    await checkAccessibility(page, "one's own settings");
    await page.reload();
    await page.getByRole("heading", { name: "Your settings", level: 1 }).waitFor();
    await eventually(() => held.isChecked(), "still on after a reload");
    await held.uncheck();
    await page.getByRole("status").getByText("Saved: you will no longer get the email “A referral is held for review”.").waitFor();
    assert.deepEqual(await mine(), { referral_held: false, daily_digest: false, monthly_report: false, followup_opened: false });

    const viewer = await (await newPerson(browser, bluebird.base, "desktop")).newPage();
    await signInToConsole(viewer, staff.viewer);
    await viewer.getByRole("link", { name: "viewer user: your settings" }).click();
    await viewer.getByRole("heading", { name: "Your settings", level: 1 }).waitFor();
    const viewerHeld = viewer.getByRole("checkbox", { name: "A referral is held for review" });
    await viewerHeld.click();
    await viewer.getByRole("alert").getByText(
      "Not saved: only admins and managers may turn on emails about the programs; as a viewer you can only turn them off.").waitFor();
    assert.equal(await viewerHeld.isChecked(), false, "back off");
    await checkAccessibility(viewer, "one's own settings refused to a viewer");
    await viewer.reload();
    await viewer.getByRole("heading", { name: "Your settings", level: 1 }).waitFor();
    assert.equal(await viewerHeld.isChecked(), false, "still off after a reload");
    await viewer.context().close();
  });

  test("an automatic email turned off with “Send this email” is off after a reload and in the list", async () => {
    const templatePath = `/api/v1/programs/${bluebird.programId}/email-templates`;
    assert.equal((await bluebird.api("GET", `${templatePath}/welcome`)).automatic, true);
    await page.goto(`/console/programs/${bluebird.programId}/emails/welcome`);
    await page.getByRole("heading", { name: "Welcome email: Acme customers", level: 1 }).waitFor();
    const send = page.getByRole("checkbox", { name: "Send this email" });
    assert.equal(await send.isChecked(), true);
    await send.uncheck();
    await page.locator(".template-state").getByText("Unsaved changes.").waitFor();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").getByText("Saved: Acme customers does not send this email until it is turned on again.").waitFor();
    assert.equal((await bluebird.api("GET", `${templatePath}/welcome`)).enabled, false);

    await page.reload();
    await page.getByRole("heading", { name: "Welcome email: Acme customers", level: 1 }).waitFor();
    await page.locator(".template-state .badge-off").waitFor();
    assert.equal(await page.getByRole("checkbox", { name: "Send this email" }).isChecked(), false, "off after a reload");
    await checkAccessibility(page, "an email turned off");

    await page.getByRole("link", { name: "All of the program's emails" }).click();
    const welcome = page.locator('ul.email-kinds > li[data-kind="welcome"]');
    await welcome.locator(".badge-off").waitFor();
    await welcome.getByText("Turned off: the program does not send this email.").waitFor();
    assert.equal(await page.locator("ul.email-kinds .badge-off").count(), 1, "only the welcome email is off");

    // The invitation goes when a campaign sends it: it cannot be turned off.
    await page.locator('ul.email-kinds > li[data-kind="invitation"]').getByRole("link", { name: "Invitation", exact: true }).click();
    await page.getByRole("heading", { name: "Invitation email: Acme customers", level: 1 }).waitFor();
    await page.getByRole("textbox", { name: "Subject" }).waitFor();
    assert.equal(await page.getByRole("checkbox", { name: "Send this email" }).count(), 0);
  });
});
