// Customer value in a real browser. The program's valuation settings (version 1): 3 years, 10%
// discount, 80% retention, 100% margin, recurring deals, $500.00 to win a customer without a
// referral, 50% of referred customers new through the referral, $1,000.00 of yearly revenue for an
// advocate without figures of their own, high CLV above $2,000.00 and high CRV above $1,000.00. The
// program's rule pays $250.00 for each won referral. Eleven advocates, valued by hand (the lifetime
// multiplier at 80% is 1 + 0.8/1.1 + 0.64/1.21 = 2.2561983…):
// - Ada: $1,000.00 a year of her own → CLV 225,620 minor; she referred customers won at $1,000.00
//   and $400.00 a year (their CLVs 225,620 and 90,248; each worth half its CLV plus half of $500.00:
//   137,810 and 70,124) less $500.00 of rewards → CRV 157,934; CEV 383,554: a Champion;
// - Bo: $3,000.00 a year at 90% retention, $100.00 of marketing → CLV 736,281: an Affluent;
// - Cy: $500.00 a year → CLV 112,810; one customer at $2,500.00 a year (CLV 564,050, worth
//   307,025) less $250.00 → CRV 282,025; CEV 394,835: an Advocate;
// - Di: not a customer ($0.00), a knowledge entry of $100.00 → CEV 10,000: a Miser;
// - seven members without figures → the program's $1,000.00: CLV 225,620, Affluents.
// A manager opens "Customer value" from the console's navigation: the quadrants (1, 8, 1, 1) with
// their split points and the retention used, the table by CEV (Bo, Cy, Ada, …, Di on the next
// page) with each column saying what it counts, the method; a quadrant lists only its advocates;
// ordered by CRV or CLV; projected (Ada's CRV 550,692 and Cy's 983,379 with the referrals to come
// at their pace, Cy first); as of yesterday nobody was enrolled. Ada's valuation: her customers;
// the second would have joined anyway (worth $500.00: CRV 137,810); her retention of 150% is refused
// on its field, 90% makes her CLV 248,760. Di: an entry of 0 is refused on its field, $300.00 of
// influence makes her CIV 30,000. The settings: a discount of 101% is refused on its field; a CRV
// threshold of $2,000.00 is published as version 2 (Ada becomes an Affluent: 0, 9, 1, 1); the same
// again changes nothing; no thresholds (version 3) split at the median, and nobody has a day of
// tenure yet: all eleven are Misers. A viewer reads everything without a form; sales reps have no
// Customer value page. Then two people of globex.example join: valued by account, advocate.example
// is one customer of eleven advocates (CLV the four own figures added up: 248,760 + 736,281 +
// 112,810 + 0 = 1,097,851; CRV 137,810 + 282,025; CIV 30,000; CKV 10,000; CEV 1,557,686), and
// globex.example is the program's $1,000.00 a year valued once (225,620), not twice; the account
// lists its advocates, Bo first, and opens one's valuation. Every page is checked with axe-core;
// screenshots console-value.png and console-value-accounts.png.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertNoSidewaysScroll,
  checkAccessibility,
  consoleAs,
  launchBrowser,
  nav,
  screenshot,
  staff,
  startBluebird,
} from "./harness.mjs";

let bluebird;
let browser;
const people = {}; // advocates by first name
const referrals = {}; // Ada's two and Cy's one

before(async () => {
  bluebird = await startBluebird();
  browser = await launchBrowser();
  const program = bluebird.programId;
  await bluebird.api("PUT", `/api/v1/programs/${program}/value-settings`, {
    horizon_years: 3, discount_rate_bp: 1000, retention_rate_bp: 8000, gross_margin_bp: 10000, recurring: true,
    acquisition_cost_minor: 50000, incremental_share_bp: 5000, revenue_per_year_minor: 100000,
    clv_threshold_minor: 200000, crv_threshold_minor: 100000,
  });
  const enrol = async (first_name, last_name, company = "") => {
    people[first_name] = await bluebird.api("POST", `/api/v1/programs/${program}/advocates`, {
      email: `${first_name.toLowerCase()}.${last_name.toLowerCase()}@advocate.example`, first_name, last_name, company,
    });
    return people[first_name];
  };
  const inputs = (advocate, body) => bluebird.api("PUT", `/api/v1/advocates/${advocate.id}/customer-inputs`, body);
  // A referral of `advocate`'s, won at a deal value of `deal` minor units a year.
  const won = async (advocate, email, deal) => {
    const referral = await bluebird.api("POST", "/api/v1/referrals", {
      advocate_id: advocate.id, referee: { email, first_name: "Customer", last_name: "Won" },
    });
    await bluebird.api("POST", `/api/v1/referrals/${referral.id}/stage`, { stage: "won", deal_value_minor: deal });
    return referral;
  };
  const ada = await enrol("Ada", "Lovelace", "Analytical Engines");
  await inputs(ada, { revenue_per_year_minor: 100000, retention_rate_bp: null, marketing_cost_minor: 0 });
  referrals.ada1 = await won(ada, "first.customer@buyer-one.example", 100000);
  referrals.ada2 = await won(ada, "second.customer@buyer-two.example", 40000);
  const bo = await enrol("Bo", "Builder");
  await inputs(bo, { revenue_per_year_minor: 300000, retention_rate_bp: 9000, marketing_cost_minor: 10000 });
  const cy = await enrol("Cy", "Young");
  await inputs(cy, { revenue_per_year_minor: 50000, retention_rate_bp: null, marketing_cost_minor: 0 });
  referrals.cy = await won(cy, "big.customer@buyer-three.example", 250000);
  const di = await enrol("Di", "Quiet");
  await inputs(di, { revenue_per_year_minor: 0, retention_rate_bp: null, marketing_cost_minor: 0 });
  await bluebird.api("POST", `/api/v1/advocates/${di.id}/value-entries`, {
    category: "knowledge", amount_minor: 10000, note: "Beta feedback adopted", occurred_at: new Date().toISOString(),
  });
  for (let i = 1; i <= 7; i++) await enrol(`Member${i}`, "Customer");
});

after(async () => {
  await browser?.close();
  bluebird?.stop();
});

const rows = (page) => page.locator("table.value-table tbody tr");
const row = (page, name) => page.locator(`table.value-table tr[data-advocate="${people[name].id}"]`);
const cell = (page, name, figure) => row(page, name).locator(`[data-figure="${figure}"]`);
const count = (page, quadrant) => page.locator(`.value-quadrants [data-quadrant="${quadrant}"] [data-figure="count"]`);
const detail = (page) => page.getByRole("region", { name: /'s value$/ });
const detailFigure = (page, figure) => detail(page).locator(`dd[data-figure="${figure}"]`);
const customer = (page, referral, figure) => detail(page).locator(`tr[data-referral="${referral.id}"] [data-figure="${figure}"]`);

async function order(page) {
  return rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-advocate")));
}

async function quadrantCounts(page) {
  const out = {};
  for (const q of ["champion", "affluent", "advocate", "miser"]) out[q] = await count(page, q).innerText();
  return out;
}

async function openValue(page) {
  await nav(page, "Customer value").click();
  await page.getByRole("heading", { name: "Customer value", level: 1 }).waitFor();
  await rows(page).first().waitFor();
}

describe("customer value", () => {
  test("a manager reads the quadrants and the advocates by value, in each order, view and day", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openValue(page);
    assert.deepEqual(await quadrantCounts(page), { champion: "1", affluent: "8", advocate: "1", miser: "1" });
    await page.getByText("They buy a lot but seldom refer: offer them referral incentives.").waitFor();
    assert.equal(await page.locator('[data-figure="clv-split"]').innerText(), "above $2,000.00 (the threshold set)");
    assert.equal(await page.locator('[data-figure="crv-split"]').innerText(), "above $1,000.00 (the threshold set)");
    assert.equal(await page.locator('[data-figure="retention"]').innerText(), "80.0% a year, the rate set");
    for (const header of ["CLV — their own purchases' lifetime value less marketing cost", "CRV — referred customers' value less rewards",
      "CIV — influence (references, reviews, case studies)", "CKV — knowledge (feedback, betas)", "CEV — the four added up",
      "Referred customers (won, not reversed)"]) {
      await page.getByRole("columnheader", { name: header, exact: true }).waitFor();
    }
    const ids = await order(page);
    assert.equal(ids.length, 10, "a page of ten");
    assert.deepEqual(ids.slice(0, 3), [people.Bo.id, people.Cy.id, people.Ada.id], "by CEV, highest first");
    const expected = {
      Ada: { rank: "3", quadrant: "Champions", clv: "$2,256.20", crv: "$1,579.34", civ: "$0.00", ckv: "$0.00", cev: "$3,835.54", referred: "2" },
      Bo: { rank: "1", quadrant: "Affluents", clv: "$7,362.81", crv: "$0.00", cev: "$7,362.81", referred: "0" },
      Cy: { rank: "2", quadrant: "Advocates", clv: "$1,128.10", crv: "$2,820.25", cev: "$3,948.35", referred: "1" },
      Member1: { quadrant: "Affluents", clv: "$2,256.20", crv: "$0.00", cev: "$2,256.20", referred: "0" },
    };
    for (const [name, figures] of Object.entries(expected)) {
      for (const [figure, text] of Object.entries(figures)) assert.equal(await cell(page, name, figure).innerText(), text, `${name}'s ${figure}`);
    }
    await page.getByText("How these figures are computed").click();
    await page.locator("details.value-method").getByText(/CEV = CLV \+ CRV \+ CIV \+ CKV/).waitFor();
    await checkAccessibility(page, "the Customer value page");
    await assertNoSidewaysScroll(page, "the Customer value page");

    await page.getByRole("button", { name: "Next page of advocates" }).click();
    await row(page, "Di").waitFor();
    assert.equal(await rows(page).count(), 11);
    assert.equal(await cell(page, "Di", "rank").innerText(), "11");
    assert.equal(await cell(page, "Di", "ckv").innerText(), "$100.00");
    assert.equal(await cell(page, "Di", "cev").innerText(), "$100.00");
    assert.equal(await cell(page, "Di", "quadrant").innerText(), "Misers");

    const misers = page.getByRole("button", { name: /^Misers/ });
    await misers.click();
    await page.waitForURL(/quadrant=miser/);
    await page.getByText("Misers only: 1 advocate.").waitFor();
    assert.equal(await misers.getAttribute("aria-pressed"), "true");
    assert.deepEqual(await order(page), [people.Di.id]);
    await misers.click();
    await page.getByText("11 advocates.").waitFor();

    await page.getByLabel("Order by", { exact: true }).selectOption("-crv");
    await page.waitForURL(/order=-crv/);
    await page.waitForFunction((cy) => document.querySelector("table.value-table tbody tr")?.getAttribute("data-advocate") === cy, people.Cy.id);
    assert.deepEqual((await order(page)).slice(0, 2), [people.Cy.id, people.Ada.id], "by CRV");
    await page.getByLabel("Order by", { exact: true }).selectOption("-clv");
    await page.waitForFunction((bo) => document.querySelector("table.value-table tbody tr")?.getAttribute("data-advocate") === bo, people.Bo.id);
    const byClv = await order(page);
    assert.equal(byClv[9], people.Cy.id, "Cy's CLV is below the eight of $2,256.20 and more");
    await page.getByLabel("Order by", { exact: true }).selectOption("-cev");

    await page.getByLabel("View", { exact: true }).selectOption("projected");
    await page.waitForURL(/view=projected/);
    await page.waitForFunction((cy) => document.querySelector("table.value-table tbody tr")?.getAttribute("data-advocate") === cy, people.Cy.id);
    assert.deepEqual((await order(page)).slice(0, 3), [people.Cy.id, people.Ada.id, people.Bo.id], "projected CEV");
    assert.equal(await cell(page, "Ada", "crv").innerText(), "$5,506.92");
    assert.equal(await cell(page, "Cy", "crv").innerText(), "$9,833.79");
    assert.equal(await cell(page, "Cy", "cev").innerText(), "$10,961.89");
    await page.getByLabel("View", { exact: true }).selectOption("realized");
    await cell(page, "Cy", "crv").getByText("$2,820.25").waitFor();

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("As of (the end of the day, UTC)").fill(yesterday);
    await page.getByText("No advocates here as of the day chosen.").waitFor();
    assert.deepEqual(await quadrantCounts(page), { champion: "0", affluent: "0", advocate: "0", miser: "0" });
    await context.close();
  });

  test("a manager opens an advocate's valuation and records an answer, their figures and a value", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openValue(page);
    await row(page, "Ada").getByRole("button", { name: "Ada Lovelace" }).click();
    await page.getByRole("heading", { name: "Ada Lovelace's value", level: 2 }).waitFor();
    assert.equal(await detailFigure(page, "clv").innerText(), "$2,256.20");
    assert.equal(await detailFigure(page, "crv").innerText(), "$1,579.34");
    assert.equal(await detailFigure(page, "cev").innerText(), "$3,835.54");
    assert.match(await detail(page).locator('[data-figure="inputs"]').innerText(), /^Yearly revenue \$1,000\.00; retention the program's; marketing to them \$0\.00\./);
    const seen = {
      ada1: { clv: "$2,256.20", share: "50.0%", value: "$1,378.10", reversed: "No" },
      ada2: { clv: "$902.48", share: "50.0%", value: "$701.24", reversed: "No" },
    };
    for (const [key, figures] of Object.entries(seen)) {
      for (const [figure, text] of Object.entries(figures)) assert.equal(await customer(page, referrals[key], figure).innerText(), text, `${key}'s ${figure}`);
    }
    await checkAccessibility(page, "an advocate's valuation");
    await screenshot(page, "console-value");

    await page.getByLabel(`Would the customer of referral ${referrals.ada2.id} have joined anyway?`).selectOption("yes");
    await detail(page).getByText("Answer recorded.").waitFor();
    await customer(page, referrals.ada2, "value").getByText("$500.00", { exact: true }).waitFor();
    assert.equal(await customer(page, referrals.ada2, "share").innerText(), "0.0%");
    assert.equal(await detailFigure(page, "crv").innerText(), "$1,378.10", "the second customer counts only the acquisition cost");
    await cell(page, "Ada", "crv").getByText("$1,378.10").waitFor();
    assert.equal(await cell(page, "Ada", "cev").innerText(), "$3,634.30");

    const inputs = page.getByRole("form", { name: "Record their figures as a customer" });
    await inputs.getByLabel("Their retention a year (%)").fill("150");
    await inputs.getByRole("button", { name: "Record their figures" }).click();
    await page.locator("#value-inputs-retention-error").getByText(/basis points from 0 to 10000/).waitFor();
    assert.equal(await inputs.getByLabel("Their retention a year (%)").getAttribute("aria-invalid"), "true");
    await inputs.getByLabel("Their retention a year (%)").fill("90");
    await inputs.getByRole("button", { name: "Record their figures" }).click();
    await detail(page).getByText("Recorded: their CLV uses these figures from now.").waitFor();
    await detailFigure(page, "clv").getByText("$2,487.60").waitFor();
    await cell(page, "Ada", "clv").getByText("$2,487.60").waitFor();
    assert.match(await detail(page).locator('[data-figure="inputs"]').innerText(), /retention 90\.0%/);

    await page.getByRole("button", { name: /^Misers/ }).click();
    await row(page, "Di").getByRole("button", { name: "Di Quiet" }).click();
    await page.getByRole("heading", { name: "Di Quiet's value", level: 2 }).waitFor();
    await detail(page).getByRole("cell", { name: "Beta feedback adopted" }).waitFor();
    const entry = page.getByRole("form", { name: "Add a value of influence or knowledge" });
    await entry.getByLabel("Kind").selectOption("influence");
    await entry.getByLabel("Value (USD)").fill("0");
    await entry.getByLabel("What for").fill("Reference call with a prospect");
    await entry.getByRole("button", { name: "Add the value" }).click();
    await page.locator("#value-entry-amount-error").getByText(/must not be 0/).waitFor();
    await checkAccessibility(page, "a value entry refused");
    await entry.getByLabel("Value (USD)").fill("300");
    await entry.getByRole("button", { name: "Add the value" }).click();
    await detail(page).getByText("Added: $300.00 of influence.").waitFor();
    await detailFigure(page, "civ").getByText("$300.00").waitFor();
    assert.equal(await detailFigure(page, "ckv").innerText(), "$100.00");
    assert.equal(await detailFigure(page, "cev").innerText(), "$400.00");
    await cell(page, "Di", "civ").getByText("$300.00").waitFor();
    assert.equal(await cell(page, "Di", "cev").innerText(), "$400.00");
    await detail(page).getByRole("cell", { name: "Reference call with a prospect" }).waitFor();
    const api = await bluebird.api("GET", `/api/v1/advocates/${people.Di.id}/customer-value`);
    assert.equal(api.advocate.civ_minor, 30000);
    assert.equal(api.entries.length, 2);
    await context.close();
  });

  test("a manager's settings are refused on the field, then published as new versions", async () => {
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openValue(page);
    const settings = page.getByRole("region", { name: "Valuation settings" });
    const discount = settings.getByLabel("Discount rate a year (%)");
    assert.equal(await discount.inputValue(), "10");
    assert.equal(await settings.getByLabel("Retention a year (%)").inputValue(), "80");
    assert.equal(await settings.getByLabel("Cost of winning a customer without a referral (USD)").inputValue(), "500.00");
    assert.equal(await settings.getByLabel("High CRV above (USD)").inputValue(), "1000.00");
    await settings.getByText(/^Version 1, published/).waitFor();
    const publish = settings.getByRole("button", { name: "Publish as a new version" });

    await discount.fill("101");
    await publish.click();
    await page.locator("#value-settings-discount_rate_bp-error").getByText("must be basis points from 0 to 10000").waitFor();
    assert.equal(await discount.getAttribute("aria-invalid"), "true");
    assert.equal((await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/value-settings`)).version, 1, "nothing published");
    await checkAccessibility(page, "the settings refused");

    await discount.fill("10");
    await settings.getByLabel("High CRV above (USD)").fill("2000");
    await publish.click();
    await settings.getByText("Published version 2.").waitFor();
    await page.locator('[data-figure="crv-split"]').getByText("above $2,000.00 (the threshold set)").waitFor();
    await count(page, "champion").getByText("0", { exact: true }).waitFor();
    assert.deepEqual(await quadrantCounts(page), { champion: "0", affluent: "9", advocate: "1", miser: "1" });
    assert.equal(await cell(page, "Ada", "quadrant").innerText(), "Affluents");
    const published = await bluebird.api("GET", `/api/v1/programs/${bluebird.programId}/value-settings`);
    assert.equal(published.version, 2);
    assert.equal(published.crv_threshold_minor, 200000);
    assert.equal(published.discount_rate_bp, 1000);

    await publish.click();
    await settings.getByText("Nothing changed: these are the latest version's settings.").waitFor();

    await settings.getByLabel("High CLV above (USD)").fill("");
    await settings.getByLabel("High CRV above (USD)").fill("");
    await publish.click();
    await settings.getByText("Published version 3.").waitFor();
    await page.locator('[data-figure="clv-split"]').getByText(/^no split yet/).waitFor();
    assert.deepEqual(await quadrantCounts(page), { champion: "0", affluent: "0", advocate: "0", miser: "11" });
    await context.close();
  });

  test("a viewer reads without a form; sales reps have no Customer value page", async () => {
    const viewer = await consoleAs(browser, bluebird.base, staff.viewer);
    const page = viewer.page;
    await openValue(page);
    const settings = page.getByRole("region", { name: "Valuation settings" });
    assert.ok(await settings.getByLabel("Discount rate a year (%)").isDisabled(), "the settings are read-only");
    assert.equal(await page.getByRole("button", { name: "Publish as a new version" }).count(), 0);
    await row(page, "Ada").getByRole("button", { name: "Ada Lovelace" }).click();
    await page.getByRole("heading", { name: "Ada Lovelace's value", level: 2 }).waitFor();
    await detail(page).getByRole("cell", { name: "Yes: would have joined anyway" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Record their figures" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Add the value" }).count(), 0);
    assert.equal(await detail(page).getByRole("combobox").count(), 0, "no answers to choose");
    await checkAccessibility(page, "the Customer value page for a viewer");
    await viewer.context.close();

    const rep = await consoleAs(browser, bluebird.base, staff.sales_rep);
    assert.equal(await nav(rep.page, "Customer value").count(), 0, "not for sales reps");
    await rep.page.goto("/console/value");
    await rep.page.getByText("Customer value is for admins, managers and viewers.").waitFor();
    await rep.context.close();
  });

  test("a manager values the accounts: each company as one customer, with its advocates", async () => {
    for (const name of ["Pat", "Quinn"]) {
      await bluebird.api("POST", `/api/v1/programs/${bluebird.programId}/advocates`, {
        email: `${name.toLowerCase()}@globex.example`, first_name: name, last_name: "Globex",
      });
    }
    const { context, page } = await consoleAs(browser, bluebird.base, staff.manager);
    await openValue(page);
    await page.getByLabel("Value", { exact: true }).selectOption("account");
    await page.waitForURL(/unit=account/);
    const account = (domain, figure) => page.locator(`table.value-table tr[data-account="${domain}"] [data-figure="${figure}"]`);
    await account("advocate.example", "cev").waitFor();
    await page.getByText("2 accounts, each a company: the advocates whose email is of its domain.").waitFor();
    await page.getByRole("columnheader", { name: "CLV — the company's purchases' lifetime value, counted once", exact: true }).waitFor();
    const expected = {
      "advocate.example": { rank: "1", advocates: "11", clv: "$10,978.51", crv: "$4,198.35", civ: "$300.00", ckv: "$100.00", cev: "$15,576.86", referred: "3", quadrant: "Misers" },
      "globex.example": { rank: "2", advocates: "2", clv: "$2,256.20", crv: "$0.00", cev: "$2,256.20", referred: "0", quadrant: "Misers" },
    };
    for (const [domain, figures] of Object.entries(expected)) {
      for (const [figure, text] of Object.entries(figures)) assert.equal(await account(domain, figure).innerText(), text, `${domain}'s ${figure}`);
    }
    await page.getByRole("table", { name: /^Accounts by quadrant/ }).waitFor();
    assert.deepEqual(await quadrantCounts(page), { champion: "0", affluent: "0", advocate: "0", miser: "2" });
    assert.match(await page.locator('[data-figure="clv-split"]').innerText(), /^no split yet: no account has a day of tenure/);
    await checkAccessibility(page, "the accounts' values");
    await assertNoSidewaysScroll(page, "the accounts' values");

    await page.locator('table.value-table tr[data-account="advocate.example"]').getByRole("button", { name: "advocate.example" }).click();
    await page.getByRole("heading", { name: "advocate.example", level: 2 }).waitFor();
    const opened = page.getByRole("region", { name: "advocate.example", exact: true });
    assert.equal(await opened.locator('dd[data-figure="clv"]').innerText(), "$10,978.51");
    assert.equal(await opened.locator('dd[data-figure="cev"]').innerText(), "$15,576.86");
    assert.equal(await opened.locator('[data-figure="clv-inputs"]').innerText(), "Its CLV adds up the own figures of 4 of its people.");
    const members = page.getByRole("region", { name: "Advocates of advocate.example" }).locator("tbody tr");
    assert.equal(await members.count(), 11);
    assert.deepEqual((await members.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-advocate")))).slice(0, 3),
      [people.Bo.id, people.Cy.id, people.Ada.id], "its advocates by CEV");
    await checkAccessibility(page, "an account's valuation");
    await screenshot(page, "console-value-accounts");

    await page.getByRole("region", { name: "Advocates of advocate.example" }).getByRole("button", { name: "Ada Lovelace" }).click();
    await page.getByRole("heading", { name: "Ada Lovelace's value", level: 2 }).waitFor();
    assert.doesNotMatch(page.url(), /unit=account/);
    await context.close();
  });
});
