// An NPS survey in a real browser, its email through the project's SMTP test server (aiosmtpd on
// 127.0.0.1): a manager creates the survey on the program's campaigns page (no list: the program's
// advocates); the email reaches the sink with the 0–10 scale; a click on 9 opens the survey page on
// a phone, which records the answer at once and asks why; the reason is sent; the campaign counts
// the answer and the NPS report has the promoter. A promoter who is not an advocate is invited to
// join by the program's automatic rule (no stray comma without a name); the campaigns page shows
// the rules; a manager turns the nudge rule off (cancels it) and on again with 60 quiet days and no
// reminders, and a second one while it runs is refused under "Kind". A survey in the advocate portal: an advocate
// signed in on a phone is asked there, answers with one tap and gives a reason; "Not now" hides it.
// Every page visited is checked with axe-core.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, eventually, launchBrowser, newPerson, screenshotDir, signInToConsole, staff, startBluebird } from "./harness.mjs";
import { startSmtpSink, unquote } from "./smtp_sink.mjs";

let sink;
let bluebird;
let browser;
let program;
const ivy = "ivy.survey@customer.example";

before(async () => {
  sink = await startSmtpSink();
  bluebird = await startBluebird(["--set", "outbox.poll_ms=50", ...sink.settings]);
  browser = await launchBrowser();
  program = await bluebird.api("POST", "/api/v1/programs", {
    name: "Survey checks", kind: "customer", landing_url: "https://placeholder.example/",
  });
  await bluebird.api("POST", `/api/v1/programs/${program.id}/advocates`, { email: ivy, first_name: "Ivy" });
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
  sink?.stop();
});

describe("NPS surveys by email", () => {
  test("one click on a score in the email answers; the page asks why; the campaign counts it", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/programs/${program.id}/campaigns`);
    await page.getByRole("heading", { name: "Campaigns: Survey checks", level: 1 }).waitFor();
    await page.getByRole("textbox", { name: "Name" }).fill("Spring NPS");
    await page.getByRole("combobox", { name: "Kind" }).selectOption("nps_survey");
    const throttle = page.getByRole("textbox", { name: "Throttle (days)" });
    assert.equal(await throttle.inputValue(), "90");
    await page.getByRole("textbox", { name: "Reminders (days after the first email)" }).fill("4");
    await checkAccessibility(page, "a new NPS survey");
    await page.getByRole("button", { name: "Create the campaign" }).click();
    await page.waitForURL(/\/console\/campaigns\/cmp_[^/?]+\?created=1$/);
    const campaignId = new URL(page.url()).pathname.split("/").pop();
    await page.getByText("Nobody sent a survey in the 90 days before their first email is sent this one.").waitFor();
    await page.getByText("One reminder: 4 days after the first email, to anyone who has not answered by then.").waitFor();

    const [email] = await eventually(() => sink.to(ivy).length > 0 && sink.to(ivy), "the survey reaches the SMTP sink", 30000);
    const text = unquote(email.data);
    assert.match(text, /Subject: Ivy, a quick question from Survey checks/);
    const nine = text.match(new RegExp(`href="(${bluebird.base}/survey/[A-Za-z0-9._~-]+\\?score=9)"`));
    assert.ok(nine, text);

    // The person clicks 9 on a phone: answered at once, then asked why.
    const phone = await newPerson(browser, bluebird.base, "phone");
    const person = await phone.newPage();
    await person.goto(nine[1].replace(bluebird.base, ""));
    await person.getByRole("heading", { name: "Thank you, Ivy", level: 1 }).waitFor();
    await person.getByRole("status").getByText("Your answer: 9 out of 10. You can change it below.").waitFor();
    assert.equal(await person.getByRole("button", { name: "9", exact: true }).getAttribute("aria-pressed"), "true");
    await checkAccessibility(person, "the survey page after one click");
    await assertNoSidewaysScroll(person, "the survey page");
    await person.getByRole("textbox", { name: "What is the main reason for your score?" }).fill("Quick, friendly support.");
    await person.getByRole("button", { name: "Send" }).click();
    await person.getByText("Thank you: your reason is with the team.").waitFor();
    await person.screenshot({ path: path.join(screenshotDir, "survey.png"), fullPage: true });
    await phone.close();

    const answered = await eventually(async () => {
      const c = await bluebird.api("GET", `/api/v1/campaigns/${campaignId}`);
      return c.answered === 1 && c;
    }, "the campaign counts the answer");
    assert.equal(answered.sent, 1);
    const [recipient] = (await bluebird.api("GET", `/api/v1/campaigns/${campaignId}/recipients`)).data;
    assert.equal(recipient.stopped, "answered");
    const report = await bluebird.api("GET", `/api/v1/analytics/nps?program_id=${program.id}`);
    assert.deepEqual([report.responses, report.promoters], [1, 1]);

    await page.reload();
    await page.locator('[data-figure="answered"] .figure').getByText("1", { exact: true }).waitFor();
    await checkAccessibility(page, "an NPS survey's figures");
    await context.close();
  });

  test("a promoter who is not an advocate is invited; staff turn the nudge rule off and on", async () => {
    await bluebird.api("POST", `/api/v1/programs/${program.id}/nps-responses`, { email: "nia@prospect.example", score: 10 });
    const [invitation] = await eventually(() => sink.to("nia@prospect.example").length > 0 && sink.to("nia@prospect.example"),
      "the invitation reaches the SMTP sink", 30000);
    const invited = unquote(invitation.data);
    assert.match(invited, /Subject: You are invited to Survey checks/, "known only by her address: no stray comma");
    assert.match(invited, new RegExp(`${bluebird.base}/join/[a-z0-9-]+\\?invite=`));

    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/programs/${program.id}/campaigns`);
    await page.getByRole("row").filter({ hasText: "Automatic: invite promoters" }).waitFor();
    await page.getByRole("link", { name: "Promoters: a nudge to refer" }).click();
    await page.getByText("Automatic: nudge quiet promoters").waitFor();
    await page.getByText("Each promoter advocate who neither shared their link nor referred anyone in the 30 days before answering", { exact: false }).waitFor();
    await checkAccessibility(page, "an automatic campaign");
    await page.getByRole("button", { name: "Cancel the campaign…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Yes, cancel the campaign" }).click();
    await page.locator(".campaign-schedule").getByText("cancelled", { exact: true }).waitFor();

    const create = async (name) => {
      await page.goto(`/console/programs/${program.id}/campaigns`);
      await page.getByRole("textbox", { name: "Name" }).fill(name);
      await page.getByRole("combobox", { name: "Kind" }).selectOption("promoter_nudge");
      const reminders = page.getByRole("textbox", { name: "Reminders (days after the first email)" });
      await eventually(async () => (await reminders.inputValue()) === "", "a nudge starts without reminders");
      await page.getByRole("textbox", { name: "Quiet days" }).fill("60");
      assert.equal(await page.getByRole("textbox", { name: "People, one per line" }).count(), 0, "no list");
      assert.equal(await page.getByLabel("Send at").count(), 0, "no send time");
      await page.getByRole("button", { name: "Create the campaign" }).click();
    };
    await create("Quiet promoters, our way");
    await page.waitForURL(/\/console\/campaigns\/cmp_[^/?]+\?created=1$/);
    await page.getByText("in the 60 days before answering", { exact: false }).waitFor();
    await page.getByText("No reminders.").waitFor();
    await create("A second rule");
    await page.locator(".field-error").getByText("an automatic campaign of this kind is running", { exact: false }).waitFor();
    await checkAccessibility(page, "a second automatic campaign refused");
    await context.close();
  });

  test("the portal asks the question: a tap answers, the reason follows, and Not now hides it", async () => {
    await bluebird.api("POST", `/api/v1/programs/${program.id}/campaigns`, { name: "In the portal", kind: "nps_survey", trigger: "portal" });
    const signIn = async (email) => {
      const advocate = await bluebird.api("POST", `/api/v1/programs/${program.id}/advocates`, { email, first_name: "Una" });
      const link = await bluebird.api("POST", `/api/v1/advocates/${advocate.id}/sign-in-links`);
      const context = await newPerson(browser, bluebird.base, "phone");
      const page = await context.newPage();
      await page.goto(`/portal/sign-in?token=${encodeURIComponent(link.token)}`);
      await page.getByRole("heading", { name: "Hello Una", level: 1 }).waitFor();
      return { advocate, context, page };
    };
    const una = await signIn("una.portal@customer.example");
    const card = una.page.getByRole("region", { name: "A quick question" });
    await card.getByText("How likely is it that you would recommend Survey checks to a friend or colleague?").waitFor();
    await checkAccessibility(una.page, "the portal's NPS question");
    await card.getByRole("button", { name: "10", exact: true }).click();
    const answered = una.page.getByRole("region", { name: "Thank you for your answer" });
    await answered.getByRole("status").getByText("Your answer: 10 out of 10. You can change it above.").waitFor();
    await answered.getByRole("textbox", { name: "What is the main reason for your score?" }).fill("They listen.");
    await answered.getByRole("button", { name: "Send" }).click();
    await answered.getByText("Thank you: your reason is with the team.").waitFor();
    await checkAccessibility(una.page, "the portal's NPS question answered");
    await assertNoSidewaysScroll(una.page, "the portal with the NPS question");
    await una.page.screenshot({ path: path.join(screenshotDir, "portal-nps.png"), fullPage: false });
    const advocate = await bluebird.api("GET", `/api/v1/advocates/${una.advocate.id}`);
    assert.deepEqual([advocate.attributes.nps, advocate.attributes.nps_class], [10, "promoter"]);
    await una.context.close();

    const vic = await signIn("vic.portal@customer.example");
    await vic.page.getByRole("region", { name: "A quick question" }).getByRole("button", { name: "Not now" }).click();
    await vic.page.getByRole("region", { name: "A quick question" }).waitFor({ state: "detached" });
    await vic.page.reload();
    await vic.page.getByRole("heading", { name: "Hello Una", level: 1 }).waitFor();
    assert.equal(await vic.page.getByRole("region", { name: "A quick question" }).count(), 0, "hidden for the window");
    await vic.context.close();
  });

  test("a link Bluebird did not make says so", async () => {
    const context = await newPerson(browser, bluebird.base, "phone");
    const page = await context.newPage();
    await page.goto(`/survey/cmp_unknown.${"0".repeat(32)}?score=10`);
    await page.getByText("This survey link is not valid. Use the link in the email we sent you.").waitFor();
    await checkAccessibility(page, "an unknown survey link");
    await context.close();
  });
});
