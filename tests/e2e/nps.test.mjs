// NPS beside referrals in a real browser: answers recorded through the API (the import path), one
// promoter who then refers; the dashboard shows the score, and per class how many referred — in a
// chart, a table with the same numbers as GET /api/v1/analytics/nps, and a CSV file of them. The
// referral is won: its deal is the promoters' referred revenue, and with the company's retention and
// last period's revenue typed in, the earned growth rate is worked out (105% + 12.5% − 100% = 17.5%).
// The respondents who are advocates carry their class as an attribute. Every page visited is checked
// with axe-core. The detractor's answer opened a follow-up task, handled on the Follow-ups page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { checkAccessibility, launchBrowser, newPerson, screenshotDir, signInToConsole, staff, startBluebird } from "./harness.mjs";

let bluebird;
let browser;
let program; // a program of its own, so that its figures are only this file's
const advocates = {};

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  program = await bluebird.api("POST", "/api/v1/programs", {
    name: "NPS checks", kind: "customer", landing_url: "https://placeholder.example/",
  });
  for (const name of ["pia", "paz", "quinn"]) {
    advocates[name] = await bluebird.api("POST", `/api/v1/programs/${program.id}/advocates`, {
      email: `${name}@customer.example`, first_name: name,
    });
  }
  // Three promoters (one not an advocate), a passive, a detractor: NPS (3 − 1) / 5 = +40.
  for (const [email, score] of [["Pia@customer.example", 10], ["paz@customer.example", 9], ["pat@customer.example", 9],
    ["quinn@customer.example", 7], ["dee@customer.example", 3]]) {
    await bluebird.api("POST", `/api/v1/programs/${program.id}/nps-responses`, { email, score });
  }
  // Pia refers after answering, and her referral is won: a $10,000.00 deal.
  const referral = await bluebird.api("POST", "/api/v1/referrals", {
    advocate_id: advocates.pia.id, referee: { email: "friend@prospect.example", first_name: "Friend" },
  });
  await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "won", deal_value_minor: 1_000_000 });
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

async function cells(page, name) {
  const row = page.getByRole("table", { name: "NPS classes and their referrals" }).getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  return (await row.locator("td").allInnerTexts()).map((t) => t.trim());
}

describe("NPS beside referrals", () => {
  test("the dashboard shows the score and how many of each class referred", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.viewer);
    await page.goto(`/console/dashboard?program_id=${program.id}`);
    await page.getByRole("heading", { name: "NPS and referrals" }).waitFor();
    await page.getByText(/^NPS \+40 from 5 people; 33\.3% of the promoters referred within 90 days of answering\. 5 answered less than 90 days ago: their referrals are counted so far\.$/).waitFor();

    const api = await bluebird.api("GET", `/api/v1/analytics/nps?program_id=${program.id}`);
    assert.equal(api.nps, 40);
    assert.deepEqual(api.referral_rate_bp, { promoter: 3333, passive: 0, detractor: 0 });
    assert.deepEqual(await cells(page, "Promoter"), ["3", "1", "33.3%", "0.333", "1", "$10,000.00", "3"]);
    assert.deepEqual(await cells(page, "Passive"), ["1", "0", "0.0%", "0", "0", "$0.00", "1"]);
    assert.deepEqual(await cells(page, "Detractor"), ["1", "0", "0.0%", "0", "0", "$0.00", "1"]);
    assert.equal(api.classes[0].revenue_minor, 1_000_000);
    await page.getByRole("img", { name: "Share who referred within 90 days, by NPS class: Promoter 33.3%, Passive 0.0%, Detractor 0.0%" }).waitFor();
    await checkAccessibility(page, "the dashboard's NPS");
    await page.getByRole("region", { name: "NPS and referrals" }).screenshot({ path: path.join(screenshotDir, "console-nps.png") });

    const [file] = await Promise.all([
      page.waitForEvent("download"), page.getByRole("button", { name: "Download NPS and referrals as CSV" }).click(),
    ]);
    assert.deepEqual(readFileSync(await file.path(), "utf8").trim().split("\r\n"), [
      "class,respondents,referred,referrals,referral_rate_bp,referrals_per_respondent_milli,won,won_other_currency,revenue_minor,currency,window_open",
      "promoter,3,1,1,3333,333,1,0,1000000,USD,3", "passive,1,0,0,0,0,0,0,0,USD,1", "detractor,1,0,0,0,0,0,0,0,USD,1",
    ]);

    // Earned growth: the won deal is the earned revenue; with NRR and last period's revenue, the rate.
    await page.getByText("Referrals won in these days: 1, worth $10,000.00.", { exact: false }).waitFor();
    await page.getByRole("textbox", { name: "Net revenue retention (%)" }).fill("105");
    await page.getByRole("textbox", { name: "Previous period's revenue (USD)" }).fill("80,000");
    await page.getByRole("button", { name: "Work out earned growth" }).click();
    await page.locator('[data-figure="earned_growth_rate"]').getByText("17.5%", { exact: true }).waitFor();
    await page.getByText("Earned new customers brought 12.5% of the previous period's revenue.", { exact: false }).waitFor();
    await checkAccessibility(page, "the dashboard's earned growth");

    // The advocates who answered carry their class, for segments.
    await page.goto(`/console/advocates/${advocates.quinn.id}`);
    await page.getByRole("term").filter({ hasText: /^Nps class$/ }).waitFor();
    await page.getByRole("definition").filter({ hasText: /^passive$/ }).waitFor();
    await context.close();
  });

  test("a detractor's follow-up is handled on the Follow-ups page, and viewers only read it", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await page.goto(`/console/dashboard?program_id=${program.id}`);
    await page.getByText(/^Follow-ups of detractors: 1 opened, 0 contacted within 48 hours, 0 later, 0 overdue, 1 not yet due\./).waitFor();
    await page.getByRole("link", { name: "See the follow-ups" }).click();
    await page.getByRole("heading", { name: "Follow-ups" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "dee@customer.example" });
    await row.getByText("3", { exact: true }).waitFor();
    await row.getByText("Nobody in particular").waitFor();
    await checkAccessibility(page, "the follow-ups");

    await row.getByRole("button", { name: "Handle the follow-up with dee@customer.example" }).click();
    const form = page.getByRole("form", { name: "Handle the follow-up with dee@customer.example" });
    await form.getByLabel("Status").selectOption("contacted");
    await form.getByLabel("What was done").fill("Called; the invoice is being fixed.");
    await checkAccessibility(page, "handling a follow-up");
    await form.getByRole("button", { name: "Save" }).click();
    // Open tasks are listed by default: the contacted one leaves the list, and is there under "Contacted".
    await page.getByText("No follow-up matches these filters.").waitFor();
    await page.getByLabel("Status").selectOption("contacted");
    const handled = page.getByRole("row").filter({ hasText: "dee@customer.example" });
    await handled.getByText("Called; the invoice is being fixed.").waitFor();
    await handled.getByText(/^contacted /).waitFor();
    await page.getByRole("main").screenshot({ path: path.join(screenshotDir, "console-followups.png") });

    const [task] = (await bluebird.api("GET", `/api/v1/followup-tasks?program_id=${program.id}`)).data;
    assert.equal(task.status, "contacted");
    assert.equal(task.note, "Called; the invoice is being fixed.");
    assert.equal(task.updated_by_name, "manager user");
    const report = await bluebird.api("GET", `/api/v1/analytics/nps?program_id=${program.id}`);
    assert.equal(report.followups.contacted_on_time, 1);
    assert.equal(report.followups.on_time_bp, 10000);
    await context.close();

    const viewing = await newPerson(browser, bluebird.base, "phone");
    const viewer = await viewing.newPage();
    await signInToConsole(viewer, staff.viewer);
    await viewer.goto(`/console/followups?program_id=${program.id}&status=any`);
    await viewer.getByRole("row").filter({ hasText: "dee@customer.example" }).waitFor();
    assert.equal(await viewer.getByRole("button", { name: /^Handle/ }).count(), 0, "viewers cannot handle one");
    await checkAccessibility(viewer, "the follow-ups on a phone");
    await viewing.close();
  });
});
