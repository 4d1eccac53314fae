// Referred and other customers in a real browser: a manager enters the business's customers for
// the month on the program's page (a mistyped count is named on its field), and the dashboard
// compares the referred customers (won and churned through the API) with the rest — in a chart,
// a table with the same numbers as GET /api/v1/reports/customers, and a CSV file of them; on a
// phone too. Every page visited is checked with axe-core; the panel's picture is
// docs/screenshots/console-customers.png.
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { assertNoSidewaysScroll, checkAccessibility, launchBrowser, newPerson, root, screenshotDir, signInToConsole, staff, startBluebird } from "./harness.mjs";

let bluebird;
let browser;
let program; // a program of its own, so that its figures are only this file's

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  program = await bluebird.api("POST", "/api/v1/programs", {
    name: "Customer checks", kind: "customer", landing_url: "https://placeholder.example/", currency: "USD",
  });
  const advocate = await bluebird.api("POST", `/api/v1/programs/${program.id}/advocates`, {
    email: "rita.retained@advocate.example", first_name: "Rita", last_name: "Retained",
  });
  // Two customers won this month (5,000.00 and 3,000.00); the first one has left already.
  const won = [];
  for (const [email, deal] of [["first@buyer.example", 500000], ["second@buyer.example", 300000]]) {
    const referral = await bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: advocate.id, referee: { email, first_name: "Buyer" },
    });
    await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "won", deal_value_minor: deal });
    won.push(referral);
  }
  await bluebird.api("POST", `/api/v1/referrals/${won[0].id}/churn`, { note: "went elsewhere" });
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

// The cells of the customers table's row for `month` and `side` ("Referred" or "Other").
async function cells(page, month, side) {
  const row = page.getByRole("table", { name: "Referred and other customers by month" }).getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: month, exact: true }) })
    .filter({ has: page.getByRole("cell", { name: side, exact: true }) });
  return (await row.locator("td").allInnerTexts()).map((t) => t.trim());
}

describe("referred and other customers", () => {
  test("a manager enters the month's customers, and the dashboard compares the referred with the rest", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const context = await newPerson(browser, bluebird.base, "desktop");
    const page = await context.newPage();
    await signInToConsole(page, staff.manager);

    await page.goto(`/console/programs/${program.id}`);
    const months = page.getByRole("region", { name: "Monthly figures" });
    await months.getByText("No month entered yet.").waitFor();
    await months.getByLabel(/^Month( \*)?$/).fill(month);
    await months.getByLabel("Customers at the start").fill("100.5");
    await months.getByRole("button", { name: "Record the month" }).click();
    await months.getByText("is not a number of customers (a whole number)").waitFor();
    await months.getByLabel("Customers at the start").fill("1,000");
    await months.getByLabel("New customers").fill("12");
    await months.getByLabel("Customers lost").fill("41");
    await months.getByLabel("All new revenue (USD)").fill("20,000");
    await months.getByRole("button", { name: "Record the month" }).click();
    const row = months.getByRole("row").filter({ has: page.getByRole("rowheader", { name: month }) });
    await row.waitFor();
    assert.deepEqual((await row.locator("td").allInnerTexts()).map((t) => t.trim()),
      ["—", "—", "$20,000.00", "1,000", "12", "41", "", "Edit Delete"]);
    // Edit fills the form with the month as entered: saving it again changes nothing.
    await months.getByRole("button", { name: `Edit the figures of ${month}` }).click();
    assert.equal(await months.getByLabel("All new revenue (USD)").inputValue(), "20000.00");
    assert.equal(await months.getByLabel("Customers lost").inputValue(), "41");
    await checkAccessibility(page, "a program's monthly figures with customers");

    await page.goto(`/console/dashboard?program_id=${program.id}`);
    await page.getByRole("heading", { name: "Referred and other customers" }).waitFor();
    // The twelve whole months before this one by default; this month (to date) when chosen.
    const lastWhole = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    assert.equal(await page.getByLabel("To month (included)").inputValue(), lastWhole);
    await page.getByLabel("To month (included)").fill(month);
    await page.getByText(/\(to date\): customers kept/).waitFor();
    await page.getByLabel("From month").fill(lastWhole);
    await page.getByText(new RegExp(`^${lastWhole} to ${month} \\(to date\\)`)).waitFor();
    const report = await bluebird.api("GET", `/api/v1/reports/customers?program_id=${program.id}&from=${month}&to=${month}`);
    const current = report.months[0];
    assert.deepEqual(current.other, {
      customers_at_start: 1000, new_customers: 10, churned_customers: 40, retention_bp: 9600, churn_bp: 400,
      new_revenue_minor: 1200000, revenue_per_new_customer_minor: 120000,
    }, "the totals less the two referred customers, one of them lost, and their 8,000.00");
    // The table says what the API says: the referred had nobody at the month's start (no rate),
    // won two at 4,000.00 each on average and lost one; the rest kept 96%.
    assert.deepEqual(await cells(page, month, "Referred"), ["Referred", "0", "2", "1", "—", "$4,000.00"]);
    assert.deepEqual(await cells(page, month, "Other"), ["Other", "1,000", "10", "40", "96.0%", "$1,200.00"]);
    await page.getByRole("img", { name: new RegExp(`^Monthly retention, referred against other customers: .*${month} — against 96\\.0%`) }).waitFor();
    await checkAccessibility(page, "the dashboard's referred and other customers");
    // The panel alone is the README's picture.
    await page.getByRole("region", { name: "Referred and other customers" })
      .screenshot({ path: path.join(screenshotDir, "console-customers.png") });
    copyFileSync(path.join(screenshotDir, "console-customers.png"), path.join(root, "docs/screenshots/console-customers.png"));

    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download the referred and other customers as CSV" }).click(),
    ]);
    const rows = readFileSync(await file.path(), "utf8").trim().split("\r\n");
    assert.equal(rows[0], "month,side,customers_at_start,new_customers,churned_customers,retention_bp,churn_bp,new_revenue_minor,revenue_per_new_customer_minor,unpriced_new_customers,currency");
    assert.ok(rows.includes(`${month},referred,0,2,1,,,800000,400000,0,USD`), rows.join("\n"));
    assert.ok(rows.includes(`${month},other,1000,10,40,9600,400,1200000,120000,,USD`), rows.join("\n"));
    await context.close();

    const phone = await newPerson(browser, bluebird.base, "phone");
    const small = await phone.newPage();
    await signInToConsole(small, staff.viewer);
    await small.goto(`/console/dashboard?program_id=${program.id}`);
    await small.getByRole("heading", { name: "Referred and other customers" }).waitFor();
    await assertNoSidewaysScroll(small, "the dashboard's customers");
    await phone.close();
  });
});
