// The ROI calculator in a real browser: a manager estimates from published figures (the research
// file's worked example, checked figure by figure against the API's answer), sees where every
// assumption came from, downloads the estimate, and chooses a program whose own history fills the
// form; a sales rep is not offered the page. Every page visited is checked with axe-core.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, launchBrowser, nav, newPerson, screenshot, signInToConsole, staff, startBluebird } from "./harness.mjs";

let bluebird;
let browser;

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

// The value cell of the estimate's row named `name`.
function figure(page, name) {
  return page.getByRole("table", { name: "The estimate" }).getByRole("row")
    .filter({ has: page.getByRole("cell", { name, exact: true }) }).locator("td").nth(1);
}

describe("the ROI calculator", () => {
  test("a manager estimates from published figures, then from a program's own year", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    await nav(page, "ROI calculator").click();
    await page.getByRole("heading", { name: "ROI calculator", level: 1 }).waitFor();

    // No program: 1,000 customers at the 2016 benchmark, 20,000.00 a deal at a 70% margin, 5,000.00
    // a month of program cost (intelligence.md §8.3: ROI 3.0304).
    await page.getByLabel("Program", { exact: true }).selectOption("");
    await page.getByLabel("Published figures").selectOption("benchmark");
    await page.getByLabel("Currency", { exact: true }).fill("EUR");
    await page.getByLabel("Customers you could ask").fill("1,000");
    await page.getByLabel("Deal value (EUR)").fill("20000");
    await page.getByLabel("Gross margin (%)").fill("70");
    await page.getByLabel("Program cost per month (EUR)").fill("5000");
    await page.getByRole("button", { name: "Estimate", exact: true }).click();
    await page.getByRole("heading", { name: "Over 12 months, in EUR" }).waitFor();

    const api = await bluebird.api("POST", "/api/v1/roi/estimate", {
      currency: "EUR", preset: "benchmark", customers: 1000, deal_value_minor: 2000000, gross_margin_bp: 7000,
      program_cost_per_month_minor: 500000,
    });
    assert.equal(api.roi_on_margin_bp, 30304);
    assert.equal(await figure(page, "Won customers").innerText(), "40.7");
    assert.equal(await figure(page, "Revenue").innerText(), "€814,320.00");
    assert.equal(await figure(page, "Margin").innerText(), "€570,024.00");
    assert.equal(await figure(page, "Reward cost").innerText(), "€81,432.00");
    assert.equal(await figure(page, "ROI on margin").innerText(), "303.0%");
    assert.equal(await figure(page, "Payback").innerText(), `${api.payback_days} days`);
    assert.equal(await page.locator(".kpi").filter({ hasText: /^ROI/ }).locator("dd").innerText(), "303.0%");

    // Every assumption says where it came from; an empty field shows the value used.
    const assumptions = page.getByRole("table", { name: "Assumptions used" });
    await assumptions.getByRole("row").filter({ hasText: "Referrals won (%)" }).getByText(/^published: 13% of customer referrals won/).waitFor();
    await assumptions.getByRole("row").filter({ hasText: "Customers you could ask" }).getByText("given").waitFor();
    await page.getByText(/^Using 1\.0%: published: 1% of marketing leads purchase \(TSYS\)/).waitFor();
    await checkAccessibility(page, "the ROI calculator's estimate");
    await screenshot(page, "console-roi");

    // The figures leave as a file, exact: money in minor units.
    const [file] = await Promise.all([
      page.waitForEvent("download"), page.getByRole("button", { name: "Download the estimate as CSV" }).click(),
    ]);
    const rows = readFileSync(await file.path(), "utf8").trim().split("\r\n");
    assert.ok(rows.includes("Revenue,81432000"), rows.join("\n"));
    assert.ok(rows.includes(`Cost,${api.cost_minor}`), rows.join("\n"));

    // A mistyped figure is named on its field and nothing is sent.
    await page.getByLabel("Referrals won (%)").fill("101");
    await page.getByRole("button", { name: "Estimate", exact: true }).click();
    await page.getByText("must be between 0% and 100%").waitFor();
    await page.getByLabel("Referrals won (%)").fill("");

    // A program: its own year (the demo program has too little of it) and its currency.
    const programs = await bluebird.api("GET", "/api/v1/programs?limit=200");
    const acme = programs.data.find((p) => p.name === "Acme customers");
    await page.getByLabel("Program", { exact: true }).selectOption(acme.id);
    await page.getByText(`Over 12 months, in ${acme.currency}`).waitFor();
    assert.equal(await page.getByLabel("Currency", { exact: true }).count(), 0, "the program's currency is the estimate's");
    await page.getByText(/^From the referrals submitted to Acme customers from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}:/).waitFor();
    await context.close();
  });

  test("a manager enters last month's program cost, which the calculator then averages", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);
    const programs = await bluebird.api("GET", "/api/v1/programs?limit=200");
    const acme = programs.data.find((p) => p.name === "Acme customers");
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

    await page.goto(`/console/programs/${acme.id}`);
    const months = page.getByRole("region", { name: "Monthly figures" });
    await months.getByText("No month entered yet.").waitFor();
    await months.getByLabel(/^Month( \*)?$/).fill(lastMonth);
    await months.getByLabel(`Program cost (${acme.currency})`).fill("3,000");
    await months.getByLabel("Note").fill("licence");
    await months.getByRole("button", { name: "Record the month" }).click();
    const row = months.getByRole("row").filter({ has: page.getByRole("rowheader", { name: lastMonth }) });
    await row.waitFor();
    assert.deepEqual((await row.locator("td").allInnerTexts()).map((t) => t.trim()), ["$3,000.00", "—", "—", "—", "—", "—", "licence", "Edit Delete"]);
    await checkAccessibility(page, "a program's monthly figures");
    const listed = await bluebird.api("GET", `/api/v1/programs/${acme.id}/months`);
    assert.equal(listed.data[0].cost_minor, 300000);

    await nav(page, "ROI calculator").click();
    await page.getByLabel("Program", { exact: true }).selectOption(acme.id);
    await page.getByLabel(`Deal value (${acme.currency})`).fill("5000");
    await page.getByRole("button", { name: "Estimate", exact: true }).click();
    await page.getByText(`Using $3,000.00: history: the average program cost of 1 month entered, ${lastMonth}`).waitFor();
    assert.equal(await figure(page, "Program cost").innerText(), "$36,000.00");

    await page.goto(`/console/programs/${acme.id}`);
    await page.getByRole("button", { name: `Delete the figures of ${lastMonth}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Yes, delete them" }).click();
    await months.getByText("No month entered yet.").waitFor();
    await context.close();
  });

  test("the monthly email's link signs the reader in, then opens the report", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    const programs = await bluebird.api("GET", "/api/v1/programs?limit=200");
    const acme = programs.data.find((p) => p.name === "Acme customers");
    const month = new Date().toISOString().slice(0, 7);
    await page.goto(`/console/reports/monthly?program_id=${acme.id}&month=${month}&format=html`);
    await page.waitForURL(/\/console\/sign-in/);
    await page.getByLabel("Email").fill(staff.viewer.email);
    await page.getByLabel("Password").fill(staff.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/api\/v1\/reports\/monthly\?/);
    await page.getByRole("heading", { name: /^Acme customers — \w+ \d{4}$/, level: 1 }).waitFor();
    await page.getByRole("table", { name: "Headline figures" }).waitFor();
    await checkAccessibility(page, "the monthly report's page");
    await context.close();
  });

  test("on a phone the calculator fits the screen", async () => {
    const context = await newPerson(browser, bluebird.base, "phone");
    const page = await context.newPage();
    await signInToConsole(page, staff.viewer);
    await page.goto("/console/roi");
    await page.getByRole("heading", { name: "ROI calculator", level: 1 }).waitFor();
    await page.getByLabel("Deal value", { exact: false }).fill("5000");
    await page.getByRole("button", { name: "Estimate", exact: true }).click();
    await page.getByRole("table", { name: "Assumptions used" }).waitFor();
    await assertNoSidewaysScroll(page, "the ROI calculator");
    await checkAccessibility(page, "the ROI calculator on a phone");
    await context.close();
  });

  test("a sales rep is not offered the calculator", async () => {
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.sales_rep);
    assert.equal(await nav(page, "ROI calculator").count(), 0);
    await page.goto("/console/roi");
    await page.getByText("The ROI calculator is for admins, managers and viewers.").waitFor();
    await context.close();
  });
});
