// Happiness ratings in a real browser, the email through the project's SMTP test server: a manager
// moves Ada's referral of Alan Turing to won; the "now a customer" email reaches the sink with its
// three rating links; Ada opens the Unhappy one on a phone, which records it at once, then changes it
// to Happy with one click, adds "Wow!" and a comment (a reload sends nothing again); an admin's
// Happiness page counts it for the program and lists the comment. The manager pays the reward: Ada's
// portal asks "How did we do?" about "Your reward of … was paid" (and the referral handled); she
// rates it with a comment and it leaves the list; the report then has the manager's row. A viewer
// reads the report and the ratings about themselves with no Delete (sales reps have no Happiness
// page); an admin deletes a rating after a confirmation: it leaves the list and the figures. Every
// page visited is checked with axe-core; screenshots rate-page.png, portal-happiness.png and
// console-happiness.png.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  assertNoSidewaysScroll,
  checkAccessibility,
  consoleAs,
  eventually,
  launchBrowser,
  nav,
  newPerson,
  portalAs,
  screenshot,
  screenshotDir,
  staff,
  startBluebird,
} from "./harness.mjs";
import { startSmtpSink, unquote } from "./smtp_sink.mjs";

const admin = { email: "ada.admin@bluebird.test", password: "admin passphrase 1", name: "Ada Admin" };
const adaEmail = "ada.rater@advocate.example";

let sink;
let bluebird;
let browser;
let ada;
let referral;
let manager; // { context, page }: the manager's console, whose session moves and pays

before(async () => {
  sink = await startSmtpSink();
  bluebird = await startBluebird(["--set", "outbox.poll_ms=50", ...sink.settings]);
  browser = await launchBrowser();
  await bluebird.api("POST", "/api/v1/users", { email: admin.email, name: admin.name, role: "admin", password: admin.password });
  ada = await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
    email: adaEmail, first_name: "Ada", last_name: "Lovelace",
  });
  referral = await bluebird.api("POST", "/api/v1/referrals", {
    advocate_id: ada.id, referee: { email: "alan@buyer.example", first_name: "Alan", last_name: "Turing" },
  });
  manager = await consoleAs(browser, bluebird.base, staff.manager);
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
  sink?.stop();
});

// A call to the API in the signed-in staff member's own session (so they are the one rated).
async function asStaff(page, method, target, body) {
  const [status, json] = await page.evaluate(
    async ({ method, target, body }) => {
      const csrf = document.cookie.split("; ").find((c) => c.startsWith("bb_csrf="))?.slice(8) ?? "";
      const response = await fetch(target, {
        method,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": decodeURIComponent(csrf) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return [response.status, await response.json()];
    },
    { method, target, body },
  );
  assert.ok(status < 300, `${method} ${target}: ${status} ${JSON.stringify(json)}`);
  return json;
}

// The report's row for `name` in the Happiness table, as its cells' text.
async function reportRow(page, name) {
  const row = page.getByRole("region", { name: "Happiness by group" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await row.waitFor();
  return row.getByRole("cell").allInnerTexts();
}

describe("happiness ratings", () => {
  test("the email's Unhappy link records the rating at once; Ada changes it to happy, says wow and comments", async () => {
    await asStaff(manager.page, "POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "won", deal_value_minor: 500000 });
    const email = await eventually(
      () => sink.to(adaEmail).map((m) => unquote(m.data)).find((text) => /Subject: Alan is now a customer, thanks to you/.test(text)),
      "the won email reaches the SMTP sink", 30000);
    assert.match(email, /How did we do\? One click tells us:/);
    const link = (value) => {
      const found = email.match(new RegExp(`(${bluebird.base}/rate\\?token=[^&\\s"]+&value=${value})`));
      assert.ok(found, `the ${value} link in:\n${email}`);
      return found[1].replace(bluebird.base, "");
    };
    link("happy");
    link("ok");

    const phone = await newPerson(browser, bluebird.base, "phone");
    const person = await phone.newPage();
    await person.goto(link("unhappy"));
    await person.getByRole("heading", { name: "Thank you", level: 1 }).waitFor();
    await person.getByText("Alan is now a customer, thanks to you").waitFor();
    await person.getByRole("status").getByText("Your rating: Unhappy. One click below changes it.").waitFor();
    assert.equal(await person.getByRole("button", { name: "Unhappy" }).getAttribute("aria-pressed"), "true");
    assert.equal(new URL(person.url()).searchParams.get("value"), null, "the answer leaves the address once sent");
    assert.equal(await person.getByRole("button", { name: "Wow!" }).count(), 0, "wow goes with happy only");
    await checkAccessibility(person, "the rating page after one click");
    await assertNoSidewaysScroll(person, "the rating page");

    await person.getByRole("button", { name: "Happy", exact: true }).click();
    await person.getByRole("status").getByText("Your rating: Happy. One click below changes it.").waitFor();
    assert.equal(await person.getByRole("button", { name: "Unhappy" }).getAttribute("aria-pressed"), "false");
    await person.getByRole("button", { name: "Wow!" }).click();
    await person.getByRole("status").getByText("Your rating: Happy, and wow. One click below changes it.").waitFor();
    await person.getByRole("textbox", { name: "Anything you would like to add?" }).fill("Alan loves it: thank you for the quick intro.");
    await person.getByRole("button", { name: "Send the comment" }).click();
    await person.getByText("Thank you: your comment is with the team.").waitFor();
    await checkAccessibility(person, "the rating page with a comment");
    await screenshot(person, "rate-page");

    // A reload reads the rating: the email's Unhappy is not sent again.
    await person.reload();
    await person.getByRole("status").getByText("Your rating: Happy, and wow. One click below changes it.").waitFor();
    assert.equal(await person.getByRole("textbox", { name: "Anything you would like to add?" }).inputValue(),
      "Alan loves it: thank you for the quick intro.");
    await phone.close();

    const [rating] = (await bluebird.api("GET", "/api/v1/ratings?interaction=email")).data;
    assert.deepEqual([rating.value, rating.wow, rating.comment, rating.rated_user_id], ["happy", true, "Alan loves it: thank you for the quick intro.", null]);

    const { context, page } = await consoleAs(browser, bluebird.base, admin);
    await nav(page, "Happiness").click();
    await page.getByRole("heading", { name: "Happiness", level: 1 }).waitFor();
    const program = await reportRow(page, "The program (no one person)");
    assert.equal(program[0], "1", "one rating");
    assert.match(program[1], /^100\.0% \(1\)$/);
    assert.match(program[4], /^100\.0%$/, "happiness score");
    assert.equal(program[5], "2", "points: happy and wow");
    const list = page.getByRole("region", { name: "Ratings and comments" });
    const row = list.getByRole("row").filter({ hasText: "Alan loves it: thank you for the quick intro." });
    await row.getByText("Wow!").waitFor();
    await row.getByText("The program").waitFor();
    await row.getByText("An email").waitFor();
    assert.equal(await row.getByRole("button", { name: /^Delete/ }).count(), 1, "admins may delete");
    await checkAccessibility(page, "the Happiness page");
    await context.close();
  });

  test("a manager pays the reward: the portal asks how it went, Ada rates it, and it leaves the list", async () => {
    const [reward] = (await bluebird.api("GET", `/api/v1/rewards?referral_id=${referral.id}`)).data;
    await asStaff(manager.page, "POST", `/api/v1/rewards/${reward.id}/approve`);
    await asStaff(manager.page, "POST", `/api/v1/rewards/${reward.id}/fulfill`, { reference: "PAY-250" });

    const { context, page } = await portalAs(browser, bluebird, ada);
    const card = page.getByRole("region", { name: "How did we do?" });
    const paid = card.getByRole("listitem").filter({ hasText: /Your reward of .*250\.00 was paid/ });
    await paid.waitFor();
    await card.getByRole("listitem").filter({ hasText: "How your referral of Alan Turing was handled" }).waitFor();
    await checkAccessibility(page, "the portal asking how it went");
    await assertNoSidewaysScroll(page, "the portal with its rating requests");
    await paid.getByRole("textbox", { name: "Anything to add? (optional)" }).fill("Paid within a day.");
    await paid.getByRole("button", { name: "Happy", exact: true }).click();
    await card.getByRole("status").getByText(/Thank you for rating “Your reward of .*250\.00 was paid”\./).waitFor();
    assert.equal(await card.getByRole("listitem").filter({ hasText: "was paid" }).count(), 0, "rated: out of the list");
    await checkAccessibility(page, "the portal after a rating");
    await page.screenshot({ path: path.join(screenshotDir, "portal-happiness.png") }); // the card, at the top

    await page.reload();
    await page.getByRole("heading", { name: "Hello Ada", level: 1 }).waitFor();
    await card.getByRole("listitem").filter({ hasText: "How your referral of Alan Turing was handled" }).waitFor();
    assert.equal(await card.getByRole("listitem").filter({ hasText: "was paid" }).count(), 0);
    await context.close();

    const ratings = (await bluebird.api("GET", "/api/v1/ratings?interaction=reward_paid")).data;
    assert.deepEqual(ratings.map((r) => [r.value, r.comment, r.rated_name]), [["happy", "Paid within a day.", "manager user"]]);
  });

  test("a viewer reads the report without Delete; an admin deletes a rating after confirming", async () => {
    const viewer = await consoleAs(browser, bluebird.base, staff.viewer);
    await nav(viewer.page, "Happiness").click();
    await viewer.page.getByRole("heading", { name: "Happiness", level: 1 }).waitFor();
    const mia = await reportRow(viewer.page, "manager user");
    assert.equal(mia[0], "1");
    await viewer.page.getByText("Only the ratings about you; admins see everyone's.").waitFor();
    await viewer.page.getByText("No ratings in these days.").waitFor();
    assert.equal(await viewer.page.getByRole("button", { name: /^Delete/ }).count(), 0);
    await viewer.page.getByRole("combobox", { name: "One row per" }).selectOption("interaction");
    assert.equal((await reportRow(viewer.page, "Rewards paid"))[0], "1");
    await checkAccessibility(viewer.page, "the Happiness page for a viewer");
    await viewer.context.close();

    const rep = await consoleAs(browser, bluebird.base, staff.sales_rep);
    assert.equal(await nav(rep.page, "Happiness").count(), 0, "not for sales reps");
    await rep.context.close();

    const { context, page } = await consoleAs(browser, bluebird.base, admin);
    await page.goto("/console/happiness");
    await reportRow(page, "manager user");
    await screenshot(page, "console-happiness");
    const row = page.getByRole("region", { name: "Ratings and comments" }).getByRole("row").filter({ hasText: "Paid within a day." });
    await row.getByRole("button", { name: /^Delete/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Yes, delete it" }).click();
    await row.waitFor({ state: "detached" });
    await page.getByRole("region", { name: "Ratings and comments" }).getByRole("row").filter({ hasText: "Alan loves it" }).waitFor();
    await eventually(async () => (await reportRow(page, "manager user"))[0] === "0", "the deleted rating no longer counts");
    await checkAccessibility(page, "the Happiness page after a deletion");
    await context.close();
  });
});
